// A check that outgrows DuckDB's memory limit spills to disk and finds what it finds with memory to
// spare. The benchmark's generator at a million records; the hierarchy check (the largest aggregation:
// every rule by every label of the other axis) with 50 MB and one thread cannot run without a folder to
// spill to, which shows that the limit binds, and with one returns the same findings.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CheckReport } from "../checks/model.ts";
import { runChecks } from "../checks/runner.ts";
import { foundFigures, plantedFound } from "../bench/found.ts";
import { generate, type Generated } from "../bench/generate.ts";
import { build } from "../pipelines/load/build.ts";
import { projectRoot } from "./helpers/workspace.ts";

const dir = mkdtempSync(join(tmpdir(), "mp-spill-test-"));
const dbPath = join(dir, "warehouse", "bench.duckdb");
const saved = { ...process.env };
let g: Generated;

beforeAll(async () => {
  g = generate(dir, 1_000_000);
  await build({ sourcesDir: g.sourcesDir, dbPath });
  writeFileSync(join(dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
  writeFileSync(join(dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
}, 300_000);
afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** The hierarchy check under the given DuckDB settings (environment variables of every database). */
const hierarchy = async (env: Record<string, string | undefined>): Promise<CheckReport> => {
  process.env = { ...saved };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  try {
    return await runChecks({
      dbPath,
      checksFile: join(projectRoot, "checks", "checks.json"),
      waiversFile: join(dir, "waivers.csv"),
      correctionsFile: join(dir, "corrections.csv"),
      only: ["table-totals"],
    });
  } finally {
    process.env = { ...saved };
  }
};

/** What a finding says, without the time it took. */
const findings = (r: CheckReport) => r.findings.map((f) => ({ id: f.id, message: f.message, details: f.details, refs: foundFigures(f).refs }));

describe("a check forced to spill", () => {
  test("runs out of memory at 50 MB without a folder to spill to, and with one finds what it finds at the default limit", async () => {
    const roomy = await hierarchy({});
    expect(plantedFound(g.planted, roomy.findings.map(foundFigures)).map((p) => p.id)).toEqual(["total-not-sum"]);

    const tight = { MP_DUCKDB_MEMORY_LIMIT: "50MB", MP_DUCKDB_THREADS: "1" };
    await expect(hierarchy({ ...tight, MP_DUCKDB_TEMP_DIRECTORY: "" })).rejects.toThrow(/Out of Memory/);
    const spilled = await hierarchy({ ...tight, MP_DUCKDB_TEMP_DIRECTORY: join(dir, "spill") });
    expect(findings(spilled)).toEqual(findings(roomy));
  }, 300_000);
});
