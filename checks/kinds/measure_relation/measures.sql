-- measure_relation, before its query: the printed tables, the areas of printed figures, and the measures
-- either side of a relation (and those printed with a breakdown), as constants the query's scans test.
-- Parameter: breakdown_measures (breakdown_measures.sql with breakdowns, else nothing).
SET VARIABLE check_relation_printed_tables = (
  SELECT coalesce(list(DISTINCT package || '/' || table_id), []::VARCHAR[]) FROM observations_printed WHERE table_id IS NOT NULL
);
SET VARIABLE check_relation_areas = (
  SELECT coalesce(list(DISTINCT ref_area), []::VARCHAR[]) FROM observations_printed
);
SET VARIABLE check_relation_measures = (
  SELECT coalesce(list(DISTINCT m), []::VARCHAR[]) FROM (
    SELECT measure AS m FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    UNION ALL SELECT related FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    {{breakdown_measures}}
  )
);

