-- Immigration by origin group and year, with the CIS share.
-- Answers: how many immigrants came from CIS and from non-CIS countries each year, what share of the
-- total came from the CIS, and does the printed CIS total match the CIS member countries printed beside
-- it (membership as of that year, from geography_groups: Georgia counts until 2009)?
-- One row per publication, reporting country, cited source and calendar year with a printed total.
-- Columns: package, ref_area, citation, year, total, cis, non_cis, cis_share, cis_member_countries
WITH immigration AS (
  SELECT package, ref_area, citation, year(period_start) AS year, counterpart, value_base
  FROM observations
  WHERE measure = 'migration' AND direction = 'in' AND breakdown = '' AND value_base IS NOT NULL
    AND period_start = make_date(year(period_start), 1, 1) AND period_end = make_date(year(period_start), 12, 31)
),
members AS (
  SELECT i.package, i.ref_area, i.citation, i.year, sum(i.value_base) AS cis_member_countries
  FROM immigration i
  JOIN geography g ON g.code = i.counterpart AND g.kind = 'country'
  JOIN geography_groups m ON m.group_code = 'CIS' AND m.member = i.counterpart
   AND i.year BETWEEN coalesce(m.valid_from, 0) AND coalesce(m.valid_to, 9999)
  GROUP BY ALL
),
groups AS (
  SELECT package, ref_area, citation, year,
    sum(value_base) FILTER (WHERE counterpart = 'TOTAL') AS total,
    sum(value_base) FILTER (WHERE counterpart = 'CIS') AS cis,
    sum(value_base) FILTER (WHERE counterpart = 'NON_CIS') AS non_cis
  FROM immigration
  GROUP BY ALL
)
SELECT g.package, g.ref_area, g.citation, g.year, g.total, g.cis, g.non_cis,
  round(g.cis / g.total, 4) AS cis_share,
  m.cis_member_countries
FROM groups g
LEFT JOIN members m USING (package, ref_area, citation, year)
WHERE g.total IS NOT NULL
ORDER BY g.package, g.ref_area, g.citation, g.year;
