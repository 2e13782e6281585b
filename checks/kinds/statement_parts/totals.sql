-- statement_parts: a figure printed as the total of others (part_of) against the sum of its parts, within
-- their qualifiers; with one uncertain part, the value the total implies for it.
-- Parameters: tolerance (at the total and the sum), complete_min_parts, uncertain_rel (numbers),
-- report_implied (TRUE or FALSE), keys_of_totals, same_row_o_k (row keys), few_total_keys (a relation
-- DuckDB estimates small), display_order_p, figure_struct_p (part p), shown_t, shown_u (figures t, u).
-- the figures printed as parts of another (part_of_ref: few) and the totals they name, read whole; the
-- totals are found by obs_id from the few references, then read by their row key
WITH parts AS MATERIALIZED (
  SELECT * FROM check_observations WHERE part_of_ref IS NOT NULL
),
total_keys AS (
  SELECT * FROM {{keys_of_totals}}
),
totals AS MATERIALIZED (
  SELECT o.* FROM {{few_total_keys}} k JOIN check_observations o ON {{same_row_o_k}}
),
p AS (
  SELECT o.*,
         coalesce(o.value_base, (o.lo + o.hi) / 2) AS v_point,
         o.lo IS NOT NULL AND (isinf(o.lo) OR isinf(o.hi)
           OR (o.hi - o.lo) / 2 - coalesce(o.rounding_base, 0) > {{uncertain_rel}} * abs(coalesce(o.value_base, (o.lo + o.hi) / 2)) + 1e-12) AS uncertain,
         o.qualifier_bound <> 'point' OR (o.value_base IS NULL AND o.lo IS NOT NULL) AS qualified
  FROM parts o
  JOIN totals w ON w.obs_id = o.part_of_ref
  WHERE o.base_unit = w.base_unit AND o.measure_kind NOT IN ('share', 'rate')
),
a AS (
  SELECT part_of_ref AS total_id,
         count(*) AS n_parts, count(lo) AS n_present,
         sum(lo) AS sum_lo, sum(hi) AS sum_hi, sum(v_point) AS sum_v, sum(coalesce(rounding_base, 0)) AS sum_r,
         count(*) FILTER (WHERE uncertain) AS n_uncertain,
         count(*) FILTER (WHERE qualified) AS n_qualified,
         CASE WHEN count(*) FILTER (WHERE uncertain) = 1 THEN any_value(obs_id) FILTER (WHERE uncertain)
              WHEN count(*) FILTER (WHERE uncertain) = 0 AND count(*) FILTER (WHERE qualified) = 1 THEN any_value(obs_id) FILTER (WHERE qualified)
         END AS u_id,
         list(obs_id ORDER BY {{display_order_p}}) AS ids,
         list({{figure_struct_p}} ORDER BY {{display_order_p}}) AS parts_json,
         list(figure_label || ' (' || coalesce(missing, 'missing') || ')' ORDER BY {{display_order_p}}) FILTER (WHERE lo IS NULL) AS missing
  FROM p GROUP BY part_of_ref
),
c AS (
  SELECT a.*, t.obs_id AS t_id, t.figure_label AS t_label, t.base_unit, t.value_base AS t_v, t.lo AS t_lo, t.hi AS t_hi,
         coalesce(t.rounding_base, 0) AS t_r, t.lo IS NOT NULL AS total_present,
         {{shown_t}} AS t_shown,
         a.n_present = a.n_parts AND a.n_parts >= {{complete_min_parts}} AS complete,
         u.obs_id AS u_obs, u.figure_label AS u_label, u.value_base AS u_v, u.v_point AS u_point, u.uncertain AS u_uncertain,
         u.qualifier AS u_qualifier, u.measure AS u_measure, {{shown_u}} AS u_shown,
         {{tolerance}} AS tol,
         t.file AS t_file, t.line AS t_line
  FROM a
  JOIN totals t ON t.obs_id = a.total_id
  LEFT JOIN p u ON u.obs_id = a.u_id
),
j AS (
  SELECT *,
         t_v - (sum_v - u_point) AS implied,
         t_r + sum_r + tol AS implied_tolerance,
         (t_hi - t_lo) / 2 + (sum_hi - sum_lo) / 2 + tol AS tolerance,
         CASE
           WHEN NOT total_present OR n_present = 0 THEN NULL
           WHEN sum_lo > t_hi + tol THEN 'over'
           WHEN complete AND sum_hi < t_lo - tol THEN 'short'
           WHEN {{report_implied}} AND complete AND u_uncertain AND u_v IS NOT NULL
                AND abs(t_v - (sum_v - u_point) - u_v) > t_r + sum_r + tol THEN 'implied'
         END AS failure
  FROM c
)
SELECT t_id AS target,
       ([t_id] || ids)::VARCHAR[] AS obs_ids,
       t_label || ' is ' || t_shown || ' but its ' || n_present || ' part' || CASE WHEN n_present = 1 THEN '' ELSE 's' END
         || ' add up to ' || check_fmt(sum_v, base_unit)
         || CASE failure
              WHEN 'over' THEN ', more than the total even at the low end of their qualifiers (' || check_fmt(sum_lo, base_unit) || ')'
              WHEN 'short' THEN ', less than the total even at the high end of their qualifiers (' || check_fmt(sum_hi, base_unit) || ')'
              ELSE ' (residual ' || check_fmt(t_v - sum_v, base_unit) || '); only ''' || u_shown || ''' (' || u_label
                   || ') lets them agree: the total implies ' || check_fmt(implied, base_unit) || ' for it'
            END
         || CASE WHEN failure <> 'implied' AND u_obs IS NOT NULL THEN '; the total implies ' || check_fmt(implied, base_unit) || ' for ' || u_label ELSE '' END
         AS message,
       to_json({'failure': failure, 'total_id': t_id, 'base_unit': base_unit, 'complete': complete,
                'total': check_num(t_v), 'total_lo': check_num(t_lo), 'total_hi': check_num(t_hi),
                'sum': check_num(sum_v), 'sum_lo': check_num(sum_lo), 'sum_hi': check_num(sum_hi),
                'residual': check_num(t_v - sum_v), 'tolerance': check_num(tolerance),
                'implied_part': check_num(CASE WHEN u_obs IS NOT NULL THEN implied END),
                'implied_tolerance': check_num(CASE WHEN u_obs IS NOT NULL THEN implied_tolerance END),
                'uncertain_part': CASE WHEN u_obs IS NOT NULL THEN {'obs_id': u_obs, 'label': u_label, 'value': check_num(u_v), 'qualifier': u_qualifier, 'measure': u_measure} END,
                'parts': parts_json, 'missing': coalesce(missing, []::VARCHAR[])})::VARCHAR AS details,
       t_file, t_line
FROM j
WHERE failure IS NOT NULL
UNION ALL
SELECT t_id || '/missing' AS target,
       ([t_id] || ids)::VARCHAR[] AS obs_ids,
       t_label || ': ' || CASE WHEN NOT total_present THEN 'the total is missing' ELSE 'missing part' || CASE WHEN n_parts - n_present = 1 THEN ' ' ELSE 's ' END || array_to_string(missing, ', ') END
         || ': the total cannot be checked' AS message,
       to_json({'failure': 'missing', 'total_id': t_id, 'missing_total': NOT total_present, 'missing': coalesce(missing, []::VARCHAR[])})::VARCHAR AS details,
       t_file, t_line
FROM j
WHERE NOT total_present OR n_present < n_parts
