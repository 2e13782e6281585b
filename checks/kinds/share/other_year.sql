-- share, with allow_other_year false: the shares compared only with another year's figures (after the
-- main query's rows, on the same relation k), reported as not checkable.
UNION ALL
SELECT obs_id || '/other-year' AS target,
       ([obs_id] || n_ids || d_ids)::VARCHAR[] AS obs_ids,
       figure_label || ' (' || period_year || ') cannot be checked: no ' || concat_ws(' and no ', CASE WHEN n_year_note IS NOT NULL THEN n_measure END, CASE WHEN d_year_note IS NOT NULL THEN d_measure END)
         || ' figure for ' || period_year || ' (nearest: ' || concat_ws(', ', CASE WHEN n_year_note IS NOT NULL THEN n_measure || ' ' || n_years END, CASE WHEN d_year_note IS NOT NULL THEN d_measure || ' ' || d_years END) || ')' AS message,
       to_json({'share': check_num(s_v), 'numerator_year_note': n_year_note, 'denominator_year_note': d_year_note})::VARCHAR AS details,
       file, line, col
FROM k
WHERE other_year
