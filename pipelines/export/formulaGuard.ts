// CSV files are opened in spreadsheets, which run a cell that starts with = + - @ (or a tab or CR before
// one) as a formula: a label such as `=HYPERLINK(...)` in a package would run on the reader's machine.
// OWASP's advice: prefix such a cell with ' (shown as text), unless it is a number (-5, +3.2, or as
// printed: "-9,8", "- 5,1", "-1 200", "+5%", a lone "-": digits and separators only, which no spreadsheet runs).
import { quoteIdent } from "../core/duckdb.ts";

/** What the datapackage and the docs say about the guard. */
export const FORMULA_GUARD_NOTE =
  "Text cells that begin with =, +, -, @, a tab or a carriage return and are not numbers are prefixed with ' so that spreadsheets show them as text (OWASP CSV injection advice); export with --no-formula-guard for the text as stored.";

/** What datapackage.json says about the CSV cells, with the guard or without it (--no-formula-guard). */
export const formulaGuardNote = (guarded: boolean): string =>
  guarded ? FORMULA_GUARD_NOTE : "Exported with --no-formula-guard: text cells are as stored, and a spreadsheet may run one that begins with =, +, -, @ as a formula.";

/** A signed number as printed: digits with spaces, dots or commas between them, perhaps a %; or a lone sign (a table's "-" for none). RE2 syntax. */
const PRINTED_NUMBER = String.raw`[+-][ \x{00A0}]*([0-9][0-9 .,\x{00A0}\x{202F}]*%?)?`;

/** SQL: the text `x` as a spreadsheet should get it (NULL stays NULL). */
export const formulaGuardSql = (x: string): string =>
  `CASE WHEN left(${x}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) AND TRY_CAST(${x} AS DOUBLE) IS NULL ` +
  `AND NOT regexp_full_match(${x}, '${PRINTED_NUMBER}') THEN '''' || ${x} ELSE ${x} END`;

/** The same rule in TypeScript (for tests and text written outside DuckDB). */
export const formulaGuard = (text: string): string => (/^[=+\-@\t\r]/u.test(text) && !isNumberText(text) ? `'${text}` : text);

// what DuckDB's TRY_CAST to DOUBLE accepts for a cell starting with + or -, and printed numbers
const isNumberText = (t: string): boolean =>
  /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)\s*$/iu.test(t) || /^[+-][ \u00a0]*([0-9][0-9 .,\u00a0\u202f]*%?)?$/u.test(t);

/** A SELECT over `select` with every text column guarded, the others as they are, in the same order. */
export const guardedSelect = (select: string, columns: ReadonlyArray<{ name: string; type: string }>): string =>
  `SELECT ${columns.map((c) => (c.type === "VARCHAR" || c.type.startsWith("ENUM") ? `${formulaGuardSql(quoteIdent(c.name))} AS ${quoteIdent(c.name)}` : quoteIdent(c.name))).join(", ")} FROM (${select})`;
