// warehouse/queries/*.sql against a build of the real package: each file says what it answers, runs,
// returns rows with its documented columns, and a few values agree with figures read from observations
// directly in the test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryJson } from "../pipelines/export/jsonRows.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { realWarehouse } from "./helpers/realWarehouse.ts";
import { projectRoot } from "./helpers/workspace.ts";

const queriesDir = join(projectRoot, "warehouse", "queries");
const ws = realWarehouse("printed");
let wh: Warehouse;

const COLUMNS: Record<string, string[]> = {
  "01_immigration_by_origin_group.sql": ["package", "ref_area", "citation", "year", "total", "cis", "non_cis", "cis_share", "cis_member_countries"],
  "02_net_migration_urban_rural.sql": ["package", "ref_area", "citation", "year", "total", "urban", "rural", "residual"],
  "03_remittances_growth.sql": ["package", "ref_area", "citation", "year", "usd_million", "is_estimate", "previous_year", "growth_pct"],
  "04_azerbaijan_russia_flows.sql": ["year", "origin", "destination", "recorded_by_a", "recorded_by_b", "difference", "ratio", "source_a", "source_b"],
  "05_idp_estimates.sql": ["period_text", "period_end", "idps", "value_text", "qualifier", "citation", "agency", "source_year", "spread_in_year", "obs_id"],
  "06_figures_by_source_and_lag.sql": ["package", "citation", "publisher", "kind", "source_year", "figures", "first_period_year", "last_period_year", "source_lag_years", "profile_lag_years"],
  "07_sources_published_before_period.sql": ["obs_id", "label", "value_text", "period_text", "period_start_year", "citation", "source_year", "years_early", "source_printed"],
};

/** A query file's rows as objects. */
const rows = async (file: string): Promise<Array<Record<string, unknown>>> => {
  const r = await queryJson(wh, readFileSync(join(queriesDir, file), "utf8"));
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
};
/** One printed figure in base units, by obs_id. */
const figure = async (id: string): Promise<number> => {
  const r = await wh.all<{ v: number }>(`SELECT value_base AS v FROM observations WHERE obs_id = $1`, [`azerbaijan-2008:${id}`]);
  expect(r, id).toHaveLength(1);
  return r[0]!.v;
};

beforeAll(async () => {
  wh = await Warehouse.open(ws.db, { access_mode: "READ_ONLY" });
});
afterAll(() => {
  wh?.close();
  ws.cleanup();
});

describe("every query file", () => {
  const files = readdirSync(queriesDir).filter((f) => f.endsWith(".sql")).sort();

  test("there are 5 to 8, each documented in the test", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.length).toBeLessThanOrEqual(8);
    expect(files).toEqual(Object.keys(COLUMNS).sort());
  });

  test.each(files)("%s: a header comment saying what it answers and its columns; rows with those columns", async (file) => {
    const text = readFileSync(join(queriesDir, file), "utf8");
    const header = text.split("\n").filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith("--")));
    expect(header.length, "header comment").toBeGreaterThanOrEqual(3);
    expect(header.join("\n")).toMatch(/Answers: /u);
    expect(header.join("\n")).toMatch(/Columns: /u);
    for (const c of COLUMNS[file]!) expect(header.join(" "), `${c} documented`).toContain(c);
    const r = await queryJson(wh, text);
    expect(r.columns).toEqual(COLUMNS[file]);
    expect(r.rows.length).toBeGreaterThan(0);
  });
});

