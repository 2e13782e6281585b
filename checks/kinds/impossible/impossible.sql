-- impossible: values no figure of its kind can take. Numbers first, on cheap columns; the figures that
-- fail are then read in one join on their row key (obs_id, labels and file only for them: DuckDB pushes
-- the keys' lines into the scan, while a filter on lo or hi stays above the views and would have every
-- selected column computed for every figure). No CTE over all figures is referenced twice (it would be
-- materialized), and no two reads of check_observations filter alike (DuckDB would share them).
-- Parameters: nonnegative (the filter of the kinds that cannot be negative), tolerance_v (at
-- o.value_base), tolerance_part (at p_v and w_v), tolerance_sides (at p.v and w.v), row_key (the row key's
-- columns), row_key_o, row_key_of_o, row_key_x_as_x, row_key_c_x, row_key_c_x_as_x, same_row_o_k,
-- same_row_x_c (row keys), keys_of_part_refs (the wholes parts name), few_named (the figures named in a
-- failure, a relation DuckDB estimates small), shown_o, order_x (figures in messages and lists).
WITH single_keys AS (
  SELECT {{row_key_o}} FROM check_observations o
  WHERE o.lo IS NOT NULL AND (({{nonnegative}} AND o.hi < 0 - {{tolerance_v}}) OR (o.measure_kind = 'share' AND o.base_unit = 'ratio' AND o.lo > 1 + {{tolerance_v}}))
),
-- figures printed as parts of another (part_of_ref: few, read whole) and the wholes they name
parts AS MATERIALIZED (
  SELECT o.*, {{shown_o}} AS shown FROM check_observations o
  WHERE o.part_of_ref IS NOT NULL AND o.lo IS NOT NULL
),
whole_keys AS (
  -- (a whole without a value is read too; the comparison below skips it)
  SELECT * FROM {{keys_of_part_refs}}
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
  SELECT h.side_id, x.other_label, x.base_unit, x.lo, x.hi, x.v, {{row_key_x_as_x}}
  FROM h
  JOIN (
    SELECT x.*, a.is_rows,
           CASE WHEN a.is_rows THEN x.row_label ELSE x.col_label END AS label,
           CASE WHEN a.is_rows THEN x.col_label ELSE x.row_label END AS other_label
    FROM (
      SELECT {{row_key}}, row_label, col_label, base_unit, lo, hi, coalesce(value_base, (lo + hi) / 2) AS v
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
  WHERE p.lo > w.hi + {{tolerance_sides}}
),
-- the figures of each failing part and of its total
failing_cells AS MATERIALIZED (
  SELECT t.p_side, t.other_label, t.base_unit, false AS is_total, {{row_key_c_x_as_x}}
  FROM table_wholes t JOIN rule_cells c ON c.side_id = t.p_side AND c.other_label = t.other_label AND c.base_unit = t.base_unit
  UNION ALL
  SELECT t.p_side, t.other_label, t.base_unit, true, {{row_key_c_x}}
  FROM table_wholes t JOIN rule_cells c ON c.side_id = t.w_side AND c.other_label = t.other_label AND c.base_unit = t.base_unit
),
-- every figure named in a failure, read once with what the messages need
labels AS MATERIALIZED (
  SELECT {{row_key_of_o}}, o.obs_id, o.figure_label, o.file, o.measure, o.measure_kind, o.base_unit,
         o.value_base, o.lo, o.hi, {{shown_o}} AS shown
  FROM {{few_named}} k
  JOIN check_observations o ON {{same_row_o_k}}
),
negative AS (
  SELECT o.obs_id || '/negative' AS target, [o.obs_id] AS obs_ids,
         o.figure_label || ' is ' || o.shown || ': a ' || o.measure_kind || ' (' || o.measure || ') cannot be negative' AS message,
         to_json({'rule': 'negative', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi), 'measure_kind': o.measure_kind})::VARCHAR AS details,
         o.file, o.line, o.col
  FROM labels o
  WHERE o.lo IS NOT NULL AND {{nonnegative}} AND o.hi < 0 - {{tolerance_v}}
),
over_one AS (
  SELECT o.obs_id || '/over-100-percent', [o.obs_id],
         o.figure_label || ' is ' || o.shown || ': a share cannot exceed 100 %',
         to_json({'rule': 'over-100-percent', 'value': check_num(o.value_base), 'lo': check_num(o.lo), 'hi': check_num(o.hi)})::VARCHAR,
         o.file, o.line, o.col
  FROM labels o
  WHERE o.lo IS NOT NULL AND o.measure_kind = 'share' AND o.base_unit = 'ratio' AND o.lo > 1 + {{tolerance_v}}
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
         list(x.obs_id ORDER BY {{order_x}}) AS ids, min(x.file) AS file, min(x.line) AS line, min(x.col) AS col
  FROM failing_cells c JOIN labels x ON {{same_row_x_c}}
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
WHERE p_lo > w_hi + {{tolerance_part}}
UNION ALL
SELECT t.package || ':' || t.table_id || '/' || t.axis || '/' || t.total_label || '/' || t.member || '/' || t.other_label,
       w.ids || p.ids,
       'part ''' || t.member || ''' of ''' || t.total_label || ''' in ''' || t.other_label || ''' is ' || check_fmt(t.p_v, t.base_unit)
         || ', more than the total ' || check_fmt(t.w_v, t.base_unit),
       to_json({'rule': 'part-exceeds-total', 'part': check_num(t.p_v), 'whole': check_num(t.w_v), 'part_lo': check_num(t.p_lo), 'whole_hi': check_num(t.w_hi)})::VARCHAR,
       p.file, p.line, p.col
FROM table_wholes t
JOIN failing_sides p ON p.p_side = t.p_side AND p.other_label = t.other_label AND p.base_unit = t.base_unit AND NOT p.is_total
JOIN failing_sides w ON w.p_side = t.p_side AND w.other_label = t.other_label AND w.base_unit = t.base_unit AND w.is_total
