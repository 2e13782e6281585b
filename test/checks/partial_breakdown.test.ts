import { describe, expect, it } from "vitest";
import { partialBreakdown } from "../../checks/kinds/partial_breakdown/kind.ts";
import { details, plantedAndClean, type PackageSpec } from "../helpers/syntheticPackage.ts";

// Immigration from the CIS with only three member countries printed, declared incomplete; in 1992 the
// printed members fall short of the subtotal (planted) or reach it within rounding (clean). A second
// rule on the columns axis, in thousands, falls short only by rounding.
const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  tables: [
    {
      id: "t1",
      coordinates: { measure: "migration", direction: "in" },
      rows: { title: "Origin", dimension: "counterpart" },
      columns: { dimension: "period" },
      hierarchy: [{ axis: "rows", total: "CIS countries", parts: ["Russia", "Ukraine", "Georgia"], complete: false }],
      csv: [
        ["Origin", "1992", "2006"],
        ["CIS countries", planted ? "1,000" : "900", "900"],
        ["Russia", "500", "500"],
        ["Ukraine", "300", "300"],
        ["Georgia", "100", "100"],
      ],
    },
    {
      id: "t2",
      unit: "thousand persons",
      coordinates: { measure: "migration", direction: "out", period: "2006" },
      rows: { title: "Destination", dimension: "counterpart" },
      columns: { dimension: "breakdown", labels: { Total: { breakdown: "" }, Women: { breakdown: "sex=F" }, Men: { breakdown: "sex=M" } } },
      hierarchy: [{ axis: "columns", total: "Total", parts: ["Women"], complete: false }],
      // 1.2 thousand (1,150 to 1,250) and 1.1 thousand (1,050 to 1,150) may be equal
      csv: [["Destination", "Total", "Women", "Men"], ["Russia", "1.2", planted ? "0.5" : "1.1", "0.7"]],
    },
  ],
});

describe("partial_breakdown", () => {
  const w = plantedAndClean(spec);

  it("gives the shortfall of an incomplete breakdown and the members of its group not printed that year, naming the axis", async () => {
    const failures = await w.planted.run(partialBreakdown);
    expect(failures.map((f) => [f.target, f.obs_ids.length, f.message])).toEqual([
      [
        "planted:t1/rows/CIS countries/1992/partial",
        4,
        "Table 1, row 'CIS countries' in '1992' is 1,000 persons; its printed parts (3, declared incomplete) add up to 900: 100 (10.0 %) not broken down; members of CIS in 1992 not printed: Armenia; Azerbaijan; Belarus; Kazakhstan; Kyrgyzstan; Moldova, Republic of; Tajikistan; Turkmenistan; Uzbekistan",
      ],
      [
        "planted:t2/columns/Total/Russia/partial",
        2,
        "Table 2, column 'Total' in 'Russia' is 1.2 thousand persons = 1,200 persons; its printed parts (1, declared incomplete) add up to 500: 700 (58.3 %) not broken down",
      ],
    ]);
    expect(details(failures[0]!)).toMatchObject({ total: 1000, parts_sum: 900, shortfall: 100, axis: "rows", group: "CIS" });
  });

  it("says nothing where the printed parts reach the total within rounding", async () => {
    expect(await w.clean.run(partialBreakdown)).toEqual([]);
  });
});
