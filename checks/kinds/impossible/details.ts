// The details of an impossible failure: which rule, and the figures it compares.
import * as Schema from "effect/Schema";
import { DetailNumber, DetailText } from "../details.ts";

/** A negative figure of a kind that cannot be negative. */
const Negative = Schema.Struct({ rule: Schema.Literal("negative"), value: DetailNumber, lo: DetailNumber, hi: DetailNumber, measure_kind: DetailText });
/** A share over 100 %. */
const OverOne = Schema.Struct({ rule: Schema.Literal("over-100-percent"), value: DetailNumber, lo: DetailNumber, hi: DetailNumber });
/** A part larger than its whole (a statement's) or its total (a table's). */
const PartExceeds = Schema.Struct({
  rule: Schema.Literals(["part-exceeds-whole", "part-exceeds-total"]),
  part: DetailNumber,
  whole: DetailNumber,
  part_lo: DetailNumber,
  whole_hi: DetailNumber,
});

/** The details of an impossible finding. */
export const ImpossibleDetails = Schema.Union([Negative, OverOne, PartExceeds]);
export type ImpossibleDetails = typeof ImpossibleDetails.Type;
