// Export the warehouse as cleaned files: CSV or Parquet (written by DuckDB's COPY), JSON (arrays of row
// objects, the observations validated against their published contract first) or SDMX-CSV, each folder
// with a Frictionless datapackage.json. The same warehouse gives byte-identical files; the folder appears
// complete or not at all.
import type { ErrorObject } from "ajv";
import { pushAll } from "../core/errors.ts";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertNotBeingWritten } from "../load/buildLock.ts";
import { openFailureReason, quoteLiteral, Warehouse } from "../core/duckdb.ts";
import { validatorFor } from "../manifest/validateJson.ts";
import { dataPackage, dataPackageText, MEDIATYPES, type FileFormat, type WrittenResource } from "./datapackage.ts";
import { ExportValidationError, NoWarehouseError, OutdatedWarehouseError, TargetExistsError, UnknownPackageError, WarehouseOpenError, type RowProblem } from "./errors.ts";
import { jsonArrayText, queryJson, rowObject, type JsonResult } from "./jsonRows.ts";
import { discoverResources, packageFilter, packageSources, readCatalog, type Resource } from "./resources.ts";
import { DATAFLOW, SDMX_MEDIATYPE, sdmxResources, STRUCTURE_FILE, STRUCTURE_MEDIATYPE } from "./sdmx.ts";
import { sdmxStructure } from "./sdmxStructure.ts";
import { csvSelect } from "./csv.ts";
import { parquetSelect } from "./parquet.ts";
import { FORMULA_GUARD_NOTE, guardedSelect } from "./formulaGuard.ts";
import { EXPORT_MARKER, occupied, stagingFolder, writeFolderAtomically } from "./writeFolder.ts";
import { assertReplaceableExportFolder } from "../core/outputGuard.ts";

export const EXPORT_FORMATS = ["csv", "parquet", "json", "sdmx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly dbPath: string;
  readonly outDir: string;
  readonly format: ExportFormat;
  /** replace an existing, non-empty outDir */
  readonly force?: boolean;
  /** CSV (and SDMX-CSV): prefix text cells a spreadsheet would run as a formula with ' (default true) */
  readonly formulaGuard?: boolean;
  /** export only these packages' figures, tables, citations, corrections and findings (shared vocabularies whole) */
  readonly packages?: ReadonlyArray<string>;
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
    if (!validate(row)) pushAll(problems, rowProblems(validate.errors ?? [], row, i));
  });
  return problems;
};

