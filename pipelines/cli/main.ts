#!/usr/bin/env -S npx tsx
// The workspace CLI: `npm start`, `npm run build`, `npm run check`, `npm run sql`, `npm run export`,
// `npm run report`, `npm run countries`, `npm run import`.
// Results go to stdout; progress, timings and errors to stderr.
import { DEFAULT_WAREHOUSE } from "../load/duckdb.ts";
import { parseArgs } from "node:util";
import { checkCommand, checkUsage } from "../../checks/command.ts";
import { formatError, InputErrors } from "../errors.ts";
import { exportCommand, exportUsage } from "../export/command.ts";
import type { CheckReport } from "../../checks/model.ts";
import { DEFAULT_REPORT, reportCommand, reportUsage, writeReport } from "../report/command.ts";
import { build } from "../load/build.ts";
import { BuildLockedError } from "../load/buildLock.ts";
import { countriesCommand } from "./countries.ts";
import { importCommand, importUsage } from "./import.ts";
import { sqlCommand, sqlUsage } from "./sqlPrompt.ts";

const DEFAULT_SOURCES = "sources";
const err = (line: string) => process.stderr.write(line + "\n");

const usage = `usage:
  npm start -- [--sources DIR] [--db PATH]    build the warehouse from sources/, run the checks, write warehouse/report.html
  npm run build -- [--sources DIR] [--db PATH]
  ${checkUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${sqlUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${exportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${reportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  npm run countries < names.txt               resolve country names (one per line) to ISO codes, CSV out
  ${importUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}`;

const buildCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_WAREHOUSE } } });
  try {
    const r = await build({ sourcesDir: values.sources!, dbPath: values.db!, log: err });
    err(`warehouse: ${r.dbPath} (${r.packages} package(s), ${r.observations} observations, ${r.seconds.toFixed(2)} s)`);
    return 0;
  } catch (e) {
    if (e instanceof InputErrors) {
      for (const x of e.errors) err(formatError(x));
      err(`build failed: ${e.errors.length} input error(s); the previous warehouse (if any) is unchanged`);
      return 1;
    }
    if (e instanceof BuildLockedError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
};

/**
 * Build, check the new warehouse, then write the HTML report: the exit code is the build's when it fails,
 * else the check's (the report's when the report could not be written).
 */
const startCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_WAREHOUSE } } });
  const built = await buildCommand(["--sources", values.sources!, "--db", values.db!]);
  if (built !== 0) return built;
  let report: CheckReport | undefined;
  const checked = await checkCommand(["--db", values.db!], { stdout: process.stdout, stderr: process.stderr, onReport: (r) => (report = r) });
  if (checked === 2 || report === undefined) return checked;
  // The report shows the run just printed, not a second run of the checks.
  try {
    await writeReport(values.db!, report, DEFAULT_REPORT, { stderr: process.stderr });
  } catch (e) {
    err(`report not written: ${(e as Error).message}`);
    return 2;
  }
  return checked;
};

const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return startCommand(rest);
    case "check":
      return checkCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "build":
      return buildCommand(rest);
    case "sql":
      return sqlCommand(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    case "export":
      return exportCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "report":
      return reportCommand(rest, { stderr: process.stderr });
    case "import":
      return importCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "countries":
      return countriesCommand(process.stdin, process.stdout);
    default:
      err(usage);
      return 2;
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`internal error: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 2;
  },
);
