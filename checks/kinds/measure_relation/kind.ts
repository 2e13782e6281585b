// measure_relation: a narrower quantity larger than its broader one, across measures and sources, by the
// relations sources/_reference/measure-relations.csv declares (IDPs of forced migrants, the employed of
// the labour force, the registered of an estimate) and by one that holds for every countable measure: a
// breakdown (or a counterpart) of a quantity is a part of its total. Only figures of one area, compatible
// directions and times are paired: stocks within `max_years` of each other, flows and counts only when
// the narrower's period lies within the broader's. Pairs inside one printed table are left to hierarchy
// (its declared totals) and a part's own whole (part_of_ref) to impossible.
import type { CheckDeclaration, CheckKind } from "../../types.ts";
import { param, sqlDirectionKey, sqlFew, sqlFigureStruct, sqlPeriodShown, sqlRowKey, sqlSameRow, sqlShownPrinted, sqlSourceShort, sqlTolerance, toleranceParams, validateParams, type ParamSpecs } from "../common.ts";

/** The params of measure_relation: types, defaults and docs. */
export const measureRelationParams: ParamSpecs = {
  ...toleranceParams(),
  max_years: {
    type: "number", default: 1, min: 0, max: 50,
    doc: "stocks: the most years between the two figures' reference dates (flows: the narrower's period must lie within the broader's)",
  },
  breakdowns: {
    type: "boolean", default: true,
    doc: "also compare a breakdown or a counterpart of a countable measure with its total (same measure) across tables and statements",
  },
};
const specs = measureRelationParams;

const COUNTABLE = "('stock', 'flow', 'count', 'amount')";

/** The measures either side of a relation (and those printed with a breakdown), set before the query. */
const measuresVariable = (breakdowns: boolean): string => `SET VARIABLE check_relation_measures = (
  SELECT coalesce(list(DISTINCT m), []::VARCHAR[]) FROM (
    SELECT measure AS m FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    UNION ALL SELECT related FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    ${breakdowns ? `UNION ALL SELECT DISTINCT measure FROM observations_printed WHERE (breakdown <> '' OR counterpart IS NOT NULL) AND measure_kind IN ${COUNTABLE}` : ""}
  )
)`;

