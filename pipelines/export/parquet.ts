// What the Parquet export writes differently from the warehouse's types: JSON columns as plain text.
// DuckDB tags them with Parquet's JSON logical type, which Polars and some Arrow readers reject
// ("DataType Binary is not supported"); as UTF-8 strings every reader takes them, and datapackage.json
// says which fields hold JSON.
import { quoteIdent } from "../core/duckdb.ts";

/** The SELECT written to a Parquet file: `select` with its JSON columns cast to text. */
export const parquetSelect = (select: string, columns: ReadonlyArray<{ name: string; type: string }>): string => {
  const json = columns.filter((c) => c.type === "JSON");
  if (json.length === 0) return select;
  return `SELECT * REPLACE (${json.map((c) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`).join(", ")}) FROM (${select})`;
};
