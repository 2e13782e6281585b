-- hierarchy: one row per declared total, numbered: its parts, whether the breakdown is complete, how
-- many parts. A rule listing a part twice, its total as a part, or a part at position -1 (the total's) is
-- irregular: its comparisons are all judged from their figures. (A CTE of candidates.sql and hierarchy.sql.)
rules AS (
  SELECT package, table_id, axis, total_label, axis = 'rows' AS by_row,
         row_number() OVER (ORDER BY package, table_id, axis, total_label) AS rid,
         bool_and(complete) AS complete, count(*) AS n_parts,
         count(DISTINCT part_label) < count(*) OR bool_or(part_label = total_label OR position = -1) AS irregular,
         min(total_key) AS total_key, list({'member': part_label, 'position': position, 'key': part_key}) AS parts
  FROM table_hierarchy
  GROUP BY package, table_id, axis, total_label
)
