-- hierarchy, before its query: each comparison (rule and label of the other axis) that may fail, with
-- the lines its cells span, in a temporary table (a table spills to disk where a list cannot, and a file
-- whose totals mostly fail has millions of them). The span of all their lines is set as a variable: as a
-- constant, it prunes the rest of a large file from the second scan, which reads the candidates' figures.
-- Parameters: rules (rules.sql), relative_sums (relative_sums.sql with a relative tolerance, else
-- nothing: the values are then not summed), tolerance (the candidates' tolerance, over sums of the same
-- figures: the absolute one without a relative tolerance, where an infinite bound makes a candidate),
-- min_coverage.
CREATE OR REPLACE TEMP TABLE check_hierarchy_candidates AS
WITH {{rules}},
members AS (
  -- (each with what the candidates need of its rule, carried through the grouping below: a join of the
  -- rules to the millions of comparisons of a large table costs a tenth of the statement)
  SELECT rid, n_parts, complete, irregular, package, table_id, by_row, total_label AS member, total_key AS member_key, true AS is_total FROM rules
  UNION ALL
  SELECT rid, n_parts, complete, irregular, package, table_id, by_row, unnest(parts).member, unnest(parts).key, false FROM rules
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
  SELECT m.rid, m.n_parts, m.complete, m.irregular,
         CASE WHEN c.by_row THEN c.col_key ELSE c.row_key END AS other_key,
         CAST(NULL AS VARCHAR) AS other_label,
         min(c.unit) AS unit, max(c.unit) AS last_unit, min(c.line) AS first_line, max(c.line) AS last_line,
         -- the totals (1 with a value, 2 without) times 2^32 plus the parts with a value, in one sum
         sum(CASE WHEN m.is_total THEN CASE WHEN c.ok THEN 4294967296 ELSE 8589934592 END WHEN c.ok THEN 1 ELSE 0 END) AS counts,
         sum(CASE WHEN m.is_total THEN c.lo END) AS t_lo, sum(CASE WHEN m.is_total THEN c.hi END) AS t_hi,
         sum(CASE WHEN NOT m.is_total THEN c.lo END) AS sum_lo, sum(CASE WHEN NOT m.is_total THEN c.hi END) AS sum_hi
         {{relative_sums}}
  FROM (SELECT *, unnest([true, false]) AS by_row FROM cells WHERE row_key IS NOT NULL AND col_key IS NOT NULL) c
  JOIN members m
    ON m.package = c.package AND m.table_id = c.table_id AND m.by_row = c.by_row
   AND m.member_key = CASE WHEN c.by_row THEN c.row_key ELSE c.col_key END
  GROUP BY m.rid, other_key, m.n_parts, m.complete, m.irregular
  UNION ALL
  SELECT m.rid, m.n_parts, m.complete, m.irregular,
         CAST(NULL AS BIGINT) AS other_key,
         CASE WHEN c.by_row THEN c.col_label ELSE c.row_label END AS other_label,
         min(c.unit) AS unit, max(c.unit) AS last_unit, min(c.line) AS first_line, max(c.line) AS last_line,
         sum(CASE WHEN m.is_total THEN CASE WHEN c.ok THEN 4294967296 ELSE 8589934592 END WHEN c.ok THEN 1 ELSE 0 END) AS counts,
         sum(CASE WHEN m.is_total THEN c.lo END) AS t_lo, sum(CASE WHEN m.is_total THEN c.hi END) AS t_hi,
         sum(CASE WHEN NOT m.is_total THEN c.lo END) AS sum_lo, sum(CASE WHEN NOT m.is_total THEN c.hi END) AS sum_hi
         {{relative_sums}}
  FROM (SELECT *, unnest([true, false]) AS by_row FROM cells WHERE row_key IS NULL OR col_key IS NULL) c
  JOIN members m
    ON m.package = c.package AND m.table_id = c.table_id AND m.by_row = c.by_row
   AND m.member = CASE WHEN c.by_row THEN c.row_label ELSE c.col_label END
  GROUP BY m.rid, other_label, m.n_parts, m.complete, m.irregular
)
-- The comparisons that may fail, each judged by the query from all its figures. A comparison is made in
-- the unit of its total, so cells in more than one unit, or without a unit, make it a candidate whatever
-- the numbers (it is judged unit by unit, as it always was); in one unit the sums decide.
SELECT rid, other_key, other_label, first_line, last_line
FROM (
  SELECT s.*, s.counts >> 32 = 1 AS total_present, s.counts & 4294967295 AS n_present, {{tolerance}} AS tol
  FROM by_slot s
)
WHERE irregular OR unit <> last_unit OR unit = 0 OR NOT total_present OR n_present < {{min_coverage}} * n_parts - 1e-9
   OR NOT isfinite(coalesce(t_lo, 0) + coalesce(t_hi, 0) + coalesce(sum_lo, 0) + coalesce(sum_hi, 0))
   OR (n_present > 0 AND (sum_lo > t_hi + tol OR (complete AND n_present = n_parts AND sum_hi < t_lo - tol)));
SET VARIABLE check_hierarchy_candidates = (
  SELECT [{'first_line': coalesce(min(first_line), 0), 'last_line': coalesce(max(last_line), -1)}] FROM check_hierarchy_candidates
);

