-- Migration between Azerbaijan and Russia as recorded by each side.
-- Answers: for each year and direction, how many migrants did Azerbaijan's statistics record and how
-- many did Russia's (Goskomstat), and how far apart are they? A flow is "recorded by" the country whose
-- statistical system produced the figure (observations.reporter). Change the pair in the first CTE to
-- compare other countries.
-- Columns: year, origin, destination, recorded_by_a, recorded_by_b, difference (b - a), ratio (b / a),
--          source_a, source_b  (a = AZE, b = RUS)
WITH pair AS (SELECT 'AZE' AS a, 'RUS' AS b),
flows AS (
  SELECT year(o.period_start) AS year, o.origin, o.destination, o.reporter, o.value_base, o.citation
  FROM observations o, pair p
  WHERE o.measure = 'migration' AND o.breakdown = '' AND o.value_base IS NOT NULL
    AND ((o.origin = p.a AND o.destination = p.b) OR (o.origin = p.b AND o.destination = p.a))
    AND o.period_start = make_date(year(o.period_start), 1, 1) AND o.period_end = make_date(year(o.period_start), 12, 31)
),
sides AS (
  SELECT f.year, f.origin, f.destination,
    max(f.value_base) FILTER (WHERE f.reporter = p.a) AS recorded_by_a,
    max(f.value_base) FILTER (WHERE f.reporter = p.b) AS recorded_by_b,
    string_agg(DISTINCT f.citation, '; ') FILTER (WHERE f.reporter = p.a) AS source_a,
    string_agg(DISTINCT f.citation, '; ') FILTER (WHERE f.reporter = p.b) AS source_b
  FROM flows f, pair p
  GROUP BY ALL
)
SELECT year, origin, destination, recorded_by_a, recorded_by_b,
  recorded_by_b - recorded_by_a AS difference,
  round(recorded_by_b / recorded_by_a, 2) AS ratio,
  source_a, source_b
FROM sides
ORDER BY origin, destination, year;
