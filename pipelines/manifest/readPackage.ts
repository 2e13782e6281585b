import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import type { Descriptor, Table } from "../../schemas/descriptor.ts";
import type { CitationRow, FootnoteRow, StatementRow } from "../../schemas/rows.ts";
import { bulkSpec, type BulkSpec } from "./bulkSpec.ts";
import { readCsvHeader } from "../core/csvHeader.ts";
import { display } from "../core/paths.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import { readCsv, readCsvObjects, type CsvFile } from "../core/readCsv.ts";
import { readTextFile } from "../core/readTextFile.ts";
import { validateRows, type Located } from "./validateRows.ts";
import { locateInJson, validateJsonDocument } from "./validateJson.ts";

/** A table descriptor with its CSV as read. */
export interface TableSource {
  readonly table: Table;
  readonly index: number; // position in descriptor.tables (for locating descriptor errors)
  readonly csv: CsvFile;
}

/** A bulk table: its descriptor, its file (not read here: DuckDB reads it when the build loads) and header. */
export interface BulkSource {
  readonly table: Table;
  readonly index: number; // position in descriptor.tables
  readonly path: string; // absolute
  readonly file: string; // as displayed
  readonly spec: BulkSpec;
  /** CSV column names in file order (empty for Parquet: DuckDB reads its schema) */
  readonly header: ReadonlyArray<string>;
}

/** One source package as read from disk: validated shapes, no meaning parsed yet. */
export interface SourcePackage {
  readonly id: string;
  readonly dir: string; // absolute
  readonly descriptorFile: string; // as displayed (relative to cwd)
  readonly descriptorText: string;
  readonly descriptor: Descriptor;
  readonly tables: ReadonlyArray<TableSource>;
  readonly bulkTables: ReadonlyArray<BulkSource>;
  readonly citations: ReadonlyArray<Located<CitationRow>>;
  readonly footnotes: ReadonlyArray<Located<FootnoteRow>>;
  readonly statements: ReadonlyArray<Located<StatementRow>>;
  readonly statementsFile: string;
  readonly aliasFile: string | undefined; // absolute path of the package's aliases.csv, if any
  readonly measuresFile: string | undefined; // absolute path of the package's measures.csv, if any
}

export const CITATION_COLUMNS = ["id", "printed", "publisher", "title", "year", "reporter", "kind", "url"] as const;
export const FOOTNOTE_COLUMNS = ["mark", "section", "citation", "pages", "flags", "reference_date"] as const;
export const STATEMENT_COLUMNS = [
  "id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value",
  "unit", "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags",
] as const;

/** Package folders under a sources directory: every folder with a descriptor.json, `_`-folders excluded. */
export const discoverPackages = (sourcesDir: string): string[] =>
  readdirSync(sourcesDir)
    .filter((name) => !name.startsWith("_") && !name.startsWith("."))
    .map((name) => join(sourcesDir, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, "descriptor.json")))
    .sort();

/**
 * Resolve a descriptor path inside the package folder; refuse anything that escapes it, by `..` or
 * absolute paths, or by a symbolic link (an existing file is judged by where it really is).
 */
export const confinedPath = (dir: string, path: string): string | undefined => {
  const full = resolve(dir, path);
  const root = resolve(dir) + sep;
  if (!full.startsWith(root)) return undefined;
  if (!existsSync(full)) return full;
  try {
    return realpathSync(full).startsWith(realpathSync(dir) + sep) ? full : undefined;
  } catch {
    return undefined;
  }
};

