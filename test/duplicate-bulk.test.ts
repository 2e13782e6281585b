// The check of figures stated twice with bulk files, against hostile files: labels that resolve alike,
// periods of one year, totals and blanks, key columns that give no coordinate of the quantity. The flag
// bulk_files.distinct_quantities is compared with the quantities the build actually loaded, and the
// findings with the sole file with those of every figure partitioned (as before the sole file existed).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { bulkWorkspace, PKG, type BulkWorkspace } from "./helpers/bulkPackage.ts";

let ws: BulkWorkspace;
beforeEach(() => {
  ws = bulkWorkspace();
});
afterEach(() => ws.cleanup());

/** A bulk table of idps by area (unless its coordinates say otherwise) with these columns and keys. */
const bulkTable = (
  id: string,
  columns: Record<string, string | string[]>,
  keys: { row: string[]; column: string[] },
  over: { coordinates?: Record<string, string>; totals?: Record<string, string>; format?: "csv" | "parquet" } = {},
) => ({
  id, number: id, title: id, file: `tables/${id}.${over.format ?? "csv"}`, unit: "persons",
  source: { printed: "National statistics", citation: "stats" }, header_rows: over.format === "parquet" ? 0 : 1,
  coordinates: over.coordinates ?? { measure: "idps" },
  rows: { dimension: "none" }, columns: { dimension: "period" },
  bulk: { format: over.format ?? "csv", columns: { ...columns, value: "value" }, row_key: keys.row, column_key: keys.column, ...(over.totals ? { totals: over.totals } : {}) },
});

const byArea = { country: "ref_area", year: "period" };
const areaYear = { row: ["country"], column: ["year"] };
// Each file and whether no two of its records are the same quantity (the reporting country is Germany).
const FILES: Array<{ table: ReturnType<typeof bulkTable>; csv: string; distinct: boolean }> = [
  // an ISO code and a name of one country
  { table: bulkTable("codes", byArea, areaYear), csv: "country,year,value\nFRA,2005,1\nFrance,2005,2\nSpain,2007,3\n", distinct: false },
  // three names of the grand total
  {
    table: bulkTable("totals", { country: "counterpart", year: "period" }, areaYear, { coordinates: { measure: "migration", direction: "in" } }),
    csv: "country,year,value\nTotal,2005,10\nAll countries,2005,11\nWorld,2006,12\n",
    distinct: false,
  },
  // a blank area is the reporting country
  { table: bulkTable("blank_area", byArea, areaYear), csv: "country,year,value\nGermany,2005,1\n,2005,2\n", distinct: false },
  // periods of one year: an estimate, a fiscal year ending in it, an instant and a month in it
  { table: bulkTable("estimate", byArea, areaYear), csv: "country,year,value\nSpain,2005,1\nSpain,2005 (estimate),2\n", distinct: false },
  { table: bulkTable("fiscal", byArea, areaYear), csv: "country,year,value\nSpain,2004/05,4\nSpain,2005,2\n", distinct: false },
  { table: bulkTable("instant", byArea, areaYear), csv: "country,year,value\nItaly,end of 2005,1\nItaly,2005-06,2\n", distinct: false },
  // a breakdown's declared total and a blank: both the total
  {
    table: bulkTable("blank_total", { ...byArea, sex: "breakdown:sex" }, { row: ["country", "sex"], column: ["year"] }, { totals: { sex: "T" } }),
    csv: "country,sex,year,value\nSpain,T,2006,3\nSpain,,2006,4\nSpain,M,2006,1\n",
    distinct: false,
  },
  // key columns that give no coordinate of the quantity: a reporter, a unit, a label only
  { table: bulkTable("reporter", { ...byArea, source: "reporter" }, { row: ["country", "source"], column: ["year"] }), csv: "country,source,year,value\nSpain,Spain,2005,1\nSpain,France,2005,2\n", distinct: false },
  { table: bulkTable("unit", { ...byArea, u: "unit" }, { row: ["country", "u"], column: ["year"] }), csv: "country,u,year,value\nSpain,persons,2005,1000\nSpain,thousands,2005,2\n", distinct: false },
  { table: bulkTable("label", { ...byArea, note: "ignore" }, { row: ["country", "note"], column: ["year"] }), csv: "country,note,year,value\nSpain,a,2005,1\nSpain,b,2005,2\n", distinct: false },
  // the largest file whose quantities are all different: a fiscal year, a calendar year, a breakdown
  // with its total, a blank direction beside in and out
  {
    table: bulkTable("distinct", { country: "ref_area", year: "period", sex: "breakdown:sex", dir: "direction" }, { row: ["country", "dir"], column: ["year", "sex"] }, { totals: { sex: "T" } }),
    csv: [
      "country,dir,year,sex,value",
      ...["Spain", "France"].flatMap((c) => ["", "in", "out"].flatMap((d) => ["2004/05", "2006"].flatMap((y) => ["T", "M", "F"].map((s) => `${c},${d},${y},${s},${c.length + d.length + y.length + s.length}`)))),
    ].join("\n") + "\n",
    distinct: true,
  },
];

