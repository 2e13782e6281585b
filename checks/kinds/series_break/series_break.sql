-- series_break: the candidates' figures with their obs_id, ordered within each series: each compared
-- figure with the next compared one (IGNORE NULLS skips the figures not compared, read again with them).
-- Labels and files are read for the pairs that break.
-- Parameters: series (its columns), row_key_rest_struct (the rest of the row key as struct fields),
-- series_key_b (the series in the target), factor, factor_text (as printed in the message), min_value,
-- max_gap_years, same_row_o_f0, same_row_a_b, same_row_nx_b (row keys), few_breaks (a relation DuckDB
-- estimates small).
WITH f AS (
  SELECT f0.*, o.obs_id
  FROM check_series_break_figures f0
  JOIN check_observations o ON {{same_row_o_f0}}
),
s AS (
  SELECT f.*,
         lead(CASE WHEN compared THEN {'obs_id': obs_id, 'period_year': period_year, 'v': v, 'alo': alo, 'ahi': ahi,
                                       {{row_key_rest_struct}}} END IGNORE NULLS) OVER w AS n
  FROM f
  WINDOW w AS (PARTITION BY {{series}} ORDER BY period_year, obs_id)
),
b AS (
  SELECT *, n.obs_id AS n_id, n.period_year AS n_year, n.v AS n_v,
         -- the smallest factor the intervals allow, in the direction of the change
         CASE WHEN n.alo > {{factor}} * ahi THEN n.alo / nullif(ahi, 0) WHEN alo > {{factor}} * n.ahi THEN alo / nullif(n.ahi, 0) END AS min_factor,
         CASE WHEN abs(n.v) >= abs(v) THEN abs(n.v) / nullif(abs(v), 0) ELSE abs(v) / nullif(abs(n.v), 0) END AS point_factor,
         package AS n_package, table_id AS n_table_id, n.statement_id AS n_statement_id, n.part AS n_part, n.line AS n_line, n.col AS n_col
  FROM s
  WHERE compared AND n IS NOT NULL AND n.period_year - period_year BETWEEN 1 AND {{max_gap_years}}
    AND greatest(abs(v), abs(n.v)) >= {{min_value}}
    AND NOT (v < 0 AND n.v > 0 OR v > 0 AND n.v < 0)
    AND (n.alo > {{factor}} * ahi OR alo > {{factor}} * n.ahi)
)
SELECT b.package || ':' || coalesce(b.table_id, 'statements') || '/'
         || {{series_key_b}}
         || '/' || b.period_year || '-' || b.n_year AS target,
       [b.obs_id, b.n_id]::VARCHAR[] AS obs_ids,
       b.measure || ' ' || b.ref_area || CASE WHEN b.direction IS NOT NULL THEN ' ' || b.direction ELSE '' END
         || CASE WHEN b.counterpart IS NOT NULL THEN ' ' || b.counterpart ELSE '' END
         || CASE WHEN b.breakdown <> '' THEN ' [' || b.breakdown || ']' ELSE '' END
         || ': ' || check_fmt_printed(b.v, a.base_unit, a.unit, a.multiplier) || ' in ' || b.period_year || ' (' || a.figure_label || ') then '
         || check_fmt_printed(b.n_v, a.base_unit, nx.unit, nx.multiplier) || ' in ' || b.n_year || ' (' || nx.figure_label || '): '
         || CASE WHEN abs(b.n_v) >= abs(b.v) THEN 'up' ELSE 'down' END || ' by a factor of '
         || coalesce(CAST(round(b.point_factor, 2) AS VARCHAR), 'infinity') || ', more than ' || {{factor_text}} AS message,
       to_json({'from_year': b.period_year, 'to_year': b.n_year, 'from': check_num(b.v), 'to': check_num(b.n_v),
                'factor': check_num(b.point_factor), 'min_factor': check_num(b.min_factor), 'threshold': {{factor}}})::VARCHAR AS details,
       a.file, a.line, a.col
FROM {{few_breaks}} b
JOIN check_observations a ON {{same_row_a_b}}
JOIN check_observations nx ON {{same_row_nx_b}}
