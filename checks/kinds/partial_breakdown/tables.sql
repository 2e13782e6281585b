-- partial_breakdown, before its query: the tables with an incomplete breakdown (no other table is read)
SET VARIABLE check_partial_tables = (
  SELECT coalesce(list(DISTINCT package || '/' || table_id), []::VARCHAR[]) FROM table_hierarchy WHERE NOT complete
);

