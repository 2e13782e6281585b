-- duplicate: the same quantity (measure, area, direction, counterpart, breakdown, period) stated more
-- than once with values whose intervals do not all overlap. Millions of figures, nearly all stated once:
-- the figures stated more than once are found by the size of their bucket (a hash of the quantity and
-- the year, which the period key determines), on cheap columns, and those of the sole file (before.sql)
-- by a bucket another figure has; their positions (line, col) are all that is kept. The figures at those
-- positions are then grouped exactly, and obs_id, labels and the listing are read only for the groups
-- that disagree.
-- Parameters: compared (compared.sql), period_key_o (the period as compared: exact or year), tolerance
-- (at min_v and max_v), period_match (its name), row_key_o, same_row_o_s (row keys), few_candidates,
-- few_failing (relations DuckDB estimates small), order_f, figure_f, shown_f (figures f in details and
-- messages), target.
WITH figures AS NOT MATERIALIZED (
  -- every figure compared: its position, its bucket (the bucket computed here, below the window: as a
  -- PARTITION BY expression it is several times slower), and whether it is of the sole file, the largest
  -- bulk file no two of whose records can be the same quantity (bulk_files.distinct_quantities; set before
  -- the query). Its millions of figures are not partitioned: only those whose bucket the other figures
  -- have are looked at, found by a hash join whose table is the others' (the sole file's are pruned from
  -- their scan, a constant condition).
  SELECT o.line, o.col, hash(o.measure, o.ref_area, o.direction, o.counterpart, o.breakdown, o.period_year) AS bucket,
         coalesce(o.package = getvariable('check_duplicate_sole').package AND o.table_id = getvariable('check_duplicate_sole').table_id, false) AS sole
  FROM check_observations o
  WHERE {{compared}}
),
others AS NOT MATERIALIZED (
  SELECT line, col, bucket FROM figures WHERE NOT sole
),
-- the sole file's figures whose quantity some other figure may state
sole_twice AS MATERIALIZED (
  SELECT f.line, f.col, f.bucket FROM figures f SEMI JOIN others x ON f.bucket = x.bucket WHERE f.sole
),
candidates AS (
  SELECT line, col
  FROM (SELECT line, col, count(*) OVER (PARTITION BY bucket) AS bucket_size FROM others)
  WHERE bucket_size >= 2
  UNION ALL
  SELECT line, col FROM sole_twice
  UNION ALL
  -- (the others stated once among themselves and again in the sole file; a constant false without one)
  SELECT x.line, x.col FROM others x SEMI JOIN sole_twice t ON x.bucket = t.bucket WHERE getvariable('check_duplicate_sole') IS NOT NULL
),
-- every figure at those positions (a superset: the check's filter is the column compared)
s AS MATERIALIZED (
  SELECT {{row_key_o}}, o.measure, o.ref_area, o.direction, o.counterpart, o.breakdown, {{period_key_o}} AS period_key,
         o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v_point, o.base_unit,
         -- the cell of a table figure (a statement is a cell of its own: its cell key needs obs_id)
         o.package || ':' || (o.table_id || '/' || o.row_label || '/' || o.col_label) AS table_cell,
         coalesce({{compared}}, false) AS compared
  FROM check_observations o SEMI JOIN {{few_candidates}} c ON o.line = c.line AND o.col IS NOT DISTINCT FROM c.col
),
-- the groups stated at least twice whose intervals do not all overlap
k AS (
  SELECT measure, ref_area, direction, counterpart, breakdown, period_key
  FROM (
    SELECT measure, ref_area, direction, counterpart, breakdown, period_key,
           count(*) FILTER (WHERE compared) AS n, max(lo) FILTER (WHERE compared) AS max_lo, min(hi) FILTER (WHERE compared) AS min_hi,
           min(v_point) FILTER (WHERE compared) AS min_v, max(v_point) FILTER (WHERE compared) AS max_v,
           -- at least the number of distinct cells (equal when no statement's key collides with a cell's)
           count(DISTINCT table_cell) FILTER (WHERE compared) + count(*) FILTER (WHERE compared AND table_cell IS NULL) AS max_cells,
           count(DISTINCT base_unit) FILTER (WHERE compared) AS n_units
    FROM s
    GROUP BY measure, ref_area, direction, counterpart, breakdown, period_key
  )
  -- (the conditions of g below that cheap columns can tell already, so that fewer figures are read whole)
  WHERE n >= 2 AND max_lo - min_hi > {{tolerance}} AND max_cells >= 2 AND n_units = 1
),
d AS (
  SELECT o.*,
         s.period_key,
         o.package || ':' || coalesce(o.table_id || '/' || o.row_label || '/' || o.col_label, o.obs_id) AS cell_key,
         s.v_point
  FROM {{few_failing}} s
  JOIN check_observations o ON {{same_row_o_s}}
),
g AS (
  SELECT measure, ref_area, direction, counterpart, breakdown, period_key,
         any_value(base_unit) AS base_unit,
         count(DISTINCT cell_key) AS n_cells,
         count(*) AS n,
         count(DISTINCT coalesce(citation, '')) AS n_citations,
         count(DISTINCT citation) AS n_cited,
         max(lo) AS max_lo, min(hi) AS min_hi,
         min(v_point) AS min_v, max(v_point) AS max_v,
         count(DISTINCT base_unit) AS n_units,
         list(obs_id ORDER BY {{order_f}}) AS ids,
         list({{figure_f}} ORDER BY {{order_f}}) AS sources,
         string_agg({{shown_f}} || ' (' || figure_label || CASE WHEN citation IS NOT NULL THEN ', ' || citation ELSE '' END || ')', '; ' ORDER BY {{order_f}}) AS listing
  FROM d AS f
  GROUP BY measure, ref_area, direction, counterpart, breakdown, period_key
  HAVING count(DISTINCT cell_key) >= 2 AND count(DISTINCT base_unit) = 1
)
SELECT {{target}} AS target,
       ids::VARCHAR[] AS obs_ids,
       measure || ' ' || ref_area
         || CASE WHEN direction IS NOT NULL THEN ' ' || direction ELSE '' END
         || CASE WHEN counterpart IS NOT NULL THEN ' ' || counterpart ELSE '' END
         || CASE WHEN breakdown <> '' THEN ' [' || breakdown || ']' ELSE '' END
         || ' ' || period_key
         || CASE WHEN n_citations > 1 THEN ' given by ' || n_citations || ' different cited sources'
                 ELSE ' stated ' || n || ' times' END
         || ' that disagree: ' || listing AS message,
       to_json({'min': check_num(min_v), 'max': check_num(max_v), 'spread': check_num(max_v - min_v),
                'relative_difference': check_num((max_v - min_v) / nullif(greatest(abs(min_v), abs(max_v)), 0)),
                'gap': check_num(max_lo - min_hi), 'tolerance': check_num({{tolerance}}), 'base_unit': base_unit,
                'period_match': {{period_match}}, 'n_sources': n_citations, 'sources': sources})::VARCHAR AS details
FROM g
WHERE max_lo - min_hi > {{tolerance}}
