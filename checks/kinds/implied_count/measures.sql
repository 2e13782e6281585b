-- implied_count, before its query: the measures a rate can reach (numerators and denominators)
SET VARIABLE check_implied_measures = (
  SELECT coalesce(list(DISTINCT m), []::VARCHAR[]) FROM (
    SELECT related AS m FROM measure_relations WHERE relation = 'rate_of'
    UNION ALL SELECT denominator FROM measure_relations WHERE relation = 'rate_of'
    UNION ALL SELECT measure FROM observations_printed WHERE obs_id IN (SELECT numerator_ref FROM observations_printed WHERE numerator_ref IS NOT NULL)
    UNION ALL SELECT substr(ref, 9) FROM (SELECT unnest([numerator_ref, denominator_ref]) AS ref FROM observations_printed) WHERE starts_with(ref, 'measure:')
  ) WHERE m IS NOT NULL
);

