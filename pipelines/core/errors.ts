import type { ErrorCode } from "./errorCodes.ts";

/**
 * Bad input is reported as values, collected across a whole run (as frictionless does), never thrown.
 * Exceptions are kept for misuse and broken infrastructure.
 */
export interface InputError {
  /** kebab-case problem code of the catalog (errorCodes.ts): `unparseable-number`, `ragged-row`, ... */
  readonly code: ErrorCode;
  /** path relative to the project root (or as given) */
  readonly file: string;
  /** 1-based line, 0 when the problem concerns the whole file */
  readonly line: number;
  /** 1-based column, 0 when the problem concerns a whole line or file */
  readonly column: number;
  /** the offending text, exactly as found */
  readonly cell: string;
  /** what was expected instead */
  readonly expected: string;
}

/** A parser's typed failure, before it knows where the text stood. */
export interface ParseFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly expected: string;
}

export type Located = Pick<InputError, "file" | "line" | "column">;

export const at = (where: Located, cell: string, failure: Omit<ParseFailure, "ok">): InputError => ({
  code: failure.code,
  file: where.file,
  line: where.line,
  column: where.column,
  cell,
  expected: failure.expected,
});

/** One line per error: `file:line:column: code: "cell" (expected ...)`. */
export const formatError = (e: InputError): string =>
  `${e.file}:${e.line}:${e.column}: ${e.code}: ${JSON.stringify(e.cell)} (expected ${e.expected})`;

/** Thrown when a build cannot proceed; carries every collected input error. */
export class InputErrors extends Error {
  constructor(readonly errors: ReadonlyArray<InputError>) {
    super(`${errors.length} input error(s):\n` + errors.map(formatError).join("\n"));
    this.name = "InputErrors";
  }
}
