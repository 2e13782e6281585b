// duplicate: the same quantity (measure, area, direction, counterpart, breakdown, period) stated more
// than once with values whose intervals do not all overlap. Figures recorded by the other end of a flow
// are left to `mirror`; two figures of one printed cell are never duplicates of each other.
import * as Schema from "effect/Schema";
import { sqlDisplayOrder, sqlFew, sqlFigureStruct, sqlIn, sqlKeyPart, sqlPeriodKey, sqlRowKey, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import { DuplicateDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { enumParam, filterParam, toleranceParams } from "../params.ts";

/** The params of duplicate: types, defaults and docs. */
export const duplicateParams = Schema.Struct({
  ...toleranceParams(),
  period_match: enumParam(["exact", "year"], {
    default: "exact",
    doc: "exact: same period start and end; year: same year of the period end (for stocks stated at different dates of a year)",
  }),
  measures: filterParam({ doc: "only these measure codes (default: all)" }),
  measure_kinds: filterParam({ doc: "only measures of these kinds (stock, flow, count, ...; default: all)" }),
});
type Params = typeof duplicateParams.Type;

const compile = (p: Params): string => {
  const byYear = p.period_match === "year";
  const period = byYear ? "CAST(o.period_year AS VARCHAR)" : sqlPeriodKey("o");
  const tol = sqlTolerance(p, "min_v", "max_v");
  const keys = ["measure", "ref_area", "direction", "counterpart", "breakdown", "period_key"];
  const compared = `o.lo IS NOT NULL
    AND o.period_end IS NOT NULL
    -- (not a figure the other end of a flow recorded; the end is looked at only where the reporter is
    -- not the area: a country's own records, most of a large file, cost no more)
    AND NOT coalesce(CASE WHEN o.reporter <> o.ref_area THEN o.reporter IN (o.origin, o.destination) END, false)
    AND ${sqlIn("o.measure", p.measures)}
    AND ${sqlIn("o.measure_kind", p.measure_kinds)}`;
  // Millions of figures, nearly all stated once: the figures stated more than once are found by the
  // size of their bucket (a hash of the quantity and the year, which the period key determines), on
  // cheap columns; their positions (line, col) are all that is kept. The figures at those positions are
  // then grouped exactly, and obs_id, labels and the listing are read only for the groups that disagree.
  return `
WITH candidates AS (
  SELECT line, col
  FROM (
    -- (the bucket computed below the window: as a PARTITION BY expression it is several times slower)
    SELECT line, col, count(*) OVER (PARTITION BY bucket) AS bucket_size
    FROM (
      SELECT o.line, o.col, hash(o.measure, o.ref_area, o.direction, o.counterpart, o.breakdown, o.period_year) AS bucket
      FROM check_observations o
      WHERE ${compared}
    )
  )
  WHERE bucket_size >= 2
),
-- every figure at those positions (a superset: the check's filter is the column compared)
s AS MATERIALIZED (
  SELECT ${sqlRowKey("o")}, o.measure, o.ref_area, o.direction, o.counterpart, o.breakdown, ${period} AS period_key,
         o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v_point, o.base_unit,
         -- the cell of a table figure (a statement is a cell of its own: its cell key needs obs_id)
         o.package || ':' || (o.table_id || '/' || o.row_label || '/' || o.col_label) AS table_cell,
         coalesce(${compared}, false) AS compared
  FROM check_observations o SEMI JOIN ${sqlFew("SELECT DISTINCT line, col FROM candidates")} c ON o.line = c.line AND o.col IS NOT DISTINCT FROM c.col
),
-- the groups stated at least twice whose intervals do not all overlap
k AS (
  SELECT ${keys.join(", ")}
  FROM (
    SELECT ${keys.join(", ")},
           count(*) FILTER (WHERE compared) AS n, max(lo) FILTER (WHERE compared) AS max_lo, min(hi) FILTER (WHERE compared) AS min_hi,
           min(v_point) FILTER (WHERE compared) AS min_v, max(v_point) FILTER (WHERE compared) AS max_v,
           -- at least the number of distinct cells (equal when no statement's key collides with a cell's)
           count(DISTINCT table_cell) FILTER (WHERE compared) + count(*) FILTER (WHERE compared AND table_cell IS NULL) AS max_cells,
           count(DISTINCT base_unit) FILTER (WHERE compared) AS n_units
    FROM s
    GROUP BY ${keys.join(", ")}
  )
  -- (the conditions of g below that cheap columns can tell already, so that fewer figures are read whole)
  WHERE n >= 2 AND max_lo - min_hi > ${tol} AND max_cells >= 2 AND n_units = 1
),
d AS (
  SELECT o.*,
         s.period_key,
         o.package || ':' || coalesce(o.table_id || '/' || o.row_label || '/' || o.col_label, o.obs_id) AS cell_key,
         s.v_point
  FROM ${sqlFew(`SELECT s.* FROM s JOIN k ON ${keys.map((c) => `s.${c} IS NOT DISTINCT FROM k.${c}`).join(" AND ")} WHERE s.compared`)} s
  JOIN check_observations o ON ${sqlSameRow("o", "s")}
),
g AS (
  SELECT measure, ref_area, direction, counterpart, breakdown, period_key,
         any_value(base_unit) AS base_unit,
         count(DISTINCT cell_key) AS n_cells,
         count(*) AS n,
         count(DISTINCT coalesce(citation, '')) AS n_citations,
         count(DISTINCT citation) AS n_cited,
         max(lo) AS max_lo, min(hi) AS min_hi,
         min(v_point) AS min_v, max(v_point) AS max_v,
         count(DISTINCT base_unit) AS n_units,
         list(obs_id ORDER BY ${sqlDisplayOrder("f")}) AS ids,
         list(${sqlFigureStruct("f")} ORDER BY ${sqlDisplayOrder("f")}) AS sources,
         string_agg(${sqlShownQualified("f")} || ' (' || figure_label || CASE WHEN citation IS NOT NULL THEN ', ' || citation ELSE '' END || ')', '; ' ORDER BY ${sqlDisplayOrder("f")}) AS listing
  FROM d AS f
  GROUP BY measure, ref_area, direction, counterpart, breakdown, period_key
  HAVING count(DISTINCT cell_key) >= 2 AND count(DISTINCT base_unit) = 1
)
SELECT ${["measure", "ref_area", "direction", "counterpart", "breakdown", "period_key"].map(sqlKeyPart).join(" || '/' || ")} AS target,
       ids::VARCHAR[] AS obs_ids,
       measure || ' ' || ref_area
         || CASE WHEN direction IS NOT NULL THEN ' ' || direction ELSE '' END
         || CASE WHEN counterpart IS NOT NULL THEN ' ' || counterpart ELSE '' END
         || CASE WHEN breakdown <> '' THEN ' [' || breakdown || ']' ELSE '' END
         || ' ' || period_key
         || CASE WHEN n_citations > 1 THEN ' given by ' || n_citations || ' different cited sources'
                 ELSE ' stated ' || n || ' times' END
         || ' that disagree: ' || listing AS message,
       to_json({'min': check_num(min_v), 'max': check_num(max_v), 'spread': check_num(max_v - min_v),
                'relative_difference': check_num((max_v - min_v) / nullif(greatest(abs(min_v), abs(max_v)), 0)),
                'gap': check_num(max_lo - min_hi), 'tolerance': check_num(${tol}), 'base_unit': base_unit,
                'period_match': ${byYear ? "'year'" : "'exact'"}, 'n_sources': n_citations, 'sources': sources})::VARCHAR AS details
FROM g
WHERE max_lo - min_hi > ${tol}`;
};

export const duplicate = defineKind({
  kind: "duplicate",
  defaultSeverity: "error",
  summary: "The same quantity stated more than once (same measure, area, direction, counterpart, breakdown and period) agrees within rounding and qualifiers.",
  params: duplicateParams,
  details: DuplicateDetails,
  compile: (p) => ({ query: compile(p) }),
  orderBy: "target",
});
