// series_break: year-on-year changes beyond a factor within a series of consecutive annual full-year
// figures (same measure, area, direction, counterpart, breakdown, reporter and table). Factors are taken
// between the intervals, so rounding alone cannot make a break; small values (both below min_value) and
// changes of sign are left alone.
import type { CheckDeclaration, CheckKind } from "../types.ts";
import { param, sqlFew, sqlIn, sqlKeyPart, sqlNumber, sqlString, validateParams, type ParamSpecs } from "./common.ts";

/** The params of series_break: types, defaults and docs. */
export const seriesBreakParams: ParamSpecs = {
  factor: { type: "number", default: 3, min: 1, doc: "a change by more than this factor (up or down) from one year to the next is a break" },
  min_value: { type: "number", default: 100, min: 0, doc: "pairs where both magnitudes are below this (base units) are ignored" },
  max_gap_years: { type: "number", default: 1, min: 1, integer: true, doc: "years between two figures for them to count as consecutive" },
  measures: { type: "strings", default: null, doc: "only these measure codes (default: all)" },
  measure_kinds: { type: "strings", default: ["stock", "flow", "count", "amount"], doc: "only measures of these kinds (net flows swing around zero)" },
};
const specs = seriesBreakParams;

const SERIES = ["package", "table_id", "measure", "ref_area", "direction", "counterpart", "breakdown", "reporter"];
/** NOT NULL in the warehouse, so compared with = (which DuckDB pushes into the scan); the others IS NOT DISTINCT FROM. */
const NOT_NULL = new Set(["package", "measure", "ref_area", "breakdown"]);

const compile = (check: CheckDeclaration): string => {
  const factor = sqlNumber(param.number(check, specs, "factor"));
  const minValue = sqlNumber(param.number(check, specs, "min_value"));
  const maxGap = sqlNumber(param.number(check, specs, "max_gap_years"));
  const compared = `o.is_full_year AND NOT o.is_partial AND o.lo IS NOT NULL
    AND ${sqlIn("o.measure", param.strings(check, specs, "measures"))}
    AND ${sqlIn("o.measure_kind", param.strings(check, specs, "measure_kinds"))}`;
  const magnitudes = `coalesce(o.value_base, (o.lo + o.hi) / 2) AS v,
         -- the magnitude interval [alo, ahi]
         CASE WHEN o.lo >= 0 THEN o.lo WHEN o.hi <= 0 THEN -o.hi ELSE 0 END AS alo,
         greatest(abs(o.lo), abs(o.hi)) AS ahi`;
  const next = (expr: string) => `lead(CASE WHEN compared THEN ${expr} END IGNORE NULLS) OVER w`;
  // Sorting millions of figures by series, year and obs_id is what costs; but a series can only break
  // if some figure of it is more than factor times another (and one of them at least min_value), which
  // one aggregate over cheap columns tells. Only the figures of those series are read again, with their
  // obs_id and labels, and ordered: each compared figure with the next compared one (IGNORE NULLS: the
  // figures not compared, read again with them, are skipped).
  return `
WITH candidates AS (
  SELECT ${SERIES.join(", ")}
  FROM (
    SELECT ${SERIES.map((c) => `o.${c}`).join(", ")}, ${magnitudes}
    FROM check_observations o
    WHERE ${compared}
  )
  GROUP BY ${SERIES.join(", ")}
  HAVING max(alo) > ${factor} * min(ahi) AND max(abs(v)) >= ${minValue}
),
f AS (
  SELECT o.*, coalesce(${compared}, false) AS compared, ${magnitudes}
  FROM ${sqlFew("SELECT * FROM candidates")} c
  JOIN check_observations o
    ON ${SERIES.map((col) => (NOT_NULL.has(col) ? `o.${col} = c.${col}` : `o.${col} IS NOT DISTINCT FROM c.${col}`)).join(" AND ")}
),
s AS (
  SELECT f.*,
         ${next("obs_id")} AS n_id, ${next("period_year")} AS n_year, ${next("v")} AS n_v,
         ${next("alo")} AS n_alo, ${next("ahi")} AS n_ahi, ${next("figure_label")} AS n_label
  FROM f
  WINDOW w AS (PARTITION BY ${SERIES.join(", ")} ORDER BY period_year, obs_id)
),
b AS (
  SELECT *,
         -- the smallest factor the intervals allow, in the direction of the change
         CASE WHEN n_alo > ${factor} * ahi THEN n_alo / nullif(ahi, 0) WHEN alo > ${factor} * n_ahi THEN alo / nullif(n_ahi, 0) END AS min_factor,
         CASE WHEN abs(n_v) >= abs(v) THEN abs(n_v) / nullif(abs(v), 0) ELSE abs(v) / nullif(abs(n_v), 0) END AS point_factor
  FROM s
  WHERE compared AND n_id IS NOT NULL AND n_year - period_year BETWEEN 1 AND ${maxGap}
    AND greatest(abs(v), abs(n_v)) >= ${minValue}
    AND NOT (v < 0 AND n_v > 0 OR v > 0 AND n_v < 0)
    AND (n_alo > ${factor} * ahi OR alo > ${factor} * n_ahi)
)
SELECT package || ':' || coalesce(table_id, 'statements') || '/'
         || ${["measure", "ref_area", "direction", "counterpart", "breakdown", "reporter"].map(sqlKeyPart).join(" || '/' || ")}
         || '/' || period_year || '-' || n_year AS target,
       [obs_id, n_id]::VARCHAR[] AS obs_ids,
       measure || ' ' || ref_area || CASE WHEN direction IS NOT NULL THEN ' ' || direction ELSE '' END
         || CASE WHEN counterpart IS NOT NULL THEN ' ' || counterpart ELSE '' END
         || CASE WHEN breakdown <> '' THEN ' [' || breakdown || ']' ELSE '' END
         || ': ' || check_fmt(v, base_unit) || ' in ' || period_year || ' (' || figure_label || ') then '
         || check_fmt(n_v, base_unit) || ' in ' || n_year || ' (' || n_label || '): '
         || CASE WHEN abs(n_v) >= abs(v) THEN 'up' ELSE 'down' END || ' by a factor of '
         || coalesce(CAST(round(point_factor, 2) AS VARCHAR), 'infinity') || ', more than ' || ${sqlString(String(param.number(check, specs, "factor")))} AS message,
       to_json({'from_year': period_year, 'to_year': n_year, 'from': check_num(v), 'to': check_num(n_v),
                'factor': check_num(point_factor), 'min_factor': check_num(min_factor), 'threshold': ${factor}})::VARCHAR AS details,
       file, line, col
FROM b`;
};

export const seriesBreak: CheckKind = {
  kind: "series_break",
  defaultSeverity: "warning",
  summary: "Consecutive annual figures of one series do not change by more than a factor (default 3) beyond what rounding allows.",
  validate: (check) => validateParams(check, specs),
  compile: (check) => `SELECT target, obs_ids, message, details FROM (${compile(check)}\n) ORDER BY file, line, col, target`,
};
