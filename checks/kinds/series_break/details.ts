// The details of a series_break finding: two consecutive years and the factor between them.
import * as Schema from "effect/Schema";
import { DetailNumber } from "../details.ts";

/** The details of a series_break finding. */
export const SeriesBreakDetails = Schema.Struct({
  from_year: Schema.Int,
  to_year: Schema.Int,
  from: DetailNumber,
  to: DetailNumber,
  factor: DetailNumber,
  min_factor: DetailNumber,
  threshold: Schema.Finite,
});
export type SeriesBreakDetails = typeof SeriesBreakDetails.Type;