// statements of quantities some of the files state too
const STATEMENTS = [
  { id: "s-1", section: "1", label: "IDPs in Spain", measure: "idps", ref_area: "Spain", period: "2006", value: "99", unit: "persons", citation: "stats" },
  { id: "s-2", section: "1", label: "IDPs in France", measure: "idps", ref_area: "France", period: "2005", value: "7", unit: "persons", citation: "stats" },
  { id: "s-3", section: "1", label: "IDPs in Spain", measure: "idps", ref_area: "Spain", period: "end of 2007", value: "5", unit: "persons", citation: "stats" },
];

type Found = { target: string; obs_ids: string[]; message: string; details: string };
const PARAMS: ReadonlyArray<Record<string, unknown>> = [{}, { period_match: "year", measures: ["idps", "refugees", "immigrant_stock"] }];

/** The findings of the duplicate kind, for each of PARAMS. */
const findings = async (): Promise<Found[][]> => {
  const { duplicate } = await import("../checks/kinds/duplicate/kind.ts");
  const { applyCheckSql } = await import("./helpers/syntheticPackage.ts");
  const wh = await Warehouse.open(ws.db);
  try {
    await applyCheckSql(wh);
    const all: Found[][] = [];
    for (const params of PARAMS) all.push((await wh.all<Found>(duplicate.compile({ id: "t", kind: "duplicate", description: "t", params }))).map((f) => ({ ...f, obs_ids: [...f.obs_ids] })));
    return all;
  } finally {
    wh.close();
  }
};

/** Each file's flag, and whether the view observations has two of its records of one quantity (as the check groups them, by year). */
const flags = async () =>
  ws.query<{ table_id: string; distinct_quantities: boolean; repeated: boolean }>(`
    SELECT b.table_id, b.distinct_quantities, EXISTS (
      SELECT 1 FROM observations o WHERE o.package = b.package AND o.table_id = b.table_id AND o.period_end IS NOT NULL
      GROUP BY o.measure, o.ref_area, o.direction, o.counterpart, o.breakdown, year(o.period_end) HAVING count(*) > 1
    ) AS repeated
    FROM bulk_files b ORDER BY b.table_id`);

const partitionEverything = async (): Promise<void> => {
  const wh = await Warehouse.open(ws.db);
  try {
    await wh.run("UPDATE bulk_files SET distinct_quantities = false");
  } finally {
    wh.close();
  }
};

describe("figures stated twice, with hostile bulk files", () => {
  test("a file is all different quantities exactly when none of its records repeats a quantity; the sole file changes no finding", async () => {
    ws.descriptor(FILES.map((f) => f.table), STATEMENTS);
    for (const f of FILES) ws.write(f.table.file, f.csv);
    expect(await ws.build()).toEqual([]);
    const expected = FILES.map((f) => ({ table_id: f.table.id, distinct_quantities: f.distinct, repeated: !f.distinct })).sort((a, b) => (a.table_id < b.table_id ? -1 : 1));
    expect(await flags()).toEqual(expected);
    const found = await findings();
    // the sole file against a statement (exact period) and against a file of the same year (by year)
    expect(found[0]!.map((f) => f.target)).toContain("idps/ESP/-/-/-/2006");
    expect([...found[0]!.find((f) => f.target === "idps/ESP/-/-/-/2006")!.obs_ids].sort()).toEqual(
      [`${PKG}:blank_total/Spain / /2006`, `${PKG}:blank_total/Spain / T/2006`, `${PKG}:distinct/Spain / /2006 / T`, `${PKG}:s-1`].sort(),
    );
    // (by year, the sole file's fiscal year 2004/05 is a figure of 2005, as are the others' of Spain)
    expect(found[1]!.find((f) => f.target === "idps/ESP/-/-/-/2005")!.obs_ids).toContain(`${PKG}:distinct/Spain / /2004/05 / T`);
    await partitionEverything();
    expect(await findings()).toEqual(found);
  });

  test("joined coded columns and a Parquet copy of the sole file give the same flags and findings", async () => {
    ws.descriptor(FILES.map((f) => f.table), STATEMENTS);
    for (const f of FILES) ws.write(f.table.file, f.csv);
    expect(await ws.build()).toEqual([]);
    const flagsCsv = await flags();
    const found = await findings();
    // the same package with the sole file as Parquet (its year a text), every coded column joined
    const wh = await Warehouse.open();
    try {
      await wh.run(`COPY (SELECT * FROM read_csv('${ws.pkg}/tables/distinct.csv', all_varchar = true)) TO '${ws.pkg}/tables/distinct.parquet' (FORMAT parquet)`);
    } finally {
      wh.close();
    }
    const asParquet = FILES.map((f) => (f.distinct ? bulkTable("distinct", f.table.bulk.columns, { row: f.table.bulk.row_key, column: f.table.bulk.column_key }, { totals: { sex: "T" }, format: "parquet" }) : f.table));
    ws.descriptor(asParquet, STATEMENTS);
    expect(await ws.build({ coded: "joined" })).toEqual([]);
    expect(await flags()).toEqual(flagsCsv);
    // (a Parquet record's line is its number: the ids are the same, the lines not)
    expect(await findings()).toEqual(found.map((f) => f.map((x) => ({ ...x, details: expect.any(String), message: expect.any(String) }))));
    const foundJoined = await findings();
    await partitionEverything();
    expect(await findings()).toEqual(foundJoined);
  });
});
