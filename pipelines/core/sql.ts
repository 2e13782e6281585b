// SQL literals and expressions the bulk loader composes (names quoted, values as literals).
import { quoteIdent, quoteLiteral } from "./duckdb.ts";

export const sqlBool = (b: boolean): string => (b ? "true" : "false");
export const sqlText = (s: string | null | undefined): string => (s === null || s === undefined ? "CAST(NULL AS VARCHAR)" : quoteLiteral(s));
export const sqlNum = (n: number | null): string => (n === null ? "CAST(NULL AS DOUBLE)" : `CAST(${String(n)} AS DOUBLE)`);
export const sqlDate = (d: string | null): string => (d === null ? "CAST(NULL AS DATE)" : `DATE ${quoteLiteral(d)}`);

/**
 * A list constant of `type` written as one text cast to the list type ('["AFG", NULL, ...]'::VARCHAR[]),
 * not as a list of literals: a view over a bulk file holds lists of every country, period and label
 * value, and DuckDB binds the view again in every query that reads it (a literal per element made that
 * 15 ms a query). Each element is quoted with `"`, with `\` and `"` escaped; NULL is written bare.
 */
export const sqlList = (values: ReadonlyArray<string | number | boolean | null>, type: string): string =>
  `CAST(${quoteLiteral(`[${values.map((v) => (v === null ? "NULL" : `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(", ")}]`)} AS ${type}[])`;

/**
 * A column's text as read: NULL (an empty field) is "", surrounding spaces and byte-order marks removed.
 * (A text that begins with a byte-order mark reaches JavaScript without it, so a value resolved there
 * would not be the value stored: none keeps one.)
 */
export const cell = (alias: string, column: string): string => `trim(coalesce(${alias}.${quoteIdent(column)}, ''), ' ' || chr(65279))`;
