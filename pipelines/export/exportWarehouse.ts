// Export the warehouse as cleaned files in one of the formats of formats.ts (CSV, Parquet, JSON, SDMX),
// each folder with a Frictionless datapackage.json. The same warehouse gives byte-identical files; the
// folder appears complete or not at all.
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as Schema from "effect/Schema";
import { assertNotBeingWritten } from "../load/buildLock.ts";
import { openFailureReason, Warehouse } from "../core/duckdb.ts";
import { dataPackage, dataPackageText } from "./datapackage.ts";
import { NoWarehouseError, OutdatedWarehouseError, TargetExistsError, UnknownPackageError, WarehouseOpenError } from "./errors.ts";
import type { ExportFormat } from "./format.ts";
import { EXPORT_FORMATS } from "./formats.ts";
import { packageFilter, packageSources, readCatalog } from "./resources.ts";
import { assertObservationsValid } from "./validateObservations.ts";
import { EXPORT_MARKER, occupied, stagingFolder, writeFolderAtomically } from "./writeFolder.ts";
import { assertReplaceableExportFolder } from "../core/outputGuard.ts";

export interface ExportOptions {
  readonly dbPath: string;
  readonly outDir: string;
  /** the name of one of `formats` */
  readonly format: string;
  /** the formats to choose from: formats.ts's registry unless a test brings its own */
  readonly formats?: ReadonlyArray<ExportFormat>;
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
  readonly format: string;
  readonly files: ReadonlyArray<{ path: string; rows: number }>;
  readonly seconds: number;
}

/**
 * Export a built warehouse into `outDir`. Throws NoWarehouseError, WarehouseOpenError, TargetExistsError
 * (usage: nothing written) and ExportValidationError (a row breaks its contract: nothing written).
 */
export const exportWarehouse = async (opts: ExportOptions): Promise<ExportResult> => {
  const started = performance.now();
  const format = (opts.formats ?? EXPORT_FORMATS).find((f) => f.name === opts.format);
  if (format === undefined) throw new Error(`no export format ${JSON.stringify(opts.format)}`); // the CLI checks the name first
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
      const loaded = (await wh.rows(Schema.Struct({ package: Schema.String }), "SELECT package FROM packages ORDER BY package")).map((r) => r.package);
      const unknown = opts.packages.filter((p) => !loaded.includes(p));
      if (unknown.length > 0) throw new UnknownPackageError(unknown, loaded);
    }
    // the observations are checked against their contract for every format, then the format reads (and
    // checks) its rows: before anything is written
    await assertObservationsValid(wh, opts.packages);
    const prepared = await format.prepare({ wh, catalog, formulaGuard: opts.formulaGuard !== false, ...(opts.packages !== undefined ? { packages: opts.packages } : {}) });
    const sources = await packageSources(wh, opts.packages);
    const titles = (await wh.rows(Schema.Struct({ title: Schema.String }), `SELECT title FROM packages WHERE ${packageFilter(opts.packages)} ORDER BY package`)).map((p) => p.title);

    const files = await writeFolderAtomically(target, opts.force ?? false, async (dir) => {
      const written = await prepared.write(dir);
      const descriptor = dataPackage({
        name: format.packageName,
        title: titles.length === 1 ? titles[0]! : `Migration Profiles (${titles.length} publications)`,
        description:
          "Figures printed in IOM Migration Profiles, transcribed and normalized: corrections acknowledged in sources/<package>/corrections.csv (or checks/corrections.csv) are applied, " +
          "the printed values kept beside them. Built from the Migration Profile workspace warehouse." +
          (prepared.note !== undefined ? ` ${prepared.note}` : ""),
        sources,
        resources: written,
      });
      writeFileSync(join(dir, "datapackage.json"), dataPackageText(descriptor));
      return written.map((w) => ({ path: w.path, rows: w.rows }));
    }, opts.dbPath);
    return { outDir: opts.outDir, format: opts.format, files, seconds: (performance.now() - started) / 1000 };
  } finally {
    wh.close();
  }
};
