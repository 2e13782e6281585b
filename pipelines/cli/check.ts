// `npm run check`: run the checks and print or write a report. Exit 0 when no unwaived error, 1 when
// there are unwaived errors, 2 when the checks could not run (no warehouse, bad configuration).
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import { correctionsFileOf, DEFAULT_CORRECTIONS } from "../manifest/corrections.ts";
import type { Command } from "commander";
import { formatError, InputErrors } from "../core/errors.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError } from "../../checks/errors.ts";
import { exitCodeOf, type CheckReport } from "../../checks/model.ts";
import { renderGithub } from "../../checks/findings/github.ts";
import { renderHuman, summaryLine } from "../../checks/findings/human.ts";
import { renderJson } from "../../checks/findings/json.ts";
import { renderJunit } from "../../checks/findings/junit.ts";
import { renderMarkdown } from "../../checks/findings/markdown.ts";
import { writeAtomic } from "../core/writeAtomic.ts";
import { runChecks } from "../../checks/runner.ts";
import type { CheckKind } from "../../checks/types.ts";
import { collect, command, parseCommand } from "./program.ts";

export const FORMATS = ["human", "json", "junit", "markdown", "github"] as const;
export type Format = (typeof FORMATS)[number];

export const DEFAULTS = {
  db: DEFAULT_WAREHOUSE,
  checks: "checks/checks.json",
  waivers: "checks/waivers.csv",
  corrections: DEFAULT_CORRECTIONS,
} as const;

/** The options every command that runs the checks takes (`check`, `report`), as parsed. */
export interface CheckRunValues {
  db?: string;
  checks?: string;
  waivers?: string;
  corrections?: string;
  today?: string;
}

/** Add the options every command that runs the checks takes (`check`, `report`). */
export const withCheckRunOptions = (cmd: Command): Command =>
  cmd
    .option("--db <path>", "the warehouse", DEFAULTS.db)
    .option("--checks <file>", "the checks to run", DEFAULTS.checks)
    .option("--waivers <file>", "acknowledged findings", DEFAULTS.waivers)
    .option("--corrections <file>", `the corrections the warehouse was built with (default ${DEFAULTS.corrections} when it exists)`)
    .option("--today <date>", "YYYY-MM-DD: waivers expiring before it no longer waive (default: today)");

/** `check`'s arguments. */
export const checkProgram = (): Command =>
  withCheckRunOptions(command("npm run check --", "run the checks on the warehouse and print or write the findings", checkUsage))
    .option("--format <format>", FORMATS.join(", "), "human")
    .option("--output <file>", "write the findings to FILE (atomically) instead of stdout")
    .option("--only <check-id>", "run only these checks (repeat, or separate with commas)", collect);

/** runChecks' files and date from parsed CHECK_RUN_OPTIONS, or what is wrong with them. */
export const checkRunArgs = (values: CheckRunValues): { dbPath: string; checksFile: string; waiversFile: string; correctionsFile: string | undefined; today?: string } | { error: string } => {
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    return { error: `--today ${JSON.stringify(values.today)}: expected YYYY-MM-DD` };
  }
  return {
    dbPath: values.db ?? DEFAULTS.db,
    checksFile: values.checks ?? DEFAULTS.checks,
    waiversFile: values.waivers ?? DEFAULTS.waivers,
    correctionsFile: correctionsFileOf(values.corrections),
    ...(values.today !== undefined ? { today: values.today } : {}),
  };
};

export const checkUsage = `usage: npm run check -- [--db PATH] [--format ${FORMATS.join("|")}] [--output FILE]
                      [--checks FILE] [--waivers FILE] [--corrections FILE] [--only CHECK-ID ...] [--today YYYY-MM-DD]
  exit 0: no unwaived error; 1: unwaived errors; 2: the checks could not run`;

/** Where the command writes, and what tests inject. */
export interface CheckIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  /** the environment (NO_COLOR); default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** the kind registry (default: checks/kinds/index.ts) */
  readonly kinds?: ReadonlyMap<string, CheckKind>;
  /** receives the report of a run that completed (npm start passes it on to the HTML report) */
  readonly onReport?: (report: CheckReport) => void;
}

/** Render a report in a format; colour only applies to `human`. */
export const renderReport = (report: CheckReport, format: Format, color = false): string => {
  switch (format) {
    case "human":
      return renderHuman(report, { color });
    case "json":
      return renderJson(report);
    case "junit":
      return renderJunit(report);
    case "markdown":
      return renderMarkdown(report);
    case "github":
      return renderGithub(report);
  }
};

/** Run `check` with CLI arguments; returns the exit code. */
export const checkCommand = async (args: ReadonlyArray<string>, io: CheckIo): Promise<number> => {
  const err = (line: string) => io.stderr.write(line + "\n");
  const parsed = parseCommand<CheckRunValues & { format: string; output?: string; only?: string[] }>(checkProgram(), args, io, checkUsage);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    err(`unknown format ${JSON.stringify(values.format)}: use one of ${FORMATS.join(", ")}\n${checkUsage}`);
    return 2;
  }
  const run = checkRunArgs(values);
  if ("error" in run) {
    err(run.error);
    return 2;
  }
  let report: CheckReport;
  try {
    report = await runChecks({
      ...run,
      ...(values.only !== undefined ? { only: values.only.flatMap((s) => s.split(",")).filter((s) => s !== "") } : {}),
      ...(io.kinds !== undefined ? { kinds: io.kinds } : {}),
      log: err,
    });
  } catch (e) {
    if (e instanceof InputErrors) {
      for (const x of e.errors) err(formatError(x));
      err(`checks could not run: ${e.errors.length} problem(s) in the check configuration; fix them and run again`);
      return 2;
    }
    if (e instanceof NoWarehouseError || e instanceof WarehouseOpenError || e instanceof OutdatedWarehouseError || e instanceof CheckRunError || e instanceof NoKindsError || e instanceof CheckSqlError) {
      err(`checks could not run: ${e.message}`);
      return 2;
    }
    throw e;
  }
  io.onReport?.(report);
  const env = io.env ?? process.env;
  const color = values.output === undefined && io.stdout.isTTY === true && (env.NO_COLOR ?? "") === "";
  const text = renderReport(report, format, color);
  if (values.output !== undefined) {
    writeAtomic(values.output, text);
    err(`wrote the ${format} report to ${values.output}`);
  } else {
    io.stdout.write(text);
  }
  if (format !== "human" || values.output !== undefined) err(summaryLine(report));
  return exitCodeOf(report);
};
