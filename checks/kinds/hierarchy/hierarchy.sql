-- hierarchy: the candidates (candidates.sql) judged from their figures, as a comparison is defined:
-- their figures read within the lines the candidates span (found by keys or labels, their ids read by
-- file position), the lists of ids, parts and markers built only for the failures. A missing marker
-- list is shown with each marker once, in print order ('..' or '../x').
-- Parameters: rules (rules.sql), row_key_o, same_row_o_f (row keys), line_in_span_o (the candidates'
-- lines), few_failing_figs (the failures' figures, a relation DuckDB estimates small), tolerance (at
-- t_v and sum_v), min_coverage.
WITH {{rules}},
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
  SELECT k.axis, k.total_label, k.member, k.position, 1 AS one,
         {{row_key_o}}, o.file, o.lo, o.hi, o.value_base, o.base_unit, o.unit, o.multiplier, o.missing,
         CASE WHEN k.by_row THEN o.col_label ELSE o.row_label END AS other_label
  FROM (SELECT * FROM candidate_members WHERE other_key IS NOT NULL) k
  JOIN check_observations o
    ON o.package = k.package AND o.table_id = k.table_id AND o.row_key = k.row_key AND o.col_key = k.col_key
  WHERE o.measure_kind NOT IN ('share', 'rate') AND {{line_in_span_o}}
  UNION ALL
  SELECT k.axis, k.total_label, k.member, k.position, 1 AS one,
         {{row_key_o}}, o.file, o.lo, o.hi, o.value_base, o.base_unit, o.unit, o.multiplier, o.missing,
         k.other_label AS other_label
  FROM (SELECT * FROM candidate_members WHERE other_key IS NULL) k
  JOIN check_observations o
    ON o.package = k.package AND o.table_id = k.table_id AND o.row_label = k.row_label AND o.col_label = k.col_label
  WHERE o.measure_kind NOT IN ('share', 'rate') AND {{line_in_span_o}}
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
           coalesce(NOT total_present OR n_present < {{min_coverage}} * n_parts - 1e-9, false) AS missing_fails
    FROM (SELECT *, {{tolerance}} AS tol FROM cmp)
  )
  WHERE sum_fails OR missing_fails
),
figs_ids AS (
  -- the failures' figures with their ids, read by row key
  SELECT f.*, o.obs_id
  FROM {{few_failing_figs}} f
  JOIN check_observations o ON {{same_row_o_f}}
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
         list(part_label || ' (' || CASE WHEN n = 0 THEN 'not printed' ELSE array_to_string(list_filter(markers, lambda x, i: list_position(markers, x) = i), '/') END || ')' ORDER BY position) FILTER (WHERE NOT present) AS missing,
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
         || CASE WHEN NOT total_present THEN 'missing total (' || coalesce(array_to_string(list_filter(t_markers, lambda x, i: list_position(t_markers, x) = i), '/'), 'not printed') || ')' ELSE '' END
         || CASE WHEN NOT total_present AND n_present < n_parts THEN '; ' ELSE '' END
         || CASE WHEN n_present < n_parts THEN 'missing part' || CASE WHEN n_parts - n_present = 1 THEN ' ' ELSE 's ' END
                 || array_to_string(missing, ', ') || ' (' || n_present || ' of ' || n_parts || ' parts printed)' ELSE '' END
         || ': the total cannot be checked' AS message,
       to_json({'failure': 'missing', 'package': package, 'table_id': table_id, 'axis': axis, 'total_label': total_label,
                'other_label': other_label, 'complete': complete, 'base_unit': base_unit,
                'total': check_num(t_v), 'sum': check_num(sum_v), 'coverage': check_num(n_present / n_parts),
                'min_coverage': {{min_coverage}}, 'parts': coalesce(parts_json, []), 'missing': coalesce(missing, []::VARCHAR[]),
                'missing_total': NOT total_present})::VARCHAR AS details,
       package, table_id, t_line, o_col
FROM judged
WHERE missing_fails
