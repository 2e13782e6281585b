// Parquet: a file per resource, written by DuckDB's COPY (snappy). What it writes differently from the
// warehouse's types: JSON columns as plain text. DuckDB tags them with Parquet's JSON logical type, which
// Polars and some Arrow readers reject ("DataType Binary is not supported"); as UTF-8 strings every reader
// takes them, and datapackage.json says which fields hold JSON.
import { quoteIdent } from "../core/duckdb.ts";
import { copyTo, writeEachResource, type ColumnType, type ExportFormat } from "./format.ts";
import { discoverResources } from "./resources.ts";

/** The SELECT written to a Parquet file: `select` with its JSON columns cast to text. */
export const parquetSelect = (select: string, columns: ReadonlyArray<ColumnType>): string => {
  const json = columns.filter((c) => c.type === "JSON");
  if (json.length === 0) return select;
  return `SELECT * REPLACE (${json.map((c) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`).join(", ")}) FROM (${select})`;
};

/** Parquet: the resources of the CSV export, typed. */
export const parquetFormat: ExportFormat<"parquet"> = {
  name: "parquet",
  extension: "parquet",
  packageName: "migration-profile",
  summary: "a Parquet file per table, the observations and the dimensions",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    return {
      write: (dir) =>
        writeEachResource(ctx, resources, dir, { extension: "parquet", format: "parquet", mediatype: "application/vnd.apache.parquet" }, (r, file, columns) =>
          copyTo(ctx.wh, parquetSelect(r.select, columns), file, "FORMAT parquet, COMPRESSION snappy")),
    };
  },
};
