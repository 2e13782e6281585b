// The interface every export format implements (one file per format, listed once in formats.ts), and the
// writing of a file per resource that most of them share. exportWarehouse opens the warehouse, checks the
// observations against their published contract (validateObservations.ts, the same for every format), asks
// the format to prepare (read and check its own rows: nothing is written yet), then lets it fill the
// staging folder and writes datapackage.json from what it wrote.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import * as Schema from "effect/Schema";
import { quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import type { FileFormat, WrittenResource } from "./datapackage.ts";
import type { Catalog, Resource } from "./resources.ts";

/** What a format is given: the open, locked warehouse and what the export is limited to. */
export interface ExportContext {
  readonly wh: Warehouse;
  readonly catalog: Catalog;
  /** only these packages' rows (--package); undefined for every package */
  readonly packages?: ReadonlyArray<string>;
  /** CSV text cells a spreadsheet would run as a formula get a ' in front (false: --no-formula-guard) */
  readonly formulaGuard: boolean;
}

/** A file the export wrote, as datapackage.json lists it, with the number of rows in it. */
export interface WrittenFile extends WrittenResource {
  readonly rows: number;
}

/** An export whose rows are read and checked, ready to be written. */
export interface PreparedExport {
  /** Write every file into `dir` (the staging folder), in the order datapackage.json lists them. */
  write(dir: string): Promise<WrittenFile[]>;
  /** a sentence added to datapackage.json's description (what the files hold beyond the warehouse's values) */
  readonly note?: string;
}

/** An export format: its name on the command line, its files and how it writes them. */
export interface ExportFormat<N extends string = string> {
  /** the --format value; the default folder is exports/<name> */
  readonly name: N;
  /** the extension of its data files (without the dot) */
  readonly extension: string;
  /** the `name` of its datapackage.json */
  readonly packageName: string;
  /** what it writes, in a few words (the --format help) */
  readonly summary: string;
  /**
   * Read everything the export will write and check what only this format knows, before anything is
   * written; throws ExportValidationError for rows that break their contract (and then nothing is
   * written). The observations have been validated already.
   */
  prepare(ctx: ExportContext): Promise<PreparedExport>;
}

/** A column of a query's result, as DESCRIBE gives it. */
export interface ColumnType {
  readonly name: string;
  readonly type: string;
}

const DescribedColumn = Schema.Struct({ column_name: Schema.String, column_type: Schema.String });

/** The columns and DuckDB types of a SELECT. */
export const describeColumns = async (wh: Warehouse, select: string): Promise<ColumnType[]> =>
  (await wh.rows(DescribedColumn, `DESCRIBE ${select}`)).map((c) => ({ name: c.column_name, type: c.column_type }));

/** Write a SELECT into a file with DuckDB's COPY; the number of rows written. */
export const copyTo = async (wh: Warehouse, select: string, file: string, options: string): Promise<number> => {
  const reader = await wh.connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (${options})`);
  return Number((reader.getRowsJson() as unknown[][])[0]?.[0] ?? 0);
};

/** Size and SHA-256 of a written file (datapackage.json's `bytes` and `hash`), read a megabyte at a time (an export of millions of rows is gigabytes). */
export const fileDigest = (file: string): { bytes: number; sha256: string } => {
  const hash = createHash("sha256");
  const buffer = Buffer.alloc(2 ** 20);
  const fd = openSync(file, "r");
  let bytes = 0;
  try {
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest("hex") };
};

/**
 * Write a file per resource, `<name>.<extension>` in `dir`: `writeOne` writes one (given its path and the
 * columns of its SELECT) and returns its row count.
 */
export const writeEachResource = async (
  ctx: ExportContext,
  resources: ReadonlyArray<Resource>,
  dir: string,
  file: { readonly extension: string; readonly format: FileFormat; readonly mediatype: string },
  writeOne: (resource: Resource, path: string, columns: ReadonlyArray<ColumnType>) => Promise<number>,
): Promise<WrittenFile[]> => {
  const written: WrittenFile[] = [];
  for (const resource of resources) {
    const path = `${resource.name}.${file.extension}`;
    const columns = await describeColumns(ctx.wh, resource.select);
    const rows = await writeOne(resource, join(dir, path), columns);
    written.push({ resource, path, format: file.format, mediatype: file.mediatype, columns, rows, ...fileDigest(join(dir, path)) });
  }
  return written;
};