const sha256 = (file: string): { bytes: number; sha256: string } => {
  const data = readFileSync(file);
  return { bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
};

const describe = async (wh: Warehouse, select: string) =>
  (await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE ${select}`)).map((c) => ({ name: c.column_name, type: c.column_type }));

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
  if (occupied(target)) {
    if (!opts.force) throw new TargetExistsError(opts.outDir);
    assertReplaceableExportFolder(opts.outDir, { dbPath: opts.dbPath, marker: EXPORT_MARKER });
  }
  assertNotBeingWritten(opts.dbPath);
  let wh: Warehouse;
  try {
    // One writer thread: Parquet row groups and CSV chunks come out in one order, byte for byte. COPY
    // writes only into the staging folder; nothing else can be read or written.
    wh = await Warehouse.openLocked(opts.dbPath, { allowedDirectories: [stagingFolder(target)], settings: { threads: "1", preserve_insertion_order: "true" } });
  } catch (e) {
    throw new WarehouseOpenError(opts.dbPath, openFailureReason(e, opts.dbPath));
  }
  try {
    const catalog = await readCatalog(wh);
    if (!catalog.relations.has("observations_clean")) throw new OutdatedWarehouseError(opts.dbPath);
    if (opts.packages !== undefined) {
      const loaded = (await wh.all<{ package: string }>("SELECT package FROM packages ORDER BY package")).map((r) => r.package);
      const unknown = opts.packages.filter((p) => !loaded.includes(p));
      if (unknown.length > 0) throw new UnknownPackageError(unknown, loaded);
    }
    const resources: Resource[] = opts.format === "sdmx" ? await sdmxResources(wh, catalog, opts.packages) : await discoverResources(wh, catalog, opts.packages);
    const structure = opts.format === "sdmx" ? await sdmxStructure(wh, catalog, opts.packages) : undefined;
    const fileFormat: FileFormat = opts.format === "sdmx" ? "csv" : opts.format;
    const extension = fileFormat === "parquet" ? "parquet" : fileFormat;

    // JSON rows are read (and the observations validated) before anything is written.
    const data = new Map<string, JsonResult>();
    if (opts.format === "json") {
      for (const r of resources) data.set(r.name, await queryJson(wh, r.select));
      const problems = validateObservations(data.get("observations")!);
      if (problems.length > 0) throw new ExportValidationError(problems);
    }
    const sources = await packageSources(wh, opts.packages);
    const titles = (await wh.all<{ title: string }>(`SELECT title FROM packages WHERE ${packageFilter(opts.packages)} ORDER BY package`)).map((p) => p.title);

    const files = await writeFolderAtomically(target, opts.force ?? false, async (dir) => {
      const written: WrittenResource[] = [];
      const counts: Array<{ path: string; rows: number }> = [];
      for (const r of resources) {
        const path = `${r.name}.${extension}`;
        const file = join(dir, path);
        let rows: number;
        const columns = await describe(wh, r.select);
        if (fileFormat === "json") {
          const d = data.get(r.name)!;
          writeFileSync(file, jsonArrayText(d.columns, d.rows));
          rows = d.rows.length;
        } else if (fileFormat === "parquet") {
          rows = await copyTo(wh, parquetSelect(r.select, columns), file, "FORMAT parquet, COMPRESSION snappy");
        } else {
          const base = opts.format === "sdmx" ? r.select : csvSelect(r, columns);
          const select = opts.formulaGuard !== false ? guardedSelect(base, await describe(wh, base)) : base;
          rows = await copyTo(wh, select, file, "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NEW_LINE '\\n'");
        }
        written.push({ resource: r, path, format: fileFormat, mediatype: opts.format === "sdmx" ? SDMX_MEDIATYPE : MEDIATYPES[fileFormat], columns, ...sha256(file) });
        counts.push({ path, rows });
      }
      if (structure !== undefined) {
        // the SDMX-ML structure message the data files are read against
        writeFileSync(join(dir, STRUCTURE_FILE), structure);
        const resource: Resource = { name: "structure", kind: "sdmx", title: `SDMX-ML 2.1 structure of ${DATAFLOW}`, description: "The dataflow, code lists, concept scheme and data structure definition of the SDMX-CSV files.", select: "", fields: new Map() };
        written.push({ resource, path: STRUCTURE_FILE, format: "xml", mediatype: STRUCTURE_MEDIATYPE, columns: [], ...sha256(join(dir, STRUCTURE_FILE)) });
        counts.push({ path: STRUCTURE_FILE, rows: 0 });
      }
      const descriptor = dataPackage({
        name: opts.format === "sdmx" ? "migration-profile-sdmx" : "migration-profile",
        title: titles.length === 1 ? titles[0]! : `Migration Profiles (${titles.length} publications)`,
        description:
          "Figures printed in IOM Migration Profiles, transcribed and normalized: corrections acknowledged in sources/<package>/corrections.csv (or checks/corrections.csv) are applied, " +
          "the printed values kept beside them. Built from the Migration Profile workspace warehouse." +
          (fileFormat === "csv" ? ` ${opts.formulaGuard !== false ? FORMULA_GUARD_NOTE : "Exported with --no-formula-guard: text cells are as stored, and a spreadsheet may run one that begins with =, +, -, @ as a formula."}` : ""),
        sources,
        resources: written,
      });
      writeFileSync(join(dir, "datapackage.json"), dataPackageText(descriptor));
      return counts;
    }, opts.dbPath);
    return { outDir: opts.outDir, format: opts.format, files, seconds: (performance.now() - started) / 1000 };
  } finally {
    wh.close();
  }
};
