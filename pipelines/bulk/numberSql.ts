import type { MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";
import { quoteLiteral } from "../load/duckdb.ts";
import { normalizeKey } from "../normalize/units.ts";

/** RE2 text matching one character literally. */
const re2Escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * The grammar of a bulk figure, a subset of the printed-table grammar (pipelines/normalize/numbers.ts):
 * an optional sign (+, -, U+2212, U+2013) and one space, digits with the format's thousands separator
 * every three digits or none, and a decimal part. Captures: s (sign), i (integer digits), f (fraction).
 */
export const bulkNumberPattern = (format: NumberFormatT): string => {
  const group = format.group === "" ? "" : `|\\d{1,3}(?:${re2Escape(format.group)}\\d{3})+`;
  return `^(?:([+\\x{2212}\\x{2013}-]) ?)?(\\d*${group})(?:${re2Escape(format.decimal)}(\\d+))?$`;
};

/** SQL pieces that parse a text column of figures inside DuckDB, the number format and markers bound in. */
export interface NumberSql {
  /** a struct {s, i, f} of the figure's parts; i and f both '' when it is no number */
  readonly parts: (text: string) => string;
  /** given parts `m`: is it a number */
  readonly ok: (m: string) => string;
  /** given parts `m`: its value (DOUBLE) */
  readonly value: (m: string) => string;
  /** given parts `m`: its decimals */
  readonly decimals: (m: string) => string;
  /** the meaning ('nil', 'missing', 'not-available') of a text that is a marker as given or trimmed, else NULL */
  readonly marker: (text: string) => string;
  /** the meaning of a text that is a marker case-folded with whitespace collapsed, else NULL (slower: a regexp) */
  readonly markerFolded: (text: string) => string;
}

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
  return {
    // A text that is its own canonical unsigned integer (digits only, no leading zero: most figures of a
    // large file) is split without the regular expression, which would give the same parts.
    parts: (text) =>
      `(CASE WHEN TRY_CAST(TRY_CAST(${text} AS UBIGINT) AS VARCHAR) = ${text} THEN struct_pack(s := '', i := ${text}, f := '')
             ELSE regexp_extract(trim(${text}), ${pattern}, ['s', 'i', 'f']) END)`,
    ok: (m) => `(${m}.i <> '' OR ${m}.f <> '')`,
    value: (m) => {
      const int = group === "" ? `${m}.i` : `replace(${m}.i, ${group}, '')`;
      const magnitude = `CAST(CASE WHEN ${m}.i = '' THEN '0' ELSE ${int} END || CASE WHEN ${m}.f = '' THEN '' ELSE '.' || ${m}.f END AS DOUBLE)`;
      return `(CASE WHEN ${m}.s IN ('-', '\u2212', '\u2013') AND ${magnitude} <> 0 THEN -${magnitude} ELSE ${magnitude} END)`;
    },
    decimals: (m) => `CAST(length(${m}.f) AS INTEGER)`,
    marker: (text) => (markers.length === 0 ? "CAST(NULL AS VARCHAR)" : `coalesce(CASE ${text} ${exact} END, CASE trim(${text}) ${trimmed} END)`),
    markerFolded: (text) =>
      markers.length === 0 ? "CAST(NULL AS VARCHAR)" : `(CASE lower(trim(regexp_replace(${text}, '\\s+', ' ', 'g'))) ${folded} END)`,
  };
};
