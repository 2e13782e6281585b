// Rows decoded with a schema (Warehouse.rows, Warehouse.one): DuckDB's DOUBLE as a number, infinities and
// NaN included, and a query that does not give the one row asked for is named.
import * as Schema from "effect/Schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NumberFromDuckDouble, RowDecodeError, Warehouse } from "../pipelines/core/duckdb.ts";

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open();
});
afterAll(() => wh.close());

describe("decoded rows", () => {
  it("a DOUBLE is a number, the infinities and NaN too", async () => {
    const rows = await wh.rows(
      Schema.Struct({ x: Schema.NullOr(NumberFromDuckDouble) }),
      `SELECT x FROM (VALUES (1.5::DOUBLE, 1), ('inf'::DOUBLE, 2), ('-inf'::DOUBLE, 3), ('nan'::DOUBLE, 4), (NULL, 5), (-0.0::DOUBLE, 6)) AS t(x, k) ORDER BY k`,
    );
    expect(rows.map((r) => r.x)).toEqual([1.5, Infinity, -Infinity, NaN, null, -0]);
  });

  it("text that is not a number is refused, naming the field", async () => {
    await expect(wh.rows(Schema.Struct({ x: NumberFromDuckDouble }), `SELECT 'twelve' AS x`)).rejects.toThrow(/row 1 of .* does not decode: x: /);
  });

  it("one: the single row of an aggregate; none or two is an error", async () => {
    expect(await wh.one(Schema.Struct({ n: Schema.Number }), `SELECT count(*)::INTEGER AS n FROM range(7)`)).toEqual({ n: 7 });
    await expect(wh.one(Schema.Struct({ n: Schema.Number }), `SELECT 1 AS n WHERE false`)).rejects.toBeInstanceOf(RowDecodeError);
    await expect(wh.one(Schema.Struct({ n: Schema.Number }), `SELECT * FROM (VALUES (1), (2)) AS t(n)`)).rejects.toThrow(/^the result of "SELECT \* FROM \(VALUES \(1\), \(2\)\) AS t\(n\)" does not decode: expected one row, got 2$/);
  });
});
