// The keys of the stored figures: row_key and col_key packed from ENUM codes, the hierarchy rules over
// them, the column labels in file order, and the figures an id names.
import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import type { BulkStaging, CodedColumn } from "./bulkStaging.ts";
import { hierarchySql } from "./hierarchySql.ts";
import type { ReadBulkFile } from "./readBulkFile.ts";
import type { ResolvedColumns } from "./resolveCodedColumns.ts";
import type { StoredFigures } from "./storeFigures.ts";

/** The SQL of a packed key, given the SQL of each key column's ENUM code. */
export type PackedKey = (code: (column: string) => string) => string;

/**
 * row_key and col_key: the key columns' ENUM codes packed into one number, one per label (grouping on
 * it is grouping on the label, without building the text). Only where every key column of the axis is
 * an ENUM, no value holds '/' (so that one label is one combination of values) and the numbers stay
 * exact in a double; elsewhere NULL, and the checks use the labels.
 */
export const packedKey = (
  key: ReadonlyArray<string>,
  coded: ReadonlyArray<CodedColumn>,
  enumOf: ReadonlyMap<string, string>,
  valuesOf: ResolvedColumns["valuesOf"],
): PackedKey | null => {
  const packed = packedCodes(key, coded, enumOf);
  if (packed === null || packed.combinations > Number.MAX_SAFE_INTEGER) return null;
  if (key.some((k) => (valuesOf.get(k) ?? []).some((v) => v.v.includes("/")))) return null;
  return packed.sql;
};

/**
 * Where every column of `key` is stored as an ENUM: the SQL packing their codes into one number (mixed
 * radix, one digit per column: distinct combinations give distinct numbers, from 0 to combinations - 1),
 * and how many combinations there are. Null when a column is not an ENUM or has no value.
 */
export const packedCodes = (
  key: ReadonlyArray<string>,
  coded: ReadonlyArray<CodedColumn>,
  enumOf: ReadonlyMap<string, string>,
): { readonly sql: PackedKey; readonly combinations: number } | null => {
  // (an ENUM's values are its column's distinct values, one per row of the coded column)
  const sizes = key.map((k) => (enumOf.has(k) ? (coded.find((x) => x.column === k)?.rows.length ?? 0) : 0));
  if (key.length === 0 || sizes.some((n) => n === 0)) return null;
  return {
    sql: (code) => key.reduce((acc, k, i) => (i === 0 ? `CAST(${code(k)} AS BIGINT)` : `(${acc}) * ${sizes[i]} + ${code(k)}`), ""),
    combinations: sizes.reduce((a, n) => a * n, 1),
  };
};

/** table_hierarchy: one INSERT per rule. */
export const hierarchyLoad = (s: BulkStaging, stored: StoredFigures, keys: { rowKeyOf: PackedKey | null; colKeyOf: PackedKey | null }): string[] => {
  const { pkg } = s;
  const { table, spec } = s.source;
  const { c_, enumOf, text, storedCode } = stored;
  const load: string[] = [];
  for (const rule of spec.hierarchy) {
    const keyOf = rule.axis === "rows" ? keys.rowKeyOf : keys.colKeyOf;
    load.push(hierarchySql(pkg.id, table.id, spec, rule, `main.${quoteIdent(s.figures)}`, text, (alias, name) => `${alias}.${c_(name)}`,
      keyOf === null ? null : { keyOf, code: storedCode, codeOfText: (t, name) => `enum_code(CAST(${t} AS main.${quoteIdent(enumOf.get(name)!)}))` }));
  }
  return load;
};

/** A query of the file's column labels, each once, in the order of their first line. */
export const columnLabelsSql = (s: BulkStaging, stored: StoredFigures): string => {
  const { spec } = s.source;
  const { c_, label } = stored;
  // grouped by the stored columns (codes), then by label: two keys may print as one label
  return `SELECT col_label FROM (
  SELECT ${label("r", spec.columnKey)} AS col_label, min(r.line) AS first FROM main.${quoteIdent(s.figures)} r GROUP BY ${spec.columnKey.map((k) => `r.${c_(k)}`).join(", ")}
) GROUP BY col_label ORDER BY min(first)`;
};

/** A query of the figures that ids name, found by their key values (null when no id can name one). */
export const figureLocator = (s: BulkStaging, read: ReadBulkFile, columns: ResolvedColumns, stored: StoredFigures): ((ids: ReadonlyArray<string>) => string | null) => {
  const { pkg } = s;
  const { table, spec } = s.source;
  const { columnOf } = read;
  const { valuesOf } = columns;
  const { c_, enumOf } = stored;
  const keyColumns = [...spec.rowKey, ...spec.columnKey];
  const base = `${pkg.id}:${table.id}/`;
  // An id is base + the row key's values joined by ' / ' + '/' + the column key's: every way of splitting
  // it into values the key columns have (a value may itself hold ' / ').
  const keyValues = keyColumns.map((k) => new Set((valuesOf.get(k) ?? []).map((v) => v.v)));
  const splits = (suffix: string): string[][] => {
    const found: string[][] = [];
    const walk = (i: number, at: number, acc: string[]): void => {
      if (i === keyColumns.length) {
        if (at === suffix.length + 1) found.push([...acc]); // (the last value ends the id)
        return;
      }
      const sep = i === keyColumns.length - 1 ? null : i === spec.rowKey.length - 1 ? "/" : " / ";
      const ends: number[] = [];
      if (sep === null) ends.push(suffix.length);
      else for (let e = suffix.indexOf(sep, at); e !== -1; e = suffix.indexOf(sep, e + 1)) ends.push(e);
      for (const e of ends) {
        const v = suffix.slice(at, e);
        if (!keyValues[i]!.has(v)) continue;
        acc.push(v);
        walk(i + 1, e + (sep === null ? 1 : sep.length), acc);
        acc.pop();
      }
    };
    walk(0, 0, []);
    return found;
  };
  return (ids: ReadonlyArray<string>): string | null => {
    const tuples = ids.filter((id) => id.startsWith(base)).flatMap((id) => splits(id.slice(base.length)).map((vs) => [id, ...vs]));
    if (tuples.length === 0) return null;
    const keyOf = (k: string, j: number) => (enumOf.has(k) ? `CAST(k.k${j} AS main.${quoteIdent(enumOf.get(k)!)})` : `k.k${j}`);
    return `SELECT k.id AS obs_id, ${quoteLiteral(pkg.id)} AS package, ${quoteLiteral(table.id)} AS table_id, f.line, ${columnOf(spec.value)} AS col
FROM (VALUES ${tuples.map((t) => `(${t.map(quoteLiteral).join(", ")})`).join(", ")}) k(id, ${keyColumns.map((_, j) => `k${j}`).join(", ")})
JOIN main.${quoteIdent(s.figures)} f ON ${keyColumns.map((k, j) => `f.${c_(k)} = ${keyOf(k, j)}`).join(" AND ")}`;
  };
};
