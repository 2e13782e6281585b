// statement_parts: a figure printed as the total of others (their part_of_ref) against the sum of those
// parts, qualifiers bounding each. When exactly one part is uncertain (a bound such as "up to", or a
// range), the total implies its value: total minus the other parts.
import * as Schema from "effect/Schema";
import { formatNumber, sqlDisplayOrder, sqlFew, sqlKeysOfIds, sqlFigureStruct, sqlNumber, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import type { CheckDeclaration, FailureRow } from "../../types.ts";
import { StatementPartsDetails } from "./details.ts";
import { defineKind, type KindQuery } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { decodeDetails } from "../details.ts";
import { numberParam, booleanParam, toleranceParams } from "../params.ts";

/** The params of statement_parts: types, defaults and docs. */
export const statementPartsParams = Schema.Struct({
  ...toleranceParams(),
  complete_min_parts: numberParam({
    default: 2, min: 1, integer: true,
    doc: "parts of one total at least this many are read as a complete breakdown (they must add up); fewer only must not exceed it",
  }),
  uncertain_rel: numberParam({
    default: 0.25, min: 0,
    doc: "a part is uncertain when its qualifier widens it by more than this share of its value on a side ('up to', 'over', wide ranges)",
  }),
  report_implied: booleanParam({
    default: true,
    doc: "also fail when the intervals agree only through the one uncertain part while its printed value differs from the implied one",
  }),
  max_matches: numberParam({ default: 3, min: 1, integer: true, doc: "explain: how many figures matching the implied part to name" }),
});
type Params = typeof statementPartsParams.Type;

const totalsSql = sqlFile(new URL("./totals.sql", import.meta.url));

const compile = (p: Params): string =>
  totalsSql({
    keys_of_totals: sqlKeysOfIds("SELECT DISTINCT part_of_ref FROM parts"),
    few_total_keys: sqlFew("SELECT * FROM total_keys"),
    same_row_o_k: sqlSameRow("o", "k"),
    uncertain_rel: sqlNumber(p.uncertain_rel),
    display_order_p: sqlDisplayOrder("p"),
    figure_struct_p: sqlFigureStruct("p"),
    shown_t: sqlShownQualified("t"),
    complete_min_parts: sqlNumber(p.complete_min_parts),
    shown_u: sqlShownQualified("u"),
    tolerance: sqlTolerance(p, "t.value_base", "a.sum_v"),
    report_implied: p.report_implied ? "TRUE" : "FALSE",
  });

/**
 * When one part is uncertain, look for its implied value among all other figures of the warehouse: an
 * unqualified figure in the same base unit whose rounding interval, widened by the implied value's own
 * tolerance, contains it. Figures of the uncertain part's measure first, then table cells.
 */
const explain = async (query: KindQuery, p: Params, _check: CheckDeclaration, failures: ReadonlyArray<FailureRow>): Promise<Map<string, string>> => {
  const maxMatches = p.max_matches;
  const out = new Map<string, string>();
  for (const failure of failures) {
    const decoded = decodeDetails(StatementPartsDetails, failure.details);
    if (!decoded.ok) throw new Error(`${failure.target}: details do not decode (${decoded.problems.join("; ")})`);
    const d = decoded.details;
    if (d.failure === "missing") continue;
    const implied = d.implied_part;
    const u = d.uncertain_part;
    if (implied === null || u === null) continue;
    const unit = d.base_unit;
    const tolerance = d.implied_tolerance ?? 0;
    const rows = (await query(
      `SELECT obs_id, figure_label, origin_kind, period_text, source_label, value_base, measure
       FROM check_observations
       WHERE base_unit IS NOT DISTINCT FROM $1 AND value_base IS NOT NULL AND qualifier_bound = 'point'
         AND abs(value_base - $2) <= $3 + coalesce(rounding_base, 0)
       ORDER BY (measure = $4) DESC, (origin_kind = 'table') DESC, file, line, col, obs_id`,
      [unit, implied, tolerance, u.measure ?? ""],
    )) as Array<{ obs_id: string; figure_label: string; origin_kind: string; period_text: string | null; source_label: string | null; value_base: number }>;
    const compared = new Set(failure.obs_ids);
    const found = rows.filter((r) => !compared.has(r.obs_id));
    const lead = `implied ${String(u.label)} ${formatNumber(implied, unit)}`;
    if (found.length === 0) {
      out.set(failure.target, `${lead} matches no other figure of the warehouse`);
      continue;
    }
    const name = (r: (typeof found)[number]) =>
      `${r.figure_label}${r.origin_kind === "statement" && r.period_text ? ` ${r.period_text}` : ""}${r.source_label ? ` (${r.source_label})` : ""}`;
    const [first, ...rest] = found.slice(0, maxMatches);
    const more = found.length - maxMatches;
    out.set(
      failure.target,
      `${lead} = ${name(first!)}${rest.length > 0 ? `; also ${rest.map(name).join("; ")}` : ""}${more > 0 ? `; and ${more} more` : ""}`,
    );
  }
  return out;
};

export const statementParts = defineKind({
  kind: "statement_parts",
  defaultSeverity: "error",
  summary: "A figure printed as the total of others (part_of) equals the sum of its parts within their qualifiers; an uncertain part's implied value is reported and looked up.",
  params: statementPartsParams,
  details: StatementPartsDetails,
  compile: (p) => ({ query: compile(p) }),
  orderBy: "t_file, t_line, target",
  explain,
});
