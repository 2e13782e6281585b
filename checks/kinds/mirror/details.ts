// The details of a mirror failure: one flow as each end recorded it.
import * as Schema from "effect/Schema";
import { DetailNumber } from "../details.ts";

/** The details of a mirror finding. */
export const MirrorDetails = Schema.Struct({
  origin_reporter: Schema.String,
  destination_reporter: Schema.String,
  origin_reporter_value: DetailNumber,
  destination_reporter_value: DetailNumber,
  ratio: DetailNumber,
  gap: DetailNumber,
  tolerance: DetailNumber,
  origin_obs_id: Schema.String,
  destination_obs_id: Schema.String,
});
export type MirrorDetails = typeof MirrorDetails.Type;
