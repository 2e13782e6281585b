import Papa from "papaparse";
import { readRegularFile } from "./readRegularFile.ts";
import type { InputError } from "./errors.ts";

/** A CSV record with where it starts in its file. */
export interface CsvRecord {
  readonly line: number; // 1-based line where the record starts
  readonly cells: ReadonlyArray<string>;
}

export interface CsvFile {
  readonly file: string;
  readonly records: ReadonlyArray<CsvRecord>;
}

/** Where each line of a text starts (a newline at i starts a line at i + 1). */
export const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
};

/** 1-based line of a character offset: the last line starting at or before it. */
export const lineOf = (starts: ReadonlyArray<number>, offset: number): number => {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
};

/**
 * `text` without the byte-order marks before and after it: a mark pasted into a cell or a JSON string (a
 * label copied from a file that began with one) is invisible, and would be stored with the text.
 */
export const trimBom = (text: string): string => (text.charCodeAt(0) === 0xfeff || text.charCodeAt(text.length - 1) === 0xfeff ? text.replace(/^\uFEFF+|\uFEFF+$/gu, "") : text);

/** Decode bytes as strict UTF-8; on failure report the line and the bytes around the bad one. */
export const decodeUtf8 = (bytes: Uint8Array, file: string): { text: string } | { error: InputError } => {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    // Find the first invalid sequence by decoding growing prefixes line by line.
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) {
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(lineStart, i));
        } catch {
          break;
        }
        line++;
        lineStart = i + 1;
      }
    }
    const end = bytes.indexOf(10, lineStart);
    const raw = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, end < 0 ? bytes.length : end));
    const column = Math.max(1, raw.indexOf("\uFFFD") + 1);
    return {
      error: { code: "encoding-error", file, line, column, cell: raw.trim(), expected: "UTF-8 text (re-save the file as UTF-8)" },
    };
  }
};

/** 1-based field number of a character offset inside a record starting at `rowStart`. */
const fieldOf = (text: string, rowStart: number, offset: number): number => {
  let field = 1;
  let quoted = false;
  for (let i = rowStart; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) field++;
  }
  return field;
};

/**
 * Parse CSV text with papaparse, keeping each record's line. Problems are returned, not thrown.
 * CRLF and lone CR are read as line ends; a blank line is not a record.
 */
export const parseCsvText = (input: string, file: string): { csv: CsvFile; errors: InputError[] } => {
  const text = input.replace(/\r\n?/g, "\n");
  const errors: InputError[] = [];
  const starts = lineStarts(text);
  const records: CsvRecord[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    header: false,
    delimiter: ",",
    newline: "\n",
    quoteChar: '"',
    skipEmptyLines: false,
    step: (row) => {
      const cells = row.data as unknown as string[];
      const start = rowStart;
      rowStart = row.meta.cursor;
      const line = lineOf(starts, start);
      // papaparse's error index is an absolute offset; one error per record is enough to fix it.
      const e = row.errors[0];
      if (e !== undefined) {
        const offset = Math.min(Math.max(e.index ?? start, start), text.length);
        errors.push({
          code: e.type === "Quotes" ? "unbalanced-quote" : "csv-syntax",
          file,
          line,
          column: fieldOf(text, start, offset),
          cell: (text.slice(start).split("\n")[0] ?? "").slice(0, 120),
          expected:
            "a well-formed CSV record (RFC 4180: quote a field holding commas, quotes or line breaks; double a quote inside a quoted field)",
        });
      }
      if (cells.length === 1 && cells[0] === "") return;
      records.push({ line, cells });
    },
  });
  return { csv: { file, records }, errors };
};

/** Read a CSV file: bytes -> strict UTF-8 -> records. A missing file is an input error, not an exception. */
export const readCsv = (path: string, file: string = path): { csv: CsvFile; errors: InputError[] } => {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "missing-file" : code === "ENOTREG" || code === "EISDIR" ? "not-a-regular-file" : "unreadable-file";
    return {
      csv: { file, records: [] },
      errors: [{ code: reason, file, line: 0, column: 0, cell: "", expected: reason === "not-a-regular-file" ? "a regular CSV file at this path (not a pipe, device or folder)" : "a readable CSV file at this path" }],
    };
  }
  const decoded = decodeUtf8(bytes, file);
  if ("error" in decoded) return { csv: { file, records: [] }, errors: [decoded.error] };
  return parseCsvText(decoded.text, file);
};

/**
 * Records of a CSV with a header row, as objects keyed by the expected columns. The header must hold
 * exactly `columns`, in any order, and may add any of `optional` (read when present, "" when absent);
 * each record must have as many cells as the header.
 */
export const readCsvObjects = (
  path: string,
  file: string,
  columns: ReadonlyArray<string>,
  optional: ReadonlyArray<string> = [],
): { rows: Array<{ line: number; values: Record<string, string>; columnOf: (name: string) => number }>; errors: InputError[] } => {
  const { csv, errors } = readCsv(path, file);
  const rows: Array<{ line: number; values: Record<string, string>; columnOf: (name: string) => number }> = [];
  if (errors.length > 0) return { rows, errors };
  const [header, ...body] = csv.records;
  if (header === undefined) {
    errors.push({ code: "empty-file", file, line: 1, column: 1, cell: "", expected: `a header row: ${columns.join(",")}` });
    return { rows, errors };
  }
  const index = new Map<string, number>();
  header.cells.forEach((name, i) => {
    const trimmed = name.trim();
    if (index.has(trimmed)) {
      errors.push({ code: "duplicate-label", file, line: header.line, column: i + 1, cell: name, expected: "each column named once" });
    } else if (!columns.includes(trimmed) && !optional.includes(trimmed)) {
      errors.push({ code: "extra-label", file, line: header.line, column: i + 1, cell: name, expected: `one of the columns ${[...columns, ...optional].join(", ")}` });
    }
    index.set(trimmed, i);
  });
  for (const c of columns) {
    if (!index.has(c)) {
      errors.push({ code: "missing-label", file, line: header.line, column: header.cells.length + 1, cell: header.cells.join(","), expected: `a column named ${c}` });
    }
  }
  if (errors.length > 0) return { rows, errors };
  const columnOf = (name: string) => (index.get(name) ?? -1) + 1;
  for (const record of body) {
    if (record.cells.length !== header.cells.length) {
      errors.push({
        code: record.cells.length < header.cells.length ? "missing-cell" : "extra-cell",
        file,
        line: record.line,
        column: Math.min(record.cells.length, header.cells.length) + 1,
        cell: record.cells.join(","),
        expected: `${header.cells.length} cells as in the header (${record.cells.length} found)`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    // (the marks around a cell dropped here, once for every package and reference file read by rows)
    for (const c of columns) values[c] = trimBom(record.cells[index.get(c)!]!);
    for (const c of optional) if (index.has(c)) values[c] = trimBom(record.cells[index.get(c)!]!);
    rows.push({ line: record.line, values, columnOf });
  }
  return { rows, errors };
};
