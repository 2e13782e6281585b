// Builds the real package once per test run, shared by the test files that read it (each copies the
// file before opening it, so none can change what another reads): as printed, and with the project's
// corrections (checks/corrections.csv and the package's own) as `npm start` builds it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "../pipelines/load/build.ts";
import { projectRoot, realSources } from "./helpers/workspace.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** the real package built as printed (no corrections) */
    realPrinted: string;
    /** the real package built with its corrections applied (checks/corrections.csv and the package's own) */
    realCorrected: string;
    /** a folder removed when the run ends: fixtures a worker makes once and keeps (test/helpers/onceper.ts) */
    scratch: string;
  }
}

let dir: string | undefined;

export const setup = async (project: TestProject): Promise<void> => {
  dir = mkdtempSync(join(tmpdir(), "mp-real-"));
  const printed = join(dir, "printed.duckdb");
  const corrected = join(dir, "corrected.duckdb");
  await build({ sourcesDir: realSources, dbPath: printed, asPrinted: true });
  await build({ sourcesDir: realSources, dbPath: corrected, correctionsFile: join(projectRoot, "checks", "corrections.csv") });
  project.provide("realPrinted", printed);
  project.provide("realCorrected", corrected);
  const scratch = join(dir, "scratch");
  mkdirSync(scratch);
  project.provide("scratch", scratch);
};

export const teardown = (): void => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
};
