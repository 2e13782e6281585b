// mirror: one flow recorded by both ends, by the origin country's statistics and by the destination's
// (same measure, origin, destination, breakdown and period; reporters differ, each one end of the flow).
// Mirror statistics always differ somewhat, hence a default relative tolerance of 10 %.
import * as Schema from "effect/Schema";
import { sqlFew, sqlIn, sqlKeyPart, sqlPeriodKey, sqlTolerance } from "../common.ts";
import { MirrorDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { filterParam, toleranceParams } from "../params.ts";

/** The params of mirror: types, defaults and docs. */
export const mirrorParams = Schema.Struct({
  ...toleranceParams(0.1),
  measures: filterParam({ doc: "only these measure codes (default: all)" }),
});
type Params = typeof mirrorParams.Type;

const compile = (p: Params): { originEnds: string; query: string } => {
  const compared = `o.lo IS NOT NULL AND o.reporter IS NOT NULL AND o.origin IS NOT NULL AND o.destination IS NOT NULL
    AND o.origin <> o.destination AND o.reporter IN (o.origin, o.destination)
    AND ${sqlIn("o.measure", p.measures)}`;
  const flow = ["measure", "origin", "destination", "breakdown", "period_start", "period_end", "base_unit"];
  const fails = `greatest(a.lo, b.lo) - least(a.hi, b.hi) > ${sqlTolerance(p, "a.v", "b.v")}`;
  // Every figure an end recorded goes to a bucket, a hash of its flow, with its numbers and position;
  // figures are paired within buckets, and the positions of the pairs that disagree are read again:
  // those figures are paired exactly (a bucket may hold two flows) with their obs_id and labels. The
  // pairing is a hash join: the origins' figures are its table and the destinations' probe it (where
  // a large file is one country's records of its own arrivals, the origins' side is the smaller). What
  // the origins recorded (tables, lines, countries) is set as a variable first: constants that prune
  // the rest from the origins' scan, and from the destinations' every flow no origin recorded before
  // its bucket is computed.
  // (`first`, cheap and selective, is tested before the rest: CASE keeps DuckDB from reordering them)
  const ends = (side: "origin" | "destination", first: string, pruning = "true") => `
  SELECT o.line, o.col, hash(${flow.map((c) => `o.${c}`).join(", ")}) AS bucket, o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v
  FROM check_observations o
  WHERE ${pruning} AND CASE WHEN ${first} THEN coalesce(${compared} AND o.reporter = o.${side}, false) ELSE false END`;
  const origins = `getvariable('check_mirror_origin_ends')`;
  return {
    originEnds: `SET VARIABLE check_mirror_origin_ends = (
  SELECT {'tables': list(DISTINCT coalesce(o.table_id, '')), 'first_line': min(o.line), 'last_line': max(o.line),
          'origins': list(DISTINCT o.origin), 'destinations': list(DISTINCT o.destination)}
  FROM check_observations o
  WHERE CASE WHEN o.reporter = o.origin THEN coalesce(${compared}, false) ELSE false END
);
`,
    query: `
WITH positions AS (
  SELECT a.line AS a_line, a.col AS a_col, b.line AS b_line, b.col AS b_col
  FROM (${ends("destination", `list_contains(${origins}.origins, o.origin) AND list_contains(${origins}.destinations, o.destination)`)}) b
  JOIN (${ends("origin", "true", `list_contains(${origins}.tables, coalesce(o.table_id, '')) AND o.line BETWEEN ${origins}.first_line AND ${origins}.last_line`)}) a
    ON a.bucket = b.bucket
  WHERE ${fails}
),
f AS MATERIALIZED (
  SELECT o.*, coalesce(${compared}, false) AS compared, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v
  FROM check_observations o
  SEMI JOIN ${sqlFew("SELECT a_line AS line, a_col AS col FROM positions UNION SELECT b_line, b_col FROM positions")} p
    ON o.line = p.line AND o.col IS NOT DISTINCT FROM p.col
),
failing AS (
  SELECT a.measure, a.origin, a.destination, a.breakdown, ${sqlPeriodKey("a")} AS period_key, a.base_unit,
         a.obs_id AS o_id, b.obs_id AS d_id, a.reporter AS o_reporter, b.reporter AS d_reporter,
         a.v AS o_v, b.v AS d_v, a.figure_label AS o_label, b.figure_label AS d_label,
         a.unit AS o_unit, a.multiplier AS o_mult, b.unit AS d_unit, b.multiplier AS d_mult,
         greatest(a.lo, b.lo) - least(a.hi, b.hi) AS gap, ${sqlTolerance(p, "a.v", "b.v")} AS tol
  FROM f a
  JOIN f b
    ON a.measure = b.measure AND a.origin = b.origin AND a.destination = b.destination AND a.breakdown = b.breakdown
   AND a.period_start IS NOT DISTINCT FROM b.period_start AND a.period_end IS NOT DISTINCT FROM b.period_end
   AND a.base_unit = b.base_unit
  WHERE a.compared AND b.compared AND a.reporter = a.origin AND b.reporter = b.destination AND ${fails}
),
g AS (
  SELECT measure, origin, destination, breakdown, period_key, any_value(base_unit) AS base_unit,
         list(DISTINCT o_id ORDER BY o_id) AS o_ids, list(DISTINCT d_id ORDER BY d_id) AS d_ids,
         -- the pair furthest apart (the first by obs_ids among equals)
         first({'o_id': o_id, 'd_id': d_id, 'o_reporter': o_reporter, 'd_reporter': d_reporter, 'o_v': o_v, 'd_v': d_v,
                'o_label': o_label, 'd_label': d_label, 'gap': gap, 'tol': tol,
                'o_unit': o_unit, 'o_mult': o_mult, 'd_unit': d_unit, 'd_mult': d_mult} ORDER BY gap - tol DESC, o_id, d_id) AS w
  FROM failing GROUP BY ALL
)
SELECT ${["measure", "origin || '->' || destination", "breakdown", "period_key"].map(sqlKeyPart).join(" || '/' || ")} AS target,
       (o_ids || d_ids)::VARCHAR[] AS obs_ids,
       measure || ' ' || origin || ' -> ' || destination || CASE WHEN breakdown <> '' THEN ' [' || breakdown || ']' ELSE '' END || ' ' || period_key
         || ': the origin (' || w.o_reporter || ') recorded ' || check_fmt_printed(w.o_v, base_unit, w.o_unit, w.o_mult) || ' (' || w.o_label || '), the destination ('
         || w.d_reporter || ') ' || check_fmt_printed(w.d_v, base_unit, w.d_unit, w.d_mult) || ' (' || w.d_label || '): ratio '
         || coalesce(CAST(round(w.o_v / nullif(w.d_v, 0), 3) AS VARCHAR), 'undefined')
         || ', a gap of ' || check_fmt_printed(w.gap, base_unit, w.o_unit, w.o_mult) || ' beyond the tolerance ' || check_fmt_printed(w.tol, base_unit, w.o_unit, w.o_mult) AS message,
       to_json({'origin_reporter': w.o_reporter, 'destination_reporter': w.d_reporter,
                'origin_reporter_value': check_num(w.o_v), 'destination_reporter_value': check_num(w.d_v),
                'ratio': check_num(w.o_v / nullif(w.d_v, 0)), 'gap': check_num(w.gap), 'tolerance': check_num(w.tol),
                'origin_obs_id': w.o_id, 'destination_obs_id': w.d_id})::VARCHAR AS details
FROM g`,
  };
};

export const mirror = defineKind({
  kind: "mirror",
  defaultSeverity: "warning",
  summary: "A flow recorded by the origin country and by the destination country agrees within a relative tolerance (default 10 %).",
  params: mirrorParams,
  details: MirrorDetails,
  compile: (p) => {
    const { originEnds, query } = compile(p);
    return { before: originEnds, query };
  },
  orderBy: "target",
});
