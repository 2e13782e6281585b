-- series_break: a figure's value and its magnitude interval [alo, ahi] (select items of o)
coalesce(o.value_base, (o.lo + o.hi) / 2) AS v,
         CASE WHEN o.lo >= 0 THEN o.lo WHEN o.hi <= 0 THEN -o.hi ELSE 0 END AS alo,
         greatest(abs(o.lo), abs(o.hi)) AS ahi
