import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import { closeSync, openSync, writeSync } from "node:fs";
import type { Warehouse } from "../core/duckdb.ts";

/** A query result as column names, DuckDB types and JSON-ready rows (arrays, in column order). */
export interface JsonResult {
  readonly columns: ReadonlyArray<string>;
  readonly types: ReadonlyArray<DuckDBType>;
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/**
 * One value as JSON would hold it. The client's JSON form keeps 64-bit integers and decimals as strings
 * (they may not fit a double); counts and sums fit, so they become numbers when exact. JSON-typed
 * columns are parsed, so a JSON export nests them instead of quoting them.
 */
const jsonValue = (value: unknown, type: DuckDBType): unknown => {
  if (typeof value !== "string") return value;
  if (WIDE_INTEGERS.has(type.typeId)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (type.typeId === DuckDBTypeId.DECIMAL) return Number(value);
  if (type.typeId === DuckDBTypeId.VARCHAR && type.alias === "JSON") {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
};

/** Run a query and return its rows with JSON values (dates as YYYY-MM-DD, booleans, numbers). */
export const queryJson = async (wh: Warehouse, sql: string, params?: DuckDBValue[]): Promise<JsonResult> => {
  const reader = await wh.connection.runAndReadAll(sql, params);
  const columns = reader.columnNames();
  const types = reader.columnTypes();
  const rows = (reader.getRowsJson() as unknown[][]).map((r) => r.map((v, i) => jsonValue(v, types[i]!)));
  return { columns, types, rows };
};

/** A row as an object (for validation); JSON object key order is not relied on, see `jsonArrayText`. */
export const rowObject = (columns: ReadonlyArray<string>, row: ReadonlyArray<unknown>): Record<string, unknown> =>
  Object.fromEntries(columns.map((c, i) => [c, row[i]]));

/**
 * A JSON array of row objects, one row per line, keys in column order. Built by hand because a JS object
 * puts integer-like keys ("1995", "2006": the year columns of a printed table) before all others.
 */
export const jsonArrayText = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  if (rows.length === 0) return "[]\n";
  const keys = jsonKeys(columns);
  return "[\n" + rows.map((r) => jsonRowLine(keys, r)).join(",\n") + "\n]\n";
};

/** Each column name as a JSON key with its colon. */
const jsonKeys = (columns: ReadonlyArray<string>): string[] => columns.map((c) => JSON.stringify(c) + ":");

/** One row of a JSON array of row objects: its line, without the separator. */
const jsonRowLine = (keys: ReadonlyArray<string>, row: ReadonlyArray<unknown>): string =>
  "  {" + row.map((v, i) => keys[i] + JSON.stringify(v ?? null)).join(",") + "}";

/**
 * Write a query's rows into `file` as `jsonArrayText` would write them, a chunk of rows at a time: a
 * warehouse with bulk files holds millions of observations, whose JSON text does not fit in one string
 * (a million records made 5.8 GB and failed). The number of rows written.
 */
export const writeJsonArray = async (wh: Warehouse, sql: string, file: string): Promise<number> => {
  const result = await wh.connection.stream(sql);
  const types = result.columnTypes();
  const keys = jsonKeys(result.columnNames());
  const fd = openSync(file, "w");
  let n = 0;
  try {
    for await (const rows of result.yieldRowsJson()) {
      let text = "";
      for (const r of rows) {
        text += (n === 0 ? "[\n" : ",\n") + jsonRowLine(keys, r.map((v, i) => jsonValue(v, types[i]!)));
        n++;
      }
      if (text !== "") writeSync(fd, text);
    }
    writeSync(fd, n === 0 ? "[]\n" : "\n]\n");
  } finally {
    closeSync(fd);
  }
  return n;
};