/** Read and validate one package's files. Every problem is collected; nothing is thrown for bad input. */
export const readPackage = (dir: string): { pkg: SourcePackage | undefined; errors: InputError[] } => {
  const errors: InputError[] = [];
  const descriptorPath = join(dir, "descriptor.json");
  const descriptorFile = display(descriptorPath);
  const { text: descriptorText, error } = readTextFile(descriptorPath, descriptorFile);
  if (descriptorText === undefined) {
    const notRegular = error!.code === "not-a-regular-file";
    const unread = { ...error!, code: notRegular ? "not-a-regular-file" : "missing-file", expected: notRegular ? "a regular file descriptor.json (not a pipe, device or folder)" : "a descriptor.json in the package folder" } as const;
    return { pkg: undefined, errors: [error!.code === "encoding-error" ? error! : unread] };
  }
  const { value: descriptor, errors: dErrors } = validateJsonDocument(descriptorText, descriptorFile, "descriptor");
  pushAll(errors, dErrors);
  const citations = readRows(join(dir, "citations.csv"), CITATION_COLUMNS, "citation", errors);
  const footnotes = readRows(join(dir, "footnotes.csv"), FOOTNOTE_COLUMNS, "footnote", errors);
  const statementsPath = join(dir, "statements.csv");
  const statements = existsSync(statementsPath) ? readRows(statementsPath, STATEMENT_COLUMNS, "statement", errors) : [];
  // Without a valid descriptor the tables cannot be interpreted; the other files were still checked.
  if (descriptor === undefined) return { pkg: undefined, errors };

  const at = (path: ReadonlyArray<string | number>) => ({ file: descriptorFile, ...locateInJson(descriptorText, path) });
  const folder = resolve(dir).split(sep).pop() ?? "";
  if (descriptor.id !== folder) {
    errors.push({ code: "id-mismatch", ...at(["id"]), expected: `the package id to equal its folder name "${folder}"` });
  }

  const tables: TableSource[] = [];
  const bulkTables: BulkSource[] = [];
  const seenTables = new Set<string>();
  descriptor.tables.forEach((table, index) => {
    if (seenTables.has(table.id)) {
      errors.push({ code: "duplicate-id", ...at(["tables", index, "id"]), expected: "each table id once in the package" });
    }
    seenTables.add(table.id);
    const path = confinedPath(dir, table.file);
    if (path === undefined) {
      errors.push({ code: "path-outside-package", ...at(["tables", index, "file"]), expected: "a path inside the package folder" });
      return;
    }
    if (table.bulk !== undefined) {
      const { spec, errors: sErrors } = bulkSpec(table, index, at);
      pushAll(errors, sErrors);
      const file = display(path);
      if (!existsSync(path) || !statSync(path).isFile()) {
        // a pipe or a device would hang DuckDB's reader: only regular files are read
        errors.push({ code: existsSync(path) ? "not-a-regular-file" : "missing-file", ...at(["tables", index, "file"]), expected: `a ${table.bulk.format === "csv" ? "CSV" : "Parquet"} file at ${file}${existsSync(path) ? " (a regular file, not a pipe, device or folder)" : ""}` });
        return;
      }
      // DuckDB would read a path holding a wildcard as a pattern over several files
      if (/[*?[\]{}]/.test(path)) {
        errors.push({ code: "unsupported-path", ...at(["tables", index, "file"]), expected: "a folder path without *, ?, [, ], { or } (DuckDB reads such a path as a pattern)" });
        return;
      }
      if (spec === undefined) return;
      const { names, errors: hErrors } = spec.format === "csv" ? readCsvHeader(path, file, spec.delimiter, spec.columns.map((c) => c.name)) : { names: [], errors: [] };
      pushAll(errors, hErrors);
      if (hErrors.length === 0) bulkTables.push({ table, index, path, file, spec, header: names });
      return;
    }
    const { csv, errors: cErrors } = readCsv(path, display(path));
    // A file that cannot be read or parsed is reported once; its layout is not interpreted.
    for (const e of cErrors) {
      if (e.code === "missing-file") errors.push({ ...e, ...at(["tables", index, "file"]), expected: `a CSV file at ${display(path)}` });
      else if (e.code === "not-a-regular-file") errors.push({ ...e, ...at(["tables", index, "file"]), expected: `a regular CSV file at ${display(path)} (not a pipe, device or folder)` });
      else errors.push(e);
    }
    if (cErrors.length === 0) tables.push({ table, index, csv });
  });

  const aliasPath = join(dir, "aliases.csv");
  const measuresPath = join(dir, "measures.csv");

  return {
    pkg: {
      id: descriptor.id,
      dir: resolve(dir),
      descriptorFile,
      descriptorText,
      descriptor,
      tables,
      bulkTables,
      citations: citations as Located<CitationRow>[],
      footnotes: footnotes as Located<FootnoteRow>[],
      statements: statements as Located<StatementRow>[],
      statementsFile: display(statementsPath),
      aliasFile: existsSync(aliasPath) ? aliasPath : undefined,
      measuresFile: existsSync(measuresPath) ? measuresPath : undefined,
    },
    errors,
  };
};

const readRows = (
  path: string,
  columns: ReadonlyArray<string>,
  contract: "citation" | "footnote" | "statement",
  errors: InputError[],
): Located<unknown>[] => {
  const file = display(path);
  const { rows, errors: rErrors } = readCsvObjects(path, file, columns);
  pushAll(errors, rErrors);
  const { rows: valid, errors: vErrors } = validateRows(rows, file, contract);
  pushAll(errors, vErrors);
  return valid;
};
