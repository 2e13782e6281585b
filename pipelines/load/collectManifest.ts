// Read every package of a sources folder into a manifest (pure: no database), with every input error of
// every package; and the names the build gives each table's wide view.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pushAll, InputErrors, type InputError } from "../core/errors.ts";
import { discoverPackages, readPackage, type SourcePackage } from "../manifest/readPackage.ts";
import { loadReference, type Reference } from "../manifest/loadReference.ts";
import { normalizePackage, type NormalizedPackage } from "../normalize/observations.ts";
import type { CorrectionRow } from "../../schemas/checks.ts";
import { readAllCorrections } from "../manifest/corrections.ts";
import type { Located } from "../manifest/validateRows.ts";
import { locateInJson } from "../manifest/validateJson.ts";
import { schemaTables } from "./schema.ts";

export interface Manifest {
  readonly packages: ReadonlyArray<{ pkg: SourcePackage; normalized: NormalizedPackage }>;
  readonly reference: Reference;
  /** acknowledged printing errors, applied by the build (observations_clean) */
  readonly corrections: ReadonlyArray<Located<CorrectionRow>>;
}

/**
 * Read every package under `sourcesDir` into a manifest: pure (no database), every input error of every
 * package collected. Throws InputErrors when there is any. (Bulk files are read when loaded.)
 */
export const readManifest = (sourcesDir: string, correctionsFile?: string): Manifest => {
  const { manifest, errors } = collectManifest(sourcesDir, correctionsFile);
  if (errors.length > 0) throw new InputErrors(errors);
  return manifest;
};

/** The manifest of every package that could be read, with every input error found. */
export const collectManifest = (sourcesDir: string, correctionsFile?: string, asPrinted = false): { manifest: Manifest; errors: InputError[] } => {
  const errors: InputError[] = [];
  if (!existsSync(sourcesDir)) {
    throw new InputErrors([{ code: "missing-file", file: sourcesDir, line: 0, column: 0, cell: "", expected: "a sources directory with one folder per publication" }]);
  }
  const read = discoverPackages(sourcesDir).map((dir) => readPackage(dir));
  for (const r of read) pushAll(errors, r.errors);
  const pkgs = read.flatMap((r) => (r.pkg ? [r.pkg] : []));
  if (read.length === 0) {
    errors.push({ code: "no-packages", file: sourcesDir, line: 0, column: 0, cell: "", expected: "at least one folder with a descriptor.json" });
  }
  const { reference, errors: refErrors } = loadReference(
    join(sourcesDir, "_reference"),
    pkgs.flatMap((p) => (p.aliasFile ? [p.aliasFile] : [])),
    pkgs.flatMap((p) => (p.measuresFile ? [p.measuresFile] : [])),
  );
  pushAll(errors, refErrors);
  pushAll(errors, viewNameErrors(pkgs));
  const packages = pkgs.map((pkg) => {
    const { normalized, errors: nErrors } = normalizePackage(pkg, reference);
    pushAll(errors, nErrors);
    return { pkg, normalized };
  });
  // the shared corrections and each package's own (sources/<package>/corrections.csv)
  const corrections = asPrinted ? { corrections: [], errors: [] } : readAllCorrections(correctionsFile, pkgs.map((p) => ({ id: p.id, dir: dirname(p.descriptorFile) })));
  pushAll(errors, corrections.errors);
  return { manifest: { packages, reference, corrections: corrections.corrections }, errors };
};

/** Names the warehouse and the checks give their own tables and views: no table's view may take one. */
const reservedNames = (): Set<string> =>
  new Set([...schemaTables().map((t) => t.table), "observations", "observations_clean", "check_observations", "findings", "finding_observations"]);

/**
 * Each table's wide view must have a name of its own: not a warehouse table or view (`"view": "observations"`)
 * and not another table's (`t_1` and `t-1` both become `pkg__t_1`). DuckDB compares names without case.
 * An error at the descriptor line of the table's `view` (or `id`), instead of a Catalog Error mid-load.
 */
const viewNameErrors = (pkgs: ReadonlyArray<SourcePackage>): InputError[] => {
  const reserved = reservedNames();
  const seen = new Map<string, { table: string; file: string; line: number }>();
  const errors: InputError[] = [];
  for (const pkg of pkgs) {
    for (const { table, index } of tablesOf(pkg)) {
      const name = viewName(pkg.id, table.id, table.view);
      const key = name.toLowerCase();
      const where = locateInJson(pkg.descriptorText, ["tables", index, table.view !== undefined ? "view" : "id"]);
      const at = { file: pkg.descriptorFile, line: where.line, column: where.column, cell: name };
      const other = seen.get(key);
      if (reserved.has(key)) {
        errors.push({ code: "view-name-taken", ...at, expected: `a view name that is not one of the warehouse's own tables and views (${[...reserved].sort().join(", ")}): set "view" to another name` });
      } else if (other !== undefined) {
        errors.push({ code: "duplicate-view-name", ...at, expected: `a view name of its own: table ${JSON.stringify(other.table)} at ${other.file}:${other.line} has the view ${name} too; set "view" on one of them` });
      } else seen.set(key, { table: table.id, file: pkg.descriptorFile, line: where.line });
    }
  }
  return errors;
};

/** The name of a table's wide view: the descriptor's `view`, else `<package>__<table id>` in snake case. */
export const viewName = (pkgId: string, tableId: string, view?: string): string =>
  view ?? `${pkgId}__${tableId}`.replace(/[^a-z0-9_]/g, "_");


/** Every table of a package, printed and bulk, in descriptor order, with its file. */
export const tablesOf = (pkg: SourcePackage) =>
  [
    ...pkg.tables.map(({ table, index, csv }) => ({ table, index, file: csv.file })),
    ...pkg.bulkTables.map(({ table, index, file }) => ({ table, index, file })),
  ].sort((a, b) => a.index - b.index);
