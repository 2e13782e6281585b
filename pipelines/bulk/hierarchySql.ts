import { quoteLiteral } from "../load/duckdb.ts";
import type { BulkRule, BulkSpec } from "./bulkSpec.ts";
import { sqlBool } from "./sql.ts";

/**
 * The INSERT that turns one bulk hierarchy rule into rows of table_hierarchy: for every combination of
 * the other key columns' values holding the total, the total's label and each part's (row or column
 * labels as the observations carry them). Parts "*" are every other value found with that combination,
 * in the order of the file. `figures` is the stored figures table (with its `line`), `stored(alias,
 * column)` a key column as stored (alias.cN) and `text(alias, column)` its text as read.
 */
export const hierarchySql = (
  pkgId: string, tableId: string, spec: BulkSpec, rule: BulkRule, figures: string,
  text: (alias: string, column: string) => string, stored: (alias: string, column: string) => string,
): string => {
  const key = rule.axis === "rows" ? spec.rowKey : spec.columnKey;
  // key columns renamed k0, k1, ... (a file may name a column anything)
  const k = (name: string) => `k${key.indexOf(name)}`;
  const others = key.filter((c) => c !== rule.column).map(k);
  const column = k(rule.column);
  const label = (value: string) => key.map((c) => (c === rule.column ? value : `g.${k(c)}`)).join(" || ' / ' || ");
  // grouped by the columns as stored (an ENUM's code stands for its text), their text taken after
  const keys = `SELECT ${key.map((c) => `${text("g", c)} AS ${k(c)}`).join(", ")}, g.first__ FROM (SELECT ${key.map((c) => stored("r", c)).join(", ")}, min(r.line) AS first__ FROM ${figures} r GROUP BY ALL) g`;
  const groups = `SELECT DISTINCT ${others.length === 0 ? "1 AS one__" : others.join(", ")} FROM keys WHERE ${column} = ${quoteLiteral(rule.total)}`;
  const except = rule.except.length > 0 ? ` AND p.${column} NOT IN (${rule.except.map(quoteLiteral).join(", ")})` : "";
  const listed = `[${(rule.parts === "*" ? [] : rule.parts).map(quoteLiteral).join(", ")}]`;
  const parts =
    rule.parts === "*"
      ? `SELECT g.*, p.${column} AS part__, row_number() OVER (PARTITION BY ${others.length === 0 ? "1" : others.map((o) => `g.${o}`).join(", ")} ORDER BY p.first__) - 1 AS position__
         FROM groups g JOIN keys p ON ${others.length === 0 ? "true" : others.map((o) => `p.${o} = g.${o}`).join(" AND ")}
         WHERE p.${column} <> ${quoteLiteral(rule.total)}${except}`
      : `SELECT g.*, u.part__, u.position__ FROM groups g, (SELECT unnest(${listed}) AS part__, generate_subscripts(${listed}, 1) - 1 AS position__) u`;
  return `INSERT INTO table_hierarchy (package, table_id, axis, total_label, part_label, complete, position)
WITH keys AS (${keys}), groups AS (${groups}), parts AS (${parts})
SELECT ${quoteLiteral(pkgId)}, ${quoteLiteral(tableId)}, ${quoteLiteral(rule.axis)}, ${label(quoteLiteral(rule.total))}, ${label("g.part__")}, ${sqlBool(rule.complete)}, g.position__
FROM parts g
ORDER BY 4, 7`;
};
