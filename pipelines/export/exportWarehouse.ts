// Export the warehouse as cleaned files: CSV or Parquet (written by DuckDB's COPY), JSON (arrays of row
// objects, the observations validated against their published contract first) or SDMX-CSV, each folder
// with a Frictionless datapackage.json. The same warehouse gives byte-identical files; the folder appears
// complete or not at all.
import type { ErrorObject } from "ajv";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { quoteLiteral, Warehouse } from "../core/duckdb.ts";
import { validatorFor } from "../manifest/validateJson.ts";
import { dataPackage, dataPackageText, MEDIATYPES, type FileFormat, type WrittenResource } from "./datapackage.ts";
import { ExportValidationError, NoWarehouseError, OutdatedWarehouseError, TargetExistsError, WarehouseOpenError, type RowProblem } from "./errors.ts";
import { jsonArrayText, queryJson, rowObject, type JsonResult } from "./jsonRows.ts";
import { discoverResources, packageSources, readCatalog, type Resource } from "./resources.ts";
import { sdmxResource, SDMX_MEDIATYPE } from "./sdmx.ts";
import { occupied, writeFolderAtomically } from "./writeFolder.ts";

export const EXPORT_FORMATS = ["csv", "parquet", "json", "sdmx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly dbPath: string;
  readonly outDir: string;
  readonly format: ExportFormat;
  /** replace an existing, non-empty outDir */
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

export interface ExportResult {
  readonly outDir: string;
  readonly format: ExportFormat;
  readonly files: ReadonlyArray<{ path: string; rows: number }>;
  readonly seconds: number;
}

/** The problems of one observation row against schemas/json/observation.schema.json, one per field. */
const rowProblems = (errors: ReadonlyArray<ErrorObject>, row: Record<string, unknown>, index: number): RowProblem[] => {
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    // anyOf repeats what its branches said; the branches are kept and joined with "or"
    if (e.keyword === "anyOf") continue;
    const params = e.params as Record<string, unknown>;
    const field =
      e.keyword === "required" ? String(params.missingProperty)
      : e.keyword === "additionalProperties" ? String(params.additionalProperty)
      : e.instancePath.split("/")[1]?.replaceAll("~1", "/").replaceAll("~0", "~") ?? "";
    const expected =
      e.keyword === "required" ? "the field to be present"
      : e.keyword === "additionalProperties" ? "no such field (not in schemas/json/observation.schema.json)"
      : e.keyword === "enum" ? `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
      : e.keyword === "type" ? `a ${String(params.type)}`
      : e.keyword === "pattern" ? `text matching ${String(params.pattern)}`
      : e.keyword === "minLength" ? "a non-empty string"
      : (e.message ?? e.keyword);
    const list = byField.get(field) ?? [];
    if (!list.includes(expected)) list.push(expected);
    byField.set(field, list);
  }
  return [...byField].map(([field, expected]) => ({
    resource: "observations",
    row: index + 1,
    key: String(row.obs_id),
    field,
    value: row[field],
    expected: expected.join(" or "),
  }));
};

/** Validate every exported observation against the published contract; all problems, in row order. */
export const validateObservations = (data: JsonResult): RowProblem[] => {
  const validate = validatorFor("observation");
  const problems: RowProblem[] = [];
  data.rows.forEach((r, i) => {
    const row = rowObject(data.columns, r);
    if (!validate(row)) problems.push(...rowProblems(validate.errors ?? [], row, i));
  });
  return problems;
};

const sha256 = (file: string): { bytes: number; sha256: string } => {
  const data = readFileSync(file);
  return { bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
};

const copyTo = async (wh: Warehouse, select: string, file: string, options: string): Promise<number> => {
  const reader = await wh.connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (${options})`);
  return Number((reader.getRowsJson() as unknown[][])[0]?.[0] ?? 0);
};

/**
 * Export a built warehouse into `outDir`. Throws NoWarehouseError, WarehouseOpenError, TargetExistsError
 * (usage: nothing written) and ExportValidationError (a row breaks its contract: nothing written).
 */
export const exportWarehouse = async (opts: ExportOptions): Promise<ExportResult> => {
  const started = performance.now();
  const target = resolve(opts.outDir);
  if (!existsSync(opts.dbPath)) throw new NoWarehouseError(opts.dbPath);
  if (!opts.force && occupied(target)) throw new TargetExistsError(opts.outDir);
  let wh: Warehouse;
  try {
    wh = await Warehouse.open(opts.dbPath, { access_mode: "READ_ONLY" });
  } catch (e) {
    throw new WarehouseOpenError(opts.dbPath, (e as Error).message.split("\n")[0] ?? String(e));
  }
  try {
    // One writer thread: Parquet row groups and CSV chunks come out in one order, byte for byte.
    await wh.run("SET threads = 1");
    await wh.run("SET preserve_insertion_order = true");
    const catalog = await readCatalog(wh);
    if (!catalog.relations.has("observations_clean")) throw new OutdatedWarehouseError(opts.dbPath);
    const resources: Resource[] = opts.format === "sdmx" ? [sdmxResource(catalog)] : await discoverResources(wh, catalog);
    const fileFormat: FileFormat = opts.format === "sdmx" ? "csv" : opts.format;
    const extension = fileFormat === "parquet" ? "parquet" : fileFormat;

    // JSON rows are read (and the observations validated) before anything is written.
    const data = new Map<string, JsonResult>();
    if (opts.format === "json") {
      for (const r of resources) data.set(r.name, await queryJson(wh, r.select));
      const problems = validateObservations(data.get("observations")!);
      if (problems.length > 0) throw new ExportValidationError(problems);
    }
    const sources = await packageSources(wh);
    const titles = (await wh.all<{ title: string }>(`SELECT title FROM packages ORDER BY package`)).map((p) => p.title);

    const files = await writeFolderAtomically(target, opts.force ?? false, async (dir) => {
      const written: WrittenResource[] = [];
      const counts: Array<{ path: string; rows: number }> = [];
      for (const r of resources) {
        const path = `${r.name}.${extension}`;
        const file = join(dir, path);
        let rows: number;
        if (fileFormat === "json") {
          const d = data.get(r.name)!;
          writeFileSync(file, jsonArrayText(d.columns, d.rows));
          rows = d.rows.length;
        } else {
          rows = await copyTo(wh, r.select, file, fileFormat === "csv" ? "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NEW_LINE '\\n'" : "FORMAT parquet, COMPRESSION snappy");
        }
        const columns = (await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE ${r.select}`)).map((c) => ({ name: c.column_name, type: c.column_type }));
        written.push({ resource: r, path, format: fileFormat, mediatype: opts.format === "sdmx" ? SDMX_MEDIATYPE : MEDIATYPES[fileFormat], columns, ...sha256(file) });
        counts.push({ path, rows });
      }
      const descriptor = dataPackage({
        name: opts.format === "sdmx" ? "migration-profile-sdmx" : "migration-profile",
        title: titles.length === 1 ? titles[0]! : `Migration Profiles (${titles.length} publications)`,
        description:
          "Figures printed in IOM Migration Profiles, transcribed and normalized: corrections acknowledged in checks/corrections.csv are applied, " +
          "the printed values kept beside them. Built from the Migration Profile workspace warehouse.",
        sources,
        resources: written,
      });
      writeFileSync(join(dir, "datapackage.json"), dataPackageText(descriptor));
      return counts;
    });
    return { outDir: opts.outDir, format: opts.format, files, seconds: (performance.now() - started) / 1000 };
  } finally {
    wh.close();
  }
};
