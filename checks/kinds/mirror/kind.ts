// mirror: one flow recorded by both ends, by the origin country's statistics and by the destination's
// (same measure, origin, destination, breakdown and period; reporters differ, each one end of the flow).
// Mirror statistics always differ somewhat, hence a default relative tolerance of 10 %.
import * as Schema from "effect/Schema";
import { sqlFew, sqlIn, sqlKeyPart, sqlPeriodKey, sqlTolerance } from "../common.ts";
import { MirrorDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { filterParam, toleranceParams } from "../params.ts";

/** The params of mirror: types, defaults and docs. */
export const mirrorParams = Schema.Struct({
  ...toleranceParams(0.1),
  measures: filterParam({ doc: "only these measure codes (default: all)", names: "measures" }),
});
type Params = typeof mirrorParams.Type;

const comparedSql = sqlFile(new URL("./compared.sql", import.meta.url));
const originEndsSql = sqlFile(new URL("./origin_ends.sql", import.meta.url));
const mirrorSql = sqlFile(new URL("./mirror.sql", import.meta.url));

const compile = (p: Params): { originEnds: string; query: string } => {
  const compared = comparedSql({ measures: sqlIn("o.measure", p.measures) });
  return {
    originEnds: originEndsSql({ compared }),
    query: mirrorSql({
      compared,
      tolerance: sqlTolerance(p, "a.v", "b.v"),
      few_positions: sqlFew("SELECT a_line AS line, a_col AS col FROM positions UNION SELECT b_line, b_col FROM positions"),
      period_key_a: sqlPeriodKey("a"),
      target: ["measure", "origin || '->' || destination", "breakdown", "period_key"].map(sqlKeyPart).join(" || '/' || "),
    }),
  };
};

export const mirror = defineKind({
  kind: "mirror",
  defaultSeverity: "warning",
  summary: "A flow recorded by the origin country and by the destination country agrees within a relative tolerance (default 10 %).",
  params: mirrorParams,
  details: MirrorDetails,
  compile: (p) => {
    const { originEnds, query } = compile(p);
    return { before: originEnds, query };
  },
  orderBy: "target",
});
