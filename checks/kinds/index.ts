// The registry of check kinds: one generic implementation per kind, each compiling a declaration of
// checks/checks.json to SQL over check_observations.
import type { CheckKind } from "../types.ts";
import { duplicate } from "./duplicate.ts";
import { hierarchy } from "./hierarchy.ts";
import { impliedCount } from "./implied_count/kind.ts";
import { impossible } from "./impossible.ts";
import { measureRelation } from "./measure_relation/kind.ts";
import { mirror } from "./mirror.ts";
import { partialBreakdown } from "./partial_breakdown/kind.ts";
import { periodTrap } from "./period_trap.ts";
import { seriesBreak } from "./series_break.ts";
import { share } from "./share.ts";
import { statementParts } from "./statement_parts.ts";

export const kinds: ReadonlyMap<string, CheckKind> = new Map(
  [hierarchy, statementParts, duplicate, share, mirror, impossible, periodTrap, seriesBreak, measureRelation, impliedCount, partialBreakdown].map((k) => [k.kind, k] as const),
);

export { duplicateParams } from "./duplicate.ts";
export { hierarchyParams } from "./hierarchy.ts";
export { impliedCountParams } from "./implied_count/kind.ts";
export { impossibleParams } from "./impossible.ts";
export { measureRelationParams } from "./measure_relation/kind.ts";
export { mirrorParams } from "./mirror.ts";
export { partialBreakdownParams } from "./partial_breakdown/kind.ts";
export { periodTrapParams } from "./period_trap.ts";
export { seriesBreakParams } from "./series_break.ts";
export { shareParams } from "./share.ts";
export { statementPartsParams } from "./statement_parts.ts";
export type { ParamSpec, ParamSpecs } from "./common.ts";
