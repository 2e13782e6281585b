-- Figures whose cited source was published before the period the figure is about.
-- Answers: which figures cannot come from the source they are attributed to as printed (a 2005
-- publication cannot report 2006), so the attribution, the period or the source's year is wrong; or the
-- figure was a projection.
-- Columns: obs_id, label, value_text, period_text, period_start_year, citation, source_year,
--          years_early, source_printed
SELECT
  o.obs_id,
  o.label,
  o.value_text,
  o.period_text,
  year(o.period_start) AS period_start_year,
  o.citation,
  coalesce(o.citation_year, c.year) AS source_year,
  year(o.period_start) - coalesce(o.citation_year, c.year) AS years_early,
  c.printed AS source_printed
FROM observations o
LEFT JOIN citations c USING (package, citation)
WHERE coalesce(o.citation_year, c.year) < year(o.period_start)
ORDER BY years_early DESC, o.obs_id;
