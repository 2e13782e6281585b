-- Growth of incoming remittances, year on year, per cited source.
-- Answers: how fast did recorded remittances grow, and which years are estimates? Growth is computed
-- within one source only (different sources measure differently), against that source's figure of the
-- year before; where the source gives no figure for the year before, previous_year says which year it
-- gives and growth_pct is the growth per year since then (compound), not one year's growth.
-- Columns: package, ref_area, citation, year, usd_million, is_estimate, previous_year, growth_pct
--   (growth_pct per year: over previous_year .. year)
WITH remittances AS (
  SELECT package, ref_area, citation, year(period_start) AS year, value_base, is_estimate
  FROM observations
  WHERE measure = 'remittances_inflow' AND breakdown = '' AND value_base IS NOT NULL
    AND period_start = make_date(year(period_start), 1, 1) AND period_end = make_date(year(period_start), 12, 31)
)
SELECT package, ref_area, citation, year,
  round(value_base / 1e6, 1) AS usd_million,
  is_estimate,
  lag(year) OVER w AS previous_year,
  round(100 * (pow(value_base / lag(value_base) OVER w, 1.0 / (year - lag(year) OVER w)) - 1), 1) AS growth_pct
FROM remittances
WINDOW w AS (PARTITION BY package, ref_area, citation ORDER BY year)
ORDER BY package, ref_area, citation, year;
