// impossible: values no figure of its kind can take. Negative stocks, flows, counts, amounts and shares
// (net flows may be negative); shares over 100 %; a part larger than its whole (part_of_ref, or a part
// of a partial table breakdown, complete = false). Only when the whole interval is impossible.
import * as Schema from "effect/Schema";
import { ROW_KEY, sqlDisplayOrder, sqlFew, sqlKeysOfIds, sqlIn, sqlRowKey, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import { ImpossibleDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { stringsParam, toleranceParams } from "../params.ts";

/** The params of impossible: types, defaults and docs. */
export const impossibleParams = Schema.Struct({
  ...toleranceParams(),
  nonnegative_kinds: stringsParam({
    default: ["stock", "flow", "count", "amount", "share"],
    doc: "measure kinds that cannot be negative (net_flow and rate can)",
  }),
});
type Params = typeof impossibleParams.Type;

const compile = (p: Params): string => {
  const nonneg = p.nonnegative_kinds;
  const tolV = sqlTolerance(p, "o.value_base");
  const tolPart = sqlTolerance(p, "p_v", "w_v");
  const tolSides = sqlTolerance(p, "p.v", "w.v");
  const negative = `${sqlIn("o.measure_kind", nonneg)} AND o.hi < 0 - ${tolV}`;
  const overOne = `o.measure_kind = 'share' AND o.base_unit = 'ratio' AND o.lo > 1 + ${tolV}`;
  const key = (alias: string, prefix = "") => ROW_KEY.map((c) => `${alias}.${prefix}${c}`).join(", ");
  // Numbers first, on cheap columns; the figures that fail are then read in one join on their row key
  // (obs_id, labels and file only for them: DuckDB pushes the keys' lines into the scan, while a filter
  // on lo or hi stays above the views and would have every selected column computed for every figure).
  // No CTE over all figures is referenced twice (it would be materialized), and no two reads of
  // check_observations filter alike (DuckDB would share them).
  return `
WITH single_keys AS (
  SELECT ${sqlRowKey("o")} FROM check_observations o
  WHERE o.lo IS NOT NULL AND ((${negative}) OR (${overOne}))
),
-- figures printed as parts of another (part_of_ref: few, read whole) and the wholes they name
parts AS MATERIALIZED (
  SELECT o.*, ${sqlShownQualified("o")} AS shown FROM check_observations o
  WHERE o.part_of_ref IS NOT NULL AND o.lo IS NOT NULL
),
whole_keys AS (
  -- (a whole without a value is read too; the comparison below skips it)
  SELECT * FROM ${sqlKeysOfIds("SELECT part_of_ref FROM parts")}
),
-- the labels of partial breakdowns (complete = false): a part per declaration, a total once; side_id
-- numbers (package, table, axis, total, member, is_total), so that figures are summed by numbers
h AS MATERIALIZED (
  SELECT *, coalesce(axis = 'rows', false) AS is_rows,
         dense_rank() OVER (ORDER BY package, table_id, axis, total_label, member, is_total) AS side_id
  FROM (
    SELECT package, table_id, axis, total_label, part_label AS label, part_label AS member, false AS is_total
    FROM table_hierarchy WHERE NOT complete
    UNION ALL
    SELECT DISTINCT package, table_id, axis, total_label, total_label, total_label, true
    FROM table_hierarchy WHERE NOT complete
  )
),
-- their figures, per label of the other axis: each figure once as a row and once as a column, so that
-- one equality join finds both (figures are read once)
rule_cells AS MATERIALIZED (
  SELECT h.side_id, x.other_label, x.base_unit, x.lo, x.hi, x.v, ${sqlRowKey("x", "x_")}
  FROM h
  JOIN (
    SELECT x.*, a.is_rows,
           CASE WHEN a.is_rows THEN x.row_label ELSE x.col_label END AS label,
           CASE WHEN a.is_rows THEN x.col_label ELSE x.row_label END AS other_label
    FROM (
      SELECT ${ROW_KEY.join(", ")}, row_label, col_label, base_unit, lo, hi, coalesce(value_base, (lo + hi) / 2) AS v
      FROM check_observations
      WHERE lo IS NOT NULL AND measure_kind NOT IN ('share', 'rate', 'net_flow')
    ) x
    CROSS JOIN (VALUES (true), (false)) a(is_rows)
  ) x ON x.package = h.package AND x.table_id = h.table_id AND x.is_rows = h.is_rows AND x.label = h.label
),
rule_sides AS (
  SELECT side_id, other_label, base_unit, sum(lo) AS lo, sum(hi) AS hi, sum(v) AS v
  FROM rule_cells GROUP BY side_id, other_label, base_unit
),
hs AS (SELECT DISTINCT side_id, package, table_id, axis, total_label, member, is_total FROM h),
table_wholes AS MATERIALIZED (
  SELECT ps.package, ps.table_id, ps.axis, ps.total_label, ps.member, p.other_label, p.base_unit,
         p.side_id AS p_side, w.side_id AS w_side, p.lo AS p_lo, w.hi AS w_hi, p.v AS p_v, w.v AS w_v
  FROM rule_sides p
  JOIN hs ps ON ps.side_id = p.side_id AND NOT ps.is_total
  JOIN hs ws
    ON ws.package = ps.package AND ws.table_id = ps.table_id AND ws.axis = ps.axis AND ws.total_label = ps.total_label AND ws.is_total
  JOIN rule_sides w ON w.side_id = ws.side_id AND w.other_label = p.other_label AND w.base_unit = p.base_unit
  WHERE p.lo > w.hi + ${tolSides}
),
-- the figures of each failing part and of its total
failing_cells AS MATERIALIZED (
  SELECT t.p_side, t.other_label, t.base_unit, false AS is_total, ${key("c", "x_").split(", ").map((c, i) => `${c} AS x_${ROW_KEY[i]}`).join(", ")}
  FROM table_wholes t JOIN rule_cells c ON c.side_id = t.p_side AND c.other_label = t.other_label AND c.base_unit = t.base_unit
  UNION ALL
  SELECT t.p_side, t.other_label, t.base_unit, true, ${key("c", "x_")}
  FROM table_wholes t JOIN rule_cells c ON c.side_id = t.w_side AND c.other_label = t.other_label AND c.base_unit = t.base_unit
),
-- every figure named in a failure, read once with what the messages need
labels AS MATERIALIZED (
  SELECT ${ROW_KEY.map((c) => `o.${c}`).join(", ")}, o.obs_id, o.figure_label, o.file, o.measure, o.measure_kind, o.base_unit,
         o.value_base, o.lo, o.hi, ${sqlShownQualified("o")} AS shown
  FROM ${sqlFew(`
    SELECT ${key("k")} FROM single_keys k
    UNION SELECT ${key("k")} FROM whole_keys k
    UNION SELECT ${key("k", "x_")} FROM failing_cells k`)} k
  JOIN check_observations o ON ${sqlSameRow("o", "k")}
),
negative AS (
  SELECT o.obs_id || '/negative' AS target, [o.obs_id] AS obs_ids,
         o.figure_label || ' is ' || o.shown || ': a ' || o.measure_kind || ' (' || o.measure || ') cannot be negative' AS message,
         to_json({'rule': 'negative', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi), 'measure_kind': o.measure_kind})::VARCHAR AS details,
         o.file, o.line, o.col
  FROM labels o
  WHERE o.lo IS NOT NULL AND ${negative}
),
over_one AS (
  SELECT o.obs_id || '/over-100-percent', [o.obs_id],
         o.figure_label || ' is ' || o.shown || ': a share cannot exceed 100 %',
         to_json({'rule': 'over-100-percent', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi)})::VARCHAR,
         o.file, o.line, o.col
  FROM labels o
  WHERE o.lo IS NOT NULL AND ${overOne}
),
statement_wholes AS (
  SELECT p.obs_id AS part_id, w.obs_id AS whole_id, p.figure_label AS part_label, w.figure_label AS whole_label,
         p.shown AS part_shown, w.shown AS whole_shown, p.lo AS p_lo, w.hi AS w_hi,
         coalesce(p.value_base, (p.lo + p.hi) / 2) AS p_v, coalesce(w.value_base, (w.lo + w.hi) / 2) AS w_v,
         p.file, p.line, p.col
  FROM parts p JOIN labels w ON w.obs_id = p.part_of_ref
  WHERE w.lo IS NOT NULL AND p.base_unit = w.base_unit AND p.measure_kind <> 'net_flow' AND w.measure_kind <> 'net_flow'
),
failing_sides AS (
  SELECT c.p_side, c.other_label, c.base_unit, c.is_total,
         list(x.obs_id ORDER BY ${sqlDisplayOrder("x")}) AS ids, min(x.file) AS file, min(x.line) AS line, min(x.col) AS col
  FROM failing_cells c JOIN labels x ON ${sqlSameRow("x", "c", "x_")}
  GROUP BY ALL
)
SELECT * FROM negative
UNION ALL SELECT * FROM over_one
UNION ALL
SELECT part_id || '/exceeds-whole', [whole_id, part_id],
       part_label || ' is ' || part_shown || ', more than the whole it is printed as a part of: ' || whole_label || ' ' || whole_shown,
       to_json({'rule': 'part-exceeds-whole', 'part': check_num(p_v), 'whole': check_num(w_v), 'part_lo': check_num(p_lo), 'whole_hi': check_num(w_hi)})::VARCHAR,
       file, line, col
FROM statement_wholes p
WHERE p_lo > w_hi + ${tolPart}
UNION ALL
SELECT t.package || ':' || t.table_id || '/' || t.axis || '/' || t.total_label || '/' || t.member || '/' || t.other_label,
       w.ids || p.ids,
       'part ''' || t.member || ''' of ''' || t.total_label || ''' in ''' || t.other_label || ''' is ' || check_fmt(t.p_v, t.base_unit)
         || ', more than the total ' || check_fmt(t.w_v, t.base_unit),
       to_json({'rule': 'part-exceeds-total', 'part': check_num(t.p_v), 'whole': check_num(t.w_v), 'part_lo': check_num(t.p_lo), 'whole_hi': check_num(t.w_hi)})::VARCHAR,
       p.file, p.line, p.col
FROM table_wholes t
JOIN failing_sides p ON p.p_side = t.p_side AND p.other_label = t.other_label AND p.base_unit = t.base_unit AND NOT p.is_total
JOIN failing_sides w ON w.p_side = t.p_side AND w.other_label = t.other_label AND w.base_unit = t.base_unit AND w.is_total`;
};

export const impossible = defineKind({
  kind: "impossible",
  defaultSeverity: "error",
  summary: "No negative stock, flow, count, amount or share; no share over 100 %; no part larger than its whole.",
  params: impossibleParams,
  details: ImpossibleDetails,
  compile: (p) => ({ query: compile(p) }),
  orderBy: "file, line, col, target",
});
