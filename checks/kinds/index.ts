// The registry of check kinds: one generic implementation per kind (each made by defineKind, with its
// params and details schemas), each compiling a declaration of checks/checks.json to SQL over
// check_observations. A new kind is one folder here and one line below.
import type { CheckKind } from "../types.ts";
import { duplicate } from "./duplicate/kind.ts";
import { hierarchy } from "./hierarchy/kind.ts";
import { impliedCount } from "./implied_count/kind.ts";
import { impossible } from "./impossible/kind.ts";
import { measureRelation } from "./measure_relation/kind.ts";
import { mirror } from "./mirror/kind.ts";
import { partialBreakdown } from "./partial_breakdown/kind.ts";
import { periodTrap } from "./period_trap/kind.ts";
import { seriesBreak } from "./series_break/kind.ts";
import { share } from "./share/kind.ts";
import { statementParts } from "./statement_parts/kind.ts";

export const kinds: ReadonlyMap<string, CheckKind> = new Map(
  [hierarchy, statementParts, duplicate, share, mirror, impossible, periodTrap, seriesBreak, measureRelation, impliedCount, partialBreakdown].map((k) => [k.kind, k] as const),
);
