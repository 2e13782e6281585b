// Each kind's details have a schema (checks/kinds/<kind>/details.ts): every finding of the real package
// decodes with its kind's; a kind whose SQL writes other details is refused by the runner, and a stored
// finding whose details do not decode is an error naming the finding where details are read (the report).
import * as Schema from "effect/Schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CheckRunError, FindingDetailsError } from "../../checks/errors.ts";
import { decodeDetails, findingDetails } from "../../checks/kinds/details.ts";
import { HierarchyDetails } from "../../checks/kinds/hierarchy/details.ts";
import { kinds } from "../../checks/kinds/index.ts";
import { runChecks } from "../../checks/runner.ts";
import type { CheckKind } from "../../checks/types.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { partsCharts } from "../../pipelines/report/partsBar.ts";
import { realCheckedWarehouse, type RealCheckedWarehouse } from "../helpers/realReport.ts";
import { sumEquals, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";

describe("the real package's findings", () => {
  let real: RealCheckedWarehouse;
  let stored: Array<{ id: string; check: string; kind: string; details: string }>;
  beforeAll(async () => {
    real = await realCheckedWarehouse();
    const wh = await Warehouse.open(real.db, { access_mode: "READ_ONLY" });
    try {
      stored = await wh.all(`SELECT id, "check", kind, details FROM findings ORDER BY id`);
    } finally {
      wh.close();
    }
  }, 120_000);
  afterAll(() => real?.cleanup());

  test("every stored finding's details decode with its kind's schema", () => {
    expect(stored.length).toBe(real.report.findings.length);
    expect(stored.length).toBeGreaterThan(30);
    const problems = stored.flatMap((f) => {
      const schema = kinds.get(f.kind)?.details;
      if (schema === undefined) return [`${f.id}: kind ${f.kind} has no details schema`];
      const d = decodeDetails(schema, f.details);
      return d.ok ? [] : [`${f.id}: ${d.problems.join("; ")}`];
    });
    expect(problems).toEqual([]);
    // every kind with a finding here is covered, and the decoded value is the stored JSON (nothing dropped or renamed)
    expect(new Set(stored.map((f) => f.kind)).size).toBeGreaterThanOrEqual(8);
    for (const f of stored) expect(findingDetails(kinds.get(f.kind)!.details!, f)).toEqual(JSON.parse(f.details));
  });

  test("every registered kind declares its details schema", () => {
    expect([...kinds.values()].filter((k) => k.details === undefined).map((k) => k.kind)).toEqual([]);
  });

  test("a stored hierarchy finding whose details do not decode stops the parts charts with an error naming it", async () => {
    const wh = await Warehouse.open(real.db);
    try {
      const [victim] = await wh.all<{ id: string }>(`SELECT id FROM findings WHERE kind = 'hierarchy' ORDER BY id LIMIT 1`);
      await wh.run(`UPDATE findings SET details = '{"failure": "sum", "total": "a lot"}' WHERE id = $1`, [victim!.id]);
      const charts = partsCharts((schema, sql, params) => wh.rows(schema, sql, params));
      await expect(charts).rejects.toBeInstanceOf(FindingDetailsError);
      await expect(charts).rejects.toThrow(new RegExp(`finding ${victim!.id} \\(check table-totals, kind hierarchy\\): its details do not match checks/kinds/hierarchy/details.ts`));
    } finally {
      wh.close();
    }
  });
});

describe("malformed details", () => {
  test("are reported with the path and what was expected, never thrown by decodeDetails", () => {
    expect(decodeDetails(HierarchyDetails, "{not json")).toEqual({ ok: false, problems: ["not JSON: {not json"] });
    const r = decodeDetails(HierarchyDetails, { failure: "sum", package: "p" });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toContain("/table_id: Missing key");
    const extra = decodeDetails(Schema.Struct({ total: Schema.Number }), { total: 1, residual: 2 });
    expect(extra.ok ? [] : extra.problems).toEqual(["/residual: Expected no excess property"]);
  });

  test("findingDetails throws FindingDetailsError naming the finding, its check and kind", () => {
    expect(() => findingDetails(HierarchyDetails, { id: "hierarchy-0123456789ab", check: "table-totals", kind: "hierarchy", details: "[]" })).toThrow(FindingDetailsError);
  });

  test("a kind whose SQL writes details its schema does not allow is refused by the runner, naming check and target", async () => {
    const w = await syntheticWarehouse();
    try {
      // sum-equals writes {total, sum, residual}; this schema knows no residual
      const strict: CheckKind = { ...sumEquals, details: Schema.Struct({ total: Schema.Number, sum: Schema.Number }) };
      const check = { id: "total-adds-up", kind: "sum-equals", description: "d", params: { total: "demo:t01/Total/2006", parts: ["demo:t01/Russia/2006", "demo:t01/Georgia/2006"] } };
      const run = runChecks({ dbPath: w.db, ...writeConfig(w.dir, { checks: { checks: [check] } }), kinds: new Map([["sum-equals", strict]]), today: "2025-06-01" });
      await expect(run).rejects.toBeInstanceOf(CheckRunError);
      await expect(run).rejects.toThrow(/check total-adds-up \(kind sum-equals\) failed to run: target "demo:t01\/Total\/2006": its details do not match the kind's details schema \(\/residual: /);
    } finally {
      w.cleanup();
    }
  });
});
