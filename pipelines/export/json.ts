// JSON: a file per resource, an array of row objects (keys in column order).
import { writeEachResource, type ExportFormat } from "./format.ts";
import { writeJsonArray } from "./jsonRows.ts";
import { discoverResources } from "./resources.ts";

/** JSON: the resources of the CSV export as arrays of objects, JSON columns nested. */
export const jsonFormat: ExportFormat<"json"> = {
  name: "json",
  extension: "json",
  packageName: "migration-profile",
  summary: "a JSON array of row objects per table, the observations and the dimensions",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    // Nothing of its own to check (exportWarehouse has validated the observations): each resource is
    // streamed into its file, a chunk of rows at a time, in the staging folder.
    return {
      write: (dir) =>
        writeEachResource(ctx, resources, dir, { extension: "json", format: "json", mediatype: "application/json" }, (r, file) => writeJsonArray(ctx.wh, r.select, file)),
    };
  },
};