const compile = (check: CheckDeclaration): string => {
  const maxDays = Math.round(param.number(check, specs, "max_years") * 366);
  const breakdowns = param.boolean(check, specs, "breakdowns");
  const tol = sqlTolerance(check, specs, "n_v", "b_v");
  // Figures of the measures that take part in a relation, on cheap columns; pairs are found on them and
  // only the failing pairs' figures are read whole.
  return `
WITH f AS MATERIALIZED (
  SELECT ${sqlRowKey("o")}, o.measure, o.measure_kind, o.ref_area, ${sqlDirectionKey("o")} AS dir_key, o.counterpart, o.breakdown,
         o.period_start, o.period_end, o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v, o.base_unit, o.obs_id, o.part_of_ref
  FROM check_observations o
  WHERE list_contains(getvariable('check_relation_measures'), o.measure)
    AND o.lo IS NOT NULL AND o.period_end IS NOT NULL AND o.measure_kind IN ${COUNTABLE}
    -- (a figure the other end of a flow recorded is left to mirror)
    AND NOT coalesce(CASE WHEN o.reporter <> o.ref_area THEN o.reporter IN (o.origin, o.destination) END, false)
),
rel AS (
  SELECT measure AS n_measure, related AS b_measure, relation, note FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
  ${breakdowns ? `UNION ALL
  SELECT measure, measure, 'breakdown_of', 'a breakdown or a counterpart of a quantity is a part of its total' FROM measures WHERE kind IN ${COUNTABLE}` : ""}
),
pairs AS (
  SELECT n.obs_id AS n_id, b.obs_id AS b_id, r.relation, r.note, n.v AS n_v, b.v AS b_v, n.lo AS n_lo, b.hi AS b_hi, n.base_unit,
         ${sqlRowKey("n", "n_")}, ${sqlRowKey("b", "b_")}
  FROM f n
  JOIN rel r ON r.n_measure = n.measure
  JOIN f b
    ON b.measure = r.b_measure AND b.ref_area = n.ref_area AND b.base_unit = n.base_unit AND b.measure_kind = n.measure_kind
   AND b.dir_key IS NOT DISTINCT FROM n.dir_key
  WHERE (b.counterpart IS NULL OR b.counterpart = n.counterpart)
    AND (b.breakdown = '' OR b.breakdown = n.breakdown)
    -- the same measure: the narrower one has a breakdown or a counterpart its total lacks
    AND (r.relation <> 'breakdown_of' OR (n.breakdown <> '' AND b.breakdown = '') OR (n.counterpart IS NOT NULL AND b.counterpart IS NULL))
    -- one printed table's totals and parts are hierarchy's; a part's named whole is impossible's
    AND NOT (n.package = b.package AND n.table_id IS NOT NULL AND n.table_id = b.table_id)
    AND n.part_of_ref IS DISTINCT FROM b.obs_id
    AND CASE WHEN n.measure_kind = 'stock' THEN abs(date_diff('day', n.period_end, b.period_end)) <= ${maxDays}
             ELSE b.period_start <= n.period_start AND n.period_end <= b.period_end END
    AND n.lo > b.hi + ${tol}
),
figs AS MATERIALIZED (
  SELECT o.*, ${sqlShownPrinted("o")} AS shown, ${sqlPeriodShown("o")} AS period_shown, ${sqlSourceShort("o")} AS source_short,
         ${sqlFigureStruct("o")} AS struct
  FROM ${sqlFew(`SELECT n_package AS package, n_table_id AS table_id, n_statement_id AS statement_id, n_part AS part, n_line AS line, n_col AS col FROM pairs p
    UNION SELECT b_package, b_table_id, b_statement_id, b_part, b_line, b_col FROM pairs`)} k
  JOIN check_observations o ON ${sqlSameRow("o", "k")}
)
SELECT p.n_id || ' > ' || p.b_id AS target,
       [p.n_id, p.b_id]::VARCHAR[] AS obs_ids,
       n.figure_label || ' is ' || n.shown || ' (' || n.period_shown || ', ' || n.source_short || '), more than '
         || b.figure_label || ' ' || b.shown || ' (' || b.period_shown || ', ' || b.source_short || '), though '
         || CASE WHEN p.relation = 'breakdown_of' THEN 'it is a part of that total'
                 ELSE n.measure || ' is ' || CASE WHEN p.relation = 'registered_of' THEN 'the registered part of ' ELSE 'a part of ' END || b.measure END
         || ' (' || p.note || ')' AS message,
       to_json({'relation': p.relation, 'narrower_measure': n.measure, 'broader_measure': b.measure, 'note': p.note,
                'narrower': n.struct, 'broader': b.struct, 'excess': check_num(p.n_v - p.b_v),
                'gap': check_num(p.n_lo - p.b_hi), 'tolerance': check_num(${tol}), 'base_unit': p.base_unit})::VARCHAR AS details,
       n.file, n.line, n.col
FROM pairs p
JOIN figs n ON n.obs_id = p.n_id
JOIN figs b ON b.obs_id = p.b_id`;
};

export const measureRelation: CheckKind = {
  kind: "measure_relation",
  defaultSeverity: "warning",
  summary: "A narrower quantity (a part by measure-relations.csv, or a breakdown) is not larger than its broader one of the same area and time, from any source, within rounding and qualifiers.",
  validate: (check) => validateParams(check, specs),
  compile: (check) => `${measuresVariable(param.boolean(check, specs, "breakdowns"))};
SELECT target, obs_ids, message, details FROM (${compile(check)}\n) ORDER BY file, line, col, target`,
};
