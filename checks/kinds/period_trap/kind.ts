// period_trap: figures whose period makes a comparison misleading.
//  partial_in_series: a partial-period or estimated figure in the same series (measure, area, direction,
//    counterpart, breakdown, table) as final full-year figures: it looks like the next year of the series.
//  cited_before_period: a figure attributed to a source published before the period it describes began.
import * as Schema from "effect/Schema";
import { sqlFew, sqlPeriodKey, sqlPeriodShown, sqlRowKey, sqlSameRow, sqlShownQualified } from "../common.ts";
import { PeriodTrapDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { wordsParam } from "../params.ts";

const RULES: readonly ["partial_in_series", "cited_before_period"] = ["partial_in_series", "cited_before_period"];

/** The params of period_trap: types, defaults and docs. */
export const periodTrapParams = Schema.Struct({
  rules: wordsParam(RULES, { doc: `which traps to look for: ${RULES.join(", ")}` }),
});

const partialInSeries = `
SELECT t.obs_id || '/' || CASE WHEN t.is_partial THEN 'partial-period' ELSE 'estimate' END || '-in-series' AS target,
       ([t.obs_id] || a.ids)::VARCHAR[] AS obs_ids,
       t.figure_label || ' (' || ${sqlShownQualified("t")} || ') '
         || CASE WHEN t.is_partial THEN 'covers only ' || t.period_start || ' to ' || t.period_end
                 ELSE 'is an estimate for ' || ${sqlPeriodKey("t")} END
         || ' in a series of final full-year figures for ' || array_to_string(a.years, ', ')
         || ': not comparable with them as it stands' AS message,
       to_json({'trap': CASE WHEN t.is_partial THEN 'partial-period' ELSE 'estimate' END, 'value': check_num(t.value_base),
                'period_start': CAST(t.period_start AS VARCHAR), 'period_end': CAST(t.period_end AS VARCHAR),
                'full_years': a.years})::VARCHAR AS details,
       t.file, t.line, t.col
FROM traps t
JOIN (
  SELECT f.t_id AS obs_id,
         list(o.obs_id ORDER BY f.period_year, o.obs_id) AS ids,
         list(DISTINCT f.period_year ORDER BY f.period_year) AS years
  FROM ${sqlFew("SELECT * FROM full_years")} f
  JOIN check_observations o ON ${sqlSameRow("o", "f")}
  WHERE o.obs_id <> f.t_id
  GROUP BY f.t_id
) a ON a.obs_id = t.obs_id`;

/** A partial-period or estimated figure with a value: a trap. */
const IS_TRAP = "(is_partial OR is_estimate) AND lo IS NOT NULL";

/** The partial-period and estimated figures (the condition is pushed into the scan: only they are read whole). */
const traps = `traps AS MATERIALIZED (
  SELECT * FROM check_observations WHERE ${IS_TRAP}
),
-- the final full years of each trap's series, on cheap columns (their obs_id is read above, by row key)
full_years AS (
  SELECT t.obs_id AS t_id, ${sqlRowKey("fi")}, fi.period_year
  FROM ${sqlFew("SELECT obs_id, package, table_id, measure, ref_area, direction, counterpart, breakdown, period_year FROM traps")} t
  JOIN check_observations fi
    ON fi.package = t.package AND fi.table_id IS NOT DISTINCT FROM t.table_id AND fi.measure = t.measure
   AND fi.ref_area = t.ref_area AND fi.direction IS NOT DISTINCT FROM t.direction
   AND fi.counterpart IS NOT DISTINCT FROM t.counterpart AND fi.breakdown = t.breakdown
  WHERE fi.lo IS NOT NULL AND fi.is_full_year AND NOT fi.is_partial AND NOT fi.is_estimate AND NOT fi.is_provisional
    AND fi.period_year IS DISTINCT FROM t.period_year
    -- only the tables holding a trap (a constant list: a bulk file without one is not read)
    AND list_contains(getvariable('check_period_trap_tables'), coalesce(fi.table_id, ''))
)`;

/**
 * The tables (or '' for statements) that hold a partial-period or estimated figure, set before the
 * query: as a constant, it prunes every other table from the scan (a join cannot).
 */
const trapTables = `SET VARIABLE check_period_trap_tables = (
  SELECT coalesce(list(DISTINCT coalesce(table_id, '')), []::VARCHAR[]) FROM check_observations WHERE ${IS_TRAP}
);
`;

const citedBeforePeriod = `
SELECT o.obs_id || '/cited-before-period' AS target,
       [o.obs_id]::VARCHAR[] AS obs_ids,
       o.figure_label || ' (' || ${sqlShownQualified("o")} || ', ' || ${sqlPeriodShown("o")} || ') is attributed to ' || o.citation
         || ': a source published in ' || o.citation_year || ' cannot report ' || ${sqlPeriodShown("o")} AS message,
       to_json({'trap': 'cited-before-period', 'citation': o.citation, 'citation_year': o.citation_year,
                'period_start': CAST(o.period_start AS VARCHAR), 'period_end': CAST(o.period_end AS VARCHAR), 'source': o.source_label})::VARCHAR AS details,
       o.file, o.line, o.col
FROM check_observations o
WHERE o.citation_year IS NOT NULL AND year(o.period_start) > o.citation_year`;

export const periodTrap = defineKind({
  kind: "period_trap",
  defaultSeverity: "info",
  summary: "Partial-period or estimated figures in a series of final full years; figures attributed to a source published before their period began.",
  params: periodTrapParams,
  details: PeriodTrapDetails,
  compile: ({ rules }) => {
    const inSeries = rules.includes("partial_in_series");
    const parts = [inSeries ? partialInSeries : null, rules.includes("cited_before_period") ? citedBeforePeriod : null].filter((x) => x !== null);
    return { before: inSeries ? trapTables : "", query: `${inSeries ? `WITH ${traps}\n` : ""}${parts.join("\nUNION ALL\n")}` };
  },
  orderBy: "file, line, col, target",
});
