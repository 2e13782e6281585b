// share: a stated share, percentage or rate against the counts it derives from. The numerator and the
// denominator are figures (numerator_ref, denominator_ref) or `measure:CODE`: the figure of that measure
// for the same area, breakdown '' and year; when that year has none, the nearest year (allow_other_year),
// said in the message. A share with only a denominator (a packed-cell share) has nothing to compare.
import * as Schema from "effect/Schema";
import { sqlFew, sqlKeysOfIds, sqlRowKey, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import { ShareDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { booleanParam, toleranceParams } from "../params.ts";

/** The params of share: types, defaults and docs. */
export const shareParams = Schema.Struct({
  ...toleranceParams(),
  allow_other_year: booleanParam({
    default: true,
    doc: "measure:CODE without a figure for the share's year: compare with the nearest year (true) or report the missing year (false)",
  }),
});
type Params = typeof shareParams.Type;

/** A stated share or rate with both its references and a value. */
const IS_SHARE = "denominator_ref IS NOT NULL AND numerator_ref IS NOT NULL AND lo IS NOT NULL";

const shareSql = sqlFile(new URL("./share.sql", import.meta.url));
const otherYearSql = sqlFile(new URL("./other_year.sql", import.meta.url));
const measuresSql = sqlFile(new URL("./measures.sql", import.meta.url));

// The shares are few; the figures they name are found from them: by obs_id (the few referenced ids,
// then read by row key) or by measure (pushed into the scan with the area).
const compile = (p: Params): string =>
  shareSql({
    is_share: IS_SHARE,
    keys_of_refs: sqlKeysOfIds("SELECT DISTINCT ref FROM sr"),
    row_key_o: sqlRowKey("o"),
    few_sides: sqlFew("SELECT share_id, role, ref_area, period_year, CASE WHEN starts_with(ref, 'measure:') THEN substr(ref, 9) END AS ref_measure FROM sr"),
    few_named: sqlFew("SELECT * FROM named"),
    same_row_o_k: sqlSameRow("o", "k"),
    few_by_measure: sqlFew("SELECT * FROM by_measure"),
    same_row_o_m: sqlSameRow("o", "m"),
    shown_s: sqlShownQualified("s"),
    tolerance: sqlTolerance(p, "s_v", "(d_lo + d_hi) / 2"),
    // with allow_other_year false, a share compared only with another year is reported, not compared
    compared: p.allow_other_year ? "TRUE" : "NOT other_year",
    other_year_rows: p.allow_other_year ? "" : otherYearSql({}),
  });

export const share = defineKind({
  kind: "share",
  defaultSeverity: "error",
  summary: "A stated share or rate agrees with numerator / denominator (figures or measure:CODE of the same year, else the nearest one), within rounding and qualifiers.",
  params: shareParams,
  details: ShareDetails,
  compile: (p) => ({ before: measuresSql({ is_share: IS_SHARE }), query: compile(p) }),
  orderBy: "file, line, col, target",
});