describe("values agree with the printed figures", () => {
  test("01: group totals, the CIS share and the CIS member countries of Table 1", async () => {
    const r = await rows("01_immigration_by_origin_group.sql");
    expect(r.map((x) => x.year)).toEqual([1995, 2000, 2001, 2002, 2003, 2004, 2005, 2006]);
    const y2006 = r.find((x) => x.year === 2006)!;
    const [total, cis, nonCis] = [await figure("t01/Total/2006"), await figure("t01/CIS countries/2006"), await figure("t01/Non-CIS/2006")];
    expect(y2006).toMatchObject({ citation: "ssc-yearbook-2007", total, cis, non_cis: nonCis, cis_share: Math.round((cis / total) * 10_000) / 10_000 });
    let members = 0;
    for (const c of ["Russia", "Ukraine", "Belarus", "Uzbekistan", "Kazakhstan", "Georgia", "Moldova", "Kirgizstan", "Tajikistan", "Turkmenistan"]) members += await figure(`t01/${c}/1995`);
    expect(r.find((x) => x.year === 1995)!.cis_member_countries).toBe(members);
  });

  test("02: urban, rural and total net migration of Table 2, in persons", async () => {
    const r = await rows("02_net_migration_urban_rural.sql");
    expect(r).toHaveLength(12);
    expect(r.find((x) => x.year === 2006)).toEqual({
      package: "azerbaijan-2008", ref_area: "AZE", citation: "ssc-yearbook-2007", year: 2006,
      total: Math.round(await figure("t02/2006/Total population")),
      urban: Math.round(await figure("t02/2006/Urban population")),
      rural: Math.round(await figure("t02/2006/Rural population")),
      residual: 0,
    });
  });

  test("03: year-on-year growth within one source", async () => {
    const r = await rows("03_remittances_growth.sql");
    const [y2004, y2005] = [await figure("t04/2004/Remittances (Million USD)"), await figure("t04/2005/Remittances (Million USD)")];
    expect(r.find((x) => x.citation === "wb-dpg-2007" && x.year === 2005)).toMatchObject({ usd_million: y2005 / 1e6, previous_year: 2004, growth_pct: Math.round(1000 * (y2005 / y2004 - 1)) / 10 });
    expect(r.find((x) => x.citation === "wb-dpg-2007" && x.year === 2003)).toMatchObject({ previous_year: null, growth_pct: null });
    expect(r.find((x) => x.year === 2007 && x.citation === "wb-dpg-2007")).toMatchObject({ is_estimate: true });
    // a source that gives 2000 and then 2007: the growth is per year over the seven years, not one year's
    const [f2000, f2007] = r.filter((x) => x.citation === "wb-factbook-2005");
    expect(f2007).toMatchObject({ year: 2007, previous_year: 2000 });
    const perYear = (f2007!.usd_million as number) / (f2000!.usd_million as number);
    expect(f2007!.growth_pct).toBeCloseTo(100 * (perYear ** (1 / 7) - 1), 0);
  });

  test("04: Russia to Azerbaijan as Azerbaijan (Table 1) and Russia (Table 8) recorded it", async () => {
    const r = await rows("04_azerbaijan_russia_flows.sql");
    const [az, ru] = [await figure("t01/Russia/2002"), await figure("t08/From RF to Azerbaijan/2002")];
    expect(r.find((x) => x.year === 2002 && x.origin === "RUS")).toEqual({
      year: 2002, origin: "RUS", destination: "AZE", recorded_by_a: az, recorded_by_b: ru, difference: ru - az,
      ratio: Math.round((100 * ru) / az) / 100, source_a: "ssc-yearbook-2007", source_b: "goskomstat",
    });
    expect(r.find((x) => x.year === 2006 && x.origin === "AZE")).toMatchObject({ recorded_by_a: null, recorded_by_b: await figure("t08/From Azerbaijan to RF/2006") });
  });

  test("05: every IDP figure, lowest first within a date", async () => {
    const r = await rows("05_idp_estimates.sql");
    const all = await wh.all<{ obs_id: string; v: number }>(`SELECT obs_id, value_base AS v FROM observations WHERE measure = 'idps'`);
    expect(r.map((x) => x.obs_id).sort()).toEqual(all.map((x) => x.obs_id).sort());
    expect(r[0]).toMatchObject({ idps: 579000, citation: "idmc", period_end: "2006-12-31" });
    const in2006 = all.filter((x) => r.find((y) => y.obs_id === x.obs_id)!.period_end!.toString().startsWith("2006")).map((x) => x.v);
    expect(r[0]!.spread_in_year).toBe(Math.max(...in2006) - Math.min(...in2006));
  });

  test("06: figures per source add up to every observation; the lags", async () => {
    const r = await rows("06_figures_by_source_and_lag.sql");
    const [all] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM observations`);
    expect(r.reduce((s, x) => s + (x.figures as number), 0)).toBe(all!.n);
    const [ssc] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM observations WHERE citation = 'ssc-yearbook-2007'`);
    expect(r[0]).toMatchObject({ citation: "ssc-yearbook-2007", figures: ssc!.n, source_year: 2007, first_period_year: 1995, profile_lag_years: 1 });
  });

  test("07: exactly the figures whose source predates their period", async () => {
    const r = await rows("07_sources_published_before_period.sql");
    const all = await wh.all<{ obs_id: string; cy: number | null; ps: string | null }>(
      `SELECT o.obs_id, c.year AS cy, strftime(o.period_start, '%Y-%m-%d') AS ps FROM observations o LEFT JOIN citations c USING (package, citation)`,
    );
    const early = all.filter((o) => o.cy !== null && o.ps !== null && o.cy < Number(o.ps.slice(0, 4))).map((o) => o.obs_id).sort();
    expect(r.map((x) => x.obs_id).sort()).toEqual(early);
    expect(early).toEqual(["azerbaijan-2008:s-3.2-02", "azerbaijan-2008:s-6.7-06", "azerbaijan-2008:s-6.7-07"]);
    expect(r[0]).toMatchObject({ obs_id: "azerbaijan-2008:s-3.2-02", source_year: 2005, period_start_year: 2007, years_early: 2 });
  });
});
