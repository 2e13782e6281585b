-- series_break: a figure compared (a condition on o): a final full-year figure with a value.
-- Parameters: measures, measure_kinds (filters, TRUE for all).
o.is_full_year AND NOT o.is_partial AND o.lo IS NOT NULL
    AND {{measures}}
    AND {{measure_kinds}}
