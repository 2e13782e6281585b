// period_trap: figures whose period makes a comparison misleading.
//  partial_in_series: a partial-period or estimated figure in the same series (measure, area, direction,
//    counterpart, breakdown, table) as final full-year figures: it looks like the next year of the series.
//  cited_before_period: a figure attributed to a source published before the period it describes began.
import * as Schema from "effect/Schema";
import { sqlFew, sqlPeriodKey, sqlPeriodShown, sqlRowKey, sqlSameRow, sqlShownQualified } from "../common.ts";
import { PeriodTrapDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { wordsParam } from "../params.ts";

const RULES: readonly ["partial_in_series", "cited_before_period"] = ["partial_in_series", "cited_before_period"];

/** The params of period_trap: types, defaults and docs. */
export const periodTrapParams = Schema.Struct({
  rules: wordsParam(RULES, { doc: `which traps to look for: ${RULES.join(", ")}` }),
});

/** A partial-period or estimated figure with a value: a trap. */
const IS_TRAP = "(is_partial OR is_estimate) AND lo IS NOT NULL";

const inSeries = sqlFile(new URL("./in_series.sql", import.meta.url))({
  is_trap: IS_TRAP,
  row_key_fi: sqlRowKey("fi"),
  few_traps: sqlFew("SELECT obs_id, package, table_id, measure, ref_area, direction, counterpart, breakdown, period_year FROM traps"),
  few_full_years: sqlFew("SELECT * FROM full_years"),
  same_row_o_f: sqlSameRow("o", "f"),
  shown_t: sqlShownQualified("t"),
  period_key_t: sqlPeriodKey("t"),
});
const trapTables = sqlFile(new URL("./trap_tables.sql", import.meta.url))({ is_trap: IS_TRAP });
const citedBeforePeriod = sqlFile(new URL("./cited_before_period.sql", import.meta.url))({ shown_o: sqlShownQualified("o"), period_shown_o: sqlPeriodShown("o") });

export const periodTrap = defineKind({
  kind: "period_trap",
  defaultSeverity: "info",
  summary: "Partial-period or estimated figures in a series of final full years; figures attributed to a source published before their period began.",
  params: periodTrapParams,
  details: PeriodTrapDetails,
  compile: ({ rules }) => {
    const series = rules.includes("partial_in_series");
    // (in_series.sql begins the query with the WITH of its traps: it comes first)
    const parts = [series ? inSeries : null, rules.includes("cited_before_period") ? citedBeforePeriod : null].filter((x) => x !== null);
    return { before: series ? trapTables : "", query: parts.join("\nUNION ALL\n") };
  },
  orderBy: "file, line, col, target",
});
