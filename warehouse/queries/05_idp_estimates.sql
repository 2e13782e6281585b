-- Every estimate of internally displaced persons (IDPs), by agency.
-- Answers: who put the number of IDPs at how many, for when, and how far apart the estimates for the
-- same year are (spread_in_year = highest - lowest estimate with a period ending that year).
-- Columns: period_text, period_end, idps, value_text, qualifier, citation, agency, source_year,
--          spread_in_year, obs_id
SELECT
  o.period_text,
  o.period_end,
  o.value_base AS idps,
  o.value_text,
  o.qualifier,
  o.citation,
  c.publisher AS agency,
  c.year AS source_year,
  max(o.value_base) OVER (PARTITION BY year(o.period_end)) - min(o.value_base) OVER (PARTITION BY year(o.period_end)) AS spread_in_year,
  o.obs_id
FROM observations o
LEFT JOIN citations c USING (package, citation)
WHERE o.measure = 'idps'
ORDER BY o.period_end, o.value_base, o.obs_id;
