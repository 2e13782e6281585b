// An export format defined only in the tests: every resource as tab-separated text, with a note, and no
// check of its own (the export's shared path must refuse bad observations for it too).
import { copyTo, writeEachResource, type ExportFormat } from "../../pipelines/export/format.ts";
import { discoverResources } from "../../pipelines/export/resources.ts";

export const tsvFormat: ExportFormat = {
  name: "tsv",
  extension: "tsv",
  packageName: "migration-profile-tsv",
  summary: "tab-separated",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    return {
      note: "Tab-separated.",
      write: (dir) =>
        writeEachResource(ctx, resources, dir, { extension: "tsv", format: "csv", mediatype: "text/tab-separated-values" }, (r, file) =>
          copyTo(ctx.wh, r.select, file, "FORMAT csv, HEADER true, DELIMITER '\t'")),
    };
  },
};
