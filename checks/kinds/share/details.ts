// The details of a share finding: the share as printed against numerator / denominator.
import * as Schema from "effect/Schema";
import { DetailNumber, DetailText } from "../details.ts";

/** One side of the quotient: the figures it is read from, their interval and any other year used. */
const Side = Schema.Struct({
  obs_ids: Schema.Array(Schema.String),
  lo: DetailNumber,
  hi: DetailNumber,
  labels: DetailText,
  year_note: DetailText,
});

/** The share disagrees with the quotient. */
const Disagrees = Schema.Struct({
  share: DetailNumber,
  share_lo: DetailNumber,
  share_hi: DetailNumber,
  derived_lo: DetailNumber,
  derived_hi: DetailNumber,
  derived: DetailNumber,
  numerator: Side,
  denominator: Side,
  tolerance: DetailNumber,
});

/** No figure for the share's year (allow_other_year false): nothing compared. */
const OtherYear = Schema.Struct({
  share: DetailNumber,
  numerator_year_note: DetailText,
  denominator_year_note: DetailText,
});

/** The details of a share finding. */
export const ShareDetails = Schema.Union([Disagrees, OtherYear]);
export type ShareDetails = typeof ShareDetails.Type;
