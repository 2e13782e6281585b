// Every check of checks/checks.json on the real Azerbaijan 2008 warehouse: known discrepancies of the
// printed report are found, with the values computed here from the warehouse rather than assumed.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinds } from "../../checks/kinds/index.ts";
import type { CheckDeclaration, FailureRow } from "../../checks/types.ts";
import { realWarehouse } from "../helpers/realWarehouse.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { applyCheckSql, details, runCheck } from "../helpers/syntheticPackage.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const checks = (JSON.parse(readFileSync(join(root, "checks", "checks.json"), "utf8")) as { checks: CheckDeclaration[] }).checks;
const P = "azerbaijan-2008";

describe("checks.json on the Azerbaijan 2008 warehouse", () => {
  let dir: string;
  let wh: Warehouse;
  const failures = new Map<string, FailureRow[]>();
  const explanations = new Map<string, Map<string, string>>();
  const one = async (sql: string, params: unknown[] = []): Promise<Record<string, unknown>> => (await wh.all(sql, params as never))[0]!;
  const find = (checkId: string, target: string): FailureRow => {
    const f = failures.get(checkId)?.find((x) => x.target === target);
    if (f === undefined) throw new Error(`${checkId}: no failure ${target}; got ${(failures.get(checkId) ?? []).map((x) => x.target).join(", ")}`);
    return f;
  };

  beforeAll(async () => {
    const real = realWarehouse("printed");
    dir = real.dir;
    wh = await Warehouse.open(real.db);
    await applyCheckSql(wh);
    for (const check of checks) {
      const kind = kinds.get(check.kind)!;
      const rows = await runCheck(wh, kind, check);
      failures.set(check.id, rows);
      if (kind.explain) explanations.set(check.id, await kind.explain((sql, p) => wh.all(sql, p as never), check, rows));
    }
  });
  afterAll(() => {
    wh?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("declares valid checks of known kinds, one at least per kind", () => {
    for (const check of checks) expect(kinds.get(check.kind)?.validate(check), check.id).toEqual([]);
    expect(new Set(checks.map((c) => c.kind))).toEqual(new Set(kinds.keys()));
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });

  it("Table 1: the CIS subtotal of 1995 is not the sum of its parts; Estonia, Lithuania and Latvia account for it", async () => {
    const truth = await one(
      `SELECT t.value_base AS total, sum(p.value_base) AS sum
       FROM observations t
       JOIN table_hierarchy h ON h.package = t.package AND h.table_id = t.table_id AND h.total_label = t.row_label AND h.axis = 'rows'
       JOIN observations p ON p.package = t.package AND p.table_id = t.table_id AND p.row_label = h.part_label AND p.col_label = t.col_label
       WHERE t.obs_id = $1 GROUP BY t.value_base`,
      [`${P}:t01/CIS countries/1995`],
    );
    const baltic = await one(`SELECT sum(value_base) AS v FROM observations WHERE table_id = 't01' AND col_label = '1995' AND row_label IN ('Estonia', 'Lithuania', 'Latvia')`);
    const f = find("table-totals", `${P}:t01/rows/CIS countries/1995`);
    expect(details(f)).toMatchObject({ total: truth["total"], sum: truth["sum"], residual: Number(truth["total"]) - Number(truth["sum"]) });
    expect(Number(truth["total"]) - Number(truth["sum"])).toBe(Number(baltic["v"]));
    // Table 1 counts whole persons: exact figures, so no rounding tolerance
    expect(f.message).toBe("Table 1 row 'CIS countries' in column '1995' is 6,002 but its 11 parts add up to 5,953 (residual 49, tolerance 0)");
    // every column whose CIS residual is not 0 fails (2002's residual of 3 too: whole counts leave no rounding to
    // absorb it), and in each the residual is Estonia + Lithuania + Latvia; 2006 is printed consistently
    const columns = (await wh.all(
      `SELECT t.col_label AS col, t.value_base - sum(p.value_base) AS residual,
              (SELECT sum(b.value_base) FROM observations b WHERE b.package = t.package AND b.table_id = t.table_id AND b.col_label = t.col_label
                 AND b.row_label IN ('Estonia', 'Lithuania', 'Latvia')) AS baltic
       FROM observations t
       JOIN table_hierarchy h ON h.package = t.package AND h.table_id = t.table_id AND h.total_label = t.row_label AND h.axis = 'rows'
       JOIN observations p ON p.package = t.package AND p.table_id = t.table_id AND p.row_label = h.part_label AND p.col_label = t.col_label
       WHERE t.package = $1 AND t.table_id = 't01' AND t.row_label = 'CIS countries'
       GROUP BY t.package, t.table_id, t.col_label, t.value_base ORDER BY t.col_label`,
      [P],
    )) as Array<{ col: string; residual: number; baltic: number }>;
    const failing = columns.filter((c) => Number(c.residual) !== 0);
    expect(failing.map((c) => c.col)).toEqual(["1995", "2000", "2001", "2002", "2003", "2004", "2005"]);
    for (const c of failing) expect(Number(c.residual), c.col).toBe(Number(c.baltic));
    const cisTargets = (failures.get("table-totals") ?? []).map((x) => x.target).filter((t) => t.startsWith(`${P}:t01/rows/CIS countries/`));
    expect(cisTargets).toEqual(failing.map((c) => `${P}:t01/rows/CIS countries/${c.col}`));
    const cis2002 = find("table-totals", `${P}:t01/rows/CIS countries/2002`);
    expect(details(cis2002)).toMatchObject({ total: 1205, sum: 1202, residual: 3, tolerance: 0 });
    expect(details(find("table-totals", `${P}:t01/rows/Non-CIS/2002`))).toMatchObject({ total: 52, sum: 55, residual: -3, tolerance: 0 });
    expect(cis2002.message).toBe("Table 1 row 'CIS countries' in column '2002' is 1,205 but its 11 parts add up to 1,202 (residual 3, tolerance 0)");
    expect(explanations.get("table-totals")!.get(cis2002.target)).toBe(
      "the residual 3 in 2002 equals Estonia + Lithuania + Latvia (1 + 1 + 1): rows the rule does not list; the same rows account for the residual in 6 other columns of this rule (1995, 2000, 2001, 2003, 2004, 2005)",
    );
    expect(explanations.get("table-totals")!.get(f.target)).toBe(
      "the residual 49 in 1995 equals Estonia + Lithuania + Latvia (9 + 5 + 35): rows the rule does not list; the same rows account for the residual in 6 other columns of this rule (2000, 2001, 2002, 2003, 2004, 2005)",
    );
    expect(explanations.get("table-totals")!.get(`${P}:t01/rows/Non-CIS/1995`)).toMatch(/^the residual -49 in 1995 equals minus \(Estonia \+ Lithuania \+ Latvia\)/);
  });

  it("the 1.5 % share of refugees (3,004) in the migrant stock (181,818) is not what they give", async () => {
    const truth = await one(`SELECT n.value_base / d.value_base AS q FROM observations s JOIN observations n ON n.obs_id = s.numerator_ref JOIN observations d ON d.obs_id = s.denominator_ref WHERE s.obs_id = $1`, [`${P}:s-1.2-06`]);
    const f = find("shares-match-counts", `${P}:s-1.2-06`);
    expect(details(f)["derived"]).toBeCloseTo(Number(truth["q"]), 8);
    expect(f.message).toBe("s-1.2-06 'Refugees as a share of the migrant stock' is 1.5 % but 3,004 / 181,818 = 1.6522 %");
    expect(f.obs_ids).toEqual([`${P}:s-1.2-06`, `${P}:s-1.2-05`, `${P}:s-1.1-01`]);
  });

  it("989, 586 refugees, IDPs and asylum seekers: the total implies Table 9's IDP count for the 'up to 700,000'", async () => {
    const truth = await one(
      `SELECT t.value_base - sum(p.value_base) FILTER (WHERE p.qualifier IS DISTINCT FROM 'up to') AS implied
       FROM observations t JOIN observations p ON p.part_of_ref = t.obs_id WHERE t.obs_id = $1 GROUP BY t.value_base`,
      [`${P}:s-6.7-12`],
    );
    const idps = await one(`SELECT value_base FROM observations WHERE obs_id = $1`, [`${P}:t09/IDPs protected/assisted by UNHCR/end of 2006`]);
    expect(truth["implied"]).toBe(idps["value_base"]);
    const f = find("statement-totals", `${P}:s-6.7-12`);
    expect(details(f)).toMatchObject({ failure: "implied", total: 989586, implied_part: truth["implied"], uncertain_part: { obs_id: `${P}:s-6.7-15`, qualifier: "up to" } });
    expect(explanations.get("statement-totals")!.get(f.target)).toBe(
      "implied s-6.7-15 'Internally displaced persons (MFA)' 686,586 = Table 9 'IDPs protected/assisted by UNHCR' | 'end of 2006' (UNHCR Statistical Yearbook 2006); also s-6.7-07 'IDPs registered by UNHCR' end of 2006 (ICMPD (2005): Overview of the Migration Systems in the CIS Countries; Chapter on Azerbaijan.)",
    );
  });

  it("686,586 IDPs at the end of 2006 are attributed to a source of 2005", async () => {
    const truth = await one(`SELECT o.citation, c.year, year(o.period_start) AS y FROM observations o JOIN citations c USING (package, citation) WHERE o.obs_id = $1`, [`${P}:s-6.7-07`]);
    expect(Number(truth["y"])).toBeGreaterThan(Number(truth["year"]));
    const f = find("source-older-than-figure", `${P}:s-6.7-07/cited-before-period`);
    expect(f.message).toBe(`s-6.7-07 'IDPs registered by UNHCR' (686,586, end of 2006) is attributed to ${truth["citation"]}: a source published in ${truth["year"]} cannot report end of 2006`);
  });

  it("arrivals from Russia: Table 1 (Azerbaijan's count) against Table 8 (Goskomstat's 'From RF to Azerbaijan')", async () => {
    const truth = await one(
      `SELECT (SELECT value_base FROM observations WHERE obs_id = $1) AS origin, (SELECT value_base FROM observations WHERE obs_id = $2) AS destination`,
      [`${P}:t08/From RF to Azerbaijan/2000`, `${P}:t01/Russia/2000`],
    );
    const f = find("mirror-flows", "migration/RUS->AZE/-/2000");
    expect(details(f)).toMatchObject({
      origin_reporter: "RUS", destination_reporter: "AZE",
      origin_reporter_value: truth["origin"], destination_reporter_value: truth["destination"],
    });
    expect(details(f)["ratio"]).toBeCloseTo(Number(truth["origin"]) / Number(truth["destination"]), 8);
  });

  it("conflicting IDP counts for 2006 from different agencies; trafficking victims of 2005 stated twice", () => {
    const idps = find("stock-counts-by-year", "idps/AZE/-/-/-/2006");
    expect(idps.obs_ids).toEqual([`${P}:s-6.7-07`, `${P}:s-6.7-20`, `${P}:t09/IDPs protected/assisted by UNHCR/end of 2006`]);
    expect(idps.message).toMatch(/^idps AZE 2006 given by 3 different cited sources that disagree: /);
    expect(details(idps)).toMatchObject({ min: 579000, max: 686586, spread: 107586 });
    const victims = find("same-figure-twice", "trafficking_victims_identified/AZE/-/-/-/2005");
    expect(details(victims)).toMatchObject({ min: 9, max: 231 });
  });

  it("a negative share, a partial year, an estimate and a jump in remittances", () => {
    expect(find("impossible-values", `${P}:s-2.1-02/negative`).message).toBe("s-2.1-02 'Emigrant stock as a share of the total population' is -16.2 %: a share (emigrant_stock_share) cannot be negative");
    expect(failures.get("partial-periods-in-series")!.map((f) => f.target)).toContain(`${P}:t07/2007(9 months)/Recorded criminal cases/partial-period-in-series`);
    expect(failures.get("partial-periods-in-series")!.map((f) => f.target)).toContain(`${P}:t04/2007 (estimate)/Remittances (Million USD)/estimate-in-series`);
    expect(details(find("series-breaks", `${P}:t04/remittances_inflow/AZE/in/-/-/-/2004-2005`))).toMatchObject({ from: 227000000, to: 693000000 });
  });

  it("does not flag what differs only by rounding: Table 2's net migration, 2.2 % of the population", async () => {
    // rounded figures, not exact counts: Table 2 prints thousands to one decimal (each figure +-50 persons), the
    // share is printed to a tenth of a point (+-0.05 %) and the population it is taken of is "8.4 million" (+-50,000)
    const rounding = await wh.all(
      `SELECT min(rounding_base) AS min, max(rounding_base) AS max FROM observations WHERE package = $1 AND table_id = 't02' AND value_base IS NOT NULL
       UNION ALL SELECT rounding_base, rounding_base FROM observations WHERE obs_id = $2
       UNION ALL SELECT rounding_base, rounding_base FROM observations WHERE obs_id = $3`,
      [P, `${P}:s-1.1-02`, `${P}:s-2.2-06`] as never,
    );
    expect(rounding.map((r) => [Number(r["min"]), Number(r["max"])])).toEqual([[50, 50], [0.0005, 0.0005], [50000, 50000]]);
    expect(failures.get("table-totals")!.filter((f) => f.target.startsWith(`${P}:t02/`))).toEqual([]);
    expect(failures.get("shares-match-counts")!.filter((f) => f.target.startsWith(`${P}:s-1.1-02`))).toEqual([]);
  });
  it("the CIA net migration rate implies a count of the other sign than the 2007 counts; Table 5's nationalities fall short of the total; no related measure exceeds its whole", async () => {
    const rate = await one(`SELECT value_base FROM observations WHERE obs_id = $1`, [`${P}:s-facts-06`]);
    const population = await one(`SELECT value_base FROM observations WHERE obs_id = $1`, [`${P}:s-facts-01`]);
    const implied = failures.get("implied-counts")!;
    expect(implied.map((f) => f.target)).toEqual([`${P}:s-facts-06 x ${P}:s-1.1-06`, `${P}:s-facts-06 x ${P}:s-summary-03`]);
    for (const f of implied) {
      expect(f.message).toMatch(/: the signs differ$/);
      expect(details(f)["implied"] as number).toBeCloseTo(Number(rate["value_base"]) * Number(population["value_base"]), 6);
    }
    const partial = failures.get("incomplete-breakdowns")!;
    const sums = await wh.all(
      `SELECT col_label, sum(value_base) FILTER (WHERE row_label = 'By nationality:') AS parts,
              max(value_base) FILTER (WHERE row_label <> 'By nationality:' AND part = 'total') AS total
       FROM observations WHERE package = $1 AND table_id = 't05' GROUP BY col_label ORDER BY col_label`, [P] as never);
    expect(partial.map((f) => details(f)["shortfall"])).toEqual(sums.map((r) => Number(r["total"]) - Number(r["parts"])));
    // the labour emigrants' "about 2 million" (1.3 to 2.7 million with its rounding) may be no more than 1,365,004
    expect(failures.get("related-measures")).toEqual([]);
  });
});
