import { describe, expect, it } from "vitest";
import { periodTrap } from "../../checks/kinds/period_trap/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "mfa", printed: "Ministry report, January 2008", year: 2008 },
  { id: "icmpd-2005", printed: "ICMPD (2005): Overview of the Migration Systems in the CIS Countries", year: 2005 },
  { id: "unhcr-2006", printed: "UNHCR Statistical Yearbook 2006", year: 2006 },
];

const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  tables: [
    {
      id: "t7",
      citation: "mfa",
      rows: { dimension: "period" },
      columns: { dimension: "measure", labels: { "Recorded criminal cases": { measure: "trafficking_criminal_cases", unit: "cases" } } },
      csv: [["", "Recorded criminal cases"], ["2005", "160"], ["2006", "211"], [planted ? "2007(9 months)" : "2007", "233"]],
    },
  ],
  statements: [
    { id: "s-1", label: "IDPs registered by UNHCR", measure: "idps", value: "686,586", period: "end of 2006", unit: "persons", citation: planted ? "icmpd-2005" : "unhcr-2006" },
    // an estimate alone in its series, and a cumulative figure "by 2005" from a 2005 source: no trap
    { id: "s-2", label: "Jobs lost", measure: "jobs_lost", value: "300,000", period: "1991 – 1996", unit: "count", flags: "estimate" },
    { id: "s-3", label: "Registration cards, cumulative", measure: "temporary_registration_cards", value: "20,986", period: "by 2005", unit: "persons", citation: "icmpd-2005", flags: "cumulative" },
  ],
});

describe("period_trap", () => {
  const w = plantedAndClean(spec);

  it("finds a partial year in a series of full years and a figure cited from a source older than its period", async () => {
    const failures = await w.planted.run(periodTrap);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "planted:s-1/cited-before-period",
        ["planted:s-1"],
        "s-1 'IDPs registered by UNHCR' (686,586, end of 2006) is attributed to icmpd-2005: a source published in 2005 cannot report end of 2006",
      ],
      [
        "planted:t7/2007(9 months)/Recorded criminal cases/partial-period-in-series",
        ["planted:t7/2007(9 months)/Recorded criminal cases", "planted:t7/2005/Recorded criminal cases", "planted:t7/2006/Recorded criminal cases"],
        "Table 7 '2007(9 months)' | 'Recorded criminal cases' (233) covers only 2007-01-01 to 2007-09-30 in a series of final full-year figures for 2005, 2006: not comparable with them as it stands",
      ],
    ]);
    expect(failures.map(details)).toEqual([
      { trap: "cited-before-period", citation: "icmpd-2005", citation_year: 2005, period_start: "2006-12-31", period_end: "2006-12-31", source: "ICMPD (2005): Overview of the Migration Systems in the CIS Countries" },
      { trap: "partial-period", value: 233, period_start: "2007-01-01", period_end: "2007-09-30", full_years: [2005, 2006] },
    ]);
  });

  it("looks only for the rules asked for", async () => {
    expect((await w.planted.run(periodTrap, { rules: ["cited_before_period"] })).map((f) => f.target)).toEqual(["planted:s-1/cited-before-period"]);
    expect(periodTrap.validate({ id: "p", kind: "period_trap", description: "d", params: { rules: ["partial"] } })).toEqual([
      'param rules[0]: Expected "partial_in_series" | "cited_before_period", got "partial"',
    ]);
  });

  it("finds nothing when every year is full and every source is recent enough", async () => {
    expect(await w.clean.run(periodTrap)).toEqual([]);
  });
});
