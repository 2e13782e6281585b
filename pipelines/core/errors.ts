import type { ErrorCode } from "./errorCodes.ts";
import { showInvisible } from "./terminalText.ts";

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

/** Offending text longer than this is cut in errors: its start is kept, and its length said. */
export const MAX_CELL_SHOWN = 200;

/** `text`, or its first MAX_CELL_SHOWN characters and how long it was (a 5 MB cell is not echoed whole). */
export const cutText = (text: string, max = MAX_CELL_SHOWN): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

/**
 * One line per error: `file:line:column: code: "cell" (expected ...)`, every invisible character written
 * as its escape (a byte-order mark or a zero-width space is why a figure that looks right was refused).
 */
export const formatError = (e: InputError): string =>
  showInvisible(`${e.file}:${e.line}:${e.column}: ${e.code}: ${JSON.stringify(cutText(e.cell))} (expected ${e.expected})`);

/** Errors kept per file; the rest are counted in one `more-errors` entry (a 4,000-column table printed 76,002 lines). */
export const MAX_ERRORS_PER_FILE = 100;

/** At most `max` errors per file, in their order, each file's surplus told by one `more-errors` error after them. Linear. */
export const capErrorsPerFile = (errors: ReadonlyArray<InputError>, max = MAX_ERRORS_PER_FILE): InputError[] => {
  const count = new Map<string, number>();
  const kept: InputError[] = [];
  for (const e of errors) {
    const n = (count.get(e.file) ?? 0) + 1;
    count.set(e.file, n);
    if (n <= max) kept.push(e.cell.length > MAX_CELL_SHOWN ? { ...e, cell: cutText(e.cell) } : e);
  }
  for (const [file, n] of count) {
    if (n > max) kept.push({ code: "more-errors", file, line: 0, column: 0, cell: "", expected: `and ${n - max} more error(s) in this file (the first ${max} are shown): fix these and run again` });
  }
  return kept;
};

/** Thrown when a build cannot proceed; carries the collected input errors (at most MAX_ERRORS_PER_FILE per file, long text cut). */
export class InputErrors extends Error {
  readonly errors: ReadonlyArray<InputError>;
  /** how many errors were found, those left out by the cap included */
  readonly total: number;
  constructor(errors: ReadonlyArray<InputError>) {
    const capped = capErrorsPerFile(errors);
    super(`${errors.length} input error(s):\n` + capped.map(formatError).join("\n"));
    this.errors = capped;
    this.total = errors.length;
    this.name = "InputErrors";
  }
}

/** Append every item (a loop: `push(...items)` overflows the call stack for a file with ~100k errors). */
export const pushAll = <T>(to: T[], items: Iterable<T>): void => {
  for (const x of items) to.push(x);
};
