import { describe, expect, it } from "vitest";
import { share } from "../../checks/kinds/share/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  tables: [
    {
      // a packed cell: a count and the share of women in it (only a denominator: nothing to compare)
      id: "t5",
      coordinates: { measure: "irregular_border_crossings" },
      rows: { dimension: "none", labels: { Total: {} } },
      columns: { dimension: "period" },
      cells: [
        {
          row: "Total",
          parts: [
            { name: "total", pattern: "^\\s*([0-9][0-9,]*)" },
            { name: "women", pattern: "\\(Women\\s*([0-9.]+\\s*%)\\)", coordinates: { measure: "irregular_border_crossings_share", breakdown: "sex=F" }, share_of: "total" },
          ],
        },
      ],
      csv: [["", "2004"], ["Total", "2,904 (Women 19%)"]],
    },
  ],
  statements: [
    { id: "s-1", label: "International migrant stock", measure: "immigrant_stock", value: "181,818", period: "2005", unit: "persons" },
    { id: "s-2", label: "Resident population", measure: "population", value: "8,390,000", period: "2005", unit: "persons" },
    { id: "s-3", label: "Migrant stock as a share of the population", measure: "immigrant_stock_share", value: "2.2 %", period: "2005", unit: "%", numerator: "s-1", denominator: "measure:population" },
    { id: "s-4", label: "Refugees", measure: "refugees", value: "3,004", period: "2005", unit: "persons" },
    { id: "s-5", label: "Refugees as a share of the migrant stock", measure: "immigrant_stock_composition", breakdown: "status=refugee", value: planted ? "1.5 %" : "1.7 %", period: "2005", unit: "%", numerator: "s-4", denominator: "s-1" },
    // a population only for 2006: the 2007 emigrant share is compared with it (2005 is further), and says so
    { id: "s-6", label: "Population (2006)", measure: "population", value: "8.4 million", period: "2006", unit: "persons" },
    { id: "s-7", label: "Emigrant stock", measure: "emigrant_stock", value: "1,365,004", period: "2007", unit: "persons" },
    { id: "s-8", label: "Emigrant stock as a share of the population", measure: "emigrant_stock_share", value: planted ? "-16.2%" : "16.2%", period: "2007", unit: "%", numerator: "s-7", denominator: "measure:population" },
    { id: "s-9", label: "Women as a share of the migrant stock", measure: "immigrant_stock_composition", breakdown: "sex=F", value: "57.8 %", period: "2005", unit: "%", denominator: "s-1" },
  ],
});

describe("share", () => {
  const w = plantedAndClean(spec);

  it("finds a share that its numerator and denominator do not give, naming another year when it used one", async () => {
    const failures = await w.planted.run(share);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      ["planted:s-5", ["planted:s-5", "planted:s-4", "planted:s-1"], "s-5 'Refugees as a share of the migrant stock' is 1.5 % but 3,004 / 181,818 = 1.6522 %"],
      [
        "planted:s-8",
        ["planted:s-8", "planted:s-7", "planted:s-6"],
        "s-8 'Emigrant stock as a share of the population' is -16.2 % but 1,365,004 / 8,400,000 = 16.1539 % to 16.3474 % (compared with population of 2006: none for 2007)",
      ],
    ]);
    const d = details(failures[0]!);
    expect(d).toMatchObject({ share: 0.015, share_lo: 0.0145, share_hi: 0.0155, derived: 0.016522017, tolerance: 0 });
    // 3,004 and 181,818 are exact counts: the derived share is a point, and 1.5 % (1.45 % to 1.55 %) misses it
    expect(d["derived_lo"]).toBeCloseTo(3004 / 181818, 9);
    expect(d["derived_hi"]).toBeCloseTo(3004 / 181818, 9);
    expect(details(failures[1]!)).toMatchObject({ denominator: { obs_ids: ["planted:s-6"], lo: 8350000, hi: 8450000, year_note: "population of 2006: none for 2007" } });
  });

  it("reports the missing year instead of comparing when allow_other_year is false", async () => {
    const failures = await w.clean.run(share, { allow_other_year: false });
    expect(failures.map((f) => [f.target, f.message])).toEqual([
      ["clean:s-8/other-year", "s-8 'Emigrant stock as a share of the population' (2007) cannot be checked: no population figure for 2007 (nearest: population 2006)"],
    ]);
  });

  it("finds nothing when shares agree within rounding: 2.2 % of 8,390,000 is 181,818", async () => {
    // 181,818 / 8,390,000 = 2.167 % is "2.2 %"; 3,004 / 181,818 = 1.652 % is "1.7 %"; the packed 19 % has no numerator
    expect(await w.clean.run(share)).toEqual([]);
  });
});
