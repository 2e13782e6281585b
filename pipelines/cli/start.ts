// `npm start`: build, check, write the HTML report.
import { parseArgs } from "node:util";
import type { CheckReport } from "../../checks/model.ts";
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import { buildCommand, DEFAULT_SOURCES } from "./build.ts";
import { checkCommand } from "./check.ts";
import { DEFAULT_REPORT, writeReport } from "./report.ts";

const err = (line: string) => process.stderr.write(line + "\n");

export const startUsage = "npm start -- [--sources DIR] [--db PATH] [--corrections FILE]    build the warehouse from sources/, run the checks, write warehouse/report.html";

/**
 * Build, check the new warehouse, then write the HTML report: the exit code is the build's when it fails,
 * else the check's (the report's when the report could not be written).
 */
export const startCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_WAREHOUSE }, corrections: { type: "string" } },
  });
  const corrections = values.corrections !== undefined ? ["--corrections", values.corrections] : [];
  const built = await buildCommand(["--sources", values.sources!, "--db", values.db!, ...corrections]);
  if (built !== 0) return built;
  let report: CheckReport | undefined;
  const checked = await checkCommand(["--db", values.db!, ...corrections], { stdout: process.stdout, stderr: process.stderr, onReport: (r) => (report = r) });
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
