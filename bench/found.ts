import type { Finding } from "../checks/model.ts";
import type { Planted } from "./generate.ts";

/** What a finding says for counting: its kind and the observations it names. */
export interface FoundFigures {
  readonly kind: string;
  readonly refs: ReadonlyArray<string>;
}

export const foundFigures = (f: Finding): FoundFigures => ({ kind: f.kind, refs: f.observations.map((o) => o.ref) });

/** The planted discrepancies some finding of their kind names (by the planted observation). */
export const plantedFound = (planted: ReadonlyArray<Planted>, findings: ReadonlyArray<FoundFigures>): Planted[] =>
  planted.filter((p) => findings.some((f) => f.kind === p.kind && f.refs.includes(p.obs_id)));
