// `npm run check`: run the checks and print or write a report. Exit 0 when no unwaived error, 1 when
// there are unwaived errors, 2 when the checks could not run (no warehouse, bad configuration).
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import { BuildLockedError, LockWriteError, WarehouseBusyError } from "../load/buildLock.ts";
import { fsErrorLine } from "../core/fsErrors.ts";
import { assertReplaceableFile, OutputRefusedError, type OutputKind } from "../core/outputGuard.ts";
import { correctionsFileOf, DEFAULT_CORRECTIONS } from "../manifest/corrections.ts";
import type { Command } from "commander";
import { formatError, InputErrors } from "../core/errors.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError, WarehouseReplacedError } from "../../checks/errors.ts";
import { exitCodeOf, type CheckReport } from "../../checks/model.ts";
import { renderGithub } from "../../checks/findings/github.ts";
import { renderHuman, summaryLine } from "../../checks/findings/human.ts";
import { renderJson } from "../../checks/findings/json.ts";
import { renderJunit } from "../../checks/findings/junit.ts";
import { renderMarkdown } from "../../checks/findings/markdown.ts";
import { writeAtomic } from "../core/writeAtomic.ts";
import { runChecks } from "../../checks/runner.ts";
import type { CheckKind } from "../../checks/types.ts";
import { collect, command, dateOptionProblem, parseCommand } from "./program.ts";

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
  package?: string[];
}

/** Add the options every command that runs the checks takes (`check`, `report`). */
export const withCheckRunOptions = (cmd: Command): Command =>
  cmd
    .option("--db <path>", "the warehouse", DEFAULTS.db)
    .option("--checks <file>", "the checks to run", DEFAULTS.checks)
    .option("--waivers <file>", "acknowledged findings", DEFAULTS.waivers)
    .option("--corrections <file>", `the corrections the warehouse was built with (default ${DEFAULTS.corrections} when it exists)`)
    .option("--package <id>", "report only the findings of these packages (repeat, or separate with commas)", collect)
    .option("--today <date>", "YYYY-MM-DD: waivers expiring before it no longer waive (default: today)");

/** `check`'s arguments. */
export const checkProgram = (): Command =>
  withCheckRunOptions(command("npm run check --", "run the checks on the warehouse and print or write the findings", checkUsage))
    .option("--format <format>", FORMATS.join(", "), "human")
    .option("--output <file>", "write the findings to FILE (atomically) instead of stdout")
    .option("--only <check-id>", "run only these checks (repeat, or separate with commas)", collect);

/** runChecks' files and date from parsed check-run options, or what is wrong with them. */
export const checkRunArgs = (values: CheckRunValues): { dbPath: string; checksFile: string; waiversFile: string; correctionsFile: string | undefined; today?: string; packages?: string[] } | { error: string } => {
  const today = values.today !== undefined ? dateOptionProblem("--today", values.today) : undefined;
  if (today !== undefined) return { error: today };
  return {
    dbPath: values.db ?? DEFAULTS.db,
    checksFile: values.checks ?? DEFAULTS.checks,
    waiversFile: values.waivers ?? DEFAULTS.waivers,
    correctionsFile: correctionsFileOf(values.corrections),
    ...(values.today !== undefined ? { today: values.today } : {}),
    ...(values.package !== undefined ? { packages: values.package.flatMap((s) => s.split(",")).filter((s) => s !== "") } : {}),
  };
};

export const checkUsage = `usage: npm run check -- [--db PATH] [--format ${FORMATS.join("|")}] [--output FILE]
                      [--checks FILE] [--waivers FILE] [--corrections FILE] [--only CHECK-ID ...] [--package ID ...] [--today YYYY-MM-DD]
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

/** How an earlier output of each format is recognized (--output replaces only a file of its format). */
export const OUTPUT_KINDS: Record<Format, OutputKind> = {
  // a human report ends with its summary line (a file that only quotes one, such as a README, is not one)
  human: {
    name: "human check report",
    recognize: () => true,
    recognizeEnd: (s) => /(^|\n)(\u001b\[[0-9;]*m)*\d+ errors?, \d+ warnings?, \d+ infos?, \d+ waived(, \d+ corrected)? — \d+ findings? from \d+ checks?(\u001b\[[0-9;]*m)*\n?$/u.test(s),
  },
  json: { name: "JSON check report", recognize: (s) => /^\s*\{\s*"summary"\s*:/u.test(s) },
  junit: { name: "JUnit check report", recognize: (s) => /^<\?xml[^>]*\?>\s*<testsuites[\s>]/u.test(s) },
  markdown: { name: "Markdown check report", recognize: (s) => s.startsWith("# Consistency checks\n") },
  github: { name: "GitHub annotations file", recognize: (s) => s.split("\n").every((l) => l === "" || /^::(error|warning|notice) /u.test(l)) },
};

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
  if (values.output !== undefined) {
    // refused before the checks run: they store findings, and a refused command must change nothing
    try {
      assertReplaceableFile(values.output, OUTPUT_KINDS[format], [run.dbPath]);
    } catch (e) {
      if (!(e instanceof OutputRefusedError)) throw e;
      err(`checks not run: ${e.message}`);
      return 2;
    }
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
    if (e instanceof NoWarehouseError || e instanceof WarehouseOpenError || e instanceof WarehouseReplacedError || e instanceof BuildLockedError || e instanceof WarehouseBusyError || e instanceof LockWriteError || e instanceof OutdatedWarehouseError || e instanceof CheckRunError || e instanceof NoKindsError || e instanceof CheckSqlError) {
      err(`checks could not run: ${e.message}`);
      return 2;
    }
    const line = fsErrorLine(e);
    if (line !== undefined) {
      err(`checks could not run: ${line}`);
      return 2;
    }
    throw e;
  }
  io.onReport?.(report);
  const env = io.env ?? process.env;
  const color = values.output === undefined && io.stdout.isTTY === true && (env.NO_COLOR ?? "") === "";
  const text = renderReport(report, format, color);
  if (values.output !== undefined) {
    try {
      writeAtomic(values.output, text, OUTPUT_KINDS[format], [run.dbPath]);
    } catch (e) {
      const line = e instanceof OutputRefusedError ? e.message : fsErrorLine(e);
      if (line === undefined) throw e;
      err(`report not written: ${line}`);
      return 2;
    }
    err(`wrote the ${format} report to ${values.output}`);
  } else {
    io.stdout.write(text);
  }
  if (format !== "human" || values.output !== undefined) err(summaryLine(report));
  return exitCodeOf(report);
};
