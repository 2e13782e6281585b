// hierarchy: a printed total against the sum of its printed parts, for every rule of table_hierarchy
// (rows and columns, every level) and every label of the other axis. Structure comes only from the
// declared rules; a missing total or part is a failure of its own, never a silent pass.
import type { CheckDeclaration, CheckKind, FailureRow } from "../../types.ts";
import { formatNumber, param, parseDetails, sqlFew, sqlLineInSpan, sqlNumber, sqlRowKey, sqlSameRow, sqlTolerance, toleranceParams, validateParams, type ParamSpecs } from "../common.ts";

/** The params of hierarchy: types, defaults and docs. */
export const hierarchyParams: ParamSpecs = {
  ...toleranceParams(),
  min_coverage: { type: "number", default: 1, min: 0, max: 1, doc: "share of declared parts that must be printed (not a missing marker)" },
  max_rows: { type: "number", default: 3, min: 1, max: 4, integer: true, doc: "explain: the largest set of rows searched for the residual" },
  max_candidates: { type: "number", default: 200, min: 1, integer: true, doc: "explain: search only when the failing column has at most this many candidate rows" },
};
const specs = hierarchyParams;

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
const compile = (check: CheckDeclaration): { candidates: string; query: string } => {
  const minCoverage = sqlNumber(param.number(check, specs, "min_coverage"));
  const tol = sqlTolerance(check, specs, "t_v", "sum_v");
  // The candidates' tolerance: the same, over sums of the same figures. Without a relative tolerance it is
  // the absolute one wherever the bounds are finite (an infinite bound makes a candidate), and the values
  // are not summed.
  const relative = param.number(check, specs, "tolerance_rel") !== 0;
  const tolC = relative ? sqlTolerance(check, specs, "s.t_v", "s.sum_v") : sqlNumber(param.number(check, specs, "tolerance_abs"));
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
         ${sqlRowKey("o")}, o.file, o.lo, o.hi, o.value_base, o.base_unit, o.missing,
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
         min(line) FILTER (WHERE position = -1) AS t_line, min(col) AS o_col
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
  SELECT a.*, t.t_n, t.t_lo, t.t_hi, t.t_v, s.base_unit, s.t_line, s.o_col,
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
       what || ' is ' || check_fmt(t_v, base_unit) || ' but its '
         || CASE WHEN all_parts THEN '' ELSE 'printed ' END || n_present || ' part' || CASE WHEN n_present = 1 THEN '' ELSE 's' END
         || ' add up to ' || check_fmt(sum_v, base_unit)
         || CASE WHEN sum_lo > t_hi + tol THEN ', more than the total' ELSE '' END
         || ' (residual ' || check_fmt(t_v - sum_v, base_unit) || ', tolerance ' || check_fmt(tolerance, base_unit)
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

/** A candidate row of the explanation search: its label, value in the failing column and sign. */
interface Candidate {
  readonly label: string;
  readonly value: number;
  readonly rounding: number;
  /** +1: a row the rule does not list but the total may include; -1: a part the total may leave out */
  readonly sign: 1 | -1;
}

interface Match {
  readonly rows: ReadonlyArray<Candidate>;
  readonly deviation: number;
  readonly key: string;
}

const subsets = <T>(items: ReadonlyArray<T>, maxSize: number): T[][] => {
  const out: T[][] = [];
  const rec = (start: number, acc: T[]) => {
    if (acc.length > 0) out.push([...acc]);
    if (acc.length === maxSize) return;
    for (let i = start; i < items.length; i++) {
      acc.push(items[i]!);
      rec(i + 1, acc);
      acc.pop();
    }
  };
  rec(0, []);
  return out;
};

const matchKey = (rows: ReadonlyArray<Candidate>): string => rows.map((r) => `${r.sign > 0 ? "+" : "-"}${r.label}`).join("\u0000");

/** The words for a rule's axis: its labels are rows (the other axis columns), or the other way round. */
const nouns = (axis: string): { one: string; other: string } => (axis === "columns" ? { one: "column", other: "row" } : { one: "row", other: "column" });

const describe = (rows: ReadonlyArray<Candidate>, unit: string | null, axis: string): string => {
  const { one } = nouns(axis);
  const plus = rows.filter((r) => r.sign > 0);
  const minus = rows.filter((r) => r.sign < 0);
  const labels = (rs: ReadonlyArray<Candidate>) => rs.map((r) => r.label).join(" + ");
  const values = (rs: ReadonlyArray<Candidate>) => rs.map((r) => formatNumber(r.value, unit)).join(" + ");
  const parts: string[] = [];
  if (plus.length > 0) parts.push(`${labels(plus)} (${values(plus)})`);
  if (minus.length > 0) parts.push(`minus ${minus.length > 1 ? "(" : ""}${labels(minus)}${minus.length > 1 ? ")" : ""} (${values(minus)})`);
  const why: string[] = [];
  if (plus.length > 0) why.push(plus.length === 1 ? `a ${one} the rule does not list` : `${one}s the rule does not list`);
  if (minus.length > 0) why.push(minus.length === 1 ? "a part the total leaves out" : "parts the total leaves out");
  return `${parts.join(" ")}: ${why.join(" and ")}`;
};

const where = (other: string): string => (/^\d{4}$/.test(other) ? other : `'${other}'`);

/**
 * For each failing sum, search the rows of the same table (other rows along the axis, and the parts
 * themselves) for a set of 1..max_rows whose values in that column account for the residual; across the
 * failing columns of one rule, prefer the set of labels that fits the most columns.
 */
const explain: NonNullable<CheckKind["explain"]> = async (query, check, failures) => {
  const maxRows = param.number(check, specs, "max_rows");
  const maxCandidates = param.number(check, specs, "max_candidates");
  const out = new Map<string, string>();
  const byRule = new Map<string, Array<{ failure: FailureRow; d: Record<string, unknown> }>>();
  for (const failure of failures) {
    const d = parseDetails(failure.details);
    if (d["failure"] !== "sum") continue;
    const key = JSON.stringify([d["package"], d["table_id"], d["axis"], d["total_label"]]);
    byRule.set(key, [...(byRule.get(key) ?? []), { failure, d }]);
  }
  for (const group of byRule.values()) {
    const d0 = group[0]!.d;
    const [pkg, table, axis, total] = [String(d0["package"]), String(d0["table_id"]), String(d0["axis"]), String(d0["total_label"])];
    const rules = (await query(`SELECT total_label, part_label FROM table_hierarchy WHERE package = $1 AND table_id = $2 AND axis = $3`, [pkg, table, axis])) as Array<{ total_label: string; part_label: string }>;
    const parts = new Set(rules.filter((r) => r.total_label === total).map((r) => r.part_label));
    // totals above this one (they contain it) are no candidates
    const ancestors = new Set<string>();
    const climb = (label: string) => {
      for (const r of rules) if (r.part_label === label && !ancestors.has(r.total_label)) (ancestors.add(r.total_label), climb(r.total_label));
    };
    climb(total);
    const perFailure: Array<{ failure: FailureRow; other: string; residual: number; unit: string | null; matches: Match[]; tooMany: number | null }> = [];
    // The rows of every failing column of this rule, in one query (each query reads the labels of the whole
    // table). The axis is known here: its columns are named, so the filter is a plain IN list DuckDB can
    // push down.
    const [labelCol, otherCol] = axis === "rows" ? ["row_label", "col_label"] : ["col_label", "row_label"];
    const others = [...new Set(group.map(({ d }) => String(d["other_label"])))];
    const fetched = (await query(
      `SELECT ${otherCol} AS other, base_unit AS unit, ${labelCol} AS label,
              sum(value_base) AS value, sum(coalesce(rounding_base, 0)) AS rounding, min(line) AS l, min(col) AS c
       FROM check_observations
       WHERE package = $1 AND table_id = $2 AND ${otherCol} IN (${others.map((_, i) => `$${i + 3}`).join(", ")})
         AND measure_kind NOT IN ('share', 'rate') AND value_base IS NOT NULL
       GROUP BY 1, 2, 3 ORDER BY l, c, label`,
      [pkg, table, ...others],
    )) as Array<{ other: string; unit: string | null; label: string; value: number; rounding: number }>;
    for (const { failure, d } of group) {
      const other = String(d["other_label"]);
      const unit = typeof d["base_unit"] === "string" ? d["base_unit"] : null;
      const residual = Number(d["residual"]);
      const tolerance = Number(d["tolerance"]);
      // this column's rows in the unit of the comparison, in print order
      const rows = fetched.filter((r) => r.other === other && (r.unit ?? null) === unit);
      const candidates: Candidate[] = rows
        .filter((r) => r.label !== total && !ancestors.has(r.label))
        .map((r) => ({ label: r.label, value: Number(r.value), rounding: Number(r.rounding), sign: parts.has(r.label) ? -1 : 1 }));
      const matches: Match[] = [];
      // subsets of up to max_rows of n rows grow as n^max_rows: beyond max_candidates, no search
      const tooMany = candidates.length > maxCandidates ? candidates.length : null;
      if (tooMany === null && Number.isFinite(residual) && Number.isFinite(tolerance)) {
        for (const set of subsets(candidates, maxRows)) {
          const explained = set.reduce((s, r) => s + r.sign * r.value, 0);
          const deviation = Math.abs(residual - explained);
          if (deviation <= tolerance + set.reduce((s, r) => s + r.rounding, 0) + 1e-9) matches.push({ rows: set, deviation, key: matchKey(set) });
        }
      }
      matches.sort((a, b) => a.deviation - b.deviation || a.rows.length - b.rows.length || a.key.localeCompare(b.key));
      perFailure.push({ failure, other, residual, unit, matches, tooMany });
    }
    // the set that fits the most failing columns of this rule (then the closest fit, then the fewest rows)
    const common = new Map<string, { count: number; deviation: number; size: number }>();
    for (const f of perFailure) {
      for (const m of f.matches) {
        const c = common.get(m.key) ?? { count: 0, deviation: 0, size: m.rows.length };
        common.set(m.key, { count: c.count + 1, deviation: c.deviation + m.deviation, size: c.size });
      }
    }
    const best = [...common.entries()]
      .filter(([, c]) => c.count >= 2)
      .sort(([ka, a], [kb, b]) => b.count - a.count || a.deviation - b.deviation || a.size - b.size || ka.localeCompare(kb))[0];
    const { one, other: across } = nouns(axis);
    for (const f of perFailure) {
      const lead = `the residual ${formatNumber(f.residual, f.unit)} in ${where(f.other)}`;
      const shared = best ? f.matches.find((m) => m.key === best[0]) : undefined;
      if (shared !== undefined) {
        const others = perFailure.filter((g) => g !== f && g.matches.some((m) => m.key === best![0])).map((g) => where(g.other));
        out.set(f.failure.target, `${lead} equals ${describe(shared.rows, f.unit, axis)}; the same ${one}s account for the residual in ${others.length} other ${across}${others.length === 1 ? "" : "s"} of this rule (${others.join(", ")})`);
      } else if (f.matches.length > 0) {
        const m = f.matches[0]!;
        const alternatives = f.matches.length - 1;
        out.set(f.failure.target, `${lead} equals ${describe(m.rows, f.unit, axis)}${alternatives > 0 ? ` (${alternatives} other set${alternatives === 1 ? "" : "s"} of ${one}s also fit within rounding)` : ""}`);
      } else if (f.tooMany !== null) {
        out.set(f.failure.target, `${lead}: too many ${one}s to search for an explanation (${f.tooMany})`);
      } else {
        out.set(f.failure.target, `no set of up to ${maxRows} ${one}s of the table accounts for ${lead}`);
      }
    }
  }
  return out;
};

export const hierarchy: CheckKind = {
  kind: "hierarchy",
  defaultSeverity: "error",
  summary: "Every declared total of a table equals the sum of its parts (rows and columns, every level), within rounding; missing totals and parts are failures.",
  validate: (check) => validateParams(check, specs),
  compile: (check) => {
    const { candidates, query } = compile(check);
    return `${candidates}SELECT target, obs_ids, message, details FROM (${query}\n) ORDER BY package, table_id, t_line, o_col, target`;
  },
  explain,
};
