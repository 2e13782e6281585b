// share: a stated share, percentage or rate against the counts it derives from. The numerator and the
// denominator are figures (numerator_ref, denominator_ref) or `measure:CODE`: the figure of that measure
// for the same area, breakdown '' and year; when that year has none, the nearest year (allow_other_year),
// said in the message. A share with only a denominator (a packed-cell share) has nothing to compare.
import * as Schema from "effect/Schema";
import { sqlFew, sqlKeysOfIds, sqlRowKey, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import { ShareDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { booleanParam, toleranceParams } from "../params.ts";

/** The params of share: types, defaults and docs. */
export const shareParams = Schema.Struct({
  ...toleranceParams(),
  allow_other_year: booleanParam({
    default: true,
    doc: "measure:CODE without a figure for the share's year: compare with the nearest year (true) or report the missing year (false)",
  }),
});
type Params = typeof shareParams.Type;

/** A stated share or rate with both its references and a value. */
const IS_SHARE = "denominator_ref IS NOT NULL AND numerator_ref IS NOT NULL AND lo IS NOT NULL";

const compile = (p: Params): string => {
  const allowOther = p.allow_other_year;
  const tol = sqlTolerance(p, "s_v", "(d_lo + d_hi) / 2");
  // The shares are few; the figures they name are found from them: by obs_id (the few referenced ids,
  // then read by row key) or by measure (pushed into the scan with the area).
  return `
WITH s AS MATERIALIZED (
  SELECT * FROM check_observations WHERE ${IS_SHARE}
),
-- each side of each share; a reference 'measure:CODE' matches o.measure = CODE ('measure:' || o.measure = ref)
sr AS MATERIALIZED (
  SELECT obs_id AS share_id, 'num' AS role, numerator_ref AS ref, ref_area, period_year FROM s
  UNION ALL
  SELECT obs_id, 'den', denominator_ref, ref_area, period_year FROM s
),
named AS (
  SELECT * FROM ${sqlKeysOfIds("SELECT DISTINCT ref FROM sr")}
),
-- the figures of a measure named 'measure:CODE', on cheap columns (then read whole by row key)
by_measure AS (
  SELECT sr.share_id, sr.role, abs(o.period_year - sr.period_year) AS year_gap, ${sqlRowKey("o")}
  FROM ${sqlFew("SELECT share_id, role, ref_area, period_year, CASE WHEN starts_with(ref, 'measure:') THEN substr(ref, 9) END AS ref_measure FROM sr")} sr
  JOIN check_observations o
    ON o.measure = sr.ref_measure
   AND o.ref_area = sr.ref_area AND o.breakdown = '' AND o.counterpart IS NULL
  WHERE o.lo IS NOT NULL AND o.period_year IS NOT NULL
    -- (a constant: a table of no named measure, or every table when no share names one, is not read)
    AND list_contains(getvariable('check_share_measures'), o.measure)
),
refs AS (
  SELECT sr.share_id, sr.role, false AS by_measure, 0 AS year_gap, o.obs_id, o.lo, o.hi, o.value_base, o.base_unit, o.period_year, o.measure, o.figure_label
  FROM sr
  JOIN (SELECT o.* FROM ${sqlFew("SELECT * FROM named")} k JOIN check_observations o ON ${sqlSameRow("o", "k")}) o ON o.obs_id = sr.ref
  UNION ALL
  SELECT m.share_id, m.role, true, m.year_gap, o.obs_id, o.lo, o.hi, o.value_base, o.base_unit, o.period_year, o.measure, o.figure_label
  FROM ${sqlFew("SELECT * FROM by_measure")} m JOIN check_observations o ON ${sqlSameRow("o", "m")}
),
nearest AS (
  SELECT share_id, role, min(year_gap) AS gap FROM refs GROUP BY share_id, role
),
sides AS (
  SELECT r.share_id, r.role, bool_or(r.by_measure) AS by_measure, n.gap,
         min(r.lo) AS lo, max(r.hi) AS hi, count(DISTINCT r.base_unit) AS n_units, min(r.base_unit) AS base_unit,
         list(r.obs_id ORDER BY r.obs_id) AS ids,
         string_agg(DISTINCT CAST(r.period_year AS VARCHAR), ' and ' ORDER BY CAST(r.period_year AS VARCHAR)) AS years,
         min(r.measure) AS measure,
         string_agg(CASE WHEN r.value_base IS NOT NULL THEN check_fmt(r.value_base, r.base_unit) ELSE check_fmt(r.lo, r.base_unit) || ' to ' || check_fmt(r.hi, r.base_unit) END, ' or ' ORDER BY r.obs_id) AS shown,
         string_agg(r.figure_label, ' or ' ORDER BY r.obs_id) AS labels
  FROM refs r JOIN nearest n ON n.share_id = r.share_id AND n.role = r.role AND n.gap = r.year_gap
  GROUP BY r.share_id, r.role, n.gap
),
pairs AS (
  SELECT s.obs_id, s.figure_label, s.base_unit AS s_unit, s.period_year, s.lo AS s_lo, s.hi AS s_hi,
         coalesce(s.value_base, (s.lo + s.hi) / 2) AS s_v, ${sqlShownQualified("s")} AS s_shown,
         s.file, s.line, s.col,
         nu.lo AS n_lo, nu.hi AS n_hi, nu.ids AS n_ids, nu.shown AS n_shown, nu.labels AS n_labels, nu.by_measure AS n_by_measure, nu.gap AS n_gap, nu.years AS n_years, nu.measure AS n_measure,
         de.lo AS dn_lo, de.hi AS dn_hi, de.ids AS d_ids, de.shown AS d_shown, de.labels AS d_labels, de.by_measure AS d_by_measure, de.gap AS d_gap, de.years AS d_years, de.measure AS d_measure,
         -- quotient of two intervals; undefined when the denominator's interval holds 0
         CASE WHEN de.lo > 0 OR de.hi < 0 THEN least(nu.lo / de.lo, nu.lo / de.hi, nu.hi / de.lo, nu.hi / de.hi) END AS d_lo_raw,
         CASE WHEN de.lo > 0 OR de.hi < 0 THEN greatest(nu.lo / de.lo, nu.lo / de.hi, nu.hi / de.lo, nu.hi / de.hi) END AS d_hi_raw
  FROM s
  JOIN sides nu ON nu.share_id = s.obs_id AND nu.role = 'num'
  JOIN sides de ON de.share_id = s.obs_id AND de.role = 'den'
  WHERE nu.n_units = 1 AND de.n_units = 1 AND nu.base_unit = de.base_unit
),
j AS (
  SELECT *,
         CASE WHEN isnan(d_lo_raw) THEN '-inf'::DOUBLE ELSE d_lo_raw END AS d_lo,
         CASE WHEN isnan(d_hi_raw) THEN 'inf'::DOUBLE ELSE d_hi_raw END AS d_hi,
         (n_by_measure AND n_gap > 0) OR (d_by_measure AND d_gap > 0) AS other_year,
         CASE WHEN d_by_measure AND d_gap > 0 THEN d_measure || ' of ' || d_years || ': none for ' || period_year END AS d_year_note,
         CASE WHEN n_by_measure AND n_gap > 0 THEN n_measure || ' of ' || n_years || ': none for ' || period_year END AS n_year_note
  FROM pairs
  WHERE d_lo_raw IS NOT NULL
),
k AS (SELECT *, ${tol} AS tol, concat_ws('; ', 'compared with ' || n_year_note, 'compared with ' || d_year_note) AS year_note FROM j)
SELECT obs_id AS target,
       ([obs_id] || n_ids || d_ids)::VARCHAR[] AS obs_ids,
       figure_label || ' is ' || s_shown || ' but ' || n_shown || ' / ' || d_shown || ' = '
         || CASE WHEN d_hi - d_lo <= s_hi - s_lo THEN check_fmt((d_lo + d_hi) / 2, s_unit)
                 ELSE check_fmt(d_lo, s_unit) || ' to ' || check_fmt(d_hi, s_unit) END
         || CASE WHEN year_note <> '' THEN ' (' || year_note || ')' ELSE '' END AS message,
       to_json({'share': check_num(s_v), 'share_lo': check_num(s_lo), 'share_hi': check_num(s_hi),
                'derived_lo': check_num(d_lo), 'derived_hi': check_num(d_hi), 'derived': check_num((n_lo + n_hi) / (dn_lo + dn_hi)),
                'numerator': {'obs_ids': n_ids, 'lo': check_num(n_lo), 'hi': check_num(n_hi), 'labels': n_labels, 'year_note': n_year_note},
                'denominator': {'obs_ids': d_ids, 'lo': check_num(dn_lo), 'hi': check_num(dn_hi), 'labels': d_labels, 'year_note': d_year_note},
                'tolerance': check_num(tol)})::VARCHAR AS details,
       file, line, col
FROM k
WHERE ${allowOther ? "TRUE" : "NOT other_year"} AND (s_lo > d_hi + tol OR s_hi < d_lo - tol)
${allowOther ? "" : `UNION ALL
SELECT obs_id || '/other-year' AS target,
       ([obs_id] || n_ids || d_ids)::VARCHAR[] AS obs_ids,
       figure_label || ' (' || period_year || ') cannot be checked: no ' || concat_ws(' and no ', CASE WHEN n_year_note IS NOT NULL THEN n_measure END, CASE WHEN d_year_note IS NOT NULL THEN d_measure END)
         || ' figure for ' || period_year || ' (nearest: ' || concat_ws(', ', CASE WHEN n_year_note IS NOT NULL THEN n_measure || ' ' || n_years END, CASE WHEN d_year_note IS NOT NULL THEN d_measure || ' ' || d_years END) || ')' AS message,
       to_json({'share': check_num(s_v), 'numerator_year_note': n_year_note, 'denominator_year_note': d_year_note})::VARCHAR AS details,
       file, line, col
FROM k
WHERE other_year`}`;
};

export const share = defineKind({
  kind: "share",
  defaultSeverity: "error",
  summary: "A stated share or rate agrees with numerator / denominator (figures or measure:CODE of the same year, else the nearest one), within rounding and qualifiers.",
  params: shareParams,
  details: ShareDetails,
  // the measures shares name as measure:CODE, set before the query
  compile: (p) => ({
    before: `SET VARIABLE check_share_measures = (
  SELECT coalesce(list(DISTINCT substr(ref, 9)), []::VARCHAR[]) FROM (
    SELECT unnest([numerator_ref, denominator_ref]) AS ref FROM check_observations WHERE ${IS_SHARE}
  ) WHERE starts_with(ref, 'measure:')
);
`,
    query: compile(p),
  }),
  orderBy: "file, line, col, target",
});
