// partial_breakdown: a breakdown a table declares incomplete (hierarchy `complete: false`) whose printed
// parts fall short of their total beyond rounding: by how much, and, when the total is a group of
// sources/_reference/groups.csv (CIS, EU, ...), which of its members that year are not printed. Not an
// error: an analyst reading the table wants to know what the printed parts leave out.
import * as Schema from "effect/Schema";
import { sqlFew, sqlShownPrinted, sqlTolerance } from "../common.ts";
import { PartialBreakdownDetails } from "./details.ts";
import { defineKind } from "../defineKind.ts";
import { sqlFile } from "../sqlFile.ts";
import { toleranceParams, type Tolerance } from "../params.ts";

/** The params of partial_breakdown: types, defaults and docs. */
export const partialBreakdownParams = Schema.Struct({ ...toleranceParams() });

const tablesSql = sqlFile(new URL("./tables.sql", import.meta.url));
const partialSql = sqlFile(new URL("./partial.sql", import.meta.url));

const query = (p: Tolerance): string =>
  partialSql({
    tolerance: sqlTolerance(p, "t_v"),
    shown_printed_o: sqlShownPrinted("o"),
    few_short_totals: sqlFew("SELECT t_id FROM short"),
  });

export const partialBreakdown = defineKind({
  kind: "partial_breakdown",
  defaultSeverity: "info",
  summary: "A breakdown declared incomplete whose printed parts fall short of the total: the shortfall, and the members of the total's group not printed that year.",
  params: partialBreakdownParams,
  details: PartialBreakdownDetails,
  // the tables with an incomplete breakdown, set before the query: no other table is read
  compile: (p) => ({ before: tablesSql({}), query: query(p) }),
  orderBy: "file, line, col, target",
});
