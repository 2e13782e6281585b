// SDMX-CSV 1.0 with its SDMX-ML 2.1 structure message: the observations only, one file per dataset (a
// source that prints one quantity twice for the same period fills a second one), and structure.xml.
// What the codes and fields are: sdmxModel.ts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import * as Schema from "effect/Schema";
import { copyCsv } from "./csv.ts";
import { fileDigest, writeEachResource, type ExportFormat } from "./format.ts";
import { formulaGuardNote } from "./formulaGuard.ts";
import type { Catalog, Resource } from "./resources.ts";
import { ATTRIBUTES, DATAFLOW, DIMENSIONS, SDMX_FIELDS, SDMX_MEDIATYPE, sdmxCtes, STRUCTURE_FILE, STRUCTURE_MEDIATYPE } from "./sdmxModel.ts";
import { sdmxStructure } from "./sdmxStructure.ts";

/** The data file of dataset n (1: the only one unless a source gives two values for one key). */
export const datasetName = (n: number): string => (n === 1 ? "migration_profile" : `migration_profile_${n}`);

/** The SDMX-CSV resources: one per dataset, rows ordered by series key, period and references. */
export const sdmxResources = async (wh: Warehouse, catalog: Catalog, packages?: ReadonlyArray<string>): Promise<Resource[]> => {
  const ctes = sdmxCtes(catalog, packages);
  const { n } = await wh.one(Schema.Struct({ n: Schema.Number }), `WITH ${ctes} SELECT coalesce(max(dataset__), 1)::INTEGER AS n FROM rows__`);
  return Array.from({ length: n }, (_, i) => i + 1).map((d) => ({
    name: datasetName(d),
    kind: "sdmx" as const,
    title: `SDMX-CSV ${DATAFLOW}${d > 1 ? `, dataset ${d}` : ""}`,
    description:
      d === 1
        ? `Every observation in SDMX-CSV 1.0 against ${DATAFLOW} (structure: ${STRUCTURE_FILE}): dimensions, OBS_VALUE in the base unit (corrected) and attributes.`
        : `Observations whose series key and period an earlier dataset already holds (the same source printed the quantity again), in SDMX-CSV 1.0 against ${DATAFLOW}.`,
    select: `WITH ${ctes}
SELECT ${quoteLiteral(DATAFLOW)} AS DATAFLOW, ${DIMENSIONS.map((c) => c.id).join(", ")},
  CASE WHEN OBS_VALUE IS NULL THEN NULL ELSE printf('%.15g', OBS_VALUE) END AS OBS_VALUE,
  ${ATTRIBUTES.map((c) => c.id).join(", ")}
FROM rows__
WHERE dataset__ = ${d}
ORDER BY FREQ, REF_AREA, MEASURE, DIRECTION, COUNTERPART_AREA, BREAKDOWN, SOURCE, period_start, period_end, OBS_REF`,
    fields: SDMX_FIELDS,
  }));
};

/** The structure message's entry in datapackage.json: a document, no columns. */
const structureResource: Resource = {
  name: "structure",
  kind: "sdmx",
  title: `SDMX-ML 2.1 structure of ${DATAFLOW}`,
  description: "The dataflow, code lists, concept scheme and data structure definition of the SDMX-CSV files.",
  select: "",
  fields: new Map(),
};

/** SDMX: the observations in SDMX-CSV files, guarded as the CSV export is, and structure.xml. */
export const sdmxFormat: ExportFormat<"sdmx"> = {
  name: "sdmx",
  extension: "csv",
  packageName: "migration-profile-sdmx",
  summary: "the observations as SDMX-CSV 1.0 with an SDMX-ML 2.1 structure message",
  prepare: async (ctx) => {
    const resources = await sdmxResources(ctx.wh, ctx.catalog, ctx.packages);
    const structure = await sdmxStructure(ctx.wh, ctx.catalog, ctx.packages);
    return {
      note: formulaGuardNote(ctx.formulaGuard),
      write: async (dir) => {
        const data = await writeEachResource(ctx, resources, dir, { extension: "csv", format: "csv", mediatype: SDMX_MEDIATYPE }, (r, file) => copyCsv(ctx, r.select, file));
        writeFileSync(join(dir, STRUCTURE_FILE), structure);
        return [...data, { resource: structureResource, path: STRUCTURE_FILE, format: "xml", mediatype: STRUCTURE_MEDIATYPE, columns: [], rows: 0, ...fileDigest(join(dir, STRUCTURE_FILE)) }];
      },
    };
  },
};
