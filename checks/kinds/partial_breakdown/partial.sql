-- partial_breakdown: the totals of breakdowns declared incomplete whose printed parts fall short of them
-- beyond the tolerance, with the members of the total's group not printed that year.
-- Parameters: tolerance (the SQL of the tolerance at t_v), shown_printed_o (figure o as printed),
-- few_short_totals (the short totals' ids as a relation DuckDB estimates small).
WITH rules AS (
  SELECT package, table_id, axis, total_label, list(part_label ORDER BY position) AS parts
  FROM table_hierarchy WHERE NOT complete GROUP BY ALL
),
-- the figures of those tables, each with its label on the rule's axis and the label across it
cells AS MATERIALIZED (
  SELECT r.package, r.table_id, r.axis, r.total_label, r.parts,
         CASE WHEN r.axis = 'rows' THEN o.row_label ELSE o.col_label END AS label,
         CASE WHEN r.axis = 'rows' THEN o.col_label ELSE o.row_label END AS other_label,
         o.obs_id, o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v, o.base_unit, o.breakdown, o.counterpart, o.period_year,
         o.file, o.line, o.col
  FROM rules r
  JOIN check_observations o ON o.package = r.package AND o.table_id = r.table_id
  WHERE list_contains(getvariable('check_partial_tables'), o.package || '/' || o.table_id)
    AND o.lo IS NOT NULL AND o.measure_kind IN ('stock', 'flow', 'count', 'amount')
),
totals AS (
  SELECT package, table_id, axis, total_label, other_label, any_value(parts) AS parts,
         min(obs_id) AS t_id, min(lo) AS t_lo, max(hi) AS t_hi, min(v) AS t_v, min(base_unit) AS base_unit, min(counterpart) AS t_counterpart,
         min(period_year) AS period_year, count(*) AS n
  FROM cells WHERE label = total_label AND breakdown = ''
  GROUP BY ALL
),
sums AS (
  SELECT c.package, c.table_id, c.axis, c.total_label, c.other_label, c.base_unit,
         sum(c.lo) AS p_lo, sum(c.hi) AS p_hi, sum(c.v) AS p_v, count(*) AS n_parts,
         list(c.obs_id ORDER BY c.file, c.line, c.col, c.obs_id) AS p_ids,
         list(DISTINCT c.counterpart) FILTER (WHERE c.counterpart IS NOT NULL) AS printed_members
  FROM cells c WHERE list_contains(c.parts, c.label)
  GROUP BY ALL
),
short AS (
  SELECT t.*, s.p_lo, s.p_hi, s.p_v, s.n_parts, s.p_ids, coalesce(s.printed_members, []) AS printed_members, {{tolerance}} AS tol
  FROM totals t JOIN sums s USING (package, table_id, axis, total_label, other_label, base_unit)
  WHERE t.n = 1 AND t.t_lo - s.p_hi > {{tolerance}}
),
-- members of the total's group that year that no part names
missing AS (
  SELECT s.t_id, string_agg(coalesce(g.name, m.member), '; ' ORDER BY coalesce(g.name, m.member)) AS names, count(*) AS n_missing
  FROM short s
  JOIN geography_groups m ON m.group_code = s.t_counterpart
   AND s.period_year BETWEEN coalesce(m.valid_from, 0) AND coalesce(m.valid_to, 9999)
  LEFT JOIN geography g ON g.code = m.member
  WHERE NOT list_contains(s.printed_members, m.member)
  GROUP BY s.t_id
),
figs AS MATERIALIZED (
  SELECT o.obs_id, o.figure_label, o.file, o.line, o.col, {{shown_printed_o}} AS shown, check_table_number(o.package, o.table_id) AS number
  FROM check_observations o
  WHERE o.obs_id IN (SELECT t_id FROM {{few_short_totals}})
    AND list_contains(getvariable('check_partial_tables'), o.package || '/' || o.table_id)
)
SELECT s.package || ':' || s.table_id || '/' || s.axis || '/' || s.total_label || '/' || s.other_label || '/partial' AS target,
       ([s.t_id] || s.p_ids)::VARCHAR[] AS obs_ids,
       check_package_ref(s.package) || 'Table ' || coalesce(f.number, s.table_id) || ', ' || CASE WHEN s.axis = 'rows' THEN 'row' ELSE 'column' END || ' ''' || s.total_label || ''' in '''
         || s.other_label || ''' is ' || f.shown || '; its printed parts (' || s.n_parts || ', declared incomplete) add up to '
         || check_fmt(s.p_v, s.base_unit) || ': ' || check_fmt(s.t_v - s.p_v, s.base_unit) || ' ('
         || CAST(round(100 * (s.t_v - s.p_v) / nullif(s.t_v, 0), 1) AS VARCHAR) || ' %) not broken down'
         || CASE WHEN m.names IS NOT NULL THEN '; members of ' || s.t_counterpart || ' in ' || s.period_year || ' not printed: ' || m.names ELSE '' END AS message,
       to_json({'total': check_num(s.t_v), 'parts_sum': check_num(s.p_v), 'shortfall': check_num(s.t_v - s.p_v),
                'shortfall_min': check_num(s.t_lo - s.p_hi), 'axis': s.axis, 'group': s.t_counterpart,
                'members_not_printed': m.names, 'tolerance': check_num(s.tol)})::VARCHAR AS details,
       f.file, f.line, f.col
FROM short s
JOIN figs f ON f.obs_id = s.t_id
LEFT JOIN missing m ON m.t_id = s.t_id
