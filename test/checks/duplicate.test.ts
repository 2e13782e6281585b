import { describe, expect, it } from "vitest";
import { duplicate } from "../../checks/kinds/duplicate/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "mfa", printed: "Ministry report, 2008", year: 2008, reporter: "Azerbaijan" },
  { id: "icmpd", printed: "ICMPD Yearbook 2005", year: 2006 },
  { id: "unhcr", printed: "UNHCR Statistical Yearbook 2006", year: 2006 },
  { id: "idmc", printed: "IDMC website" },
  { id: "goskomstat", printed: "Goskomstat, Moscow", reporter: "Russian Federation", kind: "national-statistics" },
];

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  tables: [
    {
      // victims by year (the Ministry) and net migration in thousands with a decimal comma
      id: "t7",
      citation: "mfa",
      rows: { dimension: "period" },
      columns: { dimension: "measure", labels: { "Identified as VoTs": { measure: "trafficking_victims_identified" } } },
      csv: [["", "Identified as VoTs"], ["2005", "231"], ["2006", "86"]],
    },
    {
      id: "t2",
      citation: "mfa",
      unit: "thousand persons",
      number_format: { decimal: ",", group: " " },
      coordinates: { measure: "net_migration", direction: "net" },
      rows: { dimension: "period" },
      columns: { dimension: "none", labels: { "Total population": {} } },
      csv: [["Years", "Total population"], ["2000", "- 5,5"]],
    },
    {
      // IDPs at the end of 2006 (UNHCR)
      id: "t9",
      citation: "unhcr",
      rows: { dimension: "none", labels: { "IDPs protected/assisted by UNHCR": { measure: "idps" } } },
      columns: { dimension: "period" },
      csv: [["", "end of 2006"], ["IDPs protected/assisted by UNHCR", "686,586"]],
    },
    {
      // the same flow recorded by the other end (Goskomstat): a mirror, not a duplicate
      id: "t8",
      citation: "goskomstat",
      coordinates: { measure: "migration" },
      rows: { dimension: "none", labels: { "From RF to Azerbaijan": { direction: "in", counterpart: "RF" } } },
      columns: { dimension: "period" },
      csv: [["", "2003"], ["From RF to Azerbaijan", "1,771"]],
    },
  ],
  statements: [
    { id: "s-1", label: "Identified trafficking victims", measure: "trafficking_victims_identified", value: planted ? "nine" : "231", period: "2005", unit: "persons", citation: "icmpd" },
    { id: "s-2", label: "Net migration (Ministry)", measure: "net_migration", direction: "net", value: "-5,500", period: "2000", unit: "persons", citation: "mfa" },
    { id: "s-3", label: "IDPs (government)", measure: "idps", value: "700,000", qualifier: "up to", period: "end of 2006", unit: "persons", citation: "mfa" },
    { id: "s-4", label: "IDPs, UNHCR estimate cited by IDMC", measure: "idps", value: planted ? "579,000" : "686,000", qualifier: planted ? "" : "approximately", period: "2006", unit: "persons", citation: "idmc" },
    { id: "s-5", label: "Meskhetian Turks", measure: "migration", direction: "in", counterpart: "Uzbekistan", value: "50,000", qualifier: "approximately", period: "1994", unit: "persons", citation: "mfa" },
    { id: "s-6", label: "Meskhetian Turks (again)", measure: "migration", direction: "in", counterpart: "Uzbekistan", value: "52,000", period: "1994", unit: "persons", citation: "icmpd" },
    { id: "s-7", label: "Arrivals from Russia (Ministry)", measure: "migration", direction: "in", counterpart: "Russia", value: "1,656", period: "2003", unit: "persons", citation: "mfa" },
  ],
});

describe("duplicate", () => {
  const w = plantedAndClean(spec);

  it("finds one quantity of one period stated by two sources with different values", async () => {
    const failures = await w.planted.run(duplicate);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "trafficking_victims_identified/AZE/-/-/-/2005",
        ["planted:s-1", "planted:t7/2005/Identified as VoTs"],
        "trafficking_victims_identified AZE 2005 given by 2 different cited sources that disagree: 9 (s-1 'Identified trafficking victims', icmpd); 231 (Table 7 '2005' | 'Identified as VoTs', mfa)",
      ],
    ]);
    expect(details(failures[0]!)).toMatchObject({
      min: 9, max: 231, spread: 222, relative_difference: 0.961038961, gap: 222, tolerance: 0, n_sources: 2, period_match: "exact",
      sources: [
        { obs_id: "planted:s-1", value: 9, printed: "nine", citation: "icmpd", source: "ICMPD Yearbook 2005", period: "2005" },
        { obs_id: "planted:t7/2005/Identified as VoTs", value: 231, printed: "231", citation: "mfa", source: "Ministry report, 2008", period: "2005" },
      ],
    });
  });

  it("compares stocks by year when asked: conflicting IDP counts from different agencies", async () => {
    const failures = await w.planted.run(duplicate, { period_match: "year", measures: ["idps"] });
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "idps/AZE/-/-/-/2006",
        ["planted:s-3", "planted:s-4", "planted:t9/IDPs protected/assisted by UNHCR/end of 2006"],
        "idps AZE 2006 given by 3 different cited sources that disagree: up to 700,000 (s-3 'IDPs (government)', mfa); 579,000 (s-4 'IDPs, UNHCR estimate cited by IDMC', idmc); 686,586 (Table 9 'IDPs protected/assisted by UNHCR' | 'end of 2006', unhcr)",
      ],
    ]);
    expect(details(failures[0]!)).toMatchObject({ min: 579000, max: 700000, spread: 121000, gap: 107586, period_match: "year", n_sources: 3 });
    // by exact period only the two end-of-2006 figures meet, and "up to 700,000" holds 686,586
    expect(await w.planted.run(duplicate, { measures: ["idps"] })).toEqual([]);
  });

  it("finds nothing when the statements agree within rounding and qualifiers, or are mirror figures", async () => {
    // "- 5,5" thousand = -5,500; "up to 700,000" holds 686,586; "approximately 50,000" holds 52,000;
    // approximately 686,000 holds 686,586; Goskomstat's 1,771 (the other end of the flow) is left to mirror
    expect(await w.clean.run(duplicate)).toEqual([]);
    expect(await w.clean.run(duplicate, { period_match: "year" })).toEqual([]);
  });

  it("widens the comparison by tolerance_rel", async () => {
    const failures = await w.planted.run(duplicate, { period_match: "year", measures: ["idps"], tolerance_rel: 0.2 });
    expect(failures).toEqual([]);
  });
});
