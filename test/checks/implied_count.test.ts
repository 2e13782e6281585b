import { describe, expect, it } from "vitest";
import { impliedCount } from "../../checks/kinds/implied_count/kind.ts";
import { details, plantedAndClean, type PackageSpec } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "cia", printed: "World Factbook", year: 2008 },
  { id: "stat", printed: "Statistical yearbook", year: 2008 },
  { id: "mol", printed: "Ministry of Labour", year: 2008 },
];

// A rate per 1,000 against net migration counts, a share against stock counts, a composition share
// against the count of its breakdown; each holds within the rate's rounding (clean) or fails (planted).
const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  statements: [
    { id: "s-1", measure: "net_migration_rate", direction: "net", value: "-2.25", period: "2007", unit: "migrants/1,000 population", citation: "cia" },
    { id: "s-2", measure: "population", value: "8,532,700", period: "2007", unit: "persons", citation: "stat" },
    // -2.25 per 1,000 of 8,532,700 is -19,241 to -19,156: +1,000 has the other sign
    { id: "s-3", measure: "net_migration", direction: "net", value: planted ? "1,000" : "-19,200", period: "2007", unit: "persons", citation: "mol" },
    // a neighbouring year, compared only when asked
    { id: "s-4", measure: "net_migration", direction: "net", value: "-400", period: "2006", unit: "persons", citation: "stat" },
    // part of a year: never compared with a yearly rate
    { id: "s-5", measure: "net_migration", direction: "net", value: "5,000", period: "2007(9 months)", unit: "persons", citation: "stat" },
    // 16.2 % of 8.4 million (8.35 to 8.45 million) is 1,348,525 to 1,373,125
    { id: "s-6", measure: "population", value: "8.4 million", period: "2005", unit: "persons", citation: "stat" },
    { id: "s-7", measure: "emigrant_stock", value: "1,000,000", period: "2005", unit: "persons", citation: "stat" },
    { id: "s-8", measure: "emigrant_stock_share", value: "16.2%", period: "2005", unit: "%", numerator: "s-7", denominator: "measure:population", citation: "cia" },
    { id: "s-9", measure: "emigrant_stock", value: planted ? "1,500,000" : "1,365,004", period: "2005", unit: "persons", citation: "mol" },
    // another area's emigrants: never compared
    { id: "s-10", measure: "emigrant_stock", ref_area: "Georgia", value: "50,000", period: "2005", unit: "persons", citation: "mol" },
    // 57.8 % of 181,818 is 105,000 to 105,182
    { id: "s-11", measure: "immigrant_stock", value: "181,818", period: "2005", unit: "persons", citation: "stat" },
    { id: "s-12", measure: "immigrant_stock_composition", breakdown: "sex=F", value: "57.8 %", period: "2005", unit: "%", denominator: "s-11", citation: "stat" },
    { id: "s-13", measure: "immigrant_stock", breakdown: "sex=F", value: planted ? "95,000" : "105,091", period: "2005", unit: "persons", citation: "mol" },
    // a share with no denominator for its year implies nothing
    { id: "s-14", measure: "immigrant_stock_share", value: "2.2 %", period: "2003", unit: "%", citation: "stat" },
    { id: "s-15", measure: "immigrant_stock", value: "1", period: "2003", unit: "persons", citation: "stat" },
  ],
});

describe("implied_count", () => {
  const w = plantedAndClean(spec);

  it("finds counts outside the count a rate implies, and says when the signs differ", async () => {
    const failures = await w.planted.run(impliedCount);
    expect(failures.map((f) => [f.target, f.obs_ids])).toEqual([
      ["planted:s-1 x planted:s-3", ["planted:s-1", "planted:s-2", "planted:s-3"]],
      ["planted:s-8 x planted:s-9", ["planted:s-8", "planted:s-6", "planted:s-9"]],
      ["planted:s-12 x planted:s-13", ["planted:s-12", "planted:s-11", "planted:s-13"]],
    ]);
    expect(failures[0]!.message).toBe(
      "s-1 's-1' -2.25 migrants/1,000 population (2007, cia) of s-2 's-2' 8,532,700 persons (2007, stat) implies -19,242 to -19,155 persons, but s-3 's-3' is 1,000 persons (2007, mol): the signs differ",
    );
    expect(failures[1]!.message).toContain("8.4 million persons (2005, stat) implies 1,348,525 to 1,373,125 persons, but s-9 's-9' is 1,500,000 persons");
    expect(failures[1]!.message).not.toContain("signs differ");
    const d = details(failures[0]!);
    expect(d["sign_differs"]).toBe(true);
    expect(d["implied_lo"] as number).toBeCloseTo(-0.00225_5 * 8532700, 3);
    expect(d["implied_hi"] as number).toBeCloseTo(-0.00224_5 * 8532700, 3);
  });

  it("finds nothing where every count lies within the implied interval", async () => {
    expect(await w.clean.run(impliedCount)).toEqual([]);
  });

  it("compares with neighbouring years when asked", async () => {
    const failures = await w.clean.run(impliedCount, { neighbouring_years: 1 });
    expect(failures.map((f) => f.target)).toEqual(["clean:s-1 x clean:s-4"]);
    expect(details(failures[0]!)["sign_differs"]).toBe(false);
  });
});
