import { describe, expect, it } from "vitest";
import { hierarchy } from "../../checks/kinds/hierarchy/kind.ts";
import { buildSynthetic, details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

// Immigration by origin with CIS / non-CIS subtotals. The defect: a subtotal that counts a row of the
// other group (as the real Table 1 counts the Baltic states in "CIS countries"), in 2000 and 2001.
const immigration = (planted: boolean) => ({
  id: "t1",
  coordinates: { measure: "migration", direction: "in" },
  rows: { title: "Origin", dimension: "counterpart" },
  columns: { dimension: "period" },
  hierarchy: [
    { axis: "rows" as const, total: "Total", parts: ["CIS countries", "Non-CIS"] },
    { axis: "rows" as const, total: "CIS countries", parts: ["Russia", "Ukraine"] },
    { axis: "rows" as const, total: "Non-CIS", parts: ["Germany", "Latvia", "Other countries"] },
  ],
  csv: [
    ["Origin", "2000", "2001", "2002"],
    ["Total", "640", "515", "401"],
    ["CIS countries", planted ? "627" : "620", planted ? "505" : "500", "390"],
    ["Russia", "500", "400", "300"],
    ["Ukraine", "120", "100", "90"],
    ["Non-CIS", planted ? "13" : "20", planted ? "10" : "15", "11"],
    ["Germany", "10", "8", "6"],
    ["Latvia", "7", "5", "4"],
    ["Other countries", "3", "2", "1"],
  ],
});

// Net migration in thousands with a decimal comma: totals and parts that differ only by rounding.
const netMigration = {
  id: "t2",
  unit: "thousand persons",
  number_format: { decimal: ",", group: " " } as const,
  coordinates: { measure: "net_migration", direction: "net" },
  rows: { title: "Years", dimension: "period" },
  columns: {
    dimension: "breakdown",
    labels: { "Total population": { breakdown: "" }, "Urban population": { breakdown: "area=urban" }, "Rural population": { breakdown: "area=rural" } },
  },
  hierarchy: [{ axis: "columns" as const, total: "Total population", parts: ["Urban population", "Rural population"] }],
  csv: [
    ["Years", "Total population", "Urban population", "Rural population"],
    ["1998", "- 5,1", "-5,0", "-0,1"],
    ["2003", "- 1,3", "-1,6", "0,3"],
    ["2006", "- 0,4", "-1,9", "1,5"],
  ],
};

// Returns by country with a total row and a total column; the defect: a blank (missing) part.
const returns = (planted: boolean) => ({
  id: "t3",
  coordinates: { measure: "assisted_voluntary_returns", direction: "in" },
  rows: { title: "Return from", dimension: "counterpart" },
  columns: { dimension: "period", labels: { Total: { period: "2005 – 2006" } } },
  hierarchy: [
    { axis: "rows" as const, total: "Total", parts: ["Germany", "France"] },
    { axis: "columns" as const, total: "Total", parts: ["2005", "2006"] },
  ],
  csv: [
    ["Return from", "2005", "2006", "Total"],
    ["Germany", "249", "216", "465"],
    ["France", "16", planted ? "" : "10", "26"],
    ["Total", "265", "226", "491"],
  ],
});

// A partial breakdown (complete: false): the part may be smaller than the total, never larger.
const refugees = (planted: boolean) => ({
  id: "t4",
  header_rows: 1,
  coordinates: { direction: "in" },
  rows: {
    dimension: "none",
    labels: { Refugees: { measure: "refugees" }, "Of whom assisted by UNHCR": { measure: "refugees", breakdown: "assistance=UNHCR" } },
  },
  columns: { dimension: "period" },
  hierarchy: [{ axis: "rows" as const, total: "Refugees", parts: ["Of whom assisted by UNHCR"], complete: false }],
  csv: [
    ["", "end of 2006"],
    ["Refugees", "2,618"],
    ["Of whom assisted by UNHCR", planted ? "3,000" : "2,600"],
  ],
});

const spec = (planted: boolean): PackageSpec => ({ id: planted ? "planted" : "clean", tables: [immigration(planted), netMigration, returns(planted), refugees(planted)] });

describe("hierarchy", () => {
  const w = plantedAndClean(spec);

  it("finds a subtotal that differs from the sum of its parts, with the residual and the parts", async () => {
    const failures = await w.planted.run(hierarchy);
    expect(failures.map((f) => f.target)).toEqual([
      "planted:t1/rows/CIS countries/2000",
      "planted:t1/rows/CIS countries/2001",
      "planted:t1/rows/Non-CIS/2000",
      "planted:t1/rows/Non-CIS/2001",
      "planted:t3/columns/Total/France/missing",
      "planted:t3/rows/Total/2006/missing",
      "planted:t4/rows/Refugees/end of 2006",
    ]);
    const cis2000 = failures[0]!;
    expect(cis2000.obs_ids).toEqual(["planted:t1/CIS countries/2000", "planted:t1/Russia/2000", "planted:t1/Ukraine/2000"]);
    expect(cis2000.message).toBe("Table 1 row 'CIS countries' in column '2000' is 627 but its 2 parts add up to 620 (residual 7, tolerance 0)");
    expect(details(cis2000)).toMatchObject({
      failure: "sum", axis: "rows", total_label: "CIS countries", other_label: "2000", complete: true,
      // whole persons are exact counts: no rounding interval, so no tolerance either
      total: 627, total_lo: 627, total_hi: 627, sum: 620, sum_lo: 620, sum_hi: 620, residual: 7, tolerance: 0,
      parts: [
        { label: "Russia", value: 500, lo: 500, hi: 500, obs_ids: ["planted:t1/Russia/2000"] },
        { label: "Ukraine", value: 120, lo: 120, hi: 120, obs_ids: ["planted:t1/Ukraine/2000"] },
      ],
      missing: [],
    });
    expect(details(failures[2]!)).toMatchObject({ total: 13, sum: 20, residual: -7, tolerance: 0 });
    expect(failures[2]!.message).toBe("Table 1 row 'Non-CIS' in column '2000' is 13 but its 3 parts add up to 20, more than the total (residual -7, tolerance 0)");
  });

  it("explains the residual by the same row in every failing column", async () => {
    const { explanations } = await w.planted.explain(hierarchy);
    expect(Object.fromEntries(explanations)).toEqual({
      "planted:t1/rows/CIS countries/2000": "the residual 7 in 2000 equals Latvia (7): a row the rule does not list; the same rows account for the residual in 1 other column of this rule (2001)",
      "planted:t1/rows/CIS countries/2001": "the residual 5 in 2001 equals Latvia (5): a row the rule does not list; the same rows account for the residual in 1 other column of this rule (2000)",
      "planted:t1/rows/Non-CIS/2000": "the residual -7 in 2000 equals minus Latvia (7): a part the total leaves out; the same rows account for the residual in 1 other column of this rule (2001)",
      "planted:t1/rows/Non-CIS/2001": "the residual -5 in 2001 equals minus Latvia (5): a part the total leaves out; the same rows account for the residual in 1 other column of this rule (2000)",
      // a partial breakdown has nothing else in the table to account for its excess
      "planted:t4/rows/Refugees/end of 2006": "no set of up to 3 rows of the table accounts for the residual -382 in 'end of 2006'",
    });
  });

  it("does not search for an explanation when the failing column has more candidate rows than max_candidates", async () => {
    const { failures, explanations } = await w.planted.explain(hierarchy, { max_candidates: 2 });
    // the same failures as without the cap; t1 has 6 candidate rows per column (all but the total and the total above it)
    expect(failures.map((f) => f.target)).toEqual((await w.planted.run(hierarchy)).map((f) => f.target));
    expect(explanations.get("planted:t1/rows/CIS countries/2000")).toBe("the residual 7 in 2000: too many rows to search for an explanation (6)");
    expect(explanations.get("planted:t1/rows/Non-CIS/2001")).toBe("the residual -5 in 2001: too many rows to search for an explanation (6)");
  });

  it("rejects a max_candidates that is not a positive whole number", () => {
    expect(hierarchy.validate({ id: "h", kind: "hierarchy", description: "d", params: { max_candidates: 0.5 } })).toEqual([
      "param max_candidates: Expected an integer, got 0.5",
      "param max_candidates: Expected a value greater than or equal to 1, got 0.5",
    ]);
  });

  it("reports a missing part as its own failure instead of passing", async () => {
    const failures = await w.planted.run(hierarchy);
    const missing = failures.find((f) => f.target === "planted:t3/rows/Total/2006/missing")!;
    expect(missing.obs_ids).toEqual(["planted:t3/Total/2006", "planted:t3/Germany/2006", "planted:t3/France/2006"]);
    expect(missing.message).toBe("Table 3 row 'Total' in column '2006': missing part France (missing) (1 of 2 parts printed): the total cannot be checked");
    expect(details(missing)).toMatchObject({ failure: "missing", missing_total: false, coverage: 0.5, min_coverage: 1, missing: ["France (missing)"] });
    const row = failures.find((f) => f.target === "planted:t3/columns/Total/France/missing")!;
    expect(row.message).toBe("Table 3 column 'Total' in row 'France': missing part 2006 (missing) (1 of 2 parts printed): the total cannot be checked");
  });

  it("accepts missing parts up to min_coverage, still failing parts that exceed the total", async () => {
    const failures = await w.planted.run(hierarchy, { min_coverage: 0.5 });
    expect(failures.filter((f) => f.target.includes("/missing"))).toEqual([]);
    expect(failures.filter((f) => f.target.startsWith("planted:t3"))).toEqual([]);
  });

  it("fails a partial breakdown only when its parts exceed the total", async () => {
    const failures = await w.planted.run(hierarchy);
    const partial = failures.find((f) => f.target === "planted:t4/rows/Refugees/end of 2006")!;
    expect(partial.message).toBe("Table 4 row 'Refugees' in column 'end of 2006' is 2,618 but its 1 part add up to 3,000, more than the total (residual -382, tolerance 0; a partial breakdown)");
  });

  it("finds nothing in the same package without the defects, rounding differences included", async () => {
    expect(await w.clean.run(hierarchy)).toEqual([]);
    // Table t2 ("- 5,1" = "-5,0" + "-0,1" thousand) passes; each figure stands for +-50 persons
    const rounding = await w.clean.wh.all(`SELECT obs_id, lo, hi FROM check_observations WHERE obs_id = 'clean:t2/1998/Total population'`);
    expect(rounding).toEqual([{ obs_id: "clean:t2/1998/Total population", lo: -5150, hi: -5050 }]);
  });

  it("tolerates rounding: a total off by less than the summed half-digits passes, beyond it fails", async () => {
    const off = (total: string) => ({
      id: "t9",
      unit: "thousand persons",
      number_format: { decimal: ",", group: " " } as const,
      coordinates: { measure: "net_migration", direction: "net" },
      rows: { title: "Years", dimension: "period" },
      columns: { dimension: "breakdown", labels: { Total: { breakdown: "" }, Urban: { breakdown: "area=urban" }, Rural: { breakdown: "area=rural" } } },
      hierarchy: [{ axis: "columns" as const, total: "Total", parts: ["Urban", "Rural"] }],
      csv: [["Years", "Total", "Urban", "Rural"], ["1998", total, "-5,0", "-0,1"]],
    });
    const near = await buildSynthetic({ id: "near", tables: [off("- 5,2")] }, { id: "far", tables: [off("- 5,3")] });
    try {
      const failures = await near.run(hierarchy);
      expect(failures.map((f) => f.target)).toEqual(["far:t9/columns/Total/1998"]);
      expect(details(failures[0]!)).toMatchObject({ total: -5300, sum: -5100, residual: -200, tolerance: 150 });
      // the message gives the figures in the unit the table printed, the base value beside
      expect(failures[0]!.message).toBe(
        "far Table 9 column 'Total' in row '1998' is -5.3 thousand persons = -5,300 persons but its 2 parts add up to -5.1 thousand persons = -5,100 persons, " +
          "more than the total (residual -0.2 thousand persons = -200 persons, tolerance 0.15 thousand persons = 150 persons)",
      );
    } finally {
      near.close();
    }
  });

  it("compares in the unit of the total: a part printed in another unit is a missing part", async () => {
    const units = (planted: boolean) => ({
      id: "t8",
      coordinates: { measure: "migration", direction: "in" },
      rows: { title: "Year", dimension: "period" },
      columns: {
        dimension: "breakdown",
        labels: { Total: { breakdown: "" }, Men: { breakdown: "sex=M" }, Women: planted ? { breakdown: "sex=F", measure: "asylum_applications_approved", unit: "cases" } : { breakdown: "sex=F" } },
      },
      hierarchy: [{ axis: "columns" as const, total: "Total", parts: ["Men", "Women"] }],
      csv: [["Year", "Total", "Men", "Women"], ["2005", "100", "60", "40"], ["2006", "90", "50", "45"]],
    });
    const wh = await buildSynthetic({ id: "mixed", tables: [units(true)] }, { id: "same", tables: [units(false)] });
    try {
      const failures = await wh.run(hierarchy);
      // 2006 does not add up in persons either; in the package with one unit it is the only finding
      expect(failures.map((f) => f.target)).toEqual(["mixed:t8/columns/Total/2005/missing", "mixed:t8/columns/Total/2006/missing", "same:t8/columns/Total/2006"]);
      expect(failures[0]!.obs_ids).toEqual(["mixed:t8/2005/Total", "mixed:t8/2005/Men"]);
      expect(failures[0]!.message).toBe("mixed Table 8 column 'Total' in row '2005': missing part Women (not printed) (1 of 2 parts printed): the total cannot be checked");
      expect(details(failures[0]!)).toMatchObject({ failure: "missing", base_unit: "persons", missing_total: false, missing: ["Women (not printed)"] });
    } finally {
      wh.close();
    }
  });

  it("validates its params", () => {
    expect(hierarchy.validate({ id: "h", kind: "hierarchy", description: "d", params: { min_coverage: 2, tolerence: 1 } })).toEqual([
      "param tolerence is not a parameter of kind hierarchy (known: max_candidates, max_rows, min_coverage, tolerance_abs, tolerance_rel)",
      "param min_coverage: Expected a value less than or equal to 1, got 2",
    ]);
  });
});

describe("hierarchy on the columns axis", () => {
  it("names columns (not rows) in its explanation of a rule on the columns axis", async () => {
    const w = await buildSynthetic({
      id: "cols",
      tables: [
        {
          id: "t1",
          coordinates: { measure: "migration", direction: "out", period: "2006" },
          rows: { title: "Destination", dimension: "counterpart" },
          columns: { dimension: "breakdown", labels: { Total: { breakdown: "" }, Women: { breakdown: "sex=F" }, Men: { breakdown: "sex=M" }, Unknown: { breakdown: "sex=U" } } },
          hierarchy: [{ axis: "columns", total: "Total", parts: ["Women", "Men"] }],
          // the total counts the Unknown column the rule does not list, in both rows
          csv: [["Destination", "Total", "Women", "Men", "Unknown"], ["Russia", "100", "50", "40", "10"], ["Ukraine", "60", "30", "23", "7"]],
        },
      ],
    });
    try {
      const { failures, explanations } = await w.explain(hierarchy);
      expect(failures.map((f) => f.target)).toEqual(["cols:t1/columns/Total/Russia", "cols:t1/columns/Total/Ukraine"]);
      expect(explanations.get("cols:t1/columns/Total/Russia")).toBe(
        "the residual 10 in 'Russia' equals Unknown (10): a column the rule does not list; the same columns account for the residual in 1 other row of this rule ('Ukraine')",
      );
    } finally {
      w.close();
    }
  });
});
