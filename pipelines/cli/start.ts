// `npm start`: build, check, write the HTML report.
import type { CheckReport } from "../../checks/model.ts";
import { buildCommand, type BuildValues, withBuildOptions } from "./build.ts";
import { checkCommand } from "./check.ts";
import { command, parseCommand } from "./program.ts";
import { DEFAULT_REPORT, loadRenderer, writeReport } from "./report.ts";

const err = (line: string) => process.stderr.write(line + "\n");

export const startUsage = "npm start -- [--sources DIR] [--db PATH] [--corrections FILE]    build the warehouse from sources/, run the checks, write warehouse/report.html";

/**
 * Build, check the new warehouse, then write the HTML report: the exit code is the build's when it fails,
 * else the check's (the report's when the report could not be written).
 */
export const startCommand = async (args: ReadonlyArray<string>): Promise<number> => {
  const parsed = parseCommand<BuildValues>(withBuildOptions(command("npm start --", "build, check, and write the HTML report", startUsage)), args, process, `usage: ${startUsage}`);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  const corrections = values.corrections !== undefined ? ["--corrections", values.corrections] : [];
  // The renderer's modules load while the build and the check wait on DuckDB (an error loading them is
  // reported when the report is written).
  loadRenderer().catch(() => {});
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
