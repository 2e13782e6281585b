-- The register of estimates: every quantity stated by two or more sources, or under related measures
-- (sources/_reference/measure-relations.csv), one row per estimate with its source, date, definition and
-- the spread of the estimates of the same quantity. What an analyst builds by hand to see who says how
-- many IDPs. A register row (`quantity`) is an area, a family of related measures, a direction and a
-- year; findings name the register rows of the figures they compare. Printed tables and statements only:
-- a bulk file's millions of figures are series, not competing estimates.
CREATE OR REPLACE VIEW estimates_register AS
WITH RECURSIVE edges AS (
  SELECT measure AS a, related AS b FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
  UNION ALL
  SELECT related, measure FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
),
-- every measure and the measures related to it through any chain of part_of relations
reach(measure, other) AS (
  SELECT measure, measure FROM measures
  UNION
  SELECT r.measure, e.b FROM reach r JOIN edges e ON e.a = r.other
),
-- a family is named by its broadest measures (those no relation makes a part of another)
roots AS (
  SELECT measure FROM measures WHERE measure NOT IN (SELECT measure FROM measure_relations WHERE relation IN ('part_of', 'registered_of'))
),
family AS (
  SELECT r.measure, string_agg(DISTINCT r.other, '+' ORDER BY r.other) AS family
  FROM reach r WHERE r.other IN (SELECT measure FROM roots)
  GROUP BY r.measure
),
f AS (
  SELECT o.obs_id, o.package, o.measure, m.label AS definition, fa.family, o.measure_kind, o.ref_area,
         -- a stock with no direction is the stock in its area
         CASE WHEN o.direction IS NULL AND o.measure_kind = 'stock' THEN 'in' ELSE o.direction END AS direction,
         o.counterpart, o.breakdown, year(o.period_end) AS year, o.period_text, o.period_start, o.period_end,
         o.value_text, o.unit, o.value_base, o.base_unit, o.qualifier, o.citation, c.printed AS source, c.year AS source_year,
         coalesce(o.label, o.row_label || ' | ' || o.col_label) AS printed_label, o.file, o.line, o.col
  FROM observations_printed o
  JOIN measures m ON m.measure = o.measure
  JOIN family fa ON fa.measure = o.measure
  LEFT JOIN citations c ON c.package = o.package AND c.citation = o.citation
  WHERE o.measure_kind IN ('stock', 'flow', 'count', 'amount', 'net_flow') AND o.value_base IS NOT NULL AND o.period_end IS NOT NULL
),
same AS (
  SELECT ref_area, measure, direction, counterpart, breakdown, year,
         count(DISTINCT coalesce(citation, '')) AS n_sources_same, count(*) AS n_estimates_same,
         min(value_base) AS min_same, max(value_base) AS max_same
  FROM f GROUP BY ALL
),
quantity AS (
  SELECT ref_area, family, direction, year,
         count(DISTINCT measure) AS n_measures, count(DISTINCT coalesce(citation, '')) AS n_sources
  FROM f GROUP BY ALL
)
SELECT f.ref_area || ' ' || f.family || coalesce(' ' || f.direction, '') || ' ' || f.year AS quantity,
       f.ref_area AS area, f.year, f.family, f.measure, f.definition, f.breakdown, f.counterpart, f.direction,
       f.obs_id, f.package, f.printed_label, f.value_text, f.unit, f.qualifier, f.value_base, f.base_unit,
       f.period_text, f.period_start, f.period_end, f.citation, f.source, f.source_year,
       q.n_sources, q.n_measures, s.n_sources_same, s.n_estimates_same,
       s.max_same - s.min_same AS spread,
       (s.max_same - s.min_same) / nullif(greatest(abs(s.min_same), abs(s.max_same)), 0) AS relative_spread,
       f.file, f.line, f.col
FROM f
JOIN same s ON s.ref_area = f.ref_area AND s.measure = f.measure AND s.direction IS NOT DISTINCT FROM f.direction
  AND s.counterpart IS NOT DISTINCT FROM f.counterpart AND s.breakdown = f.breakdown AND s.year = f.year
JOIN quantity q ON q.ref_area = f.ref_area AND q.family = f.family AND q.direction IS NOT DISTINCT FROM f.direction AND q.year = f.year
WHERE s.n_sources_same >= 2 OR q.n_measures >= 2;

COMMENT ON VIEW estimates_register IS 'Every quantity stated by two or more sources or under related measures (measure_relations): one row per estimate, with its source, date, definition and the spread of the estimates of the same measure, breakdown and counterpart; quantity names the register row (area, family of related measures, direction, year)';
