import path from "node:path";
import type { InputError } from "../core/errors.ts";
import { readCsv as readCsvFile } from "../core/readCsv.ts";

// The reference CSVs of the resolver, read with line and column numbers

/** A path as shown in errors: relative to the working directory when inside it, else as given. */
export const displayPath = (file: string): string => {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join("/");
};

export interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly file: string;
  readonly fields: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<CsvRow>;
  /** 1-based column of a header field (0 if absent) */
  column(field: string): number;
}

/** Read a CSV with a header row; every problem is pushed to `errors`, nothing thrown. */
export const readCsv = (
  file: string,
  required: ReadonlyArray<string>,
  errors: InputError[],
): CsvTable | undefined => {
  const shown = displayPath(file);
  const expectedHeader = `a CSV file with the header ${required.join(",")}`;
  // the workspace's CSV reader: strict UTF-8, a BOM dropped, each record with the line it starts on, and
  // only a regular file read (a pipe would hang the build)
  const { csv, errors: readErrors } = readCsvFile(file, shown);
  if (readErrors.length > 0) {
    for (const e of readErrors) {
      errors.push(e.code === "missing-file" || e.code === "unreadable-file" ? { ...e, code: "missing-file", expected: `${expectedHeader} (the file could not be read)` } : e);
    }
    return undefined;
  }
  const [header, ...records] = csv.records;
  const headerCells = header?.cells ?? [];
  const missing = required.filter((f) => !headerCells.includes(f));
  if (missing.length > 0) {
    errors.push({ code: "missing-column", file: shown, line: header?.line ?? 1, column: 0, cell: headerCells.join(","), expected: `${expectedHeader} (missing: ${missing.join(", ")})` });
    return undefined;
  }
  const rows: CsvRow[] = [];
  for (const r of records) {
    if (r.cells.length !== headerCells.length) {
      errors.push({ code: "ragged-row", file: shown, line: r.line, column: 0, cell: r.cells.join(","), expected: `${headerCells.length} fields (${headerCells.join(",")})` });
      continue;
    }
    const cells: Record<string, string> = {};
    headerCells.forEach((f, i) => (cells[f] = r.cells[i] ?? ""));
    rows.push({ line: r.line, cells });
  }
  return { file: shown, fields: headerCells, rows, column: (field) => headerCells.indexOf(field) + 1 };
};
