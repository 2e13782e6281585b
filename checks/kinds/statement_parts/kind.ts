// statement_parts: a figure printed as the total of others (their part_of_ref) against the sum of those
// parts, qualifiers bounding each. When exactly one part is uncertain (a bound such as "up to", or a
// range), the total implies its value: total minus the other parts.
import * as Schema from "effect/Schema";
import { formatNumber, sqlDisplayOrder, sqlFew, sqlKeysOfIds, sqlFigureStruct, sqlNumber, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import type { CheckDeclaration, FailureRow } from "../../types.ts";
import { StatementPartsDetails } from "./details.ts";
import { defineKind, type KindQuery } from "../defineKind.ts";
import { decodeDetails } from "../details.ts";
import { numberParam, booleanParam, toleranceParams } from "../params.ts";

/** The params of statement_parts: types, defaults and docs. */
export const statementPartsParams = Schema.Struct({
  ...toleranceParams(),
  complete_min_parts: numberParam({
    default: 2, min: 1, integer: true,
    doc: "parts of one total at least this many are read as a complete breakdown (they must add up); fewer only must not exceed it",
  }),
  uncertain_rel: numberParam({
    default: 0.25, min: 0,
    doc: "a part is uncertain when its qualifier widens it by more than this share of its value on a side ('up to', 'over', wide ranges)",
  }),
  report_implied: booleanParam({
    default: true,
    doc: "also fail when the intervals agree only through the one uncertain part while its printed value differs from the implied one",
  }),
  max_matches: numberParam({ default: 3, min: 1, integer: true, doc: "explain: how many figures matching the implied part to name" }),
});
type Params = typeof statementPartsParams.Type;

const compile = (p: Params): string => {
  const tol = sqlTolerance(p, "t.value_base", "a.sum_v");
  const completeMin = sqlNumber(p.complete_min_parts);
  const uncertainRel = sqlNumber(p.uncertain_rel);
  const reportImplied = p.report_implied ? "TRUE" : "FALSE";
  return `
-- the figures printed as parts of another (part_of_ref: few) and the totals they name, read whole; the
-- totals are found by obs_id from the few references, then read by their row key
WITH parts AS MATERIALIZED (
  SELECT * FROM check_observations WHERE part_of_ref IS NOT NULL
),
total_keys AS (
  SELECT * FROM ${sqlKeysOfIds("SELECT DISTINCT part_of_ref FROM parts")}
),
totals AS MATERIALIZED (
  SELECT o.* FROM ${sqlFew("SELECT * FROM total_keys")} k JOIN check_observations o ON ${sqlSameRow("o", "k")}
),
p AS (
  SELECT o.*,
         coalesce(o.value_base, (o.lo + o.hi) / 2) AS v_point,
         o.lo IS NOT NULL AND (isinf(o.lo) OR isinf(o.hi)
           OR (o.hi - o.lo) / 2 - coalesce(o.rounding_base, 0) > ${uncertainRel} * abs(coalesce(o.value_base, (o.lo + o.hi) / 2)) + 1e-12) AS uncertain,
         o.qualifier_bound <> 'point' OR (o.value_base IS NULL AND o.lo IS NOT NULL) AS qualified
  FROM parts o
  JOIN totals w ON w.obs_id = o.part_of_ref
  WHERE o.base_unit = w.base_unit AND o.measure_kind NOT IN ('share', 'rate')
),
a AS (
  SELECT part_of_ref AS total_id,
         count(*) AS n_parts, count(lo) AS n_present,
         sum(lo) AS sum_lo, sum(hi) AS sum_hi, sum(v_point) AS sum_v, sum(coalesce(rounding_base, 0)) AS sum_r,
         count(*) FILTER (WHERE uncertain) AS n_uncertain,
         count(*) FILTER (WHERE qualified) AS n_qualified,
         CASE WHEN count(*) FILTER (WHERE uncertain) = 1 THEN any_value(obs_id) FILTER (WHERE uncertain)
              WHEN count(*) FILTER (WHERE uncertain) = 0 AND count(*) FILTER (WHERE qualified) = 1 THEN any_value(obs_id) FILTER (WHERE qualified)
         END AS u_id,
         list(obs_id ORDER BY ${sqlDisplayOrder("p")}) AS ids,
         list(${sqlFigureStruct("p")} ORDER BY ${sqlDisplayOrder("p")}) AS parts_json,
         list(figure_label || ' (' || coalesce(missing, 'missing') || ')' ORDER BY ${sqlDisplayOrder("p")}) FILTER (WHERE lo IS NULL) AS missing
  FROM p GROUP BY part_of_ref
),
c AS (
  SELECT a.*, t.obs_id AS t_id, t.figure_label AS t_label, t.base_unit, t.value_base AS t_v, t.lo AS t_lo, t.hi AS t_hi,
         coalesce(t.rounding_base, 0) AS t_r, t.lo IS NOT NULL AS total_present,
         ${sqlShownQualified("t")} AS t_shown,
         a.n_present = a.n_parts AND a.n_parts >= ${completeMin} AS complete,
         u.obs_id AS u_obs, u.figure_label AS u_label, u.value_base AS u_v, u.v_point AS u_point, u.uncertain AS u_uncertain,
         u.qualifier AS u_qualifier, u.measure AS u_measure, ${sqlShownQualified("u")} AS u_shown,
         ${tol} AS tol,
         t.file AS t_file, t.line AS t_line
  FROM a
  JOIN totals t ON t.obs_id = a.total_id
  LEFT JOIN p u ON u.obs_id = a.u_id
),
j AS (
  SELECT *,
         t_v - (sum_v - u_point) AS implied,
         t_r + sum_r + tol AS implied_tolerance,
         (t_hi - t_lo) / 2 + (sum_hi - sum_lo) / 2 + tol AS tolerance,
         CASE
           WHEN NOT total_present OR n_present = 0 THEN NULL
           WHEN sum_lo > t_hi + tol THEN 'over'
           WHEN complete AND sum_hi < t_lo - tol THEN 'short'
           WHEN ${reportImplied} AND complete AND u_uncertain AND u_v IS NOT NULL
                AND abs(t_v - (sum_v - u_point) - u_v) > t_r + sum_r + tol THEN 'implied'
         END AS failure
  FROM c
)
SELECT t_id AS target,
       ([t_id] || ids)::VARCHAR[] AS obs_ids,
       t_label || ' is ' || t_shown || ' but its ' || n_present || ' part' || CASE WHEN n_present = 1 THEN '' ELSE 's' END
         || ' add up to ' || check_fmt(sum_v, base_unit)
         || CASE failure
              WHEN 'over' THEN ', more than the total even at the low end of their qualifiers (' || check_fmt(sum_lo, base_unit) || ')'
              WHEN 'short' THEN ', less than the total even at the high end of their qualifiers (' || check_fmt(sum_hi, base_unit) || ')'
              ELSE ' (residual ' || check_fmt(t_v - sum_v, base_unit) || '); only ''' || u_shown || ''' (' || u_label
                   || ') lets them agree: the total implies ' || check_fmt(implied, base_unit) || ' for it'
            END
         || CASE WHEN failure <> 'implied' AND u_obs IS NOT NULL THEN '; the total implies ' || check_fmt(implied, base_unit) || ' for ' || u_label ELSE '' END
         AS message,
       to_json({'failure': failure, 'total_id': t_id, 'base_unit': base_unit, 'complete': complete,
                'total': check_num(t_v), 'total_lo': check_num(t_lo), 'total_hi': check_num(t_hi),
                'sum': check_num(sum_v), 'sum_lo': check_num(sum_lo), 'sum_hi': check_num(sum_hi),
                'residual': check_num(t_v - sum_v), 'tolerance': check_num(tolerance),
                'implied_part': check_num(CASE WHEN u_obs IS NOT NULL THEN implied END),
                'implied_tolerance': check_num(CASE WHEN u_obs IS NOT NULL THEN implied_tolerance END),
                'uncertain_part': CASE WHEN u_obs IS NOT NULL THEN {'obs_id': u_obs, 'label': u_label, 'value': check_num(u_v), 'qualifier': u_qualifier, 'measure': u_measure} END,
                'parts': parts_json, 'missing': coalesce(missing, []::VARCHAR[])})::VARCHAR AS details,
       t_file, t_line
FROM j
WHERE failure IS NOT NULL
UNION ALL
SELECT t_id || '/missing' AS target,
       ([t_id] || ids)::VARCHAR[] AS obs_ids,
       t_label || ': ' || CASE WHEN NOT total_present THEN 'the total is missing' ELSE 'missing part' || CASE WHEN n_parts - n_present = 1 THEN ' ' ELSE 's ' END || array_to_string(missing, ', ') END
         || ': the total cannot be checked' AS message,
       to_json({'failure': 'missing', 'total_id': t_id, 'missing_total': NOT total_present, 'missing': coalesce(missing, []::VARCHAR[])})::VARCHAR AS details,
       t_file, t_line
FROM j
WHERE NOT total_present OR n_present < n_parts`;
};

/**
 * When one part is uncertain, look for its implied value among all other figures of the warehouse: an
 * unqualified figure in the same base unit whose rounding interval, widened by the implied value's own
 * tolerance, contains it. Figures of the uncertain part's measure first, then table cells.
 */
const explain = async (query: KindQuery, p: Params, _check: CheckDeclaration, failures: ReadonlyArray<FailureRow>): Promise<Map<string, string>> => {
  const maxMatches = p.max_matches;
  const out = new Map<string, string>();
  for (const failure of failures) {
    const decoded = decodeDetails(StatementPartsDetails, failure.details);
    if (!decoded.ok) throw new Error(`${failure.target}: details do not decode (${decoded.problems.join("; ")})`);
    const d = decoded.details;
    if (d.failure === "missing") continue;
    const implied = d.implied_part;
    const u = d.uncertain_part;
    if (implied === null || u === null) continue;
    const unit = d.base_unit;
    const tolerance = d.implied_tolerance ?? 0;
    const rows = (await query(
      `SELECT obs_id, figure_label, origin_kind, period_text, source_label, value_base, measure
       FROM check_observations
       WHERE base_unit IS NOT DISTINCT FROM $1 AND value_base IS NOT NULL AND qualifier_bound = 'point'
         AND abs(value_base - $2) <= $3 + coalesce(rounding_base, 0)
       ORDER BY (measure = $4) DESC, (origin_kind = 'table') DESC, file, line, col, obs_id`,
      [unit, implied, tolerance, u.measure ?? ""],
    )) as Array<{ obs_id: string; figure_label: string; origin_kind: string; period_text: string | null; source_label: string | null; value_base: number }>;
    const compared = new Set(failure.obs_ids);
    const found = rows.filter((r) => !compared.has(r.obs_id));
    const lead = `implied ${String(u.label)} ${formatNumber(implied, unit)}`;
    if (found.length === 0) {
      out.set(failure.target, `${lead} matches no other figure of the warehouse`);
      continue;
    }
    const name = (r: (typeof found)[number]) =>
      `${r.figure_label}${r.origin_kind === "statement" && r.period_text ? ` ${r.period_text}` : ""}${r.source_label ? ` (${r.source_label})` : ""}`;
    const [first, ...rest] = found.slice(0, maxMatches);
    const more = found.length - maxMatches;
    out.set(
      failure.target,
      `${lead} = ${name(first!)}${rest.length > 0 ? `; also ${rest.map(name).join("; ")}` : ""}${more > 0 ? `; and ${more} more` : ""}`,
    );
  }
  return out;
};

export const statementParts = defineKind({
  kind: "statement_parts",
  defaultSeverity: "error",
  summary: "A figure printed as the total of others (part_of) equals the sum of its parts within their qualifiers; an uncertain part's implied value is reported and looked up.",
  params: statementPartsParams,
  details: StatementPartsDetails,
  compile: (p) => ({ query: compile(p) }),
  orderBy: "t_file, t_line, target",
  explain,
});
