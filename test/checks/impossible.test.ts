import { describe, expect, it } from "vitest";
import { impossible } from "../../checks/kinds/impossible/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  tables: [
    {
      // a partial breakdown: "of whom" may not exceed the total
      id: "t9",
      coordinates: { direction: "in" },
      rows: { dimension: "none", labels: { Refugees: { measure: "refugees" }, "Of whom assisted by UNHCR": { measure: "refugees", breakdown: "assistance=UNHCR" } } },
      columns: { dimension: "period" },
      hierarchy: [{ axis: "rows", total: "Refugees", parts: ["Of whom assisted by UNHCR"], complete: false }],
      csv: [["", "end of 2006"], ["Refugees", "2,618"], ["Of whom assisted by UNHCR", planted ? "2,700" : "2,618"]],
    },
  ],
  statements: [
    { id: "s-1", label: "Emigrant stock as a share of the population", measure: "emigrant_stock_share", value: planted ? "-16.2%" : "16.2%", period: "2005", unit: "%" },
    { id: "s-2", label: "Share of remittances spent at home", measure: "remittances_inflow_composition", value: planted ? "107" : "77", period: "2007", unit: "per cent" },
    { id: "s-3", label: "Registered permanent residents", measure: "permanent_residents_registered", value: "5,740", period: "by 30 June 2008", unit: "persons" },
    { id: "s-4", label: "Of whom stateless", measure: "permanent_residents_registered", breakdown: "status=stateless", value: planted ? "6,954" : "1,954", period: "by 30 June 2008", unit: "persons", part_of: "s-3" },
    { id: "s-5", label: "Asylum applications", measure: "asylum_applications", value: planted ? "-708" : "708", period: "2007", unit: "persons" },
    // never impossible: a negative net flow, a share "less than half", a part within rounding of its whole
    { id: "s-6", label: "Net migration", measure: "net_migration", direction: "net", value: "-53,600", period: "1990", unit: "persons" },
    { id: "s-7", label: "Share invested", measure: "remittances_inflow_composition", breakdown: "use=business", value: "50", qualifier: "less than", period: "2007", unit: "per cent" },
    { id: "s-8", label: "Employed", measure: "labour_force", value: "4.3 million", period: "2007", unit: "persons" },
    { id: "s-9", label: "Employed (exact)", measure: "labour_force", breakdown: "status=employed", value: "4,340,000", period: "2007", unit: "persons", part_of: "s-8" },
  ],
});

describe("impossible", () => {
  const w = plantedAndClean(spec);

  it("finds negative counts and shares, shares over 100 % and parts larger than their whole", async () => {
    const failures = await w.planted.run(impossible);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      ["planted:s-1/negative", ["planted:s-1"], "s-1 'Emigrant stock as a share of the population' is -16.2 %: a share (emigrant_stock_share) cannot be negative"],
      ["planted:s-2/over-100-percent", ["planted:s-2"], "s-2 'Share of remittances spent at home' is 107 %: a share cannot exceed 100 %"],
      ["planted:s-4/exceeds-whole", ["planted:s-3", "planted:s-4"], "s-4 'Of whom stateless' is 6,954, more than the whole it is printed as a part of: s-3 'Registered permanent residents' 5,740"],
      ["planted:s-5/negative", ["planted:s-5"], "s-5 'Asylum applications' is -708: a flow (asylum_applications) cannot be negative"],
      [
        "planted:t9/rows/Refugees/Of whom assisted by UNHCR/end of 2006",
        ["planted:t9/Refugees/end of 2006", "planted:t9/Of whom assisted by UNHCR/end of 2006"],
        "part 'Of whom assisted by UNHCR' of 'Refugees' in 'end of 2006' is 2,700, more than the total 2,618",
      ],
    ]);
    expect(failures.map(details)).toEqual([
      { rule: "negative", value: -0.162, lo: -0.1625, hi: -0.1615, measure_kind: "share" },
      { rule: "over-100-percent", value: 1.07, lo: 1.065, hi: 1.075 },
      // whole persons are exact: their intervals are the points themselves
      { rule: "part-exceeds-whole", part: 6954, whole: 5740, part_lo: 6954, whole_hi: 5740 },
      { rule: "negative", value: -708, lo: -708, hi: -708, measure_kind: "flow" },
      { rule: "part-exceeds-total", part: 2700, whole: 2618, part_lo: 2700, whole_hi: 2618 },
    ]);
  });

  it("finds nothing in the same package with possible values, net flows and bounds included", async () => {
    // 4,340,000 is within the rounding of "4.3 million" (4,250,000 to 4,350,000)
    expect(await w.clean.run(impossible)).toEqual([]);
  });
});
