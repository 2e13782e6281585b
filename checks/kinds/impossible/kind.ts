// impossible: values no figure of its kind can take. Negative stocks, flows, counts, amounts and shares
// (net flows may be negative); shares over 100 %; a part larger than its whole (part_of_ref, or a part
// of a partial table breakdown, complete = false). Only when the whole interval is impossible.
import * as Schema from "effect/Schema";
import { ROW_KEY, sqlDisplayOrder, sqlFew, sqlKeysOfIds, sqlIn, sqlRowKey, sqlSameRow, sqlShownQualified, sqlTolerance } from "../common.ts";
import { ImpossibleDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { stringsParam, toleranceParams } from "../params.ts";

/** The params of impossible: types, defaults and docs. */
export const impossibleParams = Schema.Struct({
  ...toleranceParams(),
  nonnegative_kinds: stringsParam({
    default: ["stock", "flow", "count", "amount", "share"],
    doc: "measure kinds that cannot be negative (net_flow and rate can)",
    names: "measure_kinds",
  }),
});
type Params = typeof impossibleParams.Type;

const impossibleSql = sqlFile(new URL("./impossible.sql", import.meta.url));

/** The row key of `alias` as a column list, each column `prefix` + column. */
const key = (alias: string, prefix = ""): string => ROW_KEY.map((c) => `${alias}.${prefix}${c}`).join(", ");

const compile = (p: Params): string =>
  impossibleSql({
    nonnegative: sqlIn("o.measure_kind", p.nonnegative_kinds),
    tolerance_v: sqlTolerance(p, "o.value_base"),
    tolerance_part: sqlTolerance(p, "p_v", "w_v"),
    tolerance_sides: sqlTolerance(p, "p.v", "w.v"),
    row_key: ROW_KEY.join(", "),
    row_key_o: sqlRowKey("o"),
    row_key_of_o: key("o"),
    row_key_x_as_x: sqlRowKey("x", "x_"),
    row_key_c_x: key("c", "x_"),
    row_key_c_x_as_x: ROW_KEY.map((c) => `c.x_${c} AS x_${c}`).join(", "),
    keys_of_part_refs: sqlKeysOfIds("SELECT part_of_ref FROM parts"),
    few_named: sqlFew(`
    SELECT ${key("k")} FROM single_keys k
    UNION SELECT ${key("k")} FROM whole_keys k
    UNION SELECT ${key("k", "x_")} FROM failing_cells k`),
    same_row_o_k: sqlSameRow("o", "k"),
    same_row_x_c: sqlSameRow("x", "c", "x_"),
    shown_o: sqlShownQualified("o"),
    order_x: sqlDisplayOrder("x"),
  });

export const impossible = defineKind({
  kind: "impossible",
  defaultSeverity: "error",
  summary: "No negative stock, flow, count, amount or share; no share over 100 %; no part larger than its whole.",
  params: impossibleParams,
  details: ImpossibleDetails,
  compile: (p) => ({ query: compile(p) }),
  orderBy: "file, line, col, target",
});
