// A build of the real Azerbaijan package, with assertions on figures from every table and from the text.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { realWarehouse } from "./helpers/realWarehouse.ts";

const ws = realWarehouse("printed");
let wh: Warehouse;
const one = async (sql: string, params: unknown[] = []) => {
  const rows = await wh.all(sql, params as never);
  expect(rows).toHaveLength(1);
  return rows[0]!;
};
const obs = (id: string) =>
  one(
    `SELECT value_text, value, value_base, unit, base_unit, rounding_base, measure, ref_area, direction, counterpart, origin, destination,
            breakdown, strftime(period_start, '%Y-%m-%d') AS ps, strftime(period_end, '%Y-%m-%d') AS pe, obs_status, missing,
            is_estimate, is_partial, is_provisional, is_cumulative, is_unofficial, qualifier, citation, citation_year, reporter, file, line, col
     FROM observations WHERE obs_id = $1`,
    [`azerbaijan-2008:${id}`],
  );

beforeAll(async () => {
  wh = await Warehouse.open(ws.db, { access_mode: "READ_ONLY" });
});
afterAll(() => {
  wh?.close();
  ws.cleanup();
});

describe("tables", () => {
  test("every printed cell of the nine tables is one figure (packed cells split)", async () => {
    const rows = await wh.all(`SELECT table_id, count(*)::INTEGER AS n FROM observations WHERE origin_kind = 'table' GROUP BY ALL ORDER BY 1`);
    // t01 24x8; t02 12x3; t03 4; t04 5; t05 2x(3 parts) + 2x5 pairs + 2; t06 11x3; t07 3x4; t08 2x8; t09 9
    expect(rows).toEqual([
      { table_id: "t01", n: 192 }, { table_id: "t02", n: 36 }, { table_id: "t03", n: 4 }, { table_id: "t04", n: 5 },
      { table_id: "t05", n: 18 }, { table_id: "t06", n: 33 }, { table_id: "t07", n: 12 }, { table_id: "t08", n: 16 }, { table_id: "t09", n: 9 },
    ]);
  });

  test("Table 1: immigration by origin, thousands separators, dashes as nil, Soviet-era names", async () => {
    expect(await obs("t01/Total/1995")).toMatchObject({ value_text: "6,222", value: 6222, measure: "migration", direction: "in", counterpart: "TOTAL", ref_area: "AZE", destination: "AZE", citation: "ssc-yearbook-2007", reporter: "AZE", ps: "1995-01-01", pe: "1995-12-31", file: expect.stringMatching(/azerbaijan-2008\/tables\/table-01\.csv$/), line: 2, col: 2 });
    expect(await obs("t01/Kirgizstan/2006")).toMatchObject({ value: 12, counterpart: "KGZ", origin: "KGZ" });
    expect(await obs("t01/Germany/1995")).toMatchObject({ value_text: "-", value: 0, missing: "nil", obs_status: "A" });
    expect(await obs("t01/CIS countries/2006")).toMatchObject({ value: 2207, counterpart: "CIS" });
    expect(await obs("t01/Those who have not specified origin country/1995")).toMatchObject({ value: 708, counterpart: "UNSPECIFIED" });
    expect(await obs("t01/Non-CIS/2003")).toMatchObject({ value: 41, counterpart: "NON_CIS" });
    expect(await obs("t01/Other countries/1995")).toMatchObject({ value: 158, counterpart: "OTHER" });
    expect(await obs("t01/Russia/2002")).toMatchObject({ value_text: "782", value: 782, counterpart: "RUS", unit: "persons" });
  });

  test("Table 2: decimal commas and stray spaces in thousand persons", async () => {
    expect(await obs("t02/1995/Total population")).toMatchObject({ value_text: "-9,8", value: -9.8, value_base: -9800, unit: "thousand persons", rounding_base: 50, measure: "net_migration", direction: "net" });
    expect(await obs("t02/1998/Total population")).toMatchObject({ value_text: "- 5,1", value: -5.1, value_base: -5100 });
    expect(await obs("t02/2004/Urban population")).toMatchObject({ value_text: "- 0,7", value_base: -700, breakdown: "area=urban" });
    expect(await obs("t02/2006/Rural population")).toMatchObject({ value_text: "1,5", value_base: 1500, breakdown: "area=rural" });
  });

  test("Tables 3 and 4: destinations of asylum seekers; remittances in million USD with an estimate", async () => {
    expect(await obs("t03/France/Amount")).toMatchObject({ value_text: "1,112", value: 1112, direction: "out", counterpart: "FRA", destination: "FRA", origin: "AZE", ps: "2006-01-01", citation: "oecd-imo-2006" });
    expect(await obs("t04/2006/Remittances (Million USD)")).toMatchObject({ value: 812, value_base: 812e6, base_unit: "USD", rounding_base: 5e5 });
    expect(await obs("t04/2007 (estimate)/Remittances (Million USD)")).toMatchObject({ value: 993, is_estimate: true, obs_status: "E", ps: "2007-01-01", pe: "2007-12-31" });
  });

  test("Table 5: the packed cell '2,904 (Women 19%) (70% while entering)' is three figures, the nationality cell five", async () => {
    expect(await obs("t05/Irregular crossing of the state border (including Azerbaijani citizens), Total/2004/total")).toMatchObject({ value_text: "2,904", value: 2904, measure: "irregular_border_crossings" });
    const women = await obs("t05/Irregular crossing of the state border (including Azerbaijani citizens), Total/2004/women");
    expect(women).toMatchObject({ value_text: "19%", value: 19, value_base: 0.19, base_unit: "ratio", breakdown: "sex=F", measure: "irregular_border_crossings_share" });
    expect(await obs("t05/Irregular crossing of the state border (including Azerbaijani citizens), Total/2005/entering")).toMatchObject({ value_base: 0.45, breakdown: "crossing=entry" });
    expect(await obs("t05/By nationality:/2005/Iran")).toMatchObject({ value: 155, counterpart: "IRN" });
    expect(await obs("t05/Non-possession of valid travel documents/2005")).toMatchObject({ value: 330, measure: "undocumented_apprehensions" });
    const cell = await one(`SELECT cell_text FROM observations WHERE obs_id LIKE '%t05/By nationality:/2004/Turkey'`);
    expect(cell.cell_text).toBe("Azerbaijan 2,099 Georgia 234 Iran 210 Russia 186 Turkey 29");
  });

  test("Tables 6 to 9: blanks as nil, N/A, partial years, the other country's statistics, end-of-year stocks", async () => {
    expect(await obs("t06/Italy/2005")).toMatchObject({ value_text: "", value: 0, missing: "nil" });
    expect(await obs("t06/Germany/Total")).toMatchObject({ value: 465, ps: "2005-01-01", pe: "2006-12-31" });
    expect(await obs("t07/2005/Resulted investigations")).toMatchObject({ value_text: "N/A", value: null, missing: "not-available", obs_status: "L" });
    expect(await obs("t07/2007(9 months)/Recorded criminal cases")).toMatchObject({ value: 233, is_partial: true, ps: "2007-01-01", pe: "2007-09-30", unit: "cases" });
    expect(await obs("t08/From RF to Azerbaijan/2006")).toMatchObject({ value: 1366, direction: "in", counterpart: "RUS", origin: "RUS", destination: "AZE", reporter: "RUS", citation: "goskomstat" });
    expect(await obs("t08/From Azerbaijan to RF/1997")).toMatchObject({ value: 29878, direction: "out", origin: "AZE", destination: "RUS" });
    expect(await obs("t09/IDPs protected/assisted by UNHCR/end of 2006")).toMatchObject({ value: 686586, measure: "idps", ps: "2006-12-31", pe: "2006-12-31" });
    expect(await obs("t09/Returned IDPs/end of 2006")).toMatchObject({ value_text: "-", value: 0 });
    expect(await obs("t09/Total population of concern/end of 2006")).toMatchObject({ value: 691988, measure: "population_of_concern" });
  });
});

