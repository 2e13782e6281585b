import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureRelation } from "../../checks/kinds/measure_relation/kind.ts";
import { loadReference } from "../../pipelines/manifest/loadReference.ts";
import { readMeasureRelations } from "../../pipelines/reference/measureRelations.ts";
import { details, plantedAndClean, referenceDir, type PackageSpec } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "unhcr", printed: "UNHCR yearbook", year: 2007 },
  { id: "gov", printed: "Government report", year: 2008 },
  { id: "survey", printed: "A survey", year: 2007 },
];

// Each relation once where it holds within rounding and qualifiers (clean) and once where it fails
// (planted). Around them, pairs that must never be compared: another area, another direction, too far
// apart in time, a flow outside the other's period, the same printed table.
const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  tables: [
    {
      // a table whose rows are IDPs and the population of concern: one table's structure is hierarchy's
      id: "t1",
      citation: "unhcr",
      rows: { dimension: "none", labels: { IDPs: { measure: "idps" }, "Population of concern": { measure: "population_of_concern" } } },
      columns: { dimension: "period" },
      csv: [["", "1990"], ["IDPs", "9,000"], ["Population of concern", "8,000"]],
    },
  ],
  statements: [
    // IDPs of one agency against the forced migrants of another, half a year apart
    { id: "s-1", measure: "idps", value: planted ? "700,000" : "650,000", period: "end of 2006", unit: "persons", citation: "unhcr" },
    { id: "s-2", measure: "forced_migrants", value: "680,000", period: "June 2007", unit: "persons", citation: "gov" },
    // "up to" reaches down: 700,000 at most is no excess over 680,000
    { id: "s-3", measure: "refugees", value: "700,000", qualifier: "up to", period: "2007", unit: "persons", citation: "gov" },
    // rounding: 0.7 million is 650,000 to 750,000, which 680,000 can be
    { id: "s-4", measure: "asylum_seekers", value: "0.7 million", period: "2007", unit: "persons", citation: "survey" },
    // the employed against the labour force (same year)
    { id: "s-5", measure: "employment", value: planted ? "4,400,000" : "4,007,700", period: "2007", unit: "persons", citation: "survey" },
    { id: "s-6", measure: "labour_force", value: "4,293,100", period: "2007", unit: "persons", citation: "gov" },
    // a breakdown of a total (same measure, another source): labour emigrants against all emigrants
    { id: "s-7", measure: "emigrant_stock", breakdown: "purpose=labour", value: planted ? "1,500,000" : "1,200,000", period: "2006", unit: "persons", citation: "survey" },
    { id: "s-8", measure: "emigrant_stock", value: "1,365,004", period: "2005", unit: "persons", citation: "gov" },
    // never compared: another area (Georgia), three years apart, a flow of a year against a month's flow
    { id: "s-9", measure: "idps", ref_area: "Georgia", value: "900,000", period: "2006", unit: "persons", citation: "gov" },
    { id: "s-10", measure: "forced_migrants", value: "100,000", period: "2003", unit: "persons", citation: "gov" },
    { id: "s-11", measure: "migration", direction: "in", counterpart: "Russia", value: "5,000", period: "2006", unit: "persons", citation: "gov" },
    { id: "s-12", measure: "migration", direction: "in", value: "3,000", period: "January 2006", unit: "persons", citation: "gov" },
    // refugees abroad (direction out) are no part of the forced migrants in the country
    { id: "s-13", measure: "refugees", direction: "out", value: "900,000", period: "2007", unit: "persons", citation: "unhcr" },
    // all partners (counterpart TOTAL) is the total itself, not a part of it: never a narrower figure
    { id: "s-14", measure: "labour_force", counterpart: "Total", value: "4,400,000", period: "2007", unit: "persons", citation: "survey" },
  ],
});

describe("measure_relation", () => {
  const w = plantedAndClean(spec);

  it("finds each narrower quantity larger than its broader one, with both figures, both sources and the relation", async () => {
    const failures = await w.planted.run(measureRelation);
    expect(failures.map((f) => [f.target, f.obs_ids])).toEqual([
      ["planted:s-1 > planted:s-2", ["planted:s-1", "planted:s-2"]],
      ["planted:s-5 > planted:s-6", ["planted:s-5", "planted:s-6"]],
      ["planted:s-7 > planted:s-8", ["planted:s-7", "planted:s-8"]],
    ]);
    expect(failures[0]!.message).toBe(
      "s-1 's-1' is 700,000 persons (end of 2006, unhcr), more than s-2 's-2' 680,000 persons (June 2007, gov), though idps is a part of forced_migrants (internally displaced persons are forced migrants)",
    );
    expect(failures[2]!.message).toContain("though it is a part of that total");
    expect(details(failures[1]!)).toMatchObject({ relation: "part_of", narrower_measure: "employment", broader_measure: "labour_force", excess: 106900, gap: 106900 });
  });

  it("finds nothing where every relation holds within rounding and qualifiers", async () => {
    expect(await w.clean.run(measureRelation)).toEqual([]);
  });

  it("compares over a longer distance in time when max_years allows it", async () => {
    // s-9 is Georgia's; with four years, the 2003 forced migrants (100,000) meet the 2006 and 2007 IDPs and refugees
    const targets = (await w.clean.run(measureRelation, { max_years: 4 })).map((f) => f.target);
    expect(targets).toContain("clean:s-1 > clean:s-10");
    expect(targets.some((t) => t.includes("s-9") || t.includes("s-13"))).toBe(false);
  });

  it("compares breakdowns with their totals only when asked", async () => {
    const targets = (await w.planted.run(measureRelation, { breakdowns: false })).map((f) => f.target);
    expect(targets).toEqual(["planted:s-1 > planted:s-2", "planted:s-5 > planted:s-6"]);
  });
});

