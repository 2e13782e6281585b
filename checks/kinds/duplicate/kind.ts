// duplicate: the same quantity (measure, area, direction, counterpart, breakdown, period) stated more
// than once with values whose intervals do not all overlap. Figures recorded by the other end of a flow
// are left to `mirror`; two figures of one printed cell are never duplicates of each other.
import * as Schema from "effect/Schema";
import { sqlDisplayOrder, sqlFew, sqlFigureStruct, sqlIn, sqlKeyPart, sqlPeriodKey, sqlRowKey, sqlSameRow, sqlShownQualified, sqlString, sqlTolerance } from "../common.ts";
import { DuplicateDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { enumParam, filterParam, toleranceParams } from "../params.ts";

/** The params of duplicate: types, defaults and docs. */
export const duplicateParams = Schema.Struct({
  ...toleranceParams(),
  period_match: enumParam(["exact", "year"], {
    default: "exact",
    doc: "exact: same period start and end; year: same year of the period end (for stocks stated at different dates of a year)",
  }),
  measures: filterParam({ doc: "only these measure codes (default: all)", names: "measures" }),
  measure_kinds: filterParam({ doc: "only measures of these kinds (stock, flow, count, ...; default: all)", names: "measure_kinds" }),
});
type Params = typeof duplicateParams.Type;

const comparedSql = sqlFile(new URL("./compared.sql", import.meta.url));
const duplicateSql = sqlFile(new URL("./duplicate.sql", import.meta.url));
// (a statement of its own: its query reads the variable it sets)
const beforeSql = `${sqlFile(new URL("./before.sql", import.meta.url))({})}\n`;

/** The quantity's columns: a group of figures stated more than once. */
const KEYS = ["measure", "ref_area", "direction", "counterpart", "breakdown", "period_key"];

const compile = (p: Params): string =>
  duplicateSql({
    compared: comparedSql({ measures: sqlIn("o.measure", p.measures), measure_kinds: sqlIn("o.measure_kind", p.measure_kinds) }),
    period_key_o: p.period_match === "year" ? "CAST(o.period_year AS VARCHAR)" : sqlPeriodKey("o"),
    period_match: sqlString(p.period_match),
    tolerance: sqlTolerance(p, "min_v", "max_v"),
    row_key_o: sqlRowKey("o"),
    few_candidates: sqlFew("SELECT DISTINCT line, col FROM candidates"),
    few_failing: sqlFew(`SELECT s.* FROM s JOIN k ON ${KEYS.map((c) => `s.${c} IS NOT DISTINCT FROM k.${c}`).join(" AND ")} WHERE s.compared`),
    same_row_o_s: sqlSameRow("o", "s"),
    order_f: sqlDisplayOrder("f"),
    figure_f: sqlFigureStruct("f"),
    shown_f: sqlShownQualified("f"),
    target: KEYS.map(sqlKeyPart).join(" || '/' || "),
  });

export const duplicate = defineKind({
  kind: "duplicate",
  defaultSeverity: "error",
  summary: "The same quantity stated more than once (same measure, area, direction, counterpart, breakdown and period) agrees within rounding and qualifiers.",
  params: duplicateParams,
  details: DuplicateDetails,
  compile: (p) => ({ before: beforeSql, query: compile(p) }),
  orderBy: "target",
});
