// insertRows appends with DuckDB's appender; what it stores must be what an INSERT with bound
// parameters stores (the way it inserted before), type by type.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertRows, Warehouse } from "../pipelines/core/duckdb.ts";

const TABLE = `(
  id VARCHAR PRIMARY KEY, day DATE, n INTEGER, big BIGINT, x DOUBLE, flag BOOLEAN, details JSON, text VARCHAR,
  fixed VARCHAR DEFAULT 'preset', req VARCHAR NOT NULL DEFAULT 'r'
)`;
const COLUMNS = ["details", "id", "day", "n", "big", "x", "flag", "text"]; // not in table order; fixed and req left to their defaults

const rows: Array<Record<string, unknown>> = [
  { id: "a", day: "2008-03-01", n: 3, big: 12, x: 1.5, flag: true, details: '{"k":[1,2]}', text: "plain" },
  { id: "b", day: null, n: 7, big: 2 ** 40, x: 2, flag: false, details: "null", text: 0.1 + 0.2 },
  { id: "c", n: 2.6, big: 5n, x: Number.NaN, flag: 1, details: null, text: "" }, // day undefined: NULL; 2.6 rounds; 1 is true
  { id: "d", day: "1999-12-31", n: "41", big: "-9", x: -0, flag: "false", details: "[]", text: "é \u0000 \"q\"" },
];

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open();
  await wh.run(`CREATE TABLE appended ${TABLE}`);
  await wh.run(`CREATE TABLE inserted ${TABLE}`);
});
afterEach(() => wh.close());

const viaInsert = async (table: string, r: ReadonlyArray<Record<string, unknown>>) => {
  for (const row of r) {
    await wh.run(`INSERT INTO ${table} (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`, COLUMNS.map((c) => row[c] ?? null) as never);
  }
};
const contents = (table: string) => wh.all(`SELECT *, typeof(details) AS details_type FROM ${table} ORDER BY id`);

describe("insertRows", () => {
  it("stores every type, NULL and default as an INSERT with bound parameters does", async () => {
    await insertRows(wh, "appended", COLUMNS, rows);
    await viaInsert("inserted", rows);
    const appended = await contents("appended");
    expect(appended).toEqual(await contents("inserted"));
    expect(appended[0]).toEqual({ id: "a", day: "2008-03-01", n: 3, big: "12", x: 1.5, flag: true, details: '{"k":[1,2]}', text: "plain", fixed: "preset", req: "r", details_type: "JSON" });
    expect(appended.map((r) => [r["n"], r["text"], r["day"]])).toEqual([[3, "plain", "2008-03-01"], [7, "0.30000000000000004", null], [3, "", null], [41, 'é \u0000 "q"', "1999-12-31"]]);
  });

  it("fails on a value its column cannot hold, naming it, and drops the rows not yet flushed", async () => {
    await expect(insertRows(wh, "appended", ["id", "day"], [{ id: "ok", day: "2001-01-01" }, { id: "bad", day: "not a date" }])).rejects.toThrow(/not a date/);
    expect(await wh.all("SELECT id FROM appended")).toEqual([]);
  });

  it("fails on a duplicate key, naming it, and leaves the table as it was", async () => {
    await insertRows(wh, "appended", ["id"], [{ id: "a" }]);
    await expect(insertRows(wh, "appended", ["id"], [{ id: "b" }, { id: "a" }])).rejects.toThrow(/Duplicate key "id: a"/);
    expect(await wh.all("SELECT id FROM appended ORDER BY id")).toEqual([{ id: "a" }]);
    await insertRows(wh, "appended", ["id"], [{ id: "c" }]); // the connection is still usable
    expect(await wh.all("SELECT id FROM appended ORDER BY id")).toEqual([{ id: "a" }, { id: "c" }]);
  });

  it("refuses a column the table does not have", async () => {
    await expect(insertRows(wh, "appended", ["id", "nope"], [{ id: "a" }])).rejects.toThrow(/no column nope/);
  });

  it("writes many rows (more than one of DuckDB's chunks) in order", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `r${String(i).padStart(5, "0")}`, n: i }));
    await insertRows(wh, "appended", ["id", "n"], many);
    expect(await wh.all("SELECT count(*)::INTEGER AS c, sum(n)::INTEGER AS s, min(id) AS lo, max(id) AS hi FROM appended")).toEqual([{ c: 5000, s: (4999 * 5000) / 2, lo: "r00000", hi: "r04999" }]);
  });
});
