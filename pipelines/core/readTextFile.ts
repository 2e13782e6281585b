import type { InputError } from "./errors.ts";
import { decodeUtf8 } from "./readCsv.ts";
import { NotRegularFileError, readRegularFile } from "./readRegularFile.ts";

/**
 * The text of a regular file (a JSON document: descriptor.json, checks.json), as strict UTF-8 with a
 * leading byte-order mark removed (RFC 8259 lets a parser ignore it; Buffer.toString kept it, and a JSON
 * parser then refused the document). Problems are returned, not thrown: a missing file, a pipe or
 * folder, an unreadable file, bytes that are not UTF-8 (at their line, rather than read as U+FFFD).
 */
export const readTextFile = (path: string, file: string): { text?: string; error?: InputError } => {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const notRegular = e instanceof NotRegularFileError || code === "EISDIR";
    const reason = code === "ENOENT" ? "missing-file" : notRegular ? "not-a-regular-file" : "unreadable-file";
    return { error: { code: reason, file, line: 0, column: 0, cell: "", expected: notRegular ? "a regular file at this path (not a pipe, device or folder)" : "a readable file at this path" } };
  }
  const decoded = decodeUtf8(bytes, file);
  return "error" in decoded ? { error: decoded.error } : { text: decoded.text };
};
