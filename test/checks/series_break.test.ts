import { describe, expect, it } from "vitest";
import { seriesBreak } from "../../checks/kinds/series_break/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  tables: [
    {
      id: "t4",
      unit: "Million USD",
      coordinates: { measure: "remittances_inflow", direction: "in" },
      rows: { title: "Year", dimension: "period" },
      columns: { dimension: "none", labels: { "Remittances (Million USD)": {} } },
      csv: [["Year", "Remittances (Million USD)"], ["2003", "171"], ["2004", "227"], ["2005", planted ? "693" : "680"], ["2006", "812"]],
    },
    {
      // thousands with one decimal: 1,0 -> 3,1 is a factor 3.1 as printed, but only 2.9 at least
      id: "t2",
      unit: "thousand persons",
      number_format: { decimal: ",", group: " " },
      coordinates: { measure: "migration", direction: "out" },
      rows: { title: "Years", dimension: "period" },
      columns: { dimension: "none", labels: { Emigrants: {} } },
      csv: [["Years", "Emigrants"], ["1999", "1,0"], ["2000", "3,1"], ["2001", "3,0"]],
    },
    {
      // small numbers (below min_value) and a gap of years are no break
      id: "t1",
      coordinates: { measure: "migration", direction: "in" },
      rows: { title: "Origin", dimension: "counterpart" },
      columns: { dimension: "period" },
      csv: [["Origin", "1995", "2000", "2001"], ["Latvia", "35", "1", "7"], ["Georgia", "942", "307", "210"]],
    },
  ],
});

describe("series_break", () => {
  const w = plantedAndClean(spec);

  it("finds a year-on-year change beyond the factor that rounding cannot explain", async () => {
    const failures = await w.planted.run(seriesBreak);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "planted:t4/remittances_inflow/AZE/in/-/-/-/2004-2005",
        ["planted:t4/2004/Remittances (Million USD)", "planted:t4/2005/Remittances (Million USD)"],
        "remittances_inflow AZE in: 227 Million USD = 227,000,000 USD in 2004 (Table 4 '2004' | 'Remittances (Million USD)') then 693 Million USD = 693,000,000 USD in 2005 (Table 4 '2005' | 'Remittances (Million USD)'): up by a factor of 3.05, more than 3",
      ],
    ]);
    const d = details(failures[0]!);
    expect(d).toMatchObject({ from_year: 2004, to_year: 2005, from: 227000000, to: 693000000, factor: 3.052863436, threshold: 3 });
    expect(d["min_factor"]).toBeCloseTo(692.5 / 227.5, 8);
  });

  it("lets factor and min_value be set", async () => {
    // Georgia 307 -> 210 is a factor 1.46; the printed 1,0 -> 3,1 thousand passes even at 2.95 (2.9 at least)
    expect((await w.planted.run(seriesBreak, { factor: 1.4 })).map((f) => f.target)).toContain("planted:t1/migration/AZE/in/GEO/-/-/2000-2001");
    expect((await w.planted.run(seriesBreak, { factor: 2.95 })).map((f) => f.target)).toEqual(["planted:t4/remittances_inflow/AZE/in/-/-/-/2004-2005"]);
    expect((await w.planted.run(seriesBreak, { factor: 2, min_value: 0 })).map((f) => f.target)).toContain("planted:t1/migration/AZE/in/LVA/-/-/2000-2001");
  });

  it("finds nothing in the same series without the jump", async () => {
    expect(await w.clean.run(seriesBreak)).toEqual([]);
  });
});
