// The details of a partial_breakdown finding: how far the printed parts fall short of their total.
import * as Schema from "effect/Schema";
import { DetailNumber, DetailText } from "../details.ts";

/** The details of a partial_breakdown finding. */
export const PartialBreakdownDetails = Schema.Struct({
  total: DetailNumber,
  parts_sum: DetailNumber,
  shortfall: DetailNumber,
  shortfall_min: DetailNumber,
  axis: Schema.String,
  group: DetailText,
  members_not_printed: DetailText,
  tolerance: DetailNumber,
});
export type PartialBreakdownDetails = typeof PartialBreakdownDetails.Type;
