-- period_trap, before its query: the tables (or '' for statements) holding a trap, as a constant that
-- prunes every other table from the scan (a join cannot). Parameter: is_trap (the condition of a trap).
SET VARIABLE check_period_trap_tables = (
  SELECT coalesce(list(DISTINCT coalesce(table_id, '')), []::VARCHAR[]) FROM check_observations WHERE {{is_trap}}
);

