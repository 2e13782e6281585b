-- Figures by cited source, with publication lags.
-- Answers: which sources the profile leans on (how many figures each), the years their figures cover,
-- how long after the latest period the source was published (source_lag_years) and how old the source
-- was when the profile came out (profile_lag_years). Figures with no cited source form one row with
-- citation NULL.
-- Columns: package, citation, publisher, kind, source_year, figures, first_period_year,
--          last_period_year, source_lag_years, profile_lag_years
SELECT
  o.package,
  o.citation,
  c.publisher,
  c.kind,
  c.year AS source_year,
  count(*) AS figures,
  min(year(o.period_start)) AS first_period_year,
  max(year(o.period_end)) AS last_period_year,
  c.year - max(year(o.period_end)) AS source_lag_years,
  CAST(left(p.pub_date, 4) AS INTEGER) - c.year AS profile_lag_years
FROM observations o
JOIN packages p USING (package)
LEFT JOIN citations c USING (package, citation)
GROUP BY o.package, o.citation, c.publisher, c.kind, c.year, p.pub_date
ORDER BY o.package, figures DESC, o.citation NULLS LAST;
