-- mirror, before its query: what the origins recorded (tables, lines, countries), constants that prune
-- the rest from the query's scans. Parameter: compared (compared.sql).
SET VARIABLE check_mirror_origin_ends = (
  SELECT {'tables': list(DISTINCT coalesce(o.table_id, '')), 'first_line': min(o.line), 'last_line': max(o.line),
          'origins': list(DISTINCT o.origin), 'destinations': list(DISTINCT o.destination)}
  FROM check_observations o
  WHERE CASE WHEN o.reporter = o.origin THEN coalesce({{compared}}, false) ELSE false END
);

