// `npm run build`: read sources/ and write the warehouse atomically. Exit 0 when built, 1 for input
// errors (the previous warehouse is unchanged), 2 when another build holds the lock.
import { parseArgs } from "node:util";
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import { formatError, InputErrors } from "../core/errors.ts";
import { build } from "../load/build.ts";
import { correctionsFileOf } from "../manifest/corrections.ts";
import { BuildLockedError } from "../load/buildLock.ts";

export const DEFAULT_SOURCES = "sources";
const err = (line: string) => process.stderr.write(line + "\n");

export const buildUsage = "npm run build -- [--sources DIR] [--db PATH] [--corrections FILE]";

export const buildCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_WAREHOUSE }, corrections: { type: "string" } },
  });
  try {
    const r = await build({ sourcesDir: values.sources!, dbPath: values.db!, correctionsFile: correctionsFileOf(values.corrections), log: err });
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
