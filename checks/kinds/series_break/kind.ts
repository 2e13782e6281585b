// series_break: year-on-year changes beyond a factor within a series of consecutive annual full-year
// figures (same measure, area, direction, counterpart, breakdown, reporter and table). Factors are taken
// between the intervals, so rounding alone cannot make a break; small values (both below min_value) and
// changes of sign are left alone.
import * as Schema from "effect/Schema";
import { ROW_KEY, sqlFew, sqlIn, sqlLineInSpan, sqlKeyPart, sqlNumber, sqlSameRow, sqlString } from "../common.ts";
import { SeriesBreakDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { numberParam, filterParam, stringsParam } from "../params.ts";

/** The params of series_break: types, defaults and docs. */
export const seriesBreakParams = Schema.Struct({
  factor: numberParam({ default: 3, min: 1, doc: "a change by more than this factor (up or down) from one year to the next is a break" }),
  min_value: numberParam({ default: 100, min: 0, doc: "pairs where both magnitudes are below this (base units) are ignored" }),
  max_gap_years: numberParam({ default: 1, min: 1, integer: true, doc: "years between two figures for them to count as consecutive" }),
  measures: filterParam({ doc: "only these measure codes (default: all)", names: "measures" }),
  measure_kinds: stringsParam({ default: ["stock", "flow", "count", "amount"], doc: "only measures of these kinds (net flows swing around zero)", names: "measure_kinds" }),
});
type Params = typeof seriesBreakParams.Type;

const SERIES = ["package", "table_id", "measure", "ref_area", "direction", "counterpart", "breakdown", "reporter"];

const comparedSql = sqlFile(new URL("./compared.sql", import.meta.url));
const magnitudesSql = sqlFile(new URL("./magnitudes.sql", import.meta.url))({});
const candidatesSql = sqlFile(new URL("./candidates.sql", import.meta.url));
const seriesBreakSql = sqlFile(new URL("./series_break.sql", import.meta.url));

/** The row key's columns beyond the series' own (package, table_id). */
const ROW_KEY_REST = ROW_KEY.filter((c) => c !== "package" && c !== "table_id");

const compile = (p: Params): { candidates: string; query: string } => {
  const factor = sqlNumber(p.factor);
  const minValue = sqlNumber(p.min_value);
  const seriesHash = `hash(${SERIES.map((c) => `o.${c}`).join(", ")})`;
  return {
    candidates: candidatesSql({
      compared: comparedSql({ measures: sqlIn("o.measure", p.measures), measure_kinds: sqlIn("o.measure_kind", p.measure_kinds) }),
      magnitudes: magnitudesSql,
      series_hash_o: seriesHash,
      series_o: SERIES.map((c) => `o.${c}`).join(", "),
      row_key_rest_o: ROW_KEY_REST.map((c) => `o.${c}`).join(", "),
      // (the width of a run: at least max_gap_years)
      run_years: String(Math.max(16, p.max_gap_years)),
      factor,
      min_value: minValue,
      line_in_span_o: sqlLineInSpan("o", "check_series_break_candidates"),
    }),
    query: seriesBreakSql({
      series: SERIES.join(", "),
      row_key_rest_struct: ROW_KEY_REST.map((c) => `'${c}': ${c}`).join(", "),
      series_key_b: SERIES.slice(2).map((c) => sqlKeyPart(`b.${c}`)).join(" || '/' || "),
      factor,
      factor_text: sqlString(String(p.factor)),
      min_value: minValue,
      max_gap_years: sqlNumber(p.max_gap_years),
      same_row_o_f0: sqlSameRow("o", "f0"),
      same_row_a_b: sqlSameRow("a", "b"),
      same_row_nx_b: sqlSameRow("nx", "b", "n_"),
      few_breaks: sqlFew("SELECT * EXCLUDE (n) FROM b"),
    }),
  };
};

export const seriesBreak = defineKind({
  kind: "series_break",
  defaultSeverity: "warning",
  summary: "Consecutive annual figures of one series do not change by more than a factor (default 3) beyond what rounding allows.",
  params: seriesBreakParams,
  details: SeriesBreakDetails,
  compile: (p) => {
    const { candidates, query } = compile(p);
    return { before: candidates, query };
  },
  orderBy: "file, line, col, target",
});
