-- measure_relation, with breakdowns: every countable measure is related to itself
UNION ALL
  SELECT measure, measure, 'breakdown_of', 'a breakdown or a counterpart of a quantity is a part of its total' FROM measures WHERE kind IN ('stock', 'flow', 'count', 'amount')
