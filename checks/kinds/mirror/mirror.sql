-- mirror: one flow recorded by both ends. Every figure an end recorded goes to a bucket, a hash of its
-- flow, with its numbers and position; figures are paired within buckets, and the positions of the
-- pairs that disagree are read again: those figures are paired exactly (a bucket may hold two flows)
-- with their obs_id and labels. The pairing is a hash join: the origins' figures are its table and the
-- destinations' probe it (where a large file is one country's records of its own arrivals, the origins'
-- side is the smaller). What the origins recorded (origin_ends.sql, before the query) prunes the rest
-- from the origins' scan, and from the destinations' every flow no origin recorded before its bucket is
-- computed. In each end's scan the first test, cheap and selective, comes before the rest: CASE keeps
-- DuckDB from reordering them.
-- Parameters: compared (compared.sql), tolerance (at a.v and b.v), few_positions (a relation DuckDB
-- estimates small), period_key_a, target.
WITH positions AS (
  SELECT a.line AS a_line, a.col AS a_col, b.line AS b_line, b.col AS b_col
  FROM (
    -- the destinations' figures, of the flows some origin recorded
    SELECT o.line, o.col, hash(o.measure, o.origin, o.destination, o.breakdown, o.period_start, o.period_end, o.base_unit) AS bucket,
           o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v
    FROM check_observations o
    WHERE true
      AND CASE WHEN list_contains(getvariable('check_mirror_origin_ends').origins, o.origin) AND list_contains(getvariable('check_mirror_origin_ends').destinations, o.destination)
               THEN coalesce({{compared}} AND o.reporter = o.destination, false) ELSE false END
  ) b
  JOIN (
    -- the origins' figures, within their tables and lines
    SELECT o.line, o.col, hash(o.measure, o.origin, o.destination, o.breakdown, o.period_start, o.period_end, o.base_unit) AS bucket,
           o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v
    FROM check_observations o
    WHERE list_contains(getvariable('check_mirror_origin_ends').tables, coalesce(o.table_id, '')) AND o.line BETWEEN getvariable('check_mirror_origin_ends').first_line AND getvariable('check_mirror_origin_ends').last_line
      AND CASE WHEN true THEN coalesce({{compared}} AND o.reporter = o.origin, false) ELSE false END
  ) a
    ON a.bucket = b.bucket
  WHERE greatest(a.lo, b.lo) - least(a.hi, b.hi) > {{tolerance}}
),
f AS MATERIALIZED (
  SELECT o.*, coalesce({{compared}}, false) AS compared, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v
  FROM check_observations o
  SEMI JOIN {{few_positions}} p
    ON o.line = p.line AND o.col IS NOT DISTINCT FROM p.col
),
failing AS (
  SELECT a.measure, a.origin, a.destination, a.breakdown, {{period_key_a}} AS period_key, a.base_unit,
         a.obs_id AS o_id, b.obs_id AS d_id, a.reporter AS o_reporter, b.reporter AS d_reporter,
         a.v AS o_v, b.v AS d_v, a.figure_label AS o_label, b.figure_label AS d_label,
         a.unit AS o_unit, a.multiplier AS o_mult, b.unit AS d_unit, b.multiplier AS d_mult,
         greatest(a.lo, b.lo) - least(a.hi, b.hi) AS gap, {{tolerance}} AS tol
  FROM f a
  JOIN f b
    ON a.measure = b.measure AND a.origin = b.origin AND a.destination = b.destination AND a.breakdown = b.breakdown
   AND a.period_start IS NOT DISTINCT FROM b.period_start AND a.period_end IS NOT DISTINCT FROM b.period_end
   AND a.base_unit = b.base_unit
  WHERE a.compared AND b.compared AND a.reporter = a.origin AND b.reporter = b.destination AND greatest(a.lo, b.lo) - least(a.hi, b.hi) > {{tolerance}}
),
g AS (
  SELECT measure, origin, destination, breakdown, period_key, any_value(base_unit) AS base_unit,
         list(DISTINCT o_id ORDER BY o_id) AS o_ids, list(DISTINCT d_id ORDER BY d_id) AS d_ids,
         -- the pair furthest apart (the first by obs_ids among equals)
         first({'o_id': o_id, 'd_id': d_id, 'o_reporter': o_reporter, 'd_reporter': d_reporter, 'o_v': o_v, 'd_v': d_v,
                'o_label': o_label, 'd_label': d_label, 'gap': gap, 'tol': tol,
                'o_unit': o_unit, 'o_mult': o_mult, 'd_unit': d_unit, 'd_mult': d_mult} ORDER BY gap - tol DESC, o_id, d_id) AS w
  FROM failing GROUP BY ALL
)
SELECT {{target}} AS target,
       (o_ids || d_ids)::VARCHAR[] AS obs_ids,
       measure || ' ' || origin || ' -> ' || destination || CASE WHEN breakdown <> '' THEN ' [' || breakdown || ']' ELSE '' END || ' ' || period_key
         || ': the origin (' || w.o_reporter || ') recorded ' || check_fmt_printed(w.o_v, base_unit, w.o_unit, w.o_mult) || ' (' || w.o_label || '), the destination ('
         || w.d_reporter || ') ' || check_fmt_printed(w.d_v, base_unit, w.d_unit, w.d_mult) || ' (' || w.d_label || '): ratio '
         || coalesce(CAST(round(w.o_v / nullif(w.d_v, 0), 3) AS VARCHAR), 'undefined')
         || ', a gap of ' || check_fmt_printed(w.gap, base_unit, w.o_unit, w.o_mult) || ' beyond the tolerance ' || check_fmt_printed(w.tol, base_unit, w.o_unit, w.o_mult) AS message,
       to_json({'origin_reporter': w.o_reporter, 'destination_reporter': w.d_reporter,
                'origin_reporter_value': check_num(w.o_v), 'destination_reporter_value': check_num(w.d_v),
                'ratio': check_num(w.o_v / nullif(w.d_v, 0)), 'gap': check_num(w.gap), 'tolerance': check_num(w.tol),
                'origin_obs_id': w.o_id, 'destination_obs_id': w.d_id})::VARCHAR AS details
FROM g
