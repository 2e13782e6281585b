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
import { sqlFile } from "../sqlFile.ts";
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

const measuresSql = sqlFile(new URL("./measures.sql", import.meta.url));
const breakdownMeasuresSql = sqlFile(new URL("./breakdown_measures.sql", import.meta.url))({});
const breakdownRelationSql = sqlFile(new URL("./breakdown_relation.sql", import.meta.url))({});
const scanSql = sqlFile(new URL("./scan.sql", import.meta.url));
const measureRelationSql = sqlFile(new URL("./measure_relation.sql", import.meta.url));

/** A statement's or a printed table's figure (few), not a bulk file's (millions). */
const PRINTED = "(o.table_id IS NULL OR list_contains(getvariable('check_relation_printed_tables'), o.package || '/' || o.table_id))";

/** A bulk figure of an area some printed figure is of: the only ones a pair can hold (a constant list, cheap to test first). */
const IN_PRINTED_AREAS = "list_contains(getvariable('check_relation_areas'), o.ref_area)";

const scan = (side: string): string => scanSql({ side, row_key_o: sqlRowKey("o"), dir_key_o: sqlDirectionKey("o") });

const compile = (p: Params): string =>
  measureRelationSql({
    scan_printed: scan(PRINTED),
    scan_bulk: scan(`NOT ${PRINTED} AND ${IN_PRINTED_AREAS}`),
    breakdown_relation: p.breakdowns ? breakdownRelationSql : "",
    max_days: String(Math.round(p.max_years * 366)),
    tolerance: sqlTolerance(p, "c.v", "c.b_v"),
    tolerance_out: sqlTolerance(p, "p.n_v", "p.b_v"),
    few_fp: sqlFew("SELECT * FROM fp"),
    few_pair_figures: sqlFew(`SELECT n_package AS package, n_table_id AS table_id, n_statement_id AS statement_id, n_part AS part, n_line AS line, n_col AS col FROM pairs
    UNION SELECT b_package, b_table_id, b_statement_id, b_part, b_line, b_col FROM pairs`),
    row_key_c_as_n: sqlRowKey("c", "n_"),
    same_row_o_k: sqlSameRow("o", "k"),
    same_row_n_p: sqlSameRow("n", "p", "n_"),
    same_row_b_p: sqlSameRow("b", "p", "b_"),
    shown_o: sqlShownPrinted("o"),
    period_shown_o: sqlPeriodShown("o"),
    source_short_o: sqlSourceShort("o"),
    figure_o: sqlFigureStruct("o"),
  });

export const measureRelation = defineKind({
  kind: "measure_relation",
  defaultSeverity: "warning",
  summary: "A narrower quantity (a part by measure-relations.csv, or a breakdown) is not larger than its broader one of the same area and time, from any source, within rounding and qualifiers.",
  params: measureRelationParams,
  details: MeasureRelationDetails,
  compile: (p) => ({ before: measuresSql({ breakdown_measures: p.breakdowns ? breakdownMeasuresSql : "" }), query: compile(p) }),
  orderBy: "file, line, col, target",
});
