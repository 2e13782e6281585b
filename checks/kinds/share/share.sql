-- share: a stated share or rate against numerator / denominator, each a figure or measure:CODE (the
-- figure of that measure for the same area, breakdown '' and year, else the nearest year).
-- Parameters: is_share (a share's condition), tolerance (at s_v and the derived value), compared (TRUE, or
-- NOT other_year), other_year_rows (other_year.sql or nothing), keys_of_refs, row_key_o, same_row_o_k,
-- same_row_o_m (row keys), few_* (relations DuckDB estimates small), shown_s (share s for messages).
WITH s AS MATERIALIZED (
  SELECT * FROM check_observations WHERE {{is_share}}
),
-- each side of each share; a reference 'measure:CODE' matches o.measure = CODE ('measure:' || o.measure = ref)
sr AS MATERIALIZED (
  SELECT obs_id AS share_id, 'num' AS role, numerator_ref AS ref, ref_area, period_year FROM s
  UNION ALL
  SELECT obs_id, 'den', denominator_ref, ref_area, period_year FROM s
),
named AS (
  SELECT * FROM {{keys_of_refs}}
),
-- the figures of a measure named 'measure:CODE', on cheap columns (then read whole by row key)
by_measure AS (
  SELECT sr.share_id, sr.role, abs(o.period_year - sr.period_year) AS year_gap, {{row_key_o}}
  FROM {{few_sides}} sr
  JOIN check_observations o
    ON o.measure = sr.ref_measure
   AND o.ref_area = sr.ref_area AND o.breakdown = '' AND o.counterpart IS NULL
  WHERE o.lo IS NOT NULL AND o.period_year IS NOT NULL
    -- (a constant: a table of no named measure, or every table when no share names one, is not read)
    AND list_contains(getvariable('check_share_measures'), o.measure)
),
refs AS (
  SELECT sr.share_id, sr.role, false AS by_measure, 0 AS year_gap, o.obs_id, o.lo, o.hi, o.value_base, o.base_unit, o.period_year, o.measure, o.figure_label
  FROM sr
  JOIN (SELECT o.* FROM {{few_named}} k JOIN check_observations o ON {{same_row_o_k}}) o ON o.obs_id = sr.ref
  UNION ALL
  SELECT m.share_id, m.role, true, m.year_gap, o.obs_id, o.lo, o.hi, o.value_base, o.base_unit, o.period_year, o.measure, o.figure_label
  FROM {{few_by_measure}} m JOIN check_observations o ON {{same_row_o_m}}
),
nearest AS (
  SELECT share_id, role, min(year_gap) AS gap FROM refs GROUP BY share_id, role
),
sides AS (
  SELECT r.share_id, r.role, bool_or(r.by_measure) AS by_measure, n.gap,
         min(r.lo) AS lo, max(r.hi) AS hi, count(DISTINCT r.base_unit) AS n_units, min(r.base_unit) AS base_unit,
         list(r.obs_id ORDER BY r.obs_id) AS ids,
         string_agg(DISTINCT CAST(r.period_year AS VARCHAR), ' and ' ORDER BY CAST(r.period_year AS VARCHAR)) AS years,
         min(r.measure) AS measure,
         string_agg(CASE WHEN r.value_base IS NOT NULL THEN check_fmt(r.value_base, r.base_unit) ELSE check_fmt(r.lo, r.base_unit) || ' to ' || check_fmt(r.hi, r.base_unit) END, ' or ' ORDER BY r.obs_id) AS shown,
         string_agg(r.figure_label, ' or ' ORDER BY r.obs_id) AS labels
  FROM refs r JOIN nearest n ON n.share_id = r.share_id AND n.role = r.role AND n.gap = r.year_gap
  GROUP BY r.share_id, r.role, n.gap
),
pairs AS (
  SELECT s.obs_id, s.figure_label, s.base_unit AS s_unit, s.period_year, s.lo AS s_lo, s.hi AS s_hi,
         coalesce(s.value_base, (s.lo + s.hi) / 2) AS s_v, {{shown_s}} AS s_shown,
         s.file, s.line, s.col,
         nu.lo AS n_lo, nu.hi AS n_hi, nu.ids AS n_ids, nu.shown AS n_shown, nu.labels AS n_labels, nu.by_measure AS n_by_measure, nu.gap AS n_gap, nu.years AS n_years, nu.measure AS n_measure,
         de.lo AS dn_lo, de.hi AS dn_hi, de.ids AS d_ids, de.shown AS d_shown, de.labels AS d_labels, de.by_measure AS d_by_measure, de.gap AS d_gap, de.years AS d_years, de.measure AS d_measure,
         -- quotient of two intervals; undefined when the denominator's interval holds 0
         CASE WHEN de.lo > 0 OR de.hi < 0 THEN least(nu.lo / de.lo, nu.lo / de.hi, nu.hi / de.lo, nu.hi / de.hi) END AS d_lo_raw,
         CASE WHEN de.lo > 0 OR de.hi < 0 THEN greatest(nu.lo / de.lo, nu.lo / de.hi, nu.hi / de.lo, nu.hi / de.hi) END AS d_hi_raw
  FROM s
  JOIN sides nu ON nu.share_id = s.obs_id AND nu.role = 'num'
  JOIN sides de ON de.share_id = s.obs_id AND de.role = 'den'
  WHERE nu.n_units = 1 AND de.n_units = 1 AND nu.base_unit = de.base_unit
),
j AS (
  SELECT *,
         CASE WHEN isnan(d_lo_raw) THEN '-inf'::DOUBLE ELSE d_lo_raw END AS d_lo,
         CASE WHEN isnan(d_hi_raw) THEN 'inf'::DOUBLE ELSE d_hi_raw END AS d_hi,
         (n_by_measure AND n_gap > 0) OR (d_by_measure AND d_gap > 0) AS other_year,
         CASE WHEN d_by_measure AND d_gap > 0 THEN d_measure || ' of ' || d_years || ': none for ' || period_year END AS d_year_note,
         CASE WHEN n_by_measure AND n_gap > 0 THEN n_measure || ' of ' || n_years || ': none for ' || period_year END AS n_year_note
  FROM pairs
  WHERE d_lo_raw IS NOT NULL
),
k AS (SELECT *, {{tolerance}} AS tol, concat_ws('; ', 'compared with ' || n_year_note, 'compared with ' || d_year_note) AS year_note FROM j)
SELECT obs_id AS target,
       ([obs_id] || n_ids || d_ids)::VARCHAR[] AS obs_ids,
       figure_label || ' is ' || s_shown || ' but ' || n_shown || ' / ' || d_shown || ' = '
         || CASE WHEN d_hi - d_lo <= s_hi - s_lo THEN check_fmt((d_lo + d_hi) / 2, s_unit)
                 ELSE check_fmt(d_lo, s_unit) || ' to ' || check_fmt(d_hi, s_unit) END
         || CASE WHEN year_note <> '' THEN ' (' || year_note || ')' ELSE '' END AS message,
       to_json({'share': check_num(s_v), 'share_lo': check_num(s_lo), 'share_hi': check_num(s_hi),
                'derived_lo': check_num(d_lo), 'derived_hi': check_num(d_hi), 'derived': check_num((n_lo + n_hi) / (dn_lo + dn_hi)),
                'numerator': {'obs_ids': n_ids, 'lo': check_num(n_lo), 'hi': check_num(n_hi), 'labels': n_labels, 'year_note': n_year_note},
                'denominator': {'obs_ids': d_ids, 'lo': check_num(dn_lo), 'hi': check_num(dn_hi), 'labels': d_labels, 'year_note': d_year_note},
                'tolerance': check_num(tol)})::VARCHAR AS details,
       file, line, col
FROM k
WHERE {{compared}} AND (s_lo > d_hi + tol OR s_hi < d_lo - tol)
{{other_year_rows}}
