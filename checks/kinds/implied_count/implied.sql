-- implied_count: the count a rate or share implies (rate x denominator) against every count of the
-- numerator's quantity for the same period (or neighbouring_years around it), from any source.
-- Parameters: is_rate (the rates' condition), tolerance (at imp_v and c_v), neighbouring_years (a whole
-- number), few_* (relations DuckDB estimates small), same_row_o_k, row_key_o_as_c (row keys),
-- direction_key_o, shown_printed_o, period_shown_o, source_short_o, figure_struct_o (figure o).
WITH r AS MATERIALIZED (
  SELECT o.* FROM check_observations o WHERE {{is_rate}}
),
-- the figures rates name as numerator or denominator (few, by id)
named AS MATERIALIZED (
  SELECT o.obs_id, o.measure, o.measure_kind, o.direction, o.counterpart, o.breakdown, o.lo, o.hi, o.base_unit, o.period_year
  FROM {{few_named_keys}} k
  JOIN check_observations o ON {{same_row_o_k}}
),
-- what each rate is of: its numerator's quantity and its denominator (a figure or a measure)
spec AS MATERIALIZED (
  SELECT r.obs_id AS rate_id, r.ref_area, r.period_year, r.period_start, r.period_end, r.is_full_year, r.lo AS r_lo, r.hi AS r_hi,
         r.counterpart AS r_counterpart,
         nf.obs_id AS num_id,
         coalesce(nf.measure, CASE WHEN starts_with(r.numerator_ref, 'measure:') THEN substr(r.numerator_ref, 9) END, mr.related) AS num_measure,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.direction ELSE r.direction END AS num_dir,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.counterpart ELSE r.counterpart END AS num_counterpart,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.breakdown ELSE r.breakdown END AS num_breakdown,
         df.obs_id AS den_id,
         CASE WHEN df.obs_id IS NULL THEN coalesce(CASE WHEN starts_with(r.denominator_ref, 'measure:') THEN substr(r.denominator_ref, 9) END, mr.denominator) END AS den_measure
  FROM r
  LEFT JOIN named nf ON nf.obs_id = r.numerator_ref
  LEFT JOIN named df ON df.obs_id = r.denominator_ref
  LEFT JOIN measure_relations mr ON mr.measure = r.measure AND mr.relation = 'rate_of'
),
-- denominators: the named figure, or every figure of the measure for the rate's year (a stock at any
-- date of it, a flow over the same period), breakdown total, the rate's counterpart
den AS (
  SELECT s.rate_id, n.obs_id, n.lo, n.hi, n.base_unit FROM spec s JOIN named n ON n.obs_id = s.den_id
  UNION ALL
  SELECT s.rate_id, o.obs_id, o.lo, o.hi, o.base_unit
  FROM {{few_specs_by_measure}} s
  JOIN check_observations o
    ON o.measure = s.den_measure AND o.ref_area = s.ref_area AND o.breakdown = '' AND o.counterpart IS NOT DISTINCT FROM s.r_counterpart
  WHERE o.lo IS NOT NULL AND o.period_year = s.period_year
    AND (o.measure_kind = 'stock' OR (o.period_start = s.period_start AND o.period_end = s.period_end))
    AND list_contains(getvariable('check_implied_measures'), o.measure)
),
den_hull AS (
  SELECT rate_id, min(lo) AS d_lo, max(hi) AS d_hi, count(DISTINCT base_unit) AS n_units, min(base_unit) AS d_unit,
         list(obs_id ORDER BY obs_id) AS d_ids
  FROM den GROUP BY rate_id
),
implied AS (
  SELECT s.*, d.d_lo, d.d_hi, d.d_ids, d.d_unit,
         least(s.r_lo * d.d_lo, s.r_lo * d.d_hi, s.r_hi * d.d_lo, s.r_hi * d.d_hi) AS imp_lo,
         greatest(s.r_lo * d.d_lo, s.r_lo * d.d_hi, s.r_hi * d.d_lo, s.r_hi * d.d_hi) AS imp_hi
  FROM spec s JOIN den_hull d ON d.rate_id = s.rate_id
  WHERE d.n_units = 1 AND s.num_measure IS NOT NULL AND NOT isinf(d.d_lo) AND NOT isinf(d.d_hi)
),
-- the counts of each numerator's quantity: same area, direction, counterpart and breakdown, same kind
-- of period (a year's flow against a year's), within the years asked
counts AS (
  SELECT i.rate_id, i.imp_lo, i.imp_hi, (i.imp_lo + i.imp_hi) / 2 AS imp_v, i.d_ids, i.d_lo, i.d_hi,
         o.obs_id AS count_id, o.lo AS c_lo, o.hi AS c_hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS c_v, {{row_key_o_as_c}}
  FROM {{few_implied}} i
  JOIN check_observations o
    ON o.measure = i.num_measure AND o.ref_area = i.ref_area AND o.breakdown = i.num_breakdown
   AND o.counterpart IS NOT DISTINCT FROM i.num_counterpart
   -- (a stock with no direction is the stock in its area, on either side)
   AND {{direction_key_o}} IS NOT DISTINCT FROM CASE WHEN o.measure_kind = 'stock' THEN coalesce(i.num_dir, 'in') ELSE i.num_dir END
  WHERE o.lo IS NOT NULL AND o.base_unit = i.d_unit
    AND o.obs_id IS DISTINCT FROM i.num_id AND NOT list_contains(i.d_ids, o.obs_id)
    AND abs(o.period_year - i.period_year) <= {{neighbouring_years}}
    AND CASE WHEN o.measure_kind = 'stock' THEN true
             WHEN i.is_full_year THEN o.is_full_year
             ELSE o.period_start = i.period_start AND o.period_end = i.period_end END
    AND list_contains(getvariable('check_implied_measures'), o.measure)
),
failing AS (
  SELECT *, {{tolerance}} AS tol,
         (imp_hi < 0 AND c_lo > 0) OR (imp_lo > 0 AND c_hi < 0) AS sign_differs
  FROM counts
  WHERE c_lo > imp_hi + {{tolerance}} OR c_hi < imp_lo - {{tolerance}} OR (imp_hi < 0 AND c_lo > 0) OR (imp_lo > 0 AND c_hi < 0)
),
figs AS MATERIALIZED (
  SELECT o.*, {{shown_printed_o}} AS shown, {{period_shown_o}} AS period_shown, {{source_short_o}} AS source_short, {{figure_struct_o}} AS struct
  FROM {{few_failing_keys}} k
  JOIN check_observations o ON {{same_row_o_k}}
),
dens AS (
  SELECT f.rate_id, f.count_id, string_agg(d.figure_label || ' ' || d.shown || ' (' || d.period_shown || ', ' || d.source_short || ')', ' or ' ORDER BY d.obs_id) AS d_shown
  FROM (SELECT DISTINCT rate_id, count_id, unnest(d_ids) AS d_id FROM failing) f JOIN figs d ON d.obs_id = f.d_id
  GROUP BY f.rate_id, f.count_id
)
SELECT f.rate_id || ' x ' || f.count_id AS target,
       ([f.rate_id] || f.d_ids || [f.count_id])::VARCHAR[] AS obs_ids,
       r.figure_label || ' ' || r.shown || ' (' || r.period_shown || ', ' || r.source_short || ') of ' || ds.d_shown
         -- (whole numbers, outwards, once the interval spans more than one)
         || ' implies ' || CASE WHEN f.imp_hi - f.imp_lo < 1 THEN check_fmt(f.imp_v, c.base_unit)
                                ELSE check_fmt(floor(f.imp_lo), c.base_unit) || ' to ' || check_fmt(ceil(f.imp_hi), c.base_unit) END || ' ' || c.base_unit
         || ', but ' || c.figure_label || ' is ' || c.shown || ' (' || c.period_shown || ', ' || c.source_short || ')'
         || CASE WHEN f.sign_differs THEN ': the signs differ' ELSE '' END AS message,
       to_json({'rate': r.struct, 'count': c.struct, 'implied_lo': check_num(f.imp_lo), 'implied_hi': check_num(f.imp_hi), 'implied': check_num(f.imp_v),
                'denominator_lo': check_num(f.d_lo), 'denominator_hi': check_num(f.d_hi), 'denominator_ids': f.d_ids,
                'sign_differs': f.sign_differs, 'tolerance': check_num(f.tol), 'base_unit': c.base_unit})::VARCHAR AS details,
       r.file, r.line, r.col
FROM failing f
JOIN figs r ON r.obs_id = f.rate_id
JOIN figs c ON c.obs_id = f.count_id
JOIN dens ds ON ds.rate_id = f.rate_id AND ds.count_id = f.count_id
