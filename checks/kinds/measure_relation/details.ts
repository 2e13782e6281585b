// The details of a measure_relation failure: a narrower figure larger than its broader one.
import * as Schema from "effect/Schema";
import { DetailFigure, DetailNumber, DetailText } from "../details.ts";

/** The details of a measure_relation finding. */
export const MeasureRelationDetails = Schema.Struct({
  relation: Schema.String,
  narrower_measure: Schema.String,
  broader_measure: Schema.String,
  note: DetailText,
  narrower: DetailFigure,
  broader: DetailFigure,
  excess: DetailNumber,
  gap: DetailNumber,
  tolerance: DetailNumber,
  base_unit: DetailText,
});
export type MeasureRelationDetails = typeof MeasureRelationDetails.Type;