describe("measure-relations.csv", () => {
  const measures = loadReference(referenceDir, []).reference.measures;
  const read = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "mp-rel-"));
    try {
      writeFileSync(join(dir, "r.csv"), text);
      return readMeasureRelations(join(dir, "r.csv"), "r.csv", measures);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("loads the shared file without errors", () => {
    const { reference, errors } = loadReference(referenceDir, []);
    expect(errors).toEqual([]);
    expect(reference.measureRelations.find((r) => r.measure === "idps" && r.related === "forced_migrants")?.relation).toBe("part_of");
  });

  it("reports unknown measures, bad relations, units and kinds, duplicates and cycles with their line and column", () => {
    const { relations, errors } = read(
      [
        "measure,related,relation,denominator,note",
        "idps,forced_migrantz,part_of,,",
        "idps,forced_migrants,contains,,",
        "idps,remittances_inflow,part_of,,",
        "net_migration_rate,net_migration,rate_of,gdp,",
        "idps,forced_migrants,part_of,,",
        "idps,forced_migrants,part_of,,",
        "forced_migrants,idps,part_of,,",
      ].join("\n") + "\n",
    );
    expect(errors.map((e) => [e.code, e.line, e.column, e.cell])).toEqual([
      ["unknown-measure", 2, 2, "forced_migrantz"],
      ["invalid-measure-relation", 3, 3, "contains"],
      ["invalid-measure-relation", 4, 2, "remittances_inflow"],
      ["invalid-measure-relation", 5, 4, "gdp"],
      ["duplicate-measure-relation", 7, 2, "forced_migrants"],
      ["measure-relation-cycle", 8, 2, "idps"],
    ]);
    expect(relations.map((r) => r.line)).toEqual([6]);
  });
});

describe("measure_relation with a bulk file", () => {
  it("compares a stated figure with a bulk file's, either way round, never two of the file's", async () => {
    const { bulkWorkspace, matrixTable, PKG } = await import("../helpers/bulkPackage.ts");
    const { Warehouse } = await import("../../pipelines/core/duckdb.ts");
    const { applyCheckSql, runCheck, declaration } = await import("../helpers/syntheticPackage.ts");
    const ws = bulkWorkspace();
    try {
      ws.write("tables/flows.csv", ["destination,origin,year,sex,value", "Germany,France,2005,M,\"1,200\"", "Germany,France,2005,F,800", "Germany,France,2005,T,\"2,000\"", "Germany,Spain,2005,T,300"].join("\n") + "\n");
      ws.descriptor([matrixTable()], [
        // all arrivals into Germany in 2005, fewer than those from France alone in the file
        { id: "s-1", section: "1", label: "Arrivals in Germany", measure: "migration", ref_area: "Germany", direction: "in", period: "2005", value: "1,500", unit: "persons", citation: "stats" },
        // men from France, more than all from France in the file
        { id: "s-2", section: "1", label: "Men from France", measure: "migration", ref_area: "Germany", direction: "in", counterpart: "France", breakdown: "sex=M", period: "2005", value: "2,500", unit: "persons", citation: "stats" },
      ]);
      expect(await ws.build()).toEqual([]);
      const wh = await Warehouse.open(ws.db);
      try {
        await applyCheckSql(wh);
        const failures = await runCheck(wh, measureRelation, declaration(measureRelation));
        // (the file's own M, F and T are never paired: that is its hierarchy)
        expect(failures.map((f) => f.target).sort()).toEqual([
          `${PKG}:flows/Germany / France/2005 / T > ${PKG}:s-1`,
          `${PKG}:s-2 > ${PKG}:flows/Germany / France/2005 / T`,
          `${PKG}:s-2 > ${PKG}:s-1`,
        ].sort());
      } finally {
        wh.close();
      }
    } finally {
      ws.cleanup();
    }
  });
});
