// Each kind's params are an Effect schema (checks/kinds/params.ts): decoding fills the defaults and names
// every bad param; checks.json's errors name the file, the check and the param.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readChecksFile } from "../../checks/config.ts";
import { kinds } from "../../checks/kinds/index.ts";
import { decodeParams } from "../../checks/kinds/params.ts";
import { duplicateParams } from "../../checks/kinds/duplicate/kind.ts";
import { periodTrapParams } from "../../checks/kinds/period_trap/kind.ts";
import { seriesBreakParams } from "../../checks/kinds/series_break/kind.ts";

const check = (kind: string, params?: Record<string, unknown>) => ({ id: "c", kind, description: "d", ...(params !== undefined ? { params } : {}) });

describe("decodeParams", () => {
  test("fills every default; a filter left out is no filter", () => {
    expect(decodeParams(duplicateParams, check("duplicate"))).toEqual({ ok: true, params: { tolerance_rel: 0, tolerance_abs: 0, period_match: "exact" } });
    expect(decodeParams(seriesBreakParams, check("series_break", { measures: ["idps"] }))).toEqual({
      ok: true,
      params: { factor: 3, min_value: 100, max_gap_years: 1, measures: ["idps"], measure_kinds: ["stock", "flow", "count", "amount"] },
    });
    expect(decodeParams(periodTrapParams, check("period_trap"))).toEqual({ ok: true, params: { rules: ["partial_in_series", "cited_before_period"] } });
  });

  test("names each bad param with what it got", () => {
    const r = decodeParams(duplicateParams, check("duplicate", { tolerence: 1, tolerance_rel: -1, period_match: "decade", measures: ["idps", " "] }));
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toEqual([
      "param tolerence is not a parameter of kind duplicate (known: measure_kinds, measures, period_match, tolerance_abs, tolerance_rel)",
      "param tolerance_rel: Expected a value greater than or equal to 0, got -1",
      'param period_match: Expected "exact" | "year", got "decade"',
      'param measures[1]: Expected a string matching the RegExp \\S, got " "',
    ]);
  });

  test("an empty list selects nothing: an error, not a filter", () => {
    const r = decodeParams(periodTrapParams, check("period_trap", { rules: [] }));
    expect(r.ok ? [] : r.problems).toEqual(["param rules: Expected a value with a length of at least 1, got []"]);
    const unknownRule = decodeParams(periodTrapParams, check("period_trap", { rules: ["partial_in_series", "leap_year"] }));
    expect(unknownRule.ok ? [] : unknownRule.problems).toEqual(['param rules[1]: Expected "partial_in_series" | "cited_before_period", got "leap_year"']);
  });

  test("compile refuses params that do not decode (validate comes first)", () => {
    expect(() => kinds.get("hierarchy")!.compile(check("hierarchy", { max_rows: 9 }))).toThrow(/c: param max_rows: Expected a value less than or equal to 4, got 9/);
  });
});

describe("checks.json with bad params", () => {
  const dir = mkdtempSync(join(tmpdir(), "mp-params-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("each error names the file, the check id and the param, at the param (its value, or its name when unknown)", () => {
    const file = join(dir, "checks.json");
    writeFileSync(file, JSON.stringify({ checks: [check("hierarchy", { min_coverage: "all" }), { ...check("mirror", { tolerance: 0.1 }), id: "m" }] }, null, 2));
    const { errors } = readChecksFile(file, "checks/checks.json", kinds);
    expect(errors.map((e) => [e.code, e.file, e.line, e.column, e.cell, e.expected])).toEqual([
      ["invalid-check-params", "checks/checks.json", 8, 25, "all", 'c: param min_coverage: Expected number, got "all"'],
      ["invalid-check-params", "checks/checks.json", 16, 9, "tolerance", "m: param tolerance is not a parameter of kind mirror (known: measures, tolerance_abs, tolerance_rel)"],
    ]);
  });
});
