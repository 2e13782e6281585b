import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import { sqlBool, sqlList, sqlNum, sqlText } from "../core/sql.ts";
import { canonicalBreakdown } from "../normalize/defaults.ts";
import { baseValue } from "../parse/baseValue.ts";
import { givenBy, type BulkStaging } from "./bulkStaging.ts";
import type { PackedKey } from "./figureKeys.ts";
import type { ReadBulkFile } from "./readBulkFile.ts";
import type { ConstantCoordinates } from "./resolveConstants.ts";
import type { ResolvedColumns } from "./resolveCodedColumns.ts";
import { joined, type StoredFigures } from "./storeFigures.ts";

/**
 * The breakdown from its key=value parts (each NULL where a record has none): '' without parts; one part
 * as it is, '' for NULL (what concat_ws gives, without building a string per record: a tenth of a second
 * of CPU at five million records, in every check that reads the breakdown); several joined with ';'.
 */
const breakdownSql = (pairs: ReadonlyArray<string>): string =>
  pairs.length === 0 ? "''" : pairs.length === 1 ? `coalesce(${pairs[0]}, '')` : `concat_ws(';', ${pairs.join(", ")})`;

/**
 * The SELECT of this table's part of the view observations: every column of observations computed from
 * the narrow stored figures (bulk_figures_N) and the mapping tables (bulk_map_N_K).
 */
