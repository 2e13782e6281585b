// The JSON export streams each resource into its file a chunk of rows at a time (a warehouse of millions
// of observations does not fit in one string): the file must be what the whole result written at once is,
// across DuckDB's chunks of 2,048 rows, for every type the export writes, and for no row at all.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { jsonArrayText, queryJson, writeJsonArray } from "../pipelines/export/jsonRows.ts";

let wh: Warehouse;
let dir: string;
beforeAll(async () => {
  wh = await Warehouse.open();
  dir = mkdtempSync(join(tmpdir(), "mp-json-stream-"));
});
afterAll(() => {
  wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const both = async (sql: string) => {
  const file = join(dir, "out.json");
  const rows = await writeJsonArray(wh, sql, file);
  const whole = await queryJson(wh, sql);
  return { rows, streamed: readFileSync(file, "utf8"), whole: jsonArrayText(whole.columns, whole.rows), count: whole.rows.length };
};

describe("writeJsonArray", () => {
  test("writes what jsonArrayText writes, over several chunks and every type the export has", async () => {
    const r = await both(`
      SELECT i AS "1995", 'row "' || i || '"' || chr(10) AS label, i::BIGINT * 1000000007 AS big, (i / 7)::DECIMAL(12, 3) AS dec,
             DATE '2000-01-01' + i::INTEGER AS day, i % 3 = 0 AS flag, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3.0 END AS maybe,
             ('{"k": ' || i || '}')::JSON AS doc, [i, i + 1] AS pair, 9007199254740993::BIGINT AS huge
      FROM range(5000) t(i) ORDER BY i`);
    expect(r.count).toBe(5000);
    expect(r.rows).toBe(5000);
    expect(r.streamed).toBe(r.whole);
    // it is JSON, keys in column order (the year-like key first), JSON columns nested
    const parsed = JSON.parse(r.streamed) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(5000);
    expect(Object.keys(parsed[1]!)[0]).toBe("1995");
    expect(parsed[4999]).toMatchObject({ label: 'row "4999"\n', doc: { k: 4999 }, flag: false, huge: "9007199254740993" });
  });

  test("no row is an empty array, as at once", async () => {
    const r = await both(`SELECT 1 AS a WHERE false`);
    expect(r.rows).toBe(0);
    expect(r.streamed).toBe("[]\n");
    expect(r.streamed).toBe(r.whole);
  });
});
