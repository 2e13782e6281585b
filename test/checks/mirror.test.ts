import { describe, expect, it } from "vitest";
import { mirror } from "../../checks/kinds/mirror/kind.ts";
import { details, type PackageSpec, plantedAndClean } from "../helpers/syntheticPackage.ts";

const citations = [
  { id: "ssc", printed: "Statistical Yearbook 2007", year: 2007, reporter: "Azerbaijan", kind: "national-statistics" },
  { id: "goskomstat", printed: "Goskomstat, Moscow", reporter: "Russian Federation", kind: "national-statistics" },
  { id: "ngo", printed: "An NGO report", year: 2007, kind: "ngo" },
];

// Arrivals from Russia as the destination (Azerbaijan) counted them, and as the origin (Russia) did.
const spec = (planted: boolean): PackageSpec => ({
  id: planted ? "planted" : "clean",
  citations,
  tables: [
    {
      id: "t1",
      citation: "ssc",
      coordinates: { measure: "migration", direction: "in" },
      rows: { title: "Countries of origin", dimension: "counterpart" },
      columns: { dimension: "period" },
      csv: [["Countries of origin", "2000", "2003"], ["Russia", planted ? "2,710" : "3,000", "1,656"]],
    },
    {
      id: "t8",
      citation: "goskomstat",
      coordinates: { measure: "migration" },
      rows: { dimension: "none", labels: { "From RF to Azerbaijan": { direction: "in", counterpart: "RF" } } },
      columns: { dimension: "period" },
      csv: [["", "2000", "2003"], ["From RF to Azerbaijan", "3,187", "1,771"]],
    },
  ],
  // a figure without a national reporter is no end of the flow
  statements: [{ id: "s-1", label: "Arrivals from Russia (NGO)", measure: "migration", direction: "in", counterpart: "Russia", value: "9,999", period: "2000", unit: "persons", citation: "ngo" }],
});

describe("mirror", () => {
  const w = plantedAndClean(spec);

  it("finds a flow the origin and the destination recorded more than 10 % apart", async () => {
    const failures = await w.planted.run(mirror);
    expect(failures.map((f) => [f.target, f.obs_ids, f.message])).toEqual([
      [
        "migration/RUS->AZE/-/2000",
        ["planted:t8/From RF to Azerbaijan/2000", "planted:t1/Russia/2000"],
        "migration RUS -> AZE 2000: the origin (RUS) recorded 3,187 (Table 8 'From RF to Azerbaijan' | '2000'), the destination (AZE) 2,710 (Table 1 'Russia' | '2000'): ratio 1.176, a gap of 477 beyond the tolerance 318.7",
      ],
    ]);
    expect(details(failures[0]!)).toEqual({
      origin_reporter: "RUS", destination_reporter: "AZE", origin_reporter_value: 3187, destination_reporter_value: 2710,
      ratio: 1.17601476, gap: 477, tolerance: 318.7,
      origin_obs_id: "planted:t8/From RF to Azerbaijan/2000", destination_obs_id: "planted:t1/Russia/2000",
    });
  });

  it("uses tolerance_rel: 1,656 against 1,771 (7 %) passes at 10 %, fails at 5 %", async () => {
    expect((await w.planted.run(mirror, { tolerance_rel: 0.05 })).map((f) => f.target)).toEqual(["migration/RUS->AZE/-/2000", "migration/RUS->AZE/-/2003"]);
  });

  // the origin's table printed in thousands
  const thousands = (planted: boolean): PackageSpec => {
    const base = spec(planted);
    const [t1, t8] = base.tables!;
    return { ...base, statements: [], tables: [t1!, { ...t8!, unit: "thousand persons", csv: [["", "2000", "2003"], ["From RF to Azerbaijan", "3.2", "1.8"]] }] };
  };
  const t = plantedAndClean(thousands);

  it("gives each end in the unit it was printed in, the base value beside", async () => {
    const failures = await t.planted.run(mirror);
    expect(failures.map((f) => f.message)).toEqual([
      "migration RUS -> AZE 2000: the origin (RUS) recorded 3.2 thousand persons = 3,200 persons (Table 8 'From RF to Azerbaijan' | '2000'), " +
        "the destination (AZE) 2,710 (Table 1 'Russia' | '2000'): ratio 1.181, a gap of 0.44 thousand persons = 440 persons beyond the tolerance 0.32 thousand persons = 320 persons",
    ]);
    expect(await t.clean.run(mirror)).toEqual([]);
  });

  it("finds nothing when both ends agree within the tolerance", async () => {
    expect(await w.clean.run(mirror)).toEqual([]);
  });
});
