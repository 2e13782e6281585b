// series_break: year-on-year changes beyond a factor within a series of consecutive annual full-year
// figures (same measure, area, direction, counterpart, breakdown, reporter and table). Factors are taken
// between the intervals, so rounding alone cannot make a break; small values (both below min_value) and
// changes of sign are left alone.
import * as Schema from "effect/Schema";
import { ROW_KEY, sqlFew, sqlIn, sqlLineInSpan, sqlKeyPart, sqlNumber, sqlSameRow, sqlString } from "../common.ts";
import { SeriesBreakDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { numberParam, filterParam, stringsParam } from "../params.ts";

/** The params of series_break: types, defaults and docs. */
export const seriesBreakParams = Schema.Struct({
  factor: numberParam({ default: 3, min: 1, doc: "a change by more than this factor (up or down) from one year to the next is a break" }),
  min_value: numberParam({ default: 100, min: 0, doc: "pairs where both magnitudes are below this (base units) are ignored" }),
  max_gap_years: numberParam({ default: 1, min: 1, integer: true, doc: "years between two figures for them to count as consecutive" }),
  measures: filterParam({ doc: "only these measure codes (default: all)" }),
  measure_kinds: stringsParam({ default: ["stock", "flow", "count", "amount"], doc: "only measures of these kinds (net flows swing around zero)" }),
});
type Params = typeof seriesBreakParams.Type;

const SERIES = ["package", "table_id", "measure", "ref_area", "direction", "counterpart", "breakdown", "reporter"];

const compile = (p: Params): { candidates: string; query: string } => {
  const factor = sqlNumber(p.factor);
  const minValue = sqlNumber(p.min_value);
  const maxGap = sqlNumber(p.max_gap_years);
  const compared = `o.is_full_year AND NOT o.is_partial AND o.lo IS NOT NULL
    AND ${sqlIn("o.measure", p.measures)}
    AND ${sqlIn("o.measure_kind", p.measure_kinds)}`;
  const magnitudes = `coalesce(o.value_base, (o.lo + o.hi) / 2) AS v,
         -- the magnitude interval [alo, ahi]
         CASE WHEN o.lo >= 0 THEN o.lo WHEN o.hi <= 0 THEN -o.hi ELSE 0 END AS alo,
         greatest(abs(o.lo), abs(o.hi)) AS ahi`;
  // Sorting millions of figures by series, year and obs_id is what costs (and a window over a whole
  // file is slow to spill); but two consecutive compared figures (at most max_gap_years apart) lie
  // within one run of W >= max_gap_years years or in two adjacent runs, and can only break if there one
  // figure is more than factor times another and one of them is at least min_value. One hash
  // aggregation over cheap columns (no sort; it spills to disk when it outgrows memory), keyed on a hash
  // of the series and the run (a collision can only add a candidate), then a join of adjacent runs,
  // finds those series, however long (over a century a series may triple without a break), and the
  // lines their figures span. They go to a temporary table, not a list (a list cannot spill); the overall
  // span of lines is set as a variable, so that only the figures in it are read again (a constant range
  // prunes the rest of a large file from the scan), then with their obs_id, and ordered within each
  // series: each compared figure with the next compared one (IGNORE NULLS skips the figures not
  // compared, read again with them). Labels and files are read for the pairs that break.
  const gap = p.max_gap_years;
  const w = Math.max(16, gap);
  const seriesHash = `hash(${SERIES.map((c) => `o.${c}`).join(", ")})`;
  const candidates = `CREATE OR REPLACE TEMP TABLE check_series_break_series AS
WITH r AS MATERIALIZED (
  SELECT h, run, min(line) AS first_line, max(line) AS last_line, max(alo) AS alo, min(ahi) AS ahi, max(abs(v)) AS av
  FROM (
    SELECT ${seriesHash} AS h, o.period_year // ${w} AS run, o.line, ${magnitudes}
    FROM check_observations o
    WHERE ${compared}
  )
  GROUP BY h, run
),
may_break AS (
  SELECT h FROM r WHERE alo > ${factor} * ahi AND av >= ${minValue}
  UNION
  SELECT a.h FROM r a JOIN r b ON b.h = a.h AND b.run = a.run + 1
  WHERE greatest(a.alo, b.alo) > ${factor} * least(a.ahi, b.ahi) AND greatest(a.av, b.av) >= ${minValue}
)
SELECT h, min(first_line) AS first_line, max(last_line) AS last_line FROM r SEMI JOIN may_break USING (h) GROUP BY h;
SET VARIABLE check_series_break_candidates = (
  SELECT [{'first_line': coalesce(min(first_line), 0), 'last_line': coalesce(max(last_line), -1)}] FROM check_series_break_series
);
`;
  // The candidates' figures, on cheap columns (also a temporary table: all of a long series is read),
  // then with obs_id, joined on their row key (a bulk file computes it).
  const figures = `CREATE OR REPLACE TEMP TABLE check_series_break_figures AS
  SELECT ${SERIES.map((c) => `o.${c}`).join(", ")}, ${ROW_KEY.filter((c) => c !== "package" && c !== "table_id").map((c) => `o.${c}`).join(", ")},
         o.period_year, coalesce(${compared}, false) AS compared, ${magnitudes}
  FROM check_series_break_series c
  JOIN check_observations o ON ${seriesHash} = c.h
  WHERE ${sqlLineInSpan("o", "check_series_break_candidates")};
`;
  return {
    candidates: candidates + figures,
    query: `
WITH f AS (
  SELECT f0.*, o.obs_id
  FROM check_series_break_figures f0
  JOIN check_observations o ON ${sqlSameRow("o", "f0")}
),
s AS (
  SELECT f.*,
         lead(CASE WHEN compared THEN {'obs_id': obs_id, 'period_year': period_year, 'v': v, 'alo': alo, 'ahi': ahi,
                                       ${ROW_KEY.filter((c) => c !== "package" && c !== "table_id").map((c) => `'${c}': ${c}`).join(", ")}} END IGNORE NULLS) OVER w AS n
  FROM f
  WINDOW w AS (PARTITION BY ${SERIES.join(", ")} ORDER BY period_year, obs_id)
),
b AS (
  SELECT *, n.obs_id AS n_id, n.period_year AS n_year, n.v AS n_v,
         -- the smallest factor the intervals allow, in the direction of the change
         CASE WHEN n.alo > ${factor} * ahi THEN n.alo / nullif(ahi, 0) WHEN alo > ${factor} * n.ahi THEN alo / nullif(n.ahi, 0) END AS min_factor,
         CASE WHEN abs(n.v) >= abs(v) THEN abs(n.v) / nullif(abs(v), 0) ELSE abs(v) / nullif(abs(n.v), 0) END AS point_factor,
         package AS n_package, table_id AS n_table_id, n.statement_id AS n_statement_id, n.part AS n_part, n.line AS n_line, n.col AS n_col
  FROM s
  WHERE compared AND n IS NOT NULL AND n.period_year - period_year BETWEEN 1 AND ${maxGap}
    AND greatest(abs(v), abs(n.v)) >= ${minValue}
    AND NOT (v < 0 AND n.v > 0 OR v > 0 AND n.v < 0)
    AND (n.alo > ${factor} * ahi OR alo > ${factor} * n.ahi)
)
SELECT b.package || ':' || coalesce(b.table_id, 'statements') || '/'
         || ${SERIES.slice(2).map((c) => sqlKeyPart(`b.${c}`)).join(" || '/' || ")}
         || '/' || b.period_year || '-' || b.n_year AS target,
       [b.obs_id, b.n_id]::VARCHAR[] AS obs_ids,
       b.measure || ' ' || b.ref_area || CASE WHEN b.direction IS NOT NULL THEN ' ' || b.direction ELSE '' END
         || CASE WHEN b.counterpart IS NOT NULL THEN ' ' || b.counterpart ELSE '' END
         || CASE WHEN b.breakdown <> '' THEN ' [' || b.breakdown || ']' ELSE '' END
         || ': ' || check_fmt_printed(b.v, a.base_unit, a.unit, a.multiplier) || ' in ' || b.period_year || ' (' || a.figure_label || ') then '
         || check_fmt_printed(b.n_v, a.base_unit, nx.unit, nx.multiplier) || ' in ' || b.n_year || ' (' || nx.figure_label || '): '
         || CASE WHEN abs(b.n_v) >= abs(b.v) THEN 'up' ELSE 'down' END || ' by a factor of '
         || coalesce(CAST(round(b.point_factor, 2) AS VARCHAR), 'infinity') || ', more than ' || ${sqlString(String(p.factor))} AS message,
       to_json({'from_year': b.period_year, 'to_year': b.n_year, 'from': check_num(b.v), 'to': check_num(b.n_v),
                'factor': check_num(b.point_factor), 'min_factor': check_num(b.min_factor), 'threshold': ${factor}})::VARCHAR AS details,
       a.file, a.line, a.col
FROM ${sqlFew("SELECT * EXCLUDE (n) FROM b")} b
JOIN check_observations a ON ${sqlSameRow("a", "b")}
JOIN check_observations nx ON ${sqlSameRow("nx", "b", "n_")}`,
  };
};

export const seriesBreak = defineKind({
  kind: "series_break",
  defaultSeverity: "warning",
  summary: "Consecutive annual figures of one series do not change by more than a factor (default 3) beyond what rounding allows.",
  params: seriesBreakParams,
  details: SeriesBreakDetails,
  compile: (p) => {
    const { candidates, query } = compile(p);
    return { before: candidates, query };
  },
  orderBy: "file, line, col, target",
});
