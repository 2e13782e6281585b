-- measure_relation: a narrower figure larger than its broader one. Pairs are found on cheap columns and
-- only the failing pairs' figures are read whole.
-- Parameters: scan_printed, scan_bulk (scan.sql, of printed and of bulk figures), breakdown_relation
-- (breakdown_relation.sql with breakdowns, else nothing), max_days (stocks: the most days between the
-- two figures), tolerance (at c.v and c.b_v), tolerance_out (at p.n_v and p.b_v), few_fp,
-- few_pair_figures (relations DuckDB estimates small), row_key_c_as_n, same_row_o_k, same_row_n_p,
-- same_row_b_p (row keys), shown_o, period_shown_o, source_short_o, figure_o (figures in messages and
-- details).
WITH fp AS MATERIALIZED (
  {{scan_printed}}
),
rel AS (
  SELECT measure AS n_measure, related AS b_measure, relation, note FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
  {{breakdown_relation}}
),
-- the pairs of a narrower and a broader figure; one of the two at least printed or stated: two figures of
-- bulk files (one file's parts and totals, or two files') are their hierarchy's, and pairing millions
-- with millions would cost more than every other check
candidates AS (
  SELECT n.*, r.relation, r.note, b.v AS b_v, b.hi AS b_hi, b.counterpart AS b_counterpart, b.breakdown AS b_breakdown,
         b.package AS b_package, b.table_id AS b_table_id, b.period_start AS b_period_start, b.period_end AS b_period_end,
         b.statement_id AS b_statement_id, b.part AS b_part, b.line AS b_line, b.col AS b_col
  FROM {{few_fp}} n
  JOIN rel r ON r.n_measure = n.measure
  JOIN (SELECT * FROM fp UNION ALL {{scan_bulk}}) b
    ON b.measure = r.b_measure AND b.ref_area = n.ref_area AND b.base_unit = n.base_unit AND b.measure_kind = n.measure_kind
   AND b.dir_key IS NOT DISTINCT FROM n.dir_key
  UNION ALL
  SELECT n.*, r.relation, r.note, b.v, b.hi, b.counterpart, b.breakdown,
         b.package, b.table_id, b.period_start, b.period_end, b.statement_id, b.part, b.line, b.col
  FROM {{few_fp}} b
  JOIN rel r ON r.b_measure = b.measure
  JOIN ({{scan_bulk}}) n
    ON n.measure = r.n_measure AND n.ref_area = b.ref_area AND n.base_unit = b.base_unit AND n.measure_kind = b.measure_kind
   AND n.dir_key IS NOT DISTINCT FROM b.dir_key
),
pairs AS (
  SELECT c.relation, c.note, c.v AS n_v, c.b_v, c.lo AS n_lo, c.b_hi, c.base_unit,
         {{row_key_c_as_n}},
         c.b_package, c.b_table_id, c.b_statement_id, c.b_part, c.b_line, c.b_col
  FROM candidates c
  WHERE (c.b_counterpart IS NULL OR c.b_counterpart = c.counterpart)
    AND (c.b_breakdown = '' OR c.b_breakdown = c.breakdown)
    -- the same measure: the narrower one has a breakdown or a counterpart its total lacks
    AND (c.relation <> 'breakdown_of' OR (c.breakdown <> '' AND c.b_breakdown = '') OR (c.counterpart IS NOT NULL AND c.b_counterpart IS NULL))
    -- one printed table's totals and parts are hierarchy's; a part's named whole is impossible's
    AND NOT coalesce(c.package = c.b_package AND c.table_id = c.b_table_id, false)
    AND CASE WHEN c.measure_kind = 'stock' THEN abs(date_diff('day', c.period_end, c.b_period_end)) <= {{max_days}}
             ELSE c.b_period_start <= c.period_start AND c.period_end <= c.b_period_end END
    AND c.lo > c.b_hi + {{tolerance}}
),
figs AS MATERIALIZED (
  SELECT o.*, {{shown_o}} AS shown, {{period_shown_o}} AS period_shown, {{source_short_o}} AS source_short,
         {{figure_o}} AS struct
  FROM {{few_pair_figures}} k
  JOIN check_observations o ON {{same_row_o_k}}
)
SELECT n.obs_id || ' > ' || b.obs_id AS target,
       [n.obs_id, b.obs_id]::VARCHAR[] AS obs_ids,
       n.figure_label || ' is ' || n.shown || ' (' || n.period_shown || ', ' || n.source_short || '), more than '
         || b.figure_label || ' ' || b.shown || ' (' || b.period_shown || ', ' || b.source_short || '), though '
         || CASE WHEN p.relation = 'breakdown_of' THEN 'it is a part of that total'
                 ELSE n.measure || ' is ' || CASE WHEN p.relation = 'registered_of' THEN 'the registered part of ' ELSE 'a part of ' END || b.measure END
         || ' (' || p.note || ')' AS message,
       to_json({'relation': p.relation, 'narrower_measure': n.measure, 'broader_measure': b.measure, 'note': p.note,
                'narrower': n.struct, 'broader': b.struct, 'excess': check_num(p.n_v - p.b_v),
                'gap': check_num(p.n_lo - p.b_hi), 'tolerance': check_num({{tolerance_out}}), 'base_unit': p.base_unit})::VARCHAR AS details,
       n.file, n.line, n.col
FROM pairs p
JOIN figs n ON {{same_row_n_p}}
JOIN figs b ON {{same_row_b_p}}
-- (a part and the whole it names are impossible's)
WHERE n.part_of_ref IS DISTINCT FROM b.obs_id
