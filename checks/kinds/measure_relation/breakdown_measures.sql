-- measure_relation, with breakdowns: the countable measures printed with a breakdown or a counterpart
UNION ALL SELECT DISTINCT measure FROM observations_printed WHERE (breakdown <> '' OR counterpart IS NOT NULL) AND measure_kind IN ('stock', 'flow', 'count', 'amount')
