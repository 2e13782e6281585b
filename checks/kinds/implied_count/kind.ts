// implied_count: a rate or share whose denominator is known implies a count (rate x denominator); that
// count is compared with every count of the numerator's quantity for the same period (and, with
// neighbouring_years, the years around it) from any source. The numerator's quantity is the figure the
// rate names as its numerator (that figure itself is share's to compare), else `measure:CODE`, else the
// rate_of relation of sources/_reference/measure-relations.csv, with the rate's area, direction,
// counterpart and breakdown. The denominator is the figure the rate names, else the figures of the
// denominator measure for the rate's year (all of them: their hull). The implied count is an interval
// from the rate's rounding and qualifier and the denominator's; a count outside it is a finding, and one
// of the other sign is always reported.
import * as Schema from "effect/Schema";
import { sqlDirectionKey, sqlFew, sqlFigureStruct, sqlKeysOfIds, sqlPeriodShown, sqlRowKey, sqlSameRow, sqlShownPrinted, sqlSourceShort, sqlTolerance } from "../common.ts";
import { ImpliedCountDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { numberParam, toleranceParams } from "../params.ts";

/** The params of implied_count: types, defaults and docs. */
export const impliedCountParams = Schema.Struct({
  ...toleranceParams(),
  neighbouring_years: numberParam({
    default: 0, min: 0, max: 10, integer: true,
    doc: "also compare with counts of up to this many years before or after the rate's (0: the same year only)",
  }),
});
type Params = typeof impliedCountParams.Type;

/** Rates and shares with a value: the few figures everything else is found from. */
const IS_RATE = "measure_kind IN ('share', 'rate') AND base_unit = 'ratio' AND lo IS NOT NULL AND period_end IS NOT NULL";

const compile = (p: Params): string => {
  const years = p.neighbouring_years;
  const tol = sqlTolerance(p, "imp_v", "c_v");
  return `
WITH r AS MATERIALIZED (
  SELECT o.* FROM check_observations o WHERE ${IS_RATE}
),
-- the figures rates name as numerator or denominator (few, by id)
named AS MATERIALIZED (
  SELECT o.obs_id, o.measure, o.measure_kind, o.direction, o.counterpart, o.breakdown, o.lo, o.hi, o.base_unit, o.period_year
  FROM ${sqlFew(`SELECT * FROM ${sqlKeysOfIds("SELECT numerator_ref FROM r UNION SELECT denominator_ref FROM r")}`)} k
  JOIN check_observations o ON ${sqlSameRow("o", "k")}
),
-- what each rate is of: its numerator's quantity and its denominator (a figure or a measure)
spec AS MATERIALIZED (
  SELECT r.obs_id AS rate_id, r.ref_area, r.period_year, r.period_start, r.period_end, r.is_full_year, r.lo AS r_lo, r.hi AS r_hi,
         r.counterpart AS r_counterpart,
         nf.obs_id AS num_id,
         coalesce(nf.measure, CASE WHEN starts_with(r.numerator_ref, 'measure:') THEN substr(r.numerator_ref, 9) END, mr.related) AS num_measure,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.direction ELSE r.direction END AS num_dir,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.counterpart ELSE r.counterpart END AS num_counterpart,
         CASE WHEN nf.obs_id IS NOT NULL THEN nf.breakdown ELSE r.breakdown END AS num_breakdown,
         df.obs_id AS den_id,
         CASE WHEN df.obs_id IS NULL THEN coalesce(CASE WHEN starts_with(r.denominator_ref, 'measure:') THEN substr(r.denominator_ref, 9) END, mr.denominator) END AS den_measure
  FROM r
  LEFT JOIN named nf ON nf.obs_id = r.numerator_ref
  LEFT JOIN named df ON df.obs_id = r.denominator_ref
  LEFT JOIN measure_relations mr ON mr.measure = r.measure AND mr.relation = 'rate_of'
),
-- denominators: the named figure, or every figure of the measure for the rate's year (a stock at any
-- date of it, a flow over the same period), breakdown total, the rate's counterpart
den AS (
  SELECT s.rate_id, n.obs_id, n.lo, n.hi, n.base_unit FROM spec s JOIN named n ON n.obs_id = s.den_id
  UNION ALL
  SELECT s.rate_id, o.obs_id, o.lo, o.hi, o.base_unit
  FROM ${sqlFew("SELECT * FROM spec WHERE den_measure IS NOT NULL")} s
  JOIN check_observations o
    ON o.measure = s.den_measure AND o.ref_area = s.ref_area AND o.breakdown = '' AND o.counterpart IS NOT DISTINCT FROM s.r_counterpart
  WHERE o.lo IS NOT NULL AND o.period_year = s.period_year
    AND (o.measure_kind = 'stock' OR (o.period_start = s.period_start AND o.period_end = s.period_end))
    AND list_contains(getvariable('check_implied_measures'), o.measure)
),
den_hull AS (
  SELECT rate_id, min(lo) AS d_lo, max(hi) AS d_hi, count(DISTINCT base_unit) AS n_units, min(base_unit) AS d_unit,
         list(obs_id ORDER BY obs_id) AS d_ids
  FROM den GROUP BY rate_id
),
implied AS (
  SELECT s.*, d.d_lo, d.d_hi, d.d_ids, d.d_unit,
         least(s.r_lo * d.d_lo, s.r_lo * d.d_hi, s.r_hi * d.d_lo, s.r_hi * d.d_hi) AS imp_lo,
         greatest(s.r_lo * d.d_lo, s.r_lo * d.d_hi, s.r_hi * d.d_lo, s.r_hi * d.d_hi) AS imp_hi
  FROM spec s JOIN den_hull d ON d.rate_id = s.rate_id
  WHERE d.n_units = 1 AND s.num_measure IS NOT NULL AND NOT isinf(d.d_lo) AND NOT isinf(d.d_hi)
),
-- the counts of each numerator's quantity: same area, direction, counterpart and breakdown, same kind
-- of period (a year's flow against a year's), within the years asked
counts AS (
  SELECT i.rate_id, i.imp_lo, i.imp_hi, (i.imp_lo + i.imp_hi) / 2 AS imp_v, i.d_ids, i.d_lo, i.d_hi,
         o.obs_id AS count_id, o.lo AS c_lo, o.hi AS c_hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS c_v, ${sqlRowKey("o", "c_")}
  FROM ${sqlFew("SELECT * FROM implied")} i
  JOIN check_observations o
    ON o.measure = i.num_measure AND o.ref_area = i.ref_area AND o.breakdown = i.num_breakdown
   AND o.counterpart IS NOT DISTINCT FROM i.num_counterpart
   -- (a stock with no direction is the stock in its area, on either side)
   AND ${sqlDirectionKey("o")} IS NOT DISTINCT FROM CASE WHEN o.measure_kind = 'stock' THEN coalesce(i.num_dir, 'in') ELSE i.num_dir END
  WHERE o.lo IS NOT NULL AND o.base_unit = i.d_unit
    AND o.obs_id IS DISTINCT FROM i.num_id AND NOT list_contains(i.d_ids, o.obs_id)
    AND abs(o.period_year - i.period_year) <= ${years}
    AND CASE WHEN o.measure_kind = 'stock' THEN true
             WHEN i.is_full_year THEN o.is_full_year
             ELSE o.period_start = i.period_start AND o.period_end = i.period_end END
    AND list_contains(getvariable('check_implied_measures'), o.measure)
),
failing AS (
  SELECT *, ${tol} AS tol,
         (imp_hi < 0 AND c_lo > 0) OR (imp_lo > 0 AND c_hi < 0) AS sign_differs
  FROM counts
  WHERE c_lo > imp_hi + ${tol} OR c_hi < imp_lo - ${tol} OR (imp_hi < 0 AND c_lo > 0) OR (imp_lo > 0 AND c_hi < 0)
),
figs AS MATERIALIZED (
  SELECT o.*, ${sqlShownPrinted("o")} AS shown, ${sqlPeriodShown("o")} AS period_shown, ${sqlSourceShort("o")} AS source_short, ${sqlFigureStruct("o")} AS struct
  FROM ${sqlFew(`SELECT * FROM ${sqlKeysOfIds("SELECT rate_id FROM failing UNION SELECT unnest(d_ids) FROM failing")}
    UNION SELECT c_package, c_table_id, c_statement_id, c_part, c_line, c_col FROM failing`)} k
  JOIN check_observations o ON ${sqlSameRow("o", "k")}
),
dens AS (
  SELECT f.rate_id, f.count_id, string_agg(d.figure_label || ' ' || d.shown || ' (' || d.period_shown || ', ' || d.source_short || ')', ' or ' ORDER BY d.obs_id) AS d_shown
  FROM (SELECT DISTINCT rate_id, count_id, unnest(d_ids) AS d_id FROM failing) f JOIN figs d ON d.obs_id = f.d_id
  GROUP BY f.rate_id, f.count_id
)
SELECT f.rate_id || ' x ' || f.count_id AS target,
       ([f.rate_id] || f.d_ids || [f.count_id])::VARCHAR[] AS obs_ids,
       r.figure_label || ' ' || r.shown || ' (' || r.period_shown || ', ' || r.source_short || ') of ' || ds.d_shown
         -- (whole numbers, outwards, once the interval spans more than one)
         || ' implies ' || CASE WHEN f.imp_hi - f.imp_lo < 1 THEN check_fmt(f.imp_v, c.base_unit)
                                ELSE check_fmt(floor(f.imp_lo), c.base_unit) || ' to ' || check_fmt(ceil(f.imp_hi), c.base_unit) END || ' ' || c.base_unit
         || ', but ' || c.figure_label || ' is ' || c.shown || ' (' || c.period_shown || ', ' || c.source_short || ')'
         || CASE WHEN f.sign_differs THEN ': the signs differ' ELSE '' END AS message,
       to_json({'rate': r.struct, 'count': c.struct, 'implied_lo': check_num(f.imp_lo), 'implied_hi': check_num(f.imp_hi), 'implied': check_num(f.imp_v),
                'denominator_lo': check_num(f.d_lo), 'denominator_hi': check_num(f.d_hi), 'denominator_ids': f.d_ids,
                'sign_differs': f.sign_differs, 'tolerance': check_num(f.tol), 'base_unit': c.base_unit})::VARCHAR AS details,
       r.file, r.line, r.col
FROM failing f
JOIN figs r ON r.obs_id = f.rate_id
JOIN figs c ON c.obs_id = f.count_id
JOIN dens ds ON ds.rate_id = f.rate_id AND ds.count_id = f.count_id`;
};

export const impliedCount = defineKind({
  kind: "implied_count",
  defaultSeverity: "warning",
  summary: "A rate or share times its denominator implies a count; every count of the numerator's quantity for that period, from any source, lies within it (a count of the other sign always fails).",
  params: impliedCountParams,
  details: ImpliedCountDetails,
  // the measures a rate can reach (numerators and denominators), set before the query
  compile: (p) => ({
    before: `SET VARIABLE check_implied_measures = (
  SELECT coalesce(list(DISTINCT m), []::VARCHAR[]) FROM (
    SELECT related AS m FROM measure_relations WHERE relation = 'rate_of'
    UNION ALL SELECT denominator FROM measure_relations WHERE relation = 'rate_of'
    UNION ALL SELECT measure FROM observations_printed WHERE obs_id IN (SELECT numerator_ref FROM observations_printed WHERE numerator_ref IS NOT NULL)
    UNION ALL SELECT substr(ref, 9) FROM (SELECT unnest([numerator_ref, denominator_ref]) AS ref FROM observations_printed) WHERE starts_with(ref, 'measure:')
  ) WHERE m IS NOT NULL
);
`,
    query: compile(p),
  }),
  orderBy: "file, line, col, target",
});
