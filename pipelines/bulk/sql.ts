// SQL literals and expressions the bulk loader composes (names quoted, values as literals).
import { quoteIdent, quoteLiteral } from "../load/duckdb.ts";

export const sqlBool = (b: boolean): string => (b ? "true" : "false");
export const sqlText = (s: string | null | undefined): string => (s === null || s === undefined ? "CAST(NULL AS VARCHAR)" : quoteLiteral(s));
export const sqlNum = (n: number | null): string => (n === null ? "CAST(NULL AS DOUBLE)" : `CAST(${String(n)} AS DOUBLE)`);
export const sqlDate = (d: string | null): string => (d === null ? "CAST(NULL AS DATE)" : `DATE ${quoteLiteral(d)}`);

/** A column's text as read: NULL (an empty field) is "", surrounding spaces removed. */
export const cell = (alias: string, column: string): string => `trim(coalesce(${alias}.${quoteIdent(column)}, ''))`;