describe("statements", () => {
  const byValue = (measure: string, valueText: string) =>
    one(`SELECT statement_id, value, value_base, value_low, value_high, base_unit, qualifier, is_unofficial, is_cumulative, citation, section, strftime(period_end, '%Y-%m-%d') AS pe, counterpart, ref_area
         FROM observations WHERE origin_kind = 'statement' AND measure = $1 AND value_text = $2`, [measure, valueText]);

  test("there are figures from the facts box, the '.....' lines and the running text of every section", async () => {
    const sections = await wh.all(`SELECT DISTINCT split_part(section, '.', 1) AS s FROM observations WHERE origin_kind = 'statement' ORDER BY 1`);
    expect(sections.map((r) => r.s)).toEqual(expect.arrayContaining(["1", "2", "3", "5", "6", "facts", "summary"]));
    const n = await one(`SELECT count(*)::INTEGER AS n FROM observations WHERE origin_kind = 'statement'`);
    expect(n.n).toBeGreaterThanOrEqual(90);
  });

  test("basic facts and the immigrant stock lines", async () => {
    expect(await byValue("population", "8,532,700")).toMatchObject({ value: 8532700, citation: "ssc-yearbook-2007" });
    expect(await byValue("immigrant_stock", "181,818")).toMatchObject({ value: 181818, pe: "2005-12-31", citation: "undesa-stock-2005" });
    expect(await byValue("immigrant_stock_share", "2.2 %")).toMatchObject({ value_base: 0.022, base_unit: "ratio" });
    expect(await byValue("net_migration_rate", "-2.25")).toMatchObject({ value: -2.25, value_base: -0.00225 });
  });

  test("qualifiers, ranges, number words and stray spaces", async () => {
    const range = await one(`SELECT value, value_low, value_high FROM observations WHERE origin_kind = 'statement' AND value_text = '16 to 25'`);
    expect(range).toEqual({ value: null, value_low: 16, value_high: 25 });
    const upTo = await one(`SELECT value_base, qualifier FROM observations WHERE origin_kind = 'statement' AND measure = 'idps' AND qualifier = 'up to'`);
    expect(upTo).toEqual({ value_base: 700000, qualifier: "up to" });
    const stray = await one(`SELECT value_base FROM observations WHERE origin_kind = 'statement' AND value_text = '989, 586'`);
    expect(stray.value_base).toBe(989586);
    const million = await one(`SELECT value_base FROM observations WHERE origin_kind = 'statement' AND value_text = '1.15 million'`);
    expect(million.value_base).toBe(1150000);
    const words = await wh.all(`SELECT value_text, value_base FROM observations WHERE origin_kind = 'statement' AND value_text IN ('one million', 'one million and a half') ORDER BY value_base`);
    expect(words.map((w) => w.value_base)).toEqual(expect.arrayContaining([1e6, 1.5e6]));
    const unofficial = await one(`SELECT value_base, is_unofficial FROM observations WHERE origin_kind = 'statement' AND value_text = '60,000' AND section = '1.2'`);
    expect(unofficial).toEqual({ value_base: 60000, is_unofficial: true });
  });

  test("conflicting IDP figures from different agencies are all there, each with its source", async () => {
    const idps = await wh.all(`SELECT value_base, citation, origin_kind FROM observations WHERE measure = 'idps' AND value_base IS NOT NULL ORDER BY value_base, obs_id`);
    const values = idps.map((r) => r.value_base);
    expect(values).toEqual(expect.arrayContaining([579000, 686586, 687000, 700000]));
    expect(new Set(idps.map((r) => r.citation)).size).toBeGreaterThanOrEqual(3);
  });

  test("shares and parts point at the figures they derive from", async () => {
    const share = await one(`SELECT numerator_ref, denominator_ref FROM observations WHERE origin_kind = 'statement' AND measure = 'immigrant_stock_share' AND value_text = '2.2 %'`);
    expect(share.denominator_ref).toBe("measure:population");
    expect(share.numerator_ref).toMatch(/^azerbaijan-2008:s-/);
    const parts = await wh.all(`SELECT p.value_base FROM observations p JOIN observations t ON p.part_of_ref = t.obs_id WHERE t.value_text = '989, 586' ORDER BY 1`);
    expect(parts.map((p) => p.value_base)).toEqual([3000, 50000, 250000, 700000]);
  });
});

