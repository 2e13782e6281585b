// JSON: a file per resource, an array of row objects (keys in column order).
import { writeFileSync } from "node:fs";
import { writeEachResource, type ExportFormat } from "./format.ts";
import { jsonArrayText, queryJson, type JsonResult } from "./jsonRows.ts";
import { discoverResources } from "./resources.ts";

/** JSON: the resources of the CSV export as arrays of objects, JSON columns nested. */
export const jsonFormat: ExportFormat<"json"> = {
  name: "json",
  extension: "json",
  packageName: "migration-profile",
  summary: "a JSON array of row objects per table, the observations and the dimensions",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    // every row is read before anything is written (exportWarehouse has validated the observations)
    const data = new Map<string, JsonResult>();
    for (const r of resources) data.set(r.name, await queryJson(ctx.wh, r.select));
    return {
      write: (dir) =>
        writeEachResource(ctx, resources, dir, { extension: "json", format: "json", mediatype: "application/json" }, async (r, file) => {
          const d = data.get(r.name)!;
          writeFileSync(file, jsonArrayText(d.columns, d.rows));
          return d.rows.length;
        }),
    };
  },
};
