// impossible: values no figure of its kind can take. Negative stocks, flows, counts, amounts and shares
// (net flows may be negative); shares over 100 %; a part larger than its whole (part_of_ref, or a part
// of a partial table breakdown, complete = false). Only when the whole interval is impossible.
import type { CheckDeclaration, CheckKind } from "../types.ts";
import { param, sqlIn, sqlShownQualified, sqlTolerance, toleranceParams, validateParams, type ParamSpecs } from "./common.ts";

/** The params of impossible: types, defaults and docs. */
export const impossibleParams: ParamSpecs = {
  ...toleranceParams(),
  nonnegative_kinds: {
    type: "strings", default: ["stock", "flow", "count", "amount", "share"],
    doc: "measure kinds that cannot be negative (net_flow and rate can)",
  },
};
const specs = impossibleParams;

const compile = (check: CheckDeclaration): string => {
  const nonneg = param.strings(check, specs, "nonnegative_kinds");
  const tolV = sqlTolerance(check, specs, "o.value_base");
  const tolPart = sqlTolerance(check, specs, "p_v", "w_v");
  return `
WITH o AS (SELECT *, ${sqlShownQualified("check_observations")} AS shown FROM check_observations WHERE lo IS NOT NULL),
negative AS (
  SELECT o.obs_id || '/negative' AS target, [o.obs_id] AS obs_ids,
         o.figure_label || ' is ' || o.shown || ': a ' || o.measure_kind || ' (' || o.measure || ') cannot be negative' AS message,
         to_json({'rule': 'negative', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi), 'measure_kind': o.measure_kind})::VARCHAR AS details,
         o.file, o.line, o.col
  FROM o
  WHERE ${sqlIn("o.measure_kind", nonneg)} AND o.hi < 0 - ${tolV}
),
over_one AS (
  SELECT o.obs_id || '/over-100-percent', [o.obs_id],
         o.figure_label || ' is ' || o.shown || ': a share cannot exceed 100 %',
         to_json({'rule': 'over-100-percent', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi)})::VARCHAR,
         o.file, o.line, o.col
  FROM o
  WHERE o.measure_kind = 'share' AND o.base_unit = 'ratio' AND o.lo > 1 + ${tolV}
),
statement_wholes AS (
  SELECT p.obs_id AS part_id, w.obs_id AS whole_id, p.figure_label AS part_label, w.figure_label AS whole_label,
         p.shown AS part_shown, w.shown AS whole_shown, p.lo AS p_lo, w.hi AS w_hi,
         coalesce(p.value_base, (p.lo + p.hi) / 2) AS p_v, coalesce(w.value_base, (w.lo + w.hi) / 2) AS w_v,
         p.file, p.line, p.col
  FROM o p JOIN o w ON w.obs_id = p.part_of_ref
  WHERE p.base_unit = w.base_unit AND p.measure_kind <> 'net_flow' AND w.measure_kind <> 'net_flow'
),
rule_cells AS (
  -- figures of the rows (columns) of partial breakdowns, per label of the other axis
  SELECT h.package, h.table_id, h.axis, h.total_label, h.part_label AS member, false AS is_total,
         CASE h.axis WHEN 'rows' THEN x.col_label ELSE x.row_label END AS other_label, x.*
  FROM table_hierarchy h JOIN o x
    ON x.package = h.package AND x.table_id = h.table_id AND h.part_label = CASE h.axis WHEN 'rows' THEN x.row_label ELSE x.col_label END
  WHERE NOT h.complete AND x.measure_kind NOT IN ('share', 'rate', 'net_flow')
  UNION ALL
  SELECT DISTINCT h.package, h.table_id, h.axis, h.total_label, h.total_label, true,
         CASE h.axis WHEN 'rows' THEN x.col_label ELSE x.row_label END, x.*
  FROM table_hierarchy h JOIN o x
    ON x.package = h.package AND x.table_id = h.table_id AND h.total_label = CASE h.axis WHEN 'rows' THEN x.row_label ELSE x.col_label END
  WHERE NOT h.complete AND x.measure_kind NOT IN ('share', 'rate', 'net_flow')
),
rule_sides AS (
  SELECT package, table_id, axis, total_label, member, is_total, other_label, base_unit,
         sum(lo) AS lo, sum(hi) AS hi, sum(coalesce(value_base, (lo + hi) / 2)) AS v,
         list(obs_id ORDER BY file, line, col, obs_id) AS ids, min(file) AS file, min(line) AS line, min(col) AS col,
         any_value(figure_label) AS any_label, count(*) AS n
  FROM rule_cells GROUP BY ALL
),
table_wholes AS (
  SELECT p.package || ':' || p.table_id || '/' || p.axis || '/' || p.total_label || '/' || p.member || '/' || p.other_label AS target,
         w.ids || p.ids AS ids, p.member, p.total_label, p.other_label, p.lo AS p_lo, w.hi AS w_hi, p.v AS p_v, w.v AS w_v,
         p.base_unit, p.file, p.line, p.col
  FROM rule_sides p
  JOIN rule_sides w
    ON w.package = p.package AND w.table_id = p.table_id AND w.axis = p.axis AND w.total_label = p.total_label
   AND w.other_label = p.other_label AND w.is_total AND w.base_unit = p.base_unit
  WHERE NOT p.is_total
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
SELECT target, ids,
       'part ''' || member || ''' of ''' || total_label || ''' in ''' || other_label || ''' is ' || check_fmt(p_v, base_unit)
         || ', more than the total ' || check_fmt(w_v, base_unit),
       to_json({'rule': 'part-exceeds-total', 'part': check_num(p_v), 'whole': check_num(w_v), 'part_lo': check_num(p_lo), 'whole_hi': check_num(w_hi)})::VARCHAR,
       file, line, col
FROM table_wholes
WHERE p_lo > w_hi + ${tolPart}`;
};

export const impossible: CheckKind = {
  kind: "impossible",
  defaultSeverity: "error",
  summary: "No negative stock, flow, count, amount or share; no share over 100 %; no part larger than its whole.",
  validate: (check) => validateParams(check, specs),
  compile: (check) => `SELECT target, obs_ids::VARCHAR[] AS obs_ids, message, details FROM (${compile(check)}\n) ORDER BY file, line, col, target`,
};
