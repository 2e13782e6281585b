import type { MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";
import { quoteLiteral } from "../core/duckdb.ts";
import { normalizeKey } from "../reference/units.ts";

/** RE2 text matching one character literally. */
const re2Escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * The grammar of a bulk figure, a subset of the printed-table grammar (pipelines/parse/numbers.ts):
 * an optional sign (+, -, U+2212, U+2013) and one space, digits with the format's thousands separator
 * every three digits or none, and a decimal part. Captures: s (sign), i (integer digits), f (fraction).
 */
export const bulkNumberPattern = (format: NumberFormatT): string => {
  const group = format.group === "" ? "" : `|\\d{1,3}(?:${re2Escape(format.group)}\\d{3})+`;
  return `^(?:([+\\x{2212}\\x{2013}-]) ?)?(\\d*${group})(?:${re2Escape(format.decimal)}(\\d+))?$`;
};

/** DuckDB's integer types: their text is the figure's digits. */
const INTEGER_TYPES = /^U?(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/u;

/**
 * The figure of a numeric column (a Parquet file's DOUBLE, FLOAT, DECIMAL or integer) as printed text in
 * `format`, or undefined when `type` is not numeric: the text of its value, never in scientific notation
 * (DuckDB writes 0.00001 as '1e-05', which the grammar refuses), with the format's decimal mark and no
 * thousands separator, so that parse reads back exactly the value. A DOUBLE or FLOAT is its shortest text
 * that reads back as it (DuckDB's; a FLOAT's is the float's, 0.1 rather than 0.100000001490116...), an
 * integral one without '.0'; a DECIMAL keeps its scale's decimals.
 * NaN and infinities stay 'nan' and 'inf', which parse refuses.
 */
export const numericFigureText = (column: string, type: string, format: NumberFormatT): string | undefined => {
  const text = `CAST(${column} AS VARCHAR)`;
  const point = (t: string) => (format.decimal === "." ? t : `replace(${t}, '.', ${quoteLiteral(format.decimal)})`);
  if (INTEGER_TYPES.test(type)) return text;
  if (/^DECIMAL\(\d+,\d+\)$/u.test(type)) return point(text);
  if (type !== "DOUBLE" && type !== "FLOAT") return undefined;
  // d.ddde±x as digits with the point moved x places (the mantissa matched once, bound to m)
  const digits = "(m.i || m.f)";
  const at = "(length(m.i) + CAST(m.x AS INTEGER))";
  const shifted = `m.s || CASE WHEN ${at} <= 0 THEN '0.' || repeat('0', -${at}) || ${digits}
    WHEN ${at} >= length(${digits}) THEN ${digits} || repeat('0', ${at} - length(${digits}))
    ELSE ${digits}[1:${at}] || '.' || ${digits}[${at} + 1:] END`;
  const scientific = `list_transform([regexp_extract(${text}, '^(-?)([0-9]+)(?:[.]([0-9]+))?e([+-][0-9]+)$', ['s', 'i', 'f', 'x'])], lambda m: ${shifted})[1]`;
  return point(`CASE WHEN contains(${text}, 'e') THEN ${scientific} WHEN suffix(${text}, '.0') THEN ${text}[1:-3] ELSE ${text} END`);
};

/** SQL that parses a text column of figures inside DuckDB, the number format and markers bound in. */
export interface NumberSql {
  /**
   * A query over `input` (a query with a text column value_text, each figure as read): the columns
   * `keep`, then value_text as stored (NULL where it is the canonical text of value: see printed), value
   * (DOUBLE, NULL for a marker other than nil and for no number), decimals, missing (the marker's meaning)
   * and long_digits (more than 15 significant digits).
   */
  readonly parse: (input: string, keep: ReadonlyArray<string>) => string;
  /** a stored figure's text as printed, from value_text and value as parse stores them (`alias`: the row) */
  readonly printed: (alias: string) => string;
  /**
   * An UPDATE of `table` (stored by parse) that parses again, without the byte-order marks and spaces
   * around them, each figure that parsed as nothing and holds a mark; one that then parses is stored as if
   * printed without them, one that does not keeps its text (its error shows the mark). Only figures that
   * failed are tried: on a file without such figures the scan skips every row group by its statistics.
   */
  readonly reparseMarked: (table: string) => string;
}

/** A text that is its own canonical unsigned integer: digits, no leading zero. */
const CANONICAL_UNSIGNED = /^(?:0|[1-9][0-9]*)$/;

/**
 * Missing markers match as in parseNumber: exactly, trimmed, then case-insensitively with whitespace
 * collapsed (ASCII whitespace here). The value of a number is the decimal string cast to DOUBLE (the
 * same correctly rounded double as JavaScript's Number), with no negative zero.
 */
export const numberSql = (format: NumberFormatT, missing: Readonly<Record<string, MissingMeaningT>>): NumberSql => {
  const pattern = quoteLiteral(bulkNumberPattern(format));
  const markers = Object.entries(missing);
  const exact = markers.map(([k, v]) => `WHEN ${quoteLiteral(k)} THEN ${quoteLiteral(v)}`).join(" ");
  const trimmed = markers.map(([k, v]) => `WHEN ${quoteLiteral(k.trim())} THEN ${quoteLiteral(v)}`).join(" ");
  const folded = markers.map(([k, v]) => `WHEN ${quoteLiteral(normalizeKey(k))} THEN ${quoteLiteral(v)}`).join(" ");
  const group = format.group === "" ? "" : quoteLiteral(format.group);
  // markers that are themselves canonical integers (a file might say '0' for missing): never the fast path
  const integerMarkers = [...new Set(markers.flatMap(([k]) => [k, k.trim()]).filter((k) => CANONICAL_UNSIGNED.test(k)))];
  // a struct {s, i, f} of the figure's parts (i and f both '' when it is no number); given parts m:
  // whether it is a number, its value, its decimals; the meaning of a marker as given or trimmed, then
  // case-folded with whitespace collapsed (slower: a regexp)
  const parts = (text: string) => `regexp_extract(trim(${text}), ${pattern}, ['s', 'i', 'f'])`;
  const ok = (m: string) => `(${m}.i <> '' OR ${m}.f <> '')`;
  const value = (m: string) => {
    const int = group === "" ? `${m}.i` : `replace(${m}.i, ${group}, '')`;
    const magnitude = `CAST(CASE WHEN ${m}.i = '' THEN '0' ELSE ${int} END || CASE WHEN ${m}.f = '' THEN '' ELSE '.' || ${m}.f END AS DOUBLE)`;
    return `(CASE WHEN ${m}.s IN ('-', '\u2212', '\u2013') AND ${magnitude} <> 0 THEN -${magnitude} ELSE ${magnitude} END)`;
  };
  const decimals = (m: string) => `CAST(length(${m}.f) AS INTEGER)`;
  const marker = (text: string) => (markers.length === 0 ? "CAST(NULL AS VARCHAR)" : `coalesce(CASE ${text} ${exact} END, CASE trim(${text}) ${trimmed} END)`);
  const markerFolded = (text: string) =>
    markers.length === 0 ? "CAST(NULL AS VARCHAR)" : `(CASE lower(trim(regexp_replace(${text}, '\\s+', ' ', 'g'))) ${folded} END)`;
  // Most figures of a large file are their own canonical unsigned integer (fast__): such a text is its
  // value, with no decimals, and is stored as NULL when its value gives it back (up to 15 digits). The
  // others are split by the regular expression, the markers tried first.
  const parse = (input: string, keep: ReadonlyArray<string>): string => {
    const kept = keep.map((k) => `${k}, `).join("");
    const fast = `coalesce(CAST(TRY_CAST(i.value_text AS UBIGINT) AS VARCHAR) = i.value_text${integerMarkers.length > 0 ? ` AND i.value_text NOT IN (${integerMarkers.map(quoteLiteral).join(", ")})` : ""}, false)`;
    return `SELECT ${kept}CASE WHEN fast__ AND length(value_text) <= 15 THEN NULL ELSE value_text END AS value_text,
       CASE WHEN fast__ THEN CAST(value_text AS DOUBLE) WHEN missing__ = 'nil' THEN CAST(0 AS DOUBLE) WHEN missing__ IS NULL AND ${ok("m__")} THEN ${value("m__")} END AS value,
       CASE WHEN fast__ OR missing__ IS NOT NULL THEN 0 ELSE ${decimals("m__")} END AS decimals,
       missing__ AS missing,
       CASE WHEN fast__ THEN length(value_text) > 15 ELSE missing__ IS NULL AND length(ltrim(${group === "" ? "m__.i" : `replace(m__.i, ${group}, '')`} || m__.f, '0')) > 15 END AS long_digits
FROM (SELECT p.*, CASE WHEN NOT fast__ THEN coalesce(${marker("p.value_text")}, CASE WHEN NOT ${ok("p.m__")} THEN ${markerFolded("p.value_text")} END) END AS missing__
      FROM (SELECT q.*, CASE WHEN NOT fast__ THEN ${parts("q.value_text")} END AS m__
            FROM (SELECT i.*, ${fast} AS fast__ FROM (${input}) i) q) p) n`;
  };
  return {
    parse,
    // the text, or the canonical integer its value was read from
    printed: (alias) => `coalesce(${alias}.value_text, CAST(CAST(${alias}.value AS UBIGINT) AS VARCHAR))`,
    reparseMarked: (table) => {
      const columns = ["value_text", "value", "decimals", "missing", "long_digits"];
      const again = parse(
        `SELECT rowid AS rid__, trim(value_text, ' ' || chr(65279)) AS value_text FROM ${table} WHERE value IS NULL AND missing IS NULL AND contains(value_text, chr(65279))`,
        ["rid__"],
      );
      return `UPDATE ${table} SET ${columns.map((c) => `${c} = x.${c}`).join(", ")}
FROM (${again}) x WHERE ${table}.rowid = x.rid__ AND (x.value IS NOT NULL OR x.missing IS NOT NULL)`;
    },
  };
};
