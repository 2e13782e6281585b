// The details of a period_trap finding: which trap, and the period that makes it one.
import * as Schema from "effect/Schema";
import { DetailNumber, DetailText } from "../details.ts";

/** A partial-period or estimated figure in a series of final full years. */
const InSeries = Schema.Struct({
  trap: Schema.Literals(["partial-period", "estimate"]),
  value: DetailNumber,
  period_start: DetailText,
  period_end: DetailText,
  full_years: Schema.Array(Schema.Int),
});

/** A figure attributed to a source published before its period began. */
const CitedBefore = Schema.Struct({
  trap: Schema.Literal("cited-before-period"),
  citation: Schema.String,
  citation_year: Schema.Int,
  period_start: DetailText,
  period_end: DetailText,
  source: DetailText,
});

/** The details of a period_trap finding. */
export const PeriodTrapDetails = Schema.Union([InSeries, CitedBefore]);
export type PeriodTrapDetails = typeof PeriodTrapDetails.Type;
