// The details of an implied_count failure: the count a rate implies and the count printed.
import * as Schema from "effect/Schema";
import { DetailFigure, DetailNumber, DetailText } from "../details.ts";

/** The details of an implied_count finding. */
export const ImpliedCountDetails = Schema.Struct({
  rate: DetailFigure,
  count: DetailFigure,
  implied_lo: DetailNumber,
  implied_hi: DetailNumber,
  implied: DetailNumber,
  denominator_lo: DetailNumber,
  denominator_hi: DetailNumber,
  denominator_ids: Schema.Array(Schema.String),
  sign_differs: Schema.Boolean,
  tolerance: DetailNumber,
  base_unit: DetailText,
});
export type ImpliedCountDetails = typeof ImpliedCountDetails.Type;
