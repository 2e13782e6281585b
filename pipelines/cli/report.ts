// `npm run report`: run the checks on the warehouse and write the HTML report (atomically).
// Exit 0 when the report is written, 2 when it could not be (no warehouse, bad check configuration).
import type { Command } from "commander";
import { checkRunArgs, type CheckRunValues, withCheckRunOptions } from "./check.ts";
import { command, parseCommand } from "./program.ts";

import { BuildLockedError, LockWriteError, WarehouseBusyError } from "../load/buildLock.ts";
import { assertReplaceableFile, HTML_REPORT, OutputRefusedError } from "../core/outputGuard.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, WarehouseOpenError, WarehouseReplacedError } from "../../checks/errors.ts";
import { writeAtomic } from "../core/writeAtomic.ts";
import type { CheckReport } from "../../checks/model.ts";
import { runChecks } from "../../checks/runner.ts";
import { formatError, InputErrors } from "../core/errors.ts";

/**
 * The report's renderer: vega and vega-lite are the largest modules the CLI loads (a fifth of npm
 * start's CPU as tsx loads them), and only the report needs them. Loaded once, when first asked for;
 * npm start asks while the checks run, which leave the main thread waiting on DuckDB.
 */
let renderer: Promise<[typeof import("../report/buildReport.ts"), typeof import("../report/html.ts")]> | undefined;
export const loadRenderer = () => (renderer ??= Promise.all([import("../report/buildReport.ts"), import("../report/html.ts")]));

export const DEFAULT_REPORT = "warehouse/report.html";

export const reportUsage = `usage: npm run report -- [--db PATH] [--out FILE]   the HTML report (default ${DEFAULT_REPORT})
                      [--checks FILE] [--waivers FILE] [--corrections FILE] [--package ID ...] [--today YYYY-MM-DD]`;

export interface ReportIo {
  /** where --help goes (stderr when absent) */
  readonly stdout?: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** no progress lines, only the path written (npm start, after the check has printed its own) */
  readonly quiet?: boolean;
}

/** `report`'s arguments. */
export const reportProgram = (): Command =>
  withCheckRunOptions(command("npm run report --", "run the checks and write the HTML report", reportUsage)).option("--out <file>", "where the report goes", DEFAULT_REPORT);

/** Render a check run's report for a warehouse and write it atomically to `out`; says where on stderr. */
export const writeReport = async (dbPath: string, report: CheckReport, out: string, io: ReportIo, started = performance.now()): Promise<void> => {
  const [{ buildReport }, { chartCountText }] = await loadRenderer();
  const built = await buildReport(dbPath, report);
  writeAtomic(out, built.html, HTML_REPORT, [dbPath]);
  io.stderr.write(`report: ${out} (${chartCountText(built.charts)}; ${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
};

/** Run `report` with CLI arguments; returns the exit code. */
export const reportCommand = async (args: ReadonlyArray<string>, io: ReportIo): Promise<number> => {
  const err = (line: string) => io.stderr.write(line + "\n");
  const parsed = parseCommand<CheckRunValues & { out: string }>(reportProgram(), args, io, reportUsage);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  const run = checkRunArgs(values);
  if ("error" in run) {
    err(run.error);
    return 2;
  }
  const started = performance.now();
  try {
    // refused before the checks run: they store findings, and a refused command must change nothing
    assertReplaceableFile(values.out!, HTML_REPORT, [run.dbPath]);
    const report = await runChecks({ ...run, ...(io.quiet === true ? {} : { log: err }) });
    await writeReport(run.dbPath, report, values.out!, io, started);
    return 0;
  } catch (e) {
    if (e instanceof InputErrors) {
      for (const x of e.errors) err(formatError(x));
      err(`report not written: ${e.errors.length} problem(s) in the check configuration`);
      return 2;
    }
    if (e instanceof OutputRefusedError) {
      err(`report not written: ${e.message}`);
      return 2;
    }
    if (e instanceof NoWarehouseError || e instanceof WarehouseOpenError || e instanceof WarehouseReplacedError || e instanceof BuildLockedError || e instanceof WarehouseBusyError || e instanceof LockWriteError || e instanceof CheckRunError || e instanceof NoKindsError || e instanceof CheckSqlError) {
      err(`report not written: ${e.message}`);
      return 2;
    }
    throw e;
  }
};