describe("dimensions and views", () => {
  test("geography: groups are never country codes; membership has validity years", async () => {
    const kinds = await wh.all(`SELECT code, kind FROM geography WHERE code IN ('AZE', 'CIS', 'SUN', 'UNSPECIFIED', 'TOTAL') ORDER BY code`);
    expect(kinds).toEqual([
      { code: "AZE", kind: "country" }, { code: "CIS", kind: "aggregate" }, { code: "SUN", kind: "historical" },
      { code: "TOTAL", kind: "aggregate" }, { code: "UNSPECIFIED", kind: "unspecified" },
    ]);
    const georgia = await one(`SELECT valid_to FROM geography_groups WHERE group_code = 'CIS' AND member = 'GEO'`);
    expect(georgia.valid_to).toBe(2009);
    const labels = await one(`SELECT code, matched_by FROM geography_labels WHERE label = 'Kirgizstan'`);
    expect(labels).toEqual({ code: "KGZ", matched_by: "alias" });
  });

  test("every observation's citation and geography resolve", async () => {
    const orphans = await one(`
      SELECT count(*)::INTEGER AS n FROM observations o
      LEFT JOIN citations c ON c.package = o.package AND c.citation = o.citation
      LEFT JOIN geography g ON g.code = o.counterpart
      WHERE (o.citation IS NOT NULL AND c.citation IS NULL) OR (o.counterpart IS NOT NULL AND g.code IS NULL)`);
    expect(orphans.n).toBe(0);
  });

  test("one wide view per printed table, as printed", async () => {
    const t1 = await wh.all(`SELECT "row", "1995", "2006" FROM azerbaijan_2008__t01 LIMIT 3`);
    expect(t1).toEqual([
      { row: "Total", 1995: 6222, 2006: 2232 },
      { row: "CIS countries", 1995: 6002, 2006: 2207 },
      { row: "Russia", 1995: 2968, 2006: 1394 },
    ]);
    const t2 = await wh.all(`SELECT "row", "Total population", "Urban population", "Rural population" FROM azerbaijan_2008__t02 WHERE "row" = '2003'`);
    expect(t2).toEqual([{ row: "2003", "Total population": -1.3, "Urban population": -1.6, "Rural population": 0.3 }]);
  });
});
