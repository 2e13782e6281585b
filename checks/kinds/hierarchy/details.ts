// The details of a hierarchy failure: a sum that misses its total, or a total or parts not printed.
import * as Schema from "effect/Schema";
import { DetailNumber, DetailText, SumComparison } from "../details.ts";

/** A part of a rule as printed (one label; several figures when a cell holds more than one). */
export const HierarchyPart = Schema.Struct({
  label: Schema.String,
  value: DetailNumber,
  lo: DetailNumber,
  hi: DetailNumber,
  obs_ids: Schema.Array(Schema.String),
});

/** Where the rule is: the table, the axis its labels are on, the total and the label across the axis. */
const rule = {
  package: Schema.String,
  table_id: Schema.String,
  axis: Schema.String,
  total_label: Schema.String,
  other_label: Schema.String,
  complete: Schema.Boolean,
  base_unit: DetailText,
};

/** The parts do not add up to the total (beyond rounding and tolerance). */
export const HierarchySumDetails = Schema.Struct({
  failure: Schema.Literal("sum"),
  ...rule,
  ...SumComparison,
  parts: Schema.NullOr(Schema.Array(HierarchyPart)),
  missing: Schema.Array(Schema.String),
});

/** The total or too many parts are not printed: the sum cannot be checked. */
export const HierarchyMissingDetails = Schema.Struct({
  failure: Schema.Literal("missing"),
  ...rule,
  total: DetailNumber,
  sum: DetailNumber,
  coverage: DetailNumber,
  min_coverage: Schema.Finite,
  parts: Schema.Array(HierarchyPart),
  missing: Schema.Array(Schema.String),
  missing_total: Schema.Boolean,
});

/** The details of a hierarchy finding. */
export const HierarchyDetails = Schema.Union([HierarchySumDetails, HierarchyMissingDetails]);
export type HierarchyDetails = typeof HierarchyDetails.Type;
