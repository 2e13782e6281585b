// `npm run build`: read sources/ and write the warehouse atomically. Exit 0 when built, 1 for input
// errors (the previous warehouse is unchanged), 2 when another build holds the lock.
import type { Command } from "commander";
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import { formatError, InputErrors } from "../core/errors.ts";
import { build } from "../load/build.ts";
import { correctionsFileOf, DEFAULT_CORRECTIONS } from "../manifest/corrections.ts";
import { command, type Out, parseCommand } from "./program.ts";
import { BuildLockedError, LockWriteError } from "../load/buildLock.ts";

export const DEFAULT_SOURCES = "sources";

export const buildUsage = "npm run build -- [--sources DIR] [--db PATH] [--corrections FILE]";

/** `build`'s arguments (`start` takes the same). */
export const withBuildOptions = (cmd: Command): Command =>
  cmd
    .option("--sources <dir>", "one folder per package, and _reference/", DEFAULT_SOURCES)
    .option("--db <path>", "the warehouse to write", DEFAULT_WAREHOUSE)
    .option("--corrections <file>", `the shared acknowledged printing errors to apply (default ${DEFAULT_CORRECTIONS} when it exists), beside each package's own sources/<package>/corrections.csv`);

export interface BuildValues {
  sources: string;
  db: string;
  corrections?: string;
}

export const buildCommand = async (args: ReadonlyArray<string>, io: { stdout?: Out; stderr: Out } = { stdout: process.stdout, stderr: process.stderr }): Promise<number> => {
  const parsed = parseCommand<BuildValues>(withBuildOptions(command("npm run build --", "read sources/ and write the warehouse (atomically)", buildUsage)), args, io, `usage: ${buildUsage}`);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  // progress and errors to the command's stderr (the process's, or a test's collector)
  const err = (line: string) => void io.stderr.write(line + "\n");
  try {
    const r = await build({ sourcesDir: values.sources!, dbPath: values.db!, correctionsFile: correctionsFileOf(values.corrections), log: err });
    err(`warehouse: ${r.dbPath} (${r.packages} package(s), ${r.observations} observations, ${r.seconds.toFixed(2)} s)`);
    return 0;
  } catch (e) {
    if (e instanceof InputErrors) {
      for (const x of e.errors) err(formatError(x));
      err(`build failed: ${e.total} input error(s); the previous warehouse (if any) is unchanged`);
      return 1;
    }
    if (e instanceof BuildLockedError || e instanceof LockWriteError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
};
