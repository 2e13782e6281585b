import { quoteLiteral } from "../core/duckdb.ts";
import type { BulkRule, BulkSpec } from "../manifest/bulkSpec.ts";
import { sqlBool } from "../core/sql.ts";

/** How a label's key (row_key or col_key) is computed from the codes of its key columns' values. */
export interface LabelKeys {
  /** the packed key of a label, given each key column's code */
  readonly keyOf: (code: (column: string) => string) => string;
  /** a key column's code as stored (alias.cN) */
  readonly code: (alias: string, column: string) => string;
  /** the code of a text of a key column */
  readonly codeOfText: (text: string, column: string) => string;
}

/**
 * The INSERT that turns one bulk hierarchy rule into rows of table_hierarchy: for every combination of
 * the other key columns' values holding the total, the total's label and each part's (row or column
 * labels as the observations carry them), and their keys when the axis has them (`keys`, else NULL).
 * Parts "*" are every other value found with that combination, in the order of the file. `figures` is
 * the stored figures table (with its `line`), `stored(alias, column)` a key column as stored (alias.cN)
 * and `text(alias, column)` its text as read.
 */
export const hierarchySql = (
  pkgId: string, tableId: string, spec: BulkSpec, rule: BulkRule, figures: string,
  text: (alias: string, column: string) => string, stored: (alias: string, column: string) => string,
  keys: LabelKeys | null = null,
): string => {
  const key = rule.axis === "rows" ? spec.rowKey : spec.columnKey;
  // key columns renamed k0, k1, ... (a file may name a column anything), their codes e0, e1, ...
  const k = (name: string) => `k${key.indexOf(name)}`;
  const e = (name: string) => `e${key.indexOf(name)}`;
  const others = key.filter((c) => c !== rule.column);
  const column = k(rule.column);
  const label = (value: string) => key.map((c) => (c === rule.column ? value : `g.${k(c)}`)).join(" || ' / ' || ");
  const labelKey = (code: string) => (keys === null ? "CAST(NULL AS BIGINT)" : keys.keyOf((c) => (c === rule.column ? code : `g.${e(c)}`)));
  // grouped by the columns as stored (an ENUM's code stands for its text), their text taken after
  const codes = keys === null ? "" : `, ${key.map((c) => `${keys.code("g", c)} AS ${e(c)}`).join(", ")}`;
  const keysCte = `SELECT ${key.map((c) => `${text("g", c)} AS ${k(c)}`).join(", ")}${codes}, g.first__ FROM (SELECT ${key.map((c) => stored("r", c)).join(", ")}, min(r.line) AS first__ FROM ${figures} r GROUP BY ALL) g`;
  const groupColumns = others.flatMap((c) => (keys === null ? [k(c)] : [k(c), e(c)]));
  const groups = `SELECT DISTINCT ${groupColumns.length === 0 ? "1 AS one__" : groupColumns.join(", ")} FROM keys WHERE ${column} = ${quoteLiteral(rule.total)}`;
  const except = rule.except.length > 0 ? ` AND p.${column} NOT IN (${rule.except.map(quoteLiteral).join(", ")})` : "";
  const listed = `[${(rule.parts === "*" ? [] : rule.parts).map(quoteLiteral).join(", ")}]`;
  const parts =
    rule.parts === "*"
      ? `SELECT g.*, p.${column} AS part__, ${keys === null ? "" : `p.${e(rule.column)} AS part_code__, `}row_number() OVER (PARTITION BY ${others.length === 0 ? "1" : others.map((o) => `g.${k(o)}`).join(", ")} ORDER BY p.first__) - 1 AS position__
         FROM groups g JOIN keys p ON ${others.length === 0 ? "true" : others.map((o) => `p.${k(o)} = g.${k(o)}`).join(" AND ")}
         WHERE p.${column} <> ${quoteLiteral(rule.total)}${except}`
      : `SELECT g.*, u.part__, ${keys === null ? "" : `${keys.codeOfText("u.part__", rule.column)} AS part_code__, `}u.position__ FROM groups g, (SELECT unnest(${listed}) AS part__, generate_subscripts(${listed}, 1) - 1 AS position__) u`;
  return `INSERT INTO table_hierarchy (package, table_id, axis, total_label, part_label, complete, position, total_key, part_key)
WITH keys AS (${keysCte}), groups AS (${groups}), parts AS (${parts})
SELECT ${quoteLiteral(pkgId)}, ${quoteLiteral(tableId)}, ${quoteLiteral(rule.axis)}, ${label(quoteLiteral(rule.total))}, ${label("g.part__")}, ${sqlBool(rule.complete)}, g.position__,
       ${labelKey(keys === null ? "" : keys.codeOfText(quoteLiteral(rule.total), rule.column))}, ${labelKey("g.part_code__")}
FROM parts g
ORDER BY 4, 7`;
};
