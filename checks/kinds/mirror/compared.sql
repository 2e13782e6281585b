-- mirror: a figure compared (a condition on o): a flow between two countries recorded by one of its ends.
-- Parameter: measures (a filter, TRUE for all).
o.lo IS NOT NULL AND o.reporter IS NOT NULL AND o.origin IS NOT NULL AND o.destination IS NOT NULL
    AND o.origin <> o.destination AND o.reporter IN (o.origin, o.destination)
    AND {{measures}}
