import type { Finding } from "../checks/model.ts";
import type { Planted } from "./generate.ts";

/** The planted discrepancies some finding of their kind names (by the planted observation). */
export const plantedFound = (planted: ReadonlyArray<Planted>, findings: ReadonlyArray<Finding>): Planted[] =>
  planted.filter((p) => findings.some((f) => f.kind === p.kind && f.observations.some((o) => o.ref === p.obs_id)));
