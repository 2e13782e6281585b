import Papa from "papaparse";
import { closeSync, openSync, readSync } from "node:fs";
import type { InputError } from "./errors.ts";
import { decodeUtf8 } from "./readCsv.ts";

/** The header line of a bulk CSV can be long (many columns), never this long. */
const MAX_HEADER_BYTES = 1 << 20;

/**
 * The column names of a bulk CSV: its first line, read without reading the rest of the file. The names
 * must be exactly the descriptor's bulk.columns (in any order). Problems are returned, never thrown.
 */
export const readCsvHeader = (
  path: string,
  file: string,
  delimiter: string,
  expected: ReadonlyArray<string>,
): { names: string[]; errors: InputError[] } => {
  const errors: InputError[] = [];
  let bytes: Uint8Array;
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(MAX_HEADER_BYTES);
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      bytes = buffer.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing-file" : "unreadable-file";
    return { names: [], errors: [{ code, file, line: 0, column: 0, cell: "", expected: "a readable CSV file at this path" }] };
  }
  const end = bytes.indexOf(10);
  const first = end < 0 ? bytes : bytes.subarray(0, end);
  if (end < 0 && bytes.length === MAX_HEADER_BYTES) {
    return { names: [], errors: [{ code: "line-too-long", file, line: 1, column: 1, cell: "", expected: `a header line shorter than ${MAX_HEADER_BYTES} bytes` }] };
  }
  const decoded = decodeUtf8(first, file);
  if ("error" in decoded) return { names: [], errors: [decoded.error] };
  const text = decoded.text.replace(/\r$/, "");
  if (text.trim() === "") {
    return { names: [], errors: [{ code: "empty-file", file, line: 1, column: 1, cell: "", expected: `a header line naming the columns ${expected.join(", ")}` }] };
  }
  const parsed = Papa.parse<string[]>(text, { delimiter, quoteChar: '"', header: false, newline: "\n" });
  const names = (parsed.data[0] ?? []).map((n) => n.trim());
  if (parsed.errors.length > 0) {
    errors.push({ code: "unbalanced-quote", file, line: 1, column: 1, cell: text.slice(0, 120), expected: "a header line of column names (RFC 4180 quoting)" });
    return { names: [], errors };
  }
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) errors.push({ code: "duplicate-label", file, line: 1, column: i + 1, cell: name, expected: "each column named once" });
    else if (!expected.includes(name)) errors.push({ code: "extra-label", file, line: 1, column: i + 1, cell: name, expected: `one of the columns of bulk.columns in the descriptor: ${expected.join(", ")}` });
    seen.add(name);
  });
  for (const name of expected) {
    if (!seen.has(name)) errors.push({ code: "missing-label", file, line: 1, column: names.length + 1, cell: text.slice(0, 120), expected: `a column named ${name}` });
  }
  return { names, errors };
};
