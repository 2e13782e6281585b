-- duplicate, before its query: the sole file, the largest bulk file no two of whose records can be the
-- same quantity (bulk_files.distinct_quantities), whose figures the query does not partition; NULL when
-- no bulk file is one.
SET VARIABLE check_duplicate_sole = (
  SELECT {'package': package, 'table_id': table_id} FROM bulk_files WHERE distinct_quantities ORDER BY records DESC, package, table_id LIMIT 1
);
