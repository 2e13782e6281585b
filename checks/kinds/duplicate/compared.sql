-- duplicate: a figure compared (a condition on o). Not a figure the other end of a flow recorded; the
-- end is looked at only where the reporter is not the area: a country's own records, most of a large
-- file, cost no more. Parameters: measures, measure_kinds (filters, TRUE for all).
o.lo IS NOT NULL
    AND o.period_end IS NOT NULL
    AND NOT coalesce(CASE WHEN o.reporter <> o.ref_area THEN o.reporter IN (o.origin, o.destination) END, false)
    AND {{measures}}
    AND {{measure_kinds}}
