-- Net migration, urban against rural, by year.
-- Answers: did towns or the countryside lose more people through migration each year, and do the
-- printed urban and rural figures add up to the printed total (residual = urban + rural - total)?
-- Values in persons (printed in thousands with one decimal, so good to 100 persons).
-- Columns: package, ref_area, citation, year, total, urban, rural, residual
WITH net AS (
  SELECT package, ref_area, citation, year(period_start) AS year, breakdown, value_base
  FROM observations
  WHERE measure = 'net_migration' AND value_base IS NOT NULL
    AND period_start = make_date(year(period_start), 1, 1) AND period_end = make_date(year(period_start), 12, 31)
),
by_area AS (
  SELECT package, ref_area, citation, year,
    round(sum(value_base) FILTER (WHERE breakdown = ''), 0) AS total,
    round(sum(value_base) FILTER (WHERE breakdown = 'area=urban'), 0) AS urban,
    round(sum(value_base) FILTER (WHERE breakdown = 'area=rural'), 0) AS rural
  FROM net
  GROUP BY ALL
)
SELECT package, ref_area, citation, year, total, urban, rural,
  urban + rural - total AS residual
FROM by_area
WHERE urban IS NOT NULL OR rural IS NOT NULL
ORDER BY package, ref_area, citation, year;