export const observationsSql = (
  s: BulkStaging,
  read: ReadBulkFile,
  columns: ResolvedColumns,
  constants: ConstantCoordinates,
  stored: StoredFigures,
  keys: { rowKeyOf: PackedKey | null; colKeyOf: PackedKey | null },
): string => {
  const { pkg, file, coordinates: c } = s;
  const { table, spec } = s.source;
  const { columnOf } = read;
  const { coded } = columns;
  const { constant, constMeasure, constUnit, constReporter, citationReporter } = constants;
  const { c_, enumOf, num, label, labelParts, storedCode } = stored;
  const { rowKeyOf, colKeyOf } = keys;
  const measureColumn = givenBy(coded, "measure");
  const unitColumn = givenBy(coded, "unit");
  // What a coded column stored as an ENUM resolves to is a list indexed by its code, computed once in an
  // inner SELECT (f_<name>) and read by name wherever the view uses it: every check query binds the view
  // anew, several times, and a list repeated in each expression that uses it was half of that binding.
  // A list whose values are all the same (flags no value sets) is that value. (A stored code is never
  // NULL: an empty field is stored as ''.)
  const inner = new Map<string, string>();
  const lookup = (alias: string, values: ReadonlyArray<string | number | boolean | null>, type: string, column: string): string => {
    if (values.length > 0 && values.every((v) => v === values[0])) return `CAST(${values[0] === null ? "NULL" : quoteLiteral(String(values[0]))} AS ${type})`;
    if (!inner.has(alias)) inner.set(alias, `${sqlList(values, type)}[enum_code(r.${c_(column)}) + 1]`);
    return `r.${quoteIdent(alias)}`;
  };
  const field = (name: string): string => {
    const k = coded.find((x) => name in x.fields);
    if (k !== undefined && enumOf.has(k.column)) return lookup(`f_${name}`, k.rows.map((r) => r[name] ?? null), k.fields[name]!, k.column);
    if (k !== undefined) return `${quoteIdent(`m${coded.indexOf(k)}`)}.${quoteIdent(name)}`;
    const v = constant[name];
    if (v === undefined) throw new Error(`bulk: no value for ${name}`); // a bug, not bad input
    return v;
  };
  const footnoteFlags = new Set((table.footnotes ?? []).flatMap((m) => (pkg.footnotes.find((f) => f.row.mark === m)?.row.flags ?? "").split(";").filter((x) => x !== "")));
  const tableBreakdown = canonicalBreakdown(c.breakdown ?? "")
    .split(";")
    .filter((p) => p !== "" && !spec.breakdowns.some((b) => p.startsWith(`${b.key}=`)));
  const pairs = [...tableBreakdown.map((p) => ({ key: p.split("=")[0]!, sql: quoteLiteral(p) })), ...spec.breakdowns.map((b) => ({ key: b.key, sql: field(`b_${b.key}`) }))]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.sql);
  const measureSql = measureColumn ? { measure: field("measure"), kind: field("measure_kind") } : { measure: sqlText(constMeasure?.measure), kind: sqlText(constMeasure?.kind) };
  const reporterSql = ((): string => {
    if (spec.coordinate.reporter === undefined) return constReporter !== null ? sqlText(constReporter) : field("c_reporter");
    const k = coded.find((x) => "reporter" in x.fields)!;
    if (!enumOf.has(k.column) || citationReporter === undefined) return `coalesce(${field("reporter")}, ${field("c_reporter")})`;
    // One citation for the file: its reporter folded into the column's list, one lookup per record and
    // not a coalesce; and where every value reports its own area (a country's records of its own
    // arrivals), the very expression of ref_area, so that comparing the two costs nothing.
    const values = k.rows.map((r) => (r["reporter"] as string | null | undefined) ?? citationReporter ?? null);
    if (coded.find((x) => "ref_area" in x.fields) === k && k.rows.every((r, i) => r["ref_area"] === values[i])) return field("ref_area");
    return lookup("f__reporter", values, "VARCHAR", k.column);
  })();
  const estimate = `(${field("p_estimate")} OR ${sqlBool(footnoteFlags.has("estimate"))})`;
  const provisional = `(${field("p_provisional")} OR ${sqlBool(footnoteFlags.has("provisional"))})`;
  const multiplier = field("multiplier");
  // rounding: half the last printed digit in base units (0 for whole counts), as baseValue computes it,
  // for 0..30 decimals and each unit of the file
  const baseUnitSql = unitColumn ? field("u_base_unit") : sqlText(constUnit!.baseUnit);
  const units = unitColumn
    ? [...new Map(unitColumn.rows.map((r) => [`${r["multiplier"]} ${r["u_base_unit"]}`, { multiplier: Number(r["multiplier"]), baseUnit: String(r["u_base_unit"]) }])).values()]
    : [constUnit!];
  const roundings = (u: { multiplier: number; baseUnit: string }) =>
    sqlList(Array.from({ length: 31 }, (_, dec) => baseValue({ ok: true, value: 0, low: null, high: null, decimals: dec, scale: 1, percent: false, missing: null }, { unit: "", ...u }).rounding_base), "DOUBLE");
  const roundingSql = (decimals: string) =>
    units.length === 0 // a file without records
      ? "CAST(NULL AS DOUBLE)"
      : `CASE ${units.map((u) => `WHEN ${multiplier} = ${sqlNum(u.multiplier)} AND ${baseUnitSql} = ${quoteLiteral(u.baseUnit)} THEN list_extract(${roundings(u)}, ${decimals} + 1)`).join(" ")} END`;
  // value * multiplier without binary noise, as units.ts's clean() (15 significant digits)
  const baseSql = (value: string, long: string) =>
    `CASE WHEN ${value} IS NULL OR ${value} = 0 OR (${multiplier} = 1 AND NOT ${long}) THEN ${value} * ${multiplier} ELSE CAST(printf('%.15g', ${value} * ${multiplier}) AS DOUBLE) END`;

  // Stored columns are named c0, c1, ... (a file may name a column anything, even like ours).
  const joins = coded.flatMap((k, i) => (enumOf.has(k.column) ? [] : [`JOIN main.${quoteIdent(k.table)} ${quoteIdent(`m${i}`)} ON ${quoteIdent(`m${i}`)}.v = r.${c_(k.column)}`])).join("\n  ");
  const base = `${pkg.id}:${table.id}/`;
  const rowText = label("r", spec.rowKey);
  const colText = label("r", spec.columnKey);
  return `
SELECT
  ${joined([quoteLiteral(base), ...labelParts("r", spec.rowKey), "'/'", ...labelParts("r", spec.columnKey)])},
  ${quoteLiteral(pkg.id)}, 'table', ${quoteLiteral(table.id)}, ${rowText}, ${colText}, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
  ${quoteLiteral(file)}, r.line, ${columnOf(spec.value)}, ${num.printed("r")}, ${num.printed("r")},
  ${joined([quoteLiteral(`${table.title}: `), ...labelParts("r", spec.rowKey), "' | '", ...labelParts("r", spec.columnKey)])}, ${sqlText(table.section ?? null)},
  ${measureSql.measure}, ${measureSql.kind}, ${field("ref_area")}, nullif(${field("direction")}, ''), ${field("counterpart")}, ${field("counterpart_label")},
  CASE nullif(${field("direction")}, '') WHEN 'in' THEN ${field("counterpart")} WHEN 'out' THEN ${field("ref_area")} END,
  CASE nullif(${field("direction")}, '') WHEN 'in' THEN ${field("ref_area")} WHEN 'out' THEN ${field("counterpart")} END,
  ${breakdownSql(pairs)},
  ${field("period_text")}, ${field("period_start")}, ${field("period_end")},
  r.value, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), r.decimals,
  ${field("unit")}, ${field("unit_assumed")}, ${multiplier}, ${baseUnitSql},
  ${baseSql("r.value", "r.long_digits")},
  CASE WHEN r.missing IN ('missing', 'not-available') THEN NULL ELSE ${roundingSql("r.decimals")} END,
  CASE WHEN r.missing = 'missing' THEN 'M' WHEN r.missing = 'not-available' THEN 'L' WHEN ${estimate} THEN 'E' WHEN ${provisional} THEN 'P' ELSE 'A' END,
  r.missing, ${estimate}, (${field("p_partial")} OR ${sqlBool(footnoteFlags.has("partial"))}), ${provisional},
  (${field("p_cumulative")} OR ${sqlBool(footnoteFlags.has("cumulative"))}), ${sqlBool(footnoteFlags.has("unofficial"))},
  CAST(NULL AS VARCHAR), ${field("citation")}, ${field("citation_year")}, ${reporterSql}, ${sqlText((table.footnotes ?? []).join(";") || null)},
  CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
  ${rowKeyOf?.((k) => storedCode("r", k)) ?? "CAST(NULL AS BIGINT)"}, ${colKeyOf?.((k) => storedCode("r", k)) ?? "CAST(NULL AS BIGINT)"}
FROM ${inner.size === 0 ? `main.${quoteIdent(s.figures)}` : `(SELECT r.*, ${[...inner].map(([alias, sql]) => `${sql} AS ${quoteIdent(alias)}`).join(", ")} FROM main.${quoteIdent(s.figures)} r)`} r
  ${joins}`;
};
