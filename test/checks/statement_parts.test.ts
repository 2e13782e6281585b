import { describe, expect, it } from "vitest";
import { statementParts } from "../../checks/kinds/statement_parts/kind.ts";
import { details, type PackageSpec, type StatementSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "mfa", printed: "Ministry note, 2008", year: 2008 },
  { id: "unhcr", printed: "UNHCR Statistical Yearbook 2006", year: 2006 },
];

// Forced migrants as of 2008 and their parts, one only bounded ("up to"); a table elsewhere holds the IDP
// count the total was really computed with.
const forcedMigrants = (total: string): StatementSpec[] => [
  { id: "s-1", label: "Refugees, IDPs and asylum seekers", measure: "forced_migrants", value: total, period: "as of February 2008", unit: "persons", citation: "mfa" },
  { id: "s-2", label: "Deported from Armenia", measure: "refugees", counterpart: "Armenia", value: "250,000", period: "as of February 2008", unit: "persons", citation: "mfa", part_of: "s-1" },
  { id: "s-3", label: "Deported from Central Asia", measure: "refugees", counterpart: "Central Asia", value: "50,000", period: "as of February 2008", unit: "persons", citation: "mfa", part_of: "s-1" },
  { id: "s-4", label: "Internally displaced persons", measure: "idps", value: "700,000", qualifier: "up to", period: "as of February 2008", unit: "persons", citation: "mfa", part_of: "s-1" },
  { id: "s-5", label: "Asylum seekers", measure: "asylum_seekers", value: "3,000", qualifier: "close to", period: "as of February 2008", unit: "persons", citation: "mfa", part_of: "s-1" },
];

// Victims by group: plain parts that must add up; and one part of a much larger whole (not complete).
const victims = (women: string): StatementSpec[] => [
  { id: "v-1", label: "Victims identified", measure: "trafficking_victims_identified", value: "30", period: "2004", unit: "persons" },
  { id: "v-2", label: "Victims: women", measure: "trafficking_victims_identified", breakdown: "sex=F", value: women, period: "2004", unit: "persons", part_of: "v-1" },
  { id: "v-3", label: "Victims: minors", measure: "trafficking_victims_identified", breakdown: "age=minor", value: "19", period: "2004", unit: "persons", part_of: "v-1" },
  { id: "v-4", label: "Victims assisted worldwide", measure: "trafficking_victims_assisted", ref_area: "World", value: "13,000", period: "as of January 2008", unit: "persons" },
  { id: "v-5", label: "Victims assisted in Turkey", measure: "trafficking_victims_assisted", direction: "out", counterpart: "Turkey", value: "16", period: "2004-2007", unit: "persons", part_of: "v-4" },
];

// Approximately 50,000 of a total 995,000 = 250,000 + 700,000 + about 50,000: consistent within "approximately".
const approximate: StatementSpec[] = [
  { id: "a-1", label: "Stock", measure: "immigrant_stock", value: "995,000", period: "2006", unit: "persons" },
  { id: "a-2", label: "Stock: labour", measure: "immigrant_stock", breakdown: "purpose=labour", value: "250,000", period: "2006", unit: "persons", part_of: "a-1" },
  { id: "a-3", label: "Stock: family", measure: "immigrant_stock", breakdown: "purpose=family", value: "700,000", period: "2006", unit: "persons", part_of: "a-1" },
  { id: "a-4", label: "Stock: study", measure: "immigrant_stock", breakdown: "purpose=study", value: "50,000", qualifier: "approximately", period: "2006", unit: "persons", part_of: "a-1" },
];

const idpTable = {
  id: "t9",
  citation: "unhcr",
  coordinates: {},
  rows: { dimension: "none", labels: { "IDPs protected/assisted by UNHCR": { measure: "idps" }, Refugees: { measure: "refugees" } } },
  columns: { dimension: "period" },
  csv: [
    ["", "end of 2006"],
    ["IDPs protected/assisted by UNHCR", "686,586"],
    ["Refugees", "2,618"],
  ],
};

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  tables: [idpTable],
  statements: [
    ...forcedMigrants(planted ? "989, 586" : "1,003,000"),
    ...victims(planted ? "21" : "11"),
    ...approximate,
    // a figure near the implied one that must not be named: 687,000 is not 686,586
    { id: "x-1", label: "IDPs, Government estimate", measure: "idps", value: "687,000", period: "March 2007", unit: "persons", citation: "mfa" },
  ],
});

describe("statement_parts", () => {
  const w = plantedAndClean(spec);

  it("finds parts that exceed their total and a total the printed parts only reach through an 'up to'", async () => {
    const failures = await w.planted.run(statementParts);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "planted:s-1",
        ["planted:s-1", "planted:s-2", "planted:s-3", "planted:s-4", "planted:s-5"],
        "s-1 'Refugees, IDPs and asylum seekers' is 989,586 but its 4 parts add up to 1,003,000 (residual -13,414); only 'up to 700,000' (s-4 'Internally displaced persons') lets them agree: the total implies 686,586 for it",
      ],
      ["planted:v-1", ["planted:v-1", "planted:v-2", "planted:v-3"], "v-1 'Victims identified' is 30 but its 2 parts add up to 40, more than the total even at the low end of their qualifiers (40)"],
    ]);
    expect(details(failures[0]!)).toMatchObject({
      failure: "implied", complete: true, total: 989586, sum: 1003000, residual: -13414, implied_part: 686586, implied_tolerance: 0,
      uncertain_part: { obs_id: "planted:s-4", value: 700000, qualifier: "up to", measure: "idps" },
    });
    expect(details(failures[1]!)).toMatchObject({ failure: "over", total: 30, sum: 40, sum_lo: 40, total_hi: 30, residual: -10, implied_part: null });
  });

  it("explains the implied part by the figure of the warehouse that holds it", async () => {
    const { explanations } = await w.planted.explain(statementParts);
    expect(Object.fromEntries(explanations)).toEqual({
      "planted:s-1": "implied s-4 'Internally displaced persons' 686,586 = Table 9 'IDPs protected/assisted by UNHCR' | 'end of 2006' (UNHCR Statistical Yearbook 2006)",
    });
  });

  it("finds nothing when the parts add up within rounding and qualifiers", async () => {
    // 1,003,000 = 250,000 + 50,000 + up to 700,000 + close to 3,000; 995,000 = 250,000 + 700,000 + approximately 50,000;
    // 11 + 19 = 30; 16 of 13,000 is a partial breakdown
    expect(await w.clean.run(statementParts)).toEqual([]);
  });

  it("leaves the 'up to' alone when asked not to report implied parts", async () => {
    const failures = await w.planted.run(statementParts, { report_implied: false });
    expect(failures.map((f) => f.target)).toEqual(["planted:v-1"]);
  });
});
