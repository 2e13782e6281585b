// What the CSV export writes differently from the warehouse, so that a Frictionless reader
// (datapackage.json declares `missingValues: [""]`) reads every value back with its meaning:
// - an empty field is null, so an empty string that means something is written as a code: a breakdown
//   of "" (the total) as `_T`, the qualifier "" (a figure printed with no qualifier word) as `_Z`
//   (SDMX's codes for "total" and "not applicable"). In the other text columns that hold "" (the text
//   of a blank printed cell, a table printed without a unit or a row title) "" means "nothing printed",
//   which null says as well: the build never writes null there.
// - infinities as Table Schema writes them (`INF`, `-INF`, `NaN`), not DuckDB's `inf`.
// The per-table files are printed labels and numbers: only the numbers change there.
import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import type { Resource } from "./resources.ts";

/** Codes written for an empty string, by column name, in the observations and dimension files. */
export const EMPTY_CODES: ReadonlyMap<string, string> = new Map([
  ["breakdown", "_T"],
  ["qualifier", "_Z"],
]);

/** The null marker of every CSV file (Table Schema `missingValues`). */
export const CSV_MISSING_VALUES: ReadonlyArray<string> = [""];

const FLOAT = /^(DOUBLE|FLOAT|REAL)$/u;

/** The SELECT written to a CSV file: `r.select` with the codes and Table Schema's spelling of infinities. */
export const csvSelect = (r: Resource, columns: ReadonlyArray<{ name: string; type: string }>): string => {
  const replace: string[] = [];
  for (const c of columns) {
    const id = quoteIdent(c.name);
    const code = r.kind === "table" ? undefined : EMPTY_CODES.get(c.name);
    if (code !== undefined && c.type === "VARCHAR") replace.push(`CASE WHEN ${id} = '' THEN ${quoteLiteral(code)} ELSE ${id} END AS ${id}`);
    else if (FLOAT.test(c.type)) {
      replace.push(`CASE WHEN isinf(${id}) THEN CASE WHEN ${id} > 0 THEN 'INF' ELSE '-INF' END WHEN isnan(${id}) THEN 'NaN' ELSE CAST(${id} AS VARCHAR) END AS ${id}`);
    }
  }
  return replace.length === 0 ? r.select : `SELECT * REPLACE (${replace.join(", ")}) FROM (${r.select})`;
};
