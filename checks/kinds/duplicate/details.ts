// The details of a duplicate failure: the spread of the values one quantity is stated with, and each source.
import * as Schema from "effect/Schema";
import { DetailFigure, DetailNumber, DetailText } from "../details.ts";

/** The details of a duplicate finding. */
export const DuplicateDetails = Schema.Struct({
  min: DetailNumber,
  max: DetailNumber,
  spread: DetailNumber,
  relative_difference: DetailNumber,
  gap: DetailNumber,
  tolerance: DetailNumber,
  base_unit: DetailText,
  period_match: Schema.Literals(["exact", "year"]),
  n_sources: Schema.Int,
  sources: Schema.Array(DetailFigure),
});
export type DuplicateDetails = typeof DuplicateDetails.Type;
