-- period_trap, partial_in_series: a partial-period or estimated figure (a trap) in the same series as final
-- full-year figures. The traps are read whole, their series' full years on cheap columns.
-- Parameters: is_trap (the condition of a trap), row_key_fi, same_row_o_f (row keys), few_traps,
-- few_full_years (relations DuckDB estimates small), shown_t, period_key_t (figure t for messages).
WITH traps AS MATERIALIZED (
  SELECT * FROM check_observations WHERE {{is_trap}}
),
-- the final full years of each trap's series, on cheap columns (their obs_id is read above, by row key)
full_years AS (
  SELECT t.obs_id AS t_id, {{row_key_fi}}, fi.period_year
  FROM {{few_traps}} t
  JOIN check_observations fi
    ON fi.package = t.package AND fi.table_id IS NOT DISTINCT FROM t.table_id AND fi.measure = t.measure
   AND fi.ref_area = t.ref_area AND fi.direction IS NOT DISTINCT FROM t.direction
   AND fi.counterpart IS NOT DISTINCT FROM t.counterpart AND fi.breakdown = t.breakdown
  WHERE fi.lo IS NOT NULL AND fi.is_full_year AND NOT fi.is_partial AND NOT fi.is_estimate AND NOT fi.is_provisional
    AND fi.period_year IS DISTINCT FROM t.period_year
    -- only the tables holding a trap (a constant list: a bulk file without one is not read)
    AND list_contains(getvariable('check_period_trap_tables'), coalesce(fi.table_id, ''))
)

SELECT t.obs_id || '/' || CASE WHEN t.is_partial THEN 'partial-period' ELSE 'estimate' END || '-in-series' AS target,
       ([t.obs_id] || a.ids)::VARCHAR[] AS obs_ids,
       t.figure_label || ' (' || {{shown_t}} || ') '
         || CASE WHEN t.is_partial THEN 'covers only ' || t.period_start || ' to ' || t.period_end
                 ELSE 'is an estimate for ' || {{period_key_t}} END
         || ' in a series of final full-year figures for ' || array_to_string(a.years, ', ')
         || ': not comparable with them as it stands' AS message,
       to_json({'trap': CASE WHEN t.is_partial THEN 'partial-period' ELSE 'estimate' END, 'value': check_num(t.value_base),
                'period_start': CAST(t.period_start AS VARCHAR), 'period_end': CAST(t.period_end AS VARCHAR),
                'full_years': a.years})::VARCHAR AS details,
       t.file, t.line, t.col
FROM traps t
JOIN (
  SELECT f.t_id AS obs_id,
         list(o.obs_id ORDER BY f.period_year, o.obs_id) AS ids,
         list(DISTINCT f.period_year ORDER BY f.period_year) AS years
  FROM {{few_full_years}} f
  JOIN check_observations o ON {{same_row_o_f}}
  WHERE o.obs_id <> f.t_id
  GROUP BY f.t_id
) a ON a.obs_id = t.obs_id
