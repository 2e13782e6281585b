// What the CSV export writes differently from the warehouse, so that a Frictionless reader
// (datapackage.json declares `missingValues: [""]`) reads every value back with its meaning:
// - an empty field is null, so an empty string that means something is written as a code: a breakdown
//   of "" (the total) as `_T`, the qualifier "" (a figure printed with no qualifier word) as `_Z`
//   (SDMX's codes for "total" and "not applicable"). In the other text columns that hold "" (the text
//   of a blank printed cell, a table printed without a unit or a row title) "" means "nothing printed",
//   which null says as well: the build never writes null there.
// - infinities as Table Schema writes them (`INF`, `-INF`, `NaN`), not DuckDB's `inf`.
// The per-table files are printed labels and numbers: only the numbers change there.
import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import { copyTo, describeColumns, writeEachResource, type ColumnType, type ExportContext, type ExportFormat } from "./format.ts";
import { formulaGuardNote, guardedSelect } from "./formulaGuard.ts";
import { discoverResources, type Resource } from "./resources.ts";

/** Codes written for an empty string, by column name, in the observations and dimension files. */
export const EMPTY_CODES: ReadonlyMap<string, string> = new Map([
  ["breakdown", "_T"],
  ["qualifier", "_Z"],
]);

const FLOAT = /^(DOUBLE|FLOAT|REAL)$/u;

/** The SELECT written to a CSV file: `r.select` with the codes and Table Schema's spelling of infinities. */
export const csvSelect = (r: Resource, columns: ReadonlyArray<ColumnType>): string => {
  const replace: string[] = [];
  for (const c of columns) {
    const id = quoteIdent(c.name);
    const code = r.kind === "table" ? undefined : EMPTY_CODES.get(c.name);
    if (code !== undefined && c.type === "VARCHAR") replace.push(`CASE WHEN ${id} = '' THEN ${quoteLiteral(code)} ELSE ${id} END AS ${id}`);
    else if (FLOAT.test(c.type)) {
      replace.push(`CASE WHEN isinf(${id}) THEN CASE WHEN ${id} > 0 THEN 'INF' ELSE '-INF' END WHEN isnan(${id}) THEN 'NaN' ELSE CAST(${id} AS VARCHAR) END AS ${id}`);
    }
  }
  return replace.length === 0 ? r.select : `SELECT * REPLACE (${replace.join(", ")}) FROM (${r.select})`;
};

/** Write a SELECT as a CSV file (RFC 4180, "\n" lines), text cells guarded unless told not to; its row count. */
export const copyCsv = async (ctx: ExportContext, select: string, file: string): Promise<number> => {
  const guarded = ctx.formulaGuard ? guardedSelect(select, await describeColumns(ctx.wh, select)) : select;
  return copyTo(ctx.wh, guarded, file, "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NEW_LINE '\\n'");
};

/** CSV: a file per resource, written by DuckDB's COPY; the only tabular data package. */
export const csvFormat: ExportFormat<"csv"> = {
  name: "csv",
  extension: "csv",
  packageName: "migration-profile",
  summary: "a CSV file per table, the observations and the dimensions",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    return {
      note: formulaGuardNote(ctx.formulaGuard),
      write: (dir) => writeEachResource(ctx, resources, dir, { extension: "csv", format: "csv", mediatype: "text/csv" }, (r, file, columns) => copyCsv(ctx, csvSelect(r, columns), file)),
    };
  },
};
