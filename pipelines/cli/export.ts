// `npm run export`: exit 0 when written, 1 when a row breaks its contract (nothing written), 2 for usage
// errors, a missing warehouse or an existing target without --force (nothing written).
import { DEFAULT_WAREHOUSE } from "../core/duckdb.ts";
import type { Command } from "commander";
import { OutputRefusedError } from "../core/outputGuard.ts";
import { WarehouseBusyError } from "../load/buildLock.ts";
import { ExportValidationError, formatRowProblem, NoWarehouseError, OutdatedWarehouseError, TargetExistsError, UnknownPackageError, WarehouseOpenError } from "../export/errors.ts";
import { exportWarehouse } from "../export/exportWarehouse.ts";
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES } from "../export/formats.ts";
import { collect, command, parseCommand } from "./program.ts";

export const exportUsage = `usage: npm run export -- --format ${EXPORT_FORMAT_NAMES.join("|")} [--out DIR] [--db PATH] [--force] [--no-formula-guard] [--package ID ...]
  writes exports/<format>/ (or DIR): every cleaned table and the observations, with datapackage.json
  CSV text cells starting with = + - @ (not numbers) get a ' in front (spreadsheet formulas); --no-formula-guard keeps them as stored
  exit 0: written; 1: a row breaks its contract (nothing written); 2: usage, no warehouse, DIR exists without --force, or DIR is not an earlier export (never replaced)`;

export interface ExportIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** `export`'s arguments. */
export const exportProgram = (): Command =>
  command("npm run export --", "write every cleaned table and the observations, with datapackage.json", exportUsage)
    .option("--format <format>", EXPORT_FORMATS.map((f) => `${f.name} (${f.summary})`).join("; "))
    .option("--out <dir>", "the folder to write (default exports/<format>)")
    .option("--db <path>", "the warehouse", DEFAULT_WAREHOUSE)
    .option("--force", "replace a folder that exists (only an earlier export)", false)
    .option("--no-formula-guard", "keep CSV text cells starting with = + - @ as stored (no ' in front)")
    .option("--package <id>", "export only these packages (repeat, or separate with commas)", collect);

/** How many row problems are printed before the rest are counted. */
const SHOWN = 50;

/** Run `export` with CLI arguments; returns the exit code. */
export const exportCommand = async (args: ReadonlyArray<string>, io: ExportIo): Promise<number> => {
  const err = (line: string) => io.stderr.write(line + "\n");
  const parsed = parseCommand<{ format?: string; out?: string; db: string; force: boolean; formulaGuard: boolean; package?: string[] }>(exportProgram(), args, io, exportUsage);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  const format = EXPORT_FORMAT_NAMES.find((name) => name === values.format);
  if (format === undefined) {
    err(`${values.format === undefined ? "--format is required" : `unknown format ${JSON.stringify(values.format)}`}: use one of ${EXPORT_FORMAT_NAMES.join(", ")}\n${exportUsage}`);
    return 2;
  }
  const outDir = values.out ?? `exports/${format}`;
  try {
    const packages = values.package?.flatMap((s) => s.split(",")).filter((s) => s !== "");
    const r = await exportWarehouse({ dbPath: values.db!, outDir, format, force: values.force!, formulaGuard: values.formulaGuard, ...(packages !== undefined ? { packages } : {}) });
    const rows = r.files.reduce((n, f) => n + f.rows, 0);
    err(`exported ${r.files.length} file(s), ${rows} row(s), to ${r.outDir} as ${format} with datapackage.json in ${r.seconds.toFixed(2)} s`);
    return 0;
  } catch (e) {
    if (e instanceof ExportValidationError) {
      for (const p of e.problems.slice(0, SHOWN)) err(formatRowProblem(p));
      if (e.total > SHOWN) err(`... and ${e.total - SHOWN} more`);
      err(`export failed: ${e.total} invalid value(s) against schemas/json/observation.schema.json; nothing was written`);
      return 1;
    }
    if (e instanceof NoWarehouseError || e instanceof WarehouseOpenError || e instanceof OutdatedWarehouseError || e instanceof TargetExistsError || e instanceof OutputRefusedError || e instanceof WarehouseBusyError || e instanceof UnknownPackageError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
};
