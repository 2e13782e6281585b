// hierarchy: a printed total against the sum of its printed parts, for every rule of table_hierarchy
// (rows and columns, every level) and every label of the other axis. Structure comes only from the
// declared rules; a missing total or part is a failure of its own, never a silent pass.
import * as Schema from "effect/Schema";
import { sqlFew, sqlLineInSpan, sqlNumber, sqlRowKey, sqlSameRow, sqlTolerance } from "../common.ts";
import { HierarchyDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { numberParam, toleranceParams } from "../params.ts";
import { explainHierarchy } from "./explain.ts";

/** The params of hierarchy: types, defaults and docs. */
export const hierarchyParams = Schema.Struct({
  ...toleranceParams(),
  min_coverage: numberParam({ default: 1, min: 0, max: 1, doc: "share of declared parts that must be printed (not a missing marker)" }),
  max_rows: numberParam({ default: 3, min: 1, max: 4, integer: true, doc: "explain: the largest set of rows searched for the residual" }),
  max_candidates: numberParam({ default: 200, min: 1, integer: true, doc: "explain: search only when the failing column has at most this many candidate rows" }),
});
export type HierarchyParams = typeof hierarchyParams.Type;
type Params = HierarchyParams;

/** The missing markers of a list, each once, in print order: '..' or '../x'. */
const distinctMarkers = (list: string): string => `array_to_string(list_filter(${list}, lambda x, i: list_position(${list}, x) = i), '/')`;

/**
 * Two statements over check_observations. The first, over narrow columns only (row and column keys where
 * a table has them, else labels), counts every comparison (rule x label of the other axis: millions in a
 * large table) in one aggregation and sets the candidates, the few that may fail, as a variable with the
 * lines their cells span. The query then reads the candidates' figures within that span (found by keys
 * or labels, their ids read by file position) and judges each exactly as the comparison is defined,
 * building the lists of ids, parts and markers only for the failures.
 */
const compile = (p: Params): { candidates: string; query: string } => {
  const minCoverage = sqlNumber(p.min_coverage);
  const tol = sqlTolerance(p, "t_v", "sum_v");
  // The candidates' tolerance: the same, over sums of the same figures. Without a relative tolerance it is
  // the absolute one wherever the bounds are finite (an infinite bound makes a candidate), and the values
  // are not summed.
  const relative = p.tolerance_rel !== 0;
  const tolC = relative ? sqlTolerance(p, "s.t_v", "s.sum_v") : sqlNumber(p.tolerance_abs);
  // One row per declared total, numbered: its parts, whether the breakdown is complete, how many parts.
  // A rule listing a part twice, its total as a part, or a part at position -1 (the total's) is irregular:
  // its comparisons are all judged from their figures below.
  const rules = `rules AS (
  SELECT package, table_id, axis, total_label, axis = 'rows' AS by_row,
         row_number() OVER (ORDER BY package, table_id, axis, total_label) AS rid,
         bool_and(complete) AS complete, count(*) AS n_parts,
         count(DISTINCT part_label) < count(*) OR bool_or(part_label = total_label OR position = -1) AS irregular,
         min(total_key) AS total_key, list({'member': part_label, 'position': position, 'key': part_key}) AS parts
  FROM table_hierarchy
  GROUP BY package, table_id, axis, total_label
)`;
  // The candidates, before the query: each comparison (rule and label of the other axis) that may fail,
  // with the lines its cells span, in a temporary table (a table spills to disk where a list cannot, and
  // a file whose totals mostly fail has millions of them). The span of all their lines is set as a
  // variable: as a constant, it prunes the rest of a large file from the second scan, which reads the
  // candidates' figures.
  const candidates = `CREATE OR REPLACE TEMP TABLE check_hierarchy_candidates AS
WITH ${rules},
members AS (
  SELECT rid, package, table_id, by_row, total_label AS member, total_key AS member_key, true AS is_total FROM rules
  UNION ALL
  SELECT rid, package, table_id, by_row, unnest(parts).member, unnest(parts).key, false FROM rules
),
cells AS NOT MATERIALIZED (
  -- The numbers first, over narrow columns only (no ids, no file names): each table cell in each unit.
  -- Shares and rates of packed cells do not add up. A cell holds one figure unless it is packed (part
  -- set): the build rejects a second figure for the same row and column label (the same obs_id, or a
  -- bulk file's duplicate-figure), so only packed cells, few, are grouped. ok: every figure has a value.
  -- row_key and col_key number the labels of a table one to one: where a table has them, cells are
  -- joined and grouped on them, and the labels (text built for every figure of a bulk file) are not read.
  -- unit: a number per base unit (0: none, or one no measure has), which the candidates compare
  SELECT package, table_id, row_key, col_key, row_label, col_label, line, check_unit_number(base_unit) AS unit,
         lo IS NOT NULL AS ok, lo, hi, coalesce(value_base, (lo + hi) / 2) AS v
  FROM check_observations
  WHERE measure_kind NOT IN ('share', 'rate') AND part IS NULL
  UNION ALL
  SELECT package, table_id, row_key, col_key, row_label, col_label, min(line), check_unit_number(base_unit),
         count(lo) = count(*), sum(lo), sum(hi), sum(coalesce(value_base, (lo + hi) / 2))
  FROM check_observations
  WHERE measure_kind NOT IN ('share', 'rate') AND part IS NOT NULL
  GROUP BY package, table_id, row_key, col_key, row_label, col_label, base_unit
),
by_slot AS (
  -- One comparison per rule and label of the other axis, in one pass over both axes: each cell once
  -- as a row and once as a column, an equality join on the label (its key) of that axis. counts: the
  -- total is present when it is one cell with a value (counts >> 32 = 1). Plain sums of CASE, no FILTER
  -- clauses: this aggregation has millions of groups in a large table. Its units (the first and last in
  -- order) and the lines of its cells come along. Cells of tables with keys, then cells of tables
  -- without (labels).
  ${[true, false].map((keyed) => `SELECT m.rid,
         ${keyed ? "CASE WHEN c.by_row THEN c.col_key ELSE c.row_key END" : "CAST(NULL AS BIGINT)"} AS other_key,
         ${keyed ? "CAST(NULL AS VARCHAR)" : "CASE WHEN c.by_row THEN c.col_label ELSE c.row_label END"} AS other_label,
         min(c.unit) AS unit, max(c.unit) AS last_unit, min(c.line) AS first_line, max(c.line) AS last_line,
         -- the totals (1 with a value, 2 without) times 2^32 plus the parts with a value, in one sum
         sum(CASE WHEN m.is_total THEN CASE WHEN c.ok THEN 4294967296 ELSE 8589934592 END WHEN c.ok THEN 1 ELSE 0 END) AS counts,
         sum(CASE WHEN m.is_total THEN c.lo END) AS t_lo, sum(CASE WHEN m.is_total THEN c.hi END) AS t_hi,
         sum(CASE WHEN NOT m.is_total THEN c.lo END) AS sum_lo, sum(CASE WHEN NOT m.is_total THEN c.hi END) AS sum_hi${relative ? `,
         sum(CASE WHEN m.is_total THEN c.v END) AS t_v, sum(CASE WHEN NOT m.is_total AND c.ok THEN c.v END) AS sum_v` : ""}
  FROM (SELECT *, unnest([true, false]) AS by_row FROM cells WHERE ${keyed ? "row_key IS NOT NULL AND col_key IS NOT NULL" : "row_key IS NULL OR col_key IS NULL"}) c
  JOIN members m
    ON m.package = c.package AND m.table_id = c.table_id AND m.by_row = c.by_row
   AND ${keyed ? "m.member_key = CASE WHEN c.by_row THEN c.row_key ELSE c.col_key END" : "m.member = CASE WHEN c.by_row THEN c.row_label ELSE c.col_label END"}
  GROUP BY m.rid, ${keyed ? "other_key" : "other_label"}`).join("\n  UNION ALL\n  ")}
)
-- The comparisons that may fail, each judged below from all its figures. A comparison is made in the
-- unit of its total, so cells in more than one unit, or without a unit, make it a candidate whatever
-- the numbers (it is judged below unit by unit, as it always was); in one unit the sums decide.
SELECT rid, other_key, other_label, first_line, last_line
FROM (
  SELECT s.*, r.n_parts, r.complete, r.irregular, s.counts >> 32 = 1 AS total_present, s.counts & 4294967295 AS n_present, ${tolC} AS tol
  FROM by_slot s JOIN rules r USING (rid)
)
WHERE irregular OR unit <> last_unit OR unit = 0 OR NOT total_present OR n_present < ${minCoverage} * n_parts - 1e-9
   OR NOT isfinite(coalesce(t_lo, 0) + coalesce(t_hi, 0) + coalesce(sum_lo, 0) + coalesce(sum_hi, 0))
   OR (n_present > 0 AND (sum_lo > t_hi + tol OR (complete AND n_present = n_parts AND sum_hi < t_lo - tol)));
SET VARIABLE check_hierarchy_candidates = (
  SELECT [{'first_line': coalesce(min(first_line), 0), 'last_line': coalesce(max(last_line), -1)}] FROM check_hierarchy_candidates
);
`;
  const query = `
WITH ${rules},
candidates AS (
  SELECT rid, other_key, other_label FROM check_hierarchy_candidates
),
candidate_members AS (
  -- each member of each candidate's rule: its label, and the row and column (keys, else labels) of its cell
  SELECT package, table_id, axis, total_label, other_key, other_label, m.member, m.position,
         CASE WHEN by_row THEN m.key ELSE other_key END AS row_key,
         CASE WHEN by_row THEN other_key ELSE m.key END AS col_key,
         CASE WHEN by_row THEN m.member ELSE other_label END AS row_label,
         CASE WHEN by_row THEN other_label ELSE m.member END AS col_label, by_row
  FROM (SELECT r.package, r.table_id, r.axis, r.total_label, r.by_row, x.other_key, x.other_label,
               unnest(list_prepend({'member': r.total_label, 'position': -1, 'key': r.total_key}, r.parts)) AS m
        FROM candidates x JOIN rules r USING (rid))
),
figs AS (
  -- the candidates' figures, found by the keys (else the labels) of their cells: the candidates are the
  -- hash table, the figures probe it, within the lines the candidates span. Narrow columns and the row
  -- key; the ids are read below, for the failures only.
  ${[true, false].map((keyed) => `SELECT k.axis, k.total_label, k.member, k.position, 1 AS one,
         ${sqlRowKey("o")}, o.file, o.lo, o.hi, o.value_base, o.base_unit, o.unit, o.multiplier, o.missing,
         ${keyed ? "CASE WHEN k.by_row THEN o.col_label ELSE o.row_label END" : "k.other_label"} AS other_label
  FROM (SELECT * FROM candidate_members WHERE other_key IS ${keyed ? "NOT " : ""}NULL) k
  JOIN check_observations o
    ON o.package = k.package AND o.table_id = k.table_id AND ${keyed ? "o.row_key = k.row_key AND o.col_key = k.col_key" : "o.row_label = k.row_label AND o.col_label = k.col_label"}
  WHERE o.measure_kind NOT IN ('share', 'rate') AND ${sqlLineInSpan("o", "check_hierarchy_candidates")}`).join("\n  UNION ALL\n  ")}
),
slots AS (
  -- one comparison per rule and label of the other axis, in the unit of the total, else the most frequent
  -- unit (a tie goes to the unit printed first)
  SELECT package, table_id, axis, total_label, other_label,
         coalesce(min(base_unit) FILTER (WHERE position = -1), mode(base_unit ORDER BY file, line, col, part NULLS FIRST)) AS base_unit,
         min(line) FILTER (WHERE position = -1) AS t_line, min(col) AS o_col,
         -- the unit the total was printed in, for the message (its base value beside when it scales)
         min(unit) FILTER (WHERE position = -1) AS t_unit, min(multiplier) FILTER (WHERE position = -1) AS t_mult
  FROM figs GROUP BY ALL
),
tot_n AS (
  -- each candidate judged from its figures, as a comparison always was; the lists of ids, parts and
  -- markers are built below only for the comparisons that fail
  SELECT s.package, s.table_id, s.axis, s.total_label, s.other_label,
         count(f.one) AS t_n, count(f.lo) AS t_present,
         sum(f.lo) AS t_lo, sum(f.hi) AS t_hi, sum(coalesce(f.value_base, (f.lo + f.hi) / 2)) AS t_v
  FROM slots s
  LEFT JOIN figs f
    ON f.package = s.package AND f.table_id = s.table_id AND f.axis = s.axis AND f.total_label = s.total_label
   AND f.other_label = s.other_label AND f.position = -1 AND f.base_unit = s.base_unit
  GROUP BY ALL
),
parts_n AS (
  SELECT s.package, s.table_id, s.axis, s.total_label, s.other_label, h.part_label, h.position, h.complete,
         count(f.one) > 0 AND count(f.lo) = count(f.one) AS present,
         sum(f.lo) AS lo, sum(f.hi) AS hi, sum(coalesce(f.value_base, (f.lo + f.hi) / 2)) AS v
  FROM slots s
  JOIN table_hierarchy h
    ON h.package = s.package AND h.table_id = s.table_id AND h.axis = s.axis AND h.total_label = s.total_label
  LEFT JOIN figs f
    ON f.package = s.package AND f.table_id = s.table_id AND f.axis = s.axis AND f.total_label = s.total_label
   AND f.other_label = s.other_label AND f.member = h.part_label AND f.base_unit = s.base_unit
  GROUP BY ALL
),
agg_n AS (
  SELECT package, table_id, axis, total_label, other_label,
         bool_and(complete) AS complete,
         count(*) AS n_parts,
         count(*) FILTER (WHERE present) AS n_present,
         sum(lo) FILTER (WHERE present) AS sum_lo,
         sum(hi) FILTER (WHERE present) AS sum_hi,
         sum(v) FILTER (WHERE present) AS sum_v
  FROM parts_n GROUP BY ALL
),
cmp AS (
  SELECT a.*, t.t_n, t.t_lo, t.t_hi, t.t_v, s.base_unit, s.t_line, s.o_col, s.t_unit, s.t_mult,
         coalesce(t.t_n > 0 AND t.t_present = t.t_n, false) AS total_present,
         a.n_present = a.n_parts AS all_parts
  FROM agg_n a
  JOIN tot_n t USING (package, table_id, axis, total_label, other_label)
  JOIN slots s USING (package, table_id, axis, total_label, other_label)
),
failing AS (
  SELECT *
  FROM (
    SELECT *,
           coalesce(total_present AND n_present > 0
             AND (sum_lo > t_hi + tol OR (complete AND all_parts AND sum_hi < t_lo - tol)), false) AS sum_fails,
           coalesce(NOT total_present OR n_present < ${minCoverage} * n_parts - 1e-9, false) AS missing_fails
    FROM (SELECT *, ${tol} AS tol FROM cmp)
  )
  WHERE sum_fails OR missing_fails
),
figs_ids AS (
  -- the failures' figures with their ids, read by row key
  SELECT f.*, o.obs_id
  FROM ${sqlFew(`SELECT f.* FROM figs f SEMI JOIN failing x
    ON f.package = x.package AND f.table_id = x.table_id AND f.axis = x.axis AND f.total_label = x.total_label AND f.other_label = x.other_label`)} f
  JOIN check_observations o ON ${sqlSameRow("o", "f")}
),
tot_l AS (
  SELECT x.package, x.table_id, x.axis, x.total_label, x.other_label,
         list(f.obs_id ORDER BY f.file, f.line, f.col, f.obs_id) FILTER (WHERE f.obs_id IS NOT NULL) AS t_ids,
         list(coalesce(f.missing, 'missing') ORDER BY f.file, f.line, f.col, f.obs_id) FILTER (WHERE f.obs_id IS NOT NULL AND f.lo IS NULL) AS t_markers
  FROM failing x
  LEFT JOIN figs_ids f
    ON f.package = x.package AND f.table_id = x.table_id AND f.axis = x.axis AND f.total_label = x.total_label
   AND f.other_label = x.other_label AND f.position = -1 AND f.base_unit = x.base_unit
  GROUP BY x.package, x.table_id, x.axis, x.total_label, x.other_label
),
parts_l AS (
  SELECT x.package, x.table_id, x.axis, x.total_label, x.other_label, h.part_label, h.position, h.complete,
         count(f.obs_id) AS n,
         count(f.obs_id) > 0 AND count(f.lo) = count(f.obs_id) AS present,
         sum(f.lo) AS lo, sum(f.hi) AS hi, sum(coalesce(f.value_base, (f.lo + f.hi) / 2)) AS v,
         list(f.obs_id ORDER BY f.file, f.line, f.col, f.obs_id) FILTER (WHERE f.obs_id IS NOT NULL) AS ids,
         list(coalesce(f.missing, 'missing') ORDER BY f.file, f.line, f.col, f.obs_id) FILTER (WHERE f.obs_id IS NOT NULL AND f.lo IS NULL) AS markers
  FROM failing x
  JOIN table_hierarchy h
    ON h.package = x.package AND h.table_id = x.table_id AND h.axis = x.axis AND h.total_label = x.total_label
  LEFT JOIN figs_ids f
    ON f.package = x.package AND f.table_id = x.table_id AND f.axis = x.axis AND f.total_label = x.total_label
   AND f.other_label = x.other_label AND f.member = h.part_label AND f.base_unit = x.base_unit
  GROUP BY x.package, x.table_id, x.axis, x.total_label, x.other_label, h.part_label, h.position, h.complete
),
agg_l AS (
  SELECT package, table_id, axis, total_label, other_label,
         list({'label': part_label, 'value': check_num(v), 'lo': check_num(lo), 'hi': check_num(hi), 'obs_ids': ids} ORDER BY position) FILTER (WHERE present) AS parts_json,
         list(part_label || ' (' || CASE WHEN n = 0 THEN 'not printed' ELSE ${distinctMarkers("markers")} END || ')' ORDER BY position) FILTER (WHERE NOT present) AS missing,
         flatten(list(coalesce(ids, []::VARCHAR[]) ORDER BY position)) AS part_ids
  FROM parts_l GROUP BY package, table_id, axis, total_label, other_label
),
judged AS (
  SELECT x.*, tl.t_ids, tl.t_markers, al.parts_json, al.missing, al.part_ids,
         (x.t_hi - x.t_lo) / 2 + (x.sum_hi - x.sum_lo) / 2 + x.tol AS tolerance,
         check_package_ref(x.package) || 'Table ' || coalesce(st.number, x.table_id) || ' ' || CASE x.axis WHEN 'rows' THEN 'row' ELSE 'column' END
           || ' ''' || x.total_label || ''' ' || CASE x.axis WHEN 'rows' THEN 'in column' ELSE 'in row' END || ' ''' || x.other_label || '''' AS what,
         x.package || ':' || x.table_id || '/' || x.axis || '/' || x.total_label || '/' || x.other_label AS base_target
  FROM failing x
  JOIN tot_l tl USING (package, table_id, axis, total_label, other_label)
  JOIN agg_l al USING (package, table_id, axis, total_label, other_label)
  LEFT JOIN source_tables st USING (package, table_id)
)
SELECT base_target AS target,
       (coalesce(t_ids, []::VARCHAR[]) || part_ids)::VARCHAR[] AS obs_ids,
       what || ' is ' || check_fmt_printed(t_v, base_unit, t_unit, t_mult) || ' but its '
         || CASE WHEN all_parts THEN '' ELSE 'printed ' END || n_present || ' part' || CASE WHEN n_present = 1 THEN '' ELSE 's' END
         || ' add up to ' || check_fmt_printed(sum_v, base_unit, t_unit, t_mult)
         || CASE WHEN sum_lo > t_hi + tol THEN ', more than the total' ELSE '' END
         || ' (residual ' || check_fmt_printed(t_v - sum_v, base_unit, t_unit, t_mult) || ', tolerance ' || check_fmt_printed(tolerance, base_unit, t_unit, t_mult)
         || CASE WHEN complete THEN '' ELSE '; a partial breakdown' END || ')' AS message,
       to_json({'failure': 'sum', 'package': package, 'table_id': table_id, 'axis': axis, 'total_label': total_label,
                'other_label': other_label, 'complete': complete, 'base_unit': base_unit,
                'total': check_num(t_v), 'total_lo': check_num(t_lo), 'total_hi': check_num(t_hi),
                'sum': check_num(sum_v), 'sum_lo': check_num(sum_lo), 'sum_hi': check_num(sum_hi),
                'residual': check_num(t_v - sum_v), 'tolerance': check_num(tolerance),
                'parts': parts_json, 'missing': coalesce(missing, []::VARCHAR[])})::VARCHAR AS details,
       package, table_id, t_line, o_col
FROM judged
WHERE sum_fails
UNION ALL
SELECT base_target || '/missing' AS target,
       (coalesce(t_ids, []::VARCHAR[]) || part_ids)::VARCHAR[] AS obs_ids,
       what || ': '
         || CASE WHEN NOT total_present THEN 'missing total (' || coalesce(${distinctMarkers("t_markers")}, 'not printed') || ')' ELSE '' END
         || CASE WHEN NOT total_present AND n_present < n_parts THEN '; ' ELSE '' END
         || CASE WHEN n_present < n_parts THEN 'missing part' || CASE WHEN n_parts - n_present = 1 THEN ' ' ELSE 's ' END
                 || array_to_string(missing, ', ') || ' (' || n_present || ' of ' || n_parts || ' parts printed)' ELSE '' END
         || ': the total cannot be checked' AS message,
       to_json({'failure': 'missing', 'package': package, 'table_id': table_id, 'axis': axis, 'total_label': total_label,
                'other_label': other_label, 'complete': complete, 'base_unit': base_unit,
                'total': check_num(t_v), 'sum': check_num(sum_v), 'coverage': check_num(n_present / n_parts),
                'min_coverage': ${minCoverage}, 'parts': coalesce(parts_json, []), 'missing': coalesce(missing, []::VARCHAR[]),
                'missing_total': NOT total_present})::VARCHAR AS details,
       package, table_id, t_line, o_col
FROM judged
WHERE missing_fails`;
  return { candidates, query };
};

export const hierarchy = defineKind({
  kind: "hierarchy",
  defaultSeverity: "error",
  summary: "Every declared total of a table equals the sum of its parts (rows and columns, every level), within rounding; missing totals and parts are failures.",
  params: hierarchyParams,
  details: HierarchyDetails,
  compile: (p) => {
    const { candidates, query } = compile(p);
    return { before: candidates, query };
  },
  orderBy: "package, table_id, t_line, o_col, target",
  explain: explainHierarchy,
});
