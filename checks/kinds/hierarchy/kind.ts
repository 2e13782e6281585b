// hierarchy: a printed total against the sum of its printed parts, for every rule of table_hierarchy
// (rows and columns, every level) and every label of the other axis. Structure comes only from the
// declared rules; a missing total or part is a failure of its own, never a silent pass.
import * as Schema from "effect/Schema";
import { sqlFew, sqlLineInSpan, sqlNumber, sqlRowKey, sqlSameRow, sqlTolerance } from "../common.ts";
import { HierarchyDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { numberParam, toleranceParams } from "../params.ts";
import { explainHierarchy } from "./explain.ts";

/** The params of hierarchy: types, defaults and docs. */
export const hierarchyParams = Schema.Struct({
  ...toleranceParams(),
  min_coverage: numberParam({ default: 1, min: 0, max: 1, doc: "share of declared parts that must be printed (not a missing marker)" }),
  max_rows: numberParam({ default: 3, min: 1, max: 4, integer: true, doc: "explain: the largest set of rows searched for the residual" }),
  max_candidates: numberParam({ default: 200, min: 1, integer: true, doc: "explain: search only when the failing column has at most this many candidate rows" }),
});
export type HierarchyParams = typeof hierarchyParams.Type;
type Params = HierarchyParams;

const rulesSql = sqlFile(new URL("./rules.sql", import.meta.url))({});
const candidatesSql = sqlFile(new URL("./candidates.sql", import.meta.url));
const relativeSumsSql = sqlFile(new URL("./relative_sums.sql", import.meta.url))({});
const querySql = sqlFile(new URL("./hierarchy.sql", import.meta.url));

/**
 * Two statements over check_observations. The first (candidates.sql), over narrow columns only (row and
 * column keys where a table has them, else labels), counts every comparison (rule x label of the other
 * axis: millions in a large table) in one aggregation and sets the candidates, the few that may fail, as
 * a variable with the lines their cells span. The query (hierarchy.sql) then reads the candidates'
 * figures within that span and judges each exactly as the comparison is defined.
 */
const compile = (p: Params): { candidates: string; query: string } => {
  const minCoverage = sqlNumber(p.min_coverage);
  // The candidates' tolerance: the same, over sums of the same figures. Without a relative tolerance it is
  // the absolute one wherever the bounds are finite (an infinite bound makes a candidate), and the values
  // are not summed.
  const relative = p.tolerance_rel !== 0;
  const candidates = candidatesSql({
    rules: rulesSql,
    relative_sums: relative ? relativeSumsSql : "",
    tolerance: relative ? sqlTolerance(p, "s.t_v", "s.sum_v") : sqlNumber(p.tolerance_abs),
    min_coverage: minCoverage,
  });
  const query = querySql({
    rules: rulesSql,
    row_key_o: sqlRowKey("o"),
    line_in_span_o: sqlLineInSpan("o", "check_hierarchy_candidates"),
    few_failing_figs: sqlFew(`SELECT f.* FROM figs f SEMI JOIN failing x
    ON f.package = x.package AND f.table_id = x.table_id AND f.axis = x.axis AND f.total_label = x.total_label AND f.other_label = x.other_label`),
    same_row_o_f: sqlSameRow("o", "f"),
    tolerance: sqlTolerance(p, "t_v", "sum_v"),
    min_coverage: minCoverage,
  });
  return { candidates, query };
};

export const hierarchy = defineKind({
  kind: "hierarchy",
  defaultSeverity: "error",
  summary: "Every declared total of a table equals the sum of its parts (rows and columns, every level), within rounding; missing totals and parts are failures.",
  params: hierarchyParams,
  details: HierarchyDetails,
  compile: (p) => {
    const { candidates, query } = compile(p);
    return { before: candidates, query };
  },
  orderBy: "package, table_id, t_line, o_col, target",
  explain: explainHierarchy,
});
