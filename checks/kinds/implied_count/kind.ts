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
import { sqlFile } from "../sqlFile.ts";
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

const measuresSql = sqlFile(new URL("./measures.sql", import.meta.url));
const impliedSql = sqlFile(new URL("./implied.sql", import.meta.url));

const compile = (p: Params): string =>
  impliedSql({
    is_rate: IS_RATE,
    few_named_keys: sqlFew(`SELECT * FROM ${sqlKeysOfIds("SELECT numerator_ref FROM r UNION SELECT denominator_ref FROM r")}`),
    same_row_o_k: sqlSameRow("o", "k"),
    few_specs_by_measure: sqlFew("SELECT * FROM spec WHERE den_measure IS NOT NULL"),
    row_key_o_as_c: sqlRowKey("o", "c_"),
    few_implied: sqlFew("SELECT * FROM implied"),
    direction_key_o: sqlDirectionKey("o"),
    // (a whole number: validated by the params schema)
    neighbouring_years: String(p.neighbouring_years),
    tolerance: sqlTolerance(p, "imp_v", "c_v"),
    shown_printed_o: sqlShownPrinted("o"),
    period_shown_o: sqlPeriodShown("o"),
    source_short_o: sqlSourceShort("o"),
    figure_struct_o: sqlFigureStruct("o"),
    few_failing_keys: sqlFew(`SELECT * FROM ${sqlKeysOfIds("SELECT rate_id FROM failing UNION SELECT unnest(d_ids) FROM failing")}
    UNION SELECT c_package, c_table_id, c_statement_id, c_part, c_line, c_col FROM failing`),
  });

export const impliedCount = defineKind({
  kind: "implied_count",
  defaultSeverity: "warning",
  summary: "A rate or share times its denominator implies a count; every count of the numerator's quantity for that period, from any source, lies within it (a count of the other sign always fails).",
  params: impliedCountParams,
  details: ImpliedCountDetails,
  compile: (p) => ({ before: measuresSql({}), query: compile(p) }),
  orderBy: "file, line, col, target",
});
