// The benchmark's generator at a small size: the package builds, and the project's checks find every
// discrepancy it plants (DuckDB alone, computing the same comparisons, sees them too).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runChecks } from "../checks/runner.ts";
import { duckdbAlone } from "../bench/baseline.ts";
import { foundFigures, plantedFound } from "../bench/found.ts";
import { generate, type Generated } from "../bench/generate.ts";
import { build } from "../pipelines/load/build.ts";
import { projectRoot } from "./helpers/workspace.ts";

const dir = mkdtempSync(join(tmpdir(), "mp-bench-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let g: Generated;
beforeAll(() => {
  g = generate(dir, 20_000);
});

describe("the benchmark generator", () => {
  test("writes a bilateral matrix of at least the records asked for, and says what it planted", () => {
    expect(g.rows).toBeGreaterThanOrEqual(20_000);
    expect(g.rows).toBe(g.countries * g.countries * g.years.length * 3);
    expect(readFileSync(g.inflowsFile, "utf8").split("\n")[0]).toBe("destination,origin,year,sex,value");
    expect(g.planted.map((p) => p.kind).sort()).toEqual(["duplicate", "hierarchy", "impossible", "mirror", "period_trap", "series_break", "share"]);
    expect(JSON.parse(readFileSync(join(dir, "planted.json"), "utf8"))).toEqual(g.planted);
  });

  test("builds, and the checks of checks/checks.json find every planted discrepancy", async () => {
    const dbPath = join(dir, "warehouse", "bench.duckdb");
    const built = await build({ sourcesDir: g.sourcesDir, dbPath });
    expect(built.observations).toBeGreaterThan(g.rows);
    writeFileSync(join(dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
    writeFileSync(join(dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    const report = await runChecks({
      dbPath,
      checksFile: join(projectRoot, "checks", "checks.json"),
      waiversFile: join(dir, "waivers.csv"),
      correctionsFile: join(dir, "corrections.csv"),
    });
    const found = plantedFound(g.planted, report.findings.map(foundFigures));
    expect(found.map((p) => p.id)).toEqual(g.planted.map((p) => p.id));
  }, 120_000);

  test("DuckDB alone, over the raw files, counts the same discrepancies", async () => {
    expect(await duckdbAlone(g)).toEqual({ total_rows: 1, total_columns: 1, duplicates: 0, negative: 1, breaks: 2, mirror: 1, partial: 1, share: 1 });
  });
});
