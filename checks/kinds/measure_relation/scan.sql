-- measure_relation: the figures of the measures that take part in a relation, on cheap columns (no
-- obs_id: a bulk figure's is computed from its labels); `side` says which, printed or bulk. A
-- counterpart TOTAL is every partner: the quantity's total, as no counterpart is.
-- Parameters: side (a condition on o), row_key_o, dir_key_o.
SELECT {{row_key_o}}, o.measure, o.measure_kind, o.ref_area, {{dir_key_o}} AS dir_key, nullif(o.counterpart, 'TOTAL') AS counterpart, o.breakdown,
         o.period_start, o.period_end, o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v, o.base_unit
  FROM check_observations o
  WHERE list_contains(getvariable('check_relation_measures'), o.measure)
    AND o.lo IS NOT NULL AND o.period_end IS NOT NULL AND o.measure_kind IN ('stock', 'flow', 'count', 'amount')
    -- (a figure the other end of a flow recorded is left to mirror)
    AND NOT coalesce(CASE WHEN o.reporter <> o.ref_area THEN o.reporter IN (o.origin, o.destination) END, false)
    AND {{side}}
