// measure_relation: a narrower quantity larger than its broader one, across measures and sources, by the
// relations sources/_reference/measure-relations.csv declares (IDPs of forced migrants, the employed of
// the labour force, the registered of an estimate) and by one that holds for every countable measure: a
// breakdown (or a counterpart) of a quantity is a part of its total. Only figures of one area, compatible
// directions and times are paired: stocks within `max_years` of each other, flows and counts only when
// the narrower's period lies within the broader's. Pairs inside one printed table are left to hierarchy
// (its declared totals) and a part's own whole (part_of_ref) to impossible.
import * as Schema from "effect/Schema";
import { sqlDirectionKey, sqlFew, sqlFigureStruct, sqlPeriodShown, sqlRowKey, sqlSameRow, sqlShownPrinted, sqlSourceShort, sqlTolerance } from "../common.ts";
import { MeasureRelationDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { numberParam, booleanParam, toleranceParams } from "../params.ts";

/** The params of measure_relation: types, defaults and docs. */
export const measureRelationParams = Schema.Struct({
  ...toleranceParams(),
  max_years: numberParam({
    default: 1, min: 0, max: 50,
    doc: "stocks: the most years between the two figures' reference dates (flows: the narrower's period must lie within the broader's)",
  }),
  breakdowns: booleanParam({
    default: true,
    doc: "also compare a breakdown or a counterpart of a countable measure with its total (same measure) across tables and statements",
  }),
});
type Params = typeof measureRelationParams.Type;

const COUNTABLE = "('stock', 'flow', 'count', 'amount')";

/** The measures either side of a relation (and those printed with a breakdown), set before the query. */
const measuresVariable = (breakdowns: boolean): string => `SET VARIABLE check_relation_printed_tables = (
  SELECT coalesce(list(DISTINCT package || '/' || table_id), []::VARCHAR[]) FROM observations_printed WHERE table_id IS NOT NULL
);
SET VARIABLE check_relation_areas = (
  SELECT coalesce(list(DISTINCT ref_area), []::VARCHAR[]) FROM observations_printed
);
SET VARIABLE check_relation_measures = (
  SELECT coalesce(list(DISTINCT m), []::VARCHAR[]) FROM (
    SELECT measure AS m FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    UNION ALL SELECT related FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
    ${breakdowns ? `UNION ALL SELECT DISTINCT measure FROM observations_printed WHERE (breakdown <> '' OR counterpart IS NOT NULL) AND measure_kind IN ${COUNTABLE}` : ""}
  )
)`;

/** A statement's or a printed table's figure (few), not a bulk file's (millions). */
const PRINTED = "(o.table_id IS NULL OR list_contains(getvariable('check_relation_printed_tables'), o.package || '/' || o.table_id))";

/** A bulk figure of an area some printed figure is of: the only ones a pair can hold (a constant list, cheap to test first). */
const IN_PRINTED_AREAS = "list_contains(getvariable('check_relation_areas'), o.ref_area)";

/**
 * The figures of the measures that take part in a relation, on cheap columns (no obs_id: a bulk figure's
 * is computed from its labels); `where` says which side, printed or bulk.
 */
// (a counterpart TOTAL is every partner: the quantity's total, as no counterpart is)
const scan = (where: string): string => `SELECT ${sqlRowKey("o")}, o.measure, o.measure_kind, o.ref_area, ${sqlDirectionKey("o")} AS dir_key, nullif(o.counterpart, 'TOTAL') AS counterpart, o.breakdown,
         o.period_start, o.period_end, o.lo, o.hi, coalesce(o.value_base, (o.lo + o.hi) / 2) AS v, o.base_unit
  FROM check_observations o
  WHERE list_contains(getvariable('check_relation_measures'), o.measure)
    AND o.lo IS NOT NULL AND o.period_end IS NOT NULL AND o.measure_kind IN ${COUNTABLE}
    -- (a figure the other end of a flow recorded is left to mirror)
    AND NOT coalesce(CASE WHEN o.reporter <> o.ref_area THEN o.reporter IN (o.origin, o.destination) END, false)
    AND ${where}`;

const compile = (p: Params): string => {
  const maxDays = Math.round(p.max_years * 366);
  const breakdowns = p.breakdowns;
  const tol = sqlTolerance(p, "c.v", "c.b_v");
  const tolOut = sqlTolerance(p, "p.n_v", "p.b_v");
  // Pairs are found on cheap columns and only the failing pairs' figures are read whole.
  return `
WITH fp AS MATERIALIZED (
  ${scan(PRINTED)}
),
rel AS (
  SELECT measure AS n_measure, related AS b_measure, relation, note FROM measure_relations WHERE relation IN ('part_of', 'registered_of')
  ${breakdowns ? `UNION ALL
  SELECT measure, measure, 'breakdown_of', 'a breakdown or a counterpart of a quantity is a part of its total' FROM measures WHERE kind IN ${COUNTABLE}` : ""}
),
-- the pairs of a narrower and a broader figure; one of the two at least printed or stated: two figures of
-- bulk files (one file's parts and totals, or two files') are their hierarchy's, and pairing millions
-- with millions would cost more than every other check
candidates AS (
  SELECT n.*, r.relation, r.note, b.v AS b_v, b.hi AS b_hi, b.counterpart AS b_counterpart, b.breakdown AS b_breakdown,
         b.package AS b_package, b.table_id AS b_table_id, b.period_start AS b_period_start, b.period_end AS b_period_end,
         b.statement_id AS b_statement_id, b.part AS b_part, b.line AS b_line, b.col AS b_col
  FROM ${sqlFew("SELECT * FROM fp")} n
  JOIN rel r ON r.n_measure = n.measure
  JOIN (SELECT * FROM fp UNION ALL ${scan(`NOT ${PRINTED} AND ${IN_PRINTED_AREAS}`)}) b
    ON b.measure = r.b_measure AND b.ref_area = n.ref_area AND b.base_unit = n.base_unit AND b.measure_kind = n.measure_kind
   AND b.dir_key IS NOT DISTINCT FROM n.dir_key
  UNION ALL
  SELECT n.*, r.relation, r.note, b.v, b.hi, b.counterpart, b.breakdown,
         b.package, b.table_id, b.period_start, b.period_end, b.statement_id, b.part, b.line, b.col
  FROM ${sqlFew("SELECT * FROM fp")} b
  JOIN rel r ON r.b_measure = b.measure
  JOIN (${scan(`NOT ${PRINTED} AND ${IN_PRINTED_AREAS}`)}) n
    ON n.measure = r.n_measure AND n.ref_area = b.ref_area AND n.base_unit = b.base_unit AND n.measure_kind = b.measure_kind
   AND n.dir_key IS NOT DISTINCT FROM b.dir_key
),
pairs AS (
  SELECT c.relation, c.note, c.v AS n_v, c.b_v, c.lo AS n_lo, c.b_hi, c.base_unit,
         ${sqlRowKey("c", "n_")},
         c.b_package, c.b_table_id, c.b_statement_id, c.b_part, c.b_line, c.b_col
  FROM candidates c
  WHERE (c.b_counterpart IS NULL OR c.b_counterpart = c.counterpart)
    AND (c.b_breakdown = '' OR c.b_breakdown = c.breakdown)
    -- the same measure: the narrower one has a breakdown or a counterpart its total lacks
    AND (c.relation <> 'breakdown_of' OR (c.breakdown <> '' AND c.b_breakdown = '') OR (c.counterpart IS NOT NULL AND c.b_counterpart IS NULL))
    -- one printed table's totals and parts are hierarchy's; a part's named whole is impossible's
    AND NOT coalesce(c.package = c.b_package AND c.table_id = c.b_table_id, false)
    AND CASE WHEN c.measure_kind = 'stock' THEN abs(date_diff('day', c.period_end, c.b_period_end)) <= ${maxDays}
             ELSE c.b_period_start <= c.period_start AND c.period_end <= c.b_period_end END
    AND c.lo > c.b_hi + ${tol}
),
figs AS MATERIALIZED (
  SELECT o.*, ${sqlShownPrinted("o")} AS shown, ${sqlPeriodShown("o")} AS period_shown, ${sqlSourceShort("o")} AS source_short,
         ${sqlFigureStruct("o")} AS struct
  FROM ${sqlFew(`SELECT n_package AS package, n_table_id AS table_id, n_statement_id AS statement_id, n_part AS part, n_line AS line, n_col AS col FROM pairs
    UNION SELECT b_package, b_table_id, b_statement_id, b_part, b_line, b_col FROM pairs`)} k
  JOIN check_observations o ON ${sqlSameRow("o", "k")}
)
SELECT n.obs_id || ' > ' || b.obs_id AS target,
       [n.obs_id, b.obs_id]::VARCHAR[] AS obs_ids,
       n.figure_label || ' is ' || n.shown || ' (' || n.period_shown || ', ' || n.source_short || '), more than '
         || b.figure_label || ' ' || b.shown || ' (' || b.period_shown || ', ' || b.source_short || '), though '
         || CASE WHEN p.relation = 'breakdown_of' THEN 'it is a part of that total'
                 ELSE n.measure || ' is ' || CASE WHEN p.relation = 'registered_of' THEN 'the registered part of ' ELSE 'a part of ' END || b.measure END
         || ' (' || p.note || ')' AS message,
       to_json({'relation': p.relation, 'narrower_measure': n.measure, 'broader_measure': b.measure, 'note': p.note,
                'narrower': n.struct, 'broader': b.struct, 'excess': check_num(p.n_v - p.b_v),
                'gap': check_num(p.n_lo - p.b_hi), 'tolerance': check_num(${tolOut}), 'base_unit': p.base_unit})::VARCHAR AS details,
       n.file, n.line, n.col
FROM pairs p
JOIN figs n ON ${sqlSameRow("n", "p", "n_")}
JOIN figs b ON ${sqlSameRow("b", "p", "b_")}
-- (a part and the whole it names are impossible's)
WHERE n.part_of_ref IS DISTINCT FROM b.obs_id`;
};

export const measureRelation = defineKind({
  kind: "measure_relation",
  defaultSeverity: "warning",
  summary: "A narrower quantity (a part by measure-relations.csv, or a breakdown) is not larger than its broader one of the same area and time, from any source, within rounding and qualifiers.",
  params: measureRelationParams,
  details: MeasureRelationDetails,
  compile: (p) => ({ before: `${measuresVariable(p.breakdowns)};\n`, query: compile(p) }),
  orderBy: "file, line, col, target",
});
