// The details of a statement_parts failure: a total against the sum of the figures printed as its parts.
import * as Schema from "effect/Schema";
import { DetailFigure, DetailNumber, DetailText, SumComparison } from "../details.ts";

/** The part whose qualifier ('up to', 'over') makes it uncertain, with the value the total implies for it. */
export const UncertainPart = Schema.Struct({
  obs_id: Schema.String,
  label: DetailText,
  value: DetailNumber,
  qualifier: DetailText,
  measure: DetailText,
});

/** The parts exceed the total, fall short of a complete breakdown's, or imply another value for the uncertain part. */
export const StatementSumDetails = Schema.Struct({
  failure: Schema.Literals(["over", "short", "implied"]),
  total_id: Schema.String,
  base_unit: DetailText,
  complete: Schema.Boolean,
  ...SumComparison,
  implied_part: DetailNumber,
  implied_tolerance: DetailNumber,
  uncertain_part: Schema.NullOr(UncertainPart),
  parts: Schema.NullOr(Schema.Array(DetailFigure)),
  missing: Schema.Array(Schema.String),
});

/** The total or parts are not printed. */
export const StatementMissingDetails = Schema.Struct({
  failure: Schema.Literal("missing"),
  total_id: Schema.String,
  missing_total: Schema.Boolean,
  missing: Schema.Array(Schema.String),
});

/** The details of a statement_parts finding. */
export const StatementPartsDetails = Schema.Union([StatementSumDetails, StatementMissingDetails]);
export type StatementPartsDetails = typeof StatementPartsDetails.Type;
