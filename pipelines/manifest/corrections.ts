// Acknowledged printing errors (corrections.csv): each names an observation, its printed text and the
// corrected value. The build applies them (pipelines/load/corrections.ts); nothing else does.
import { existsSync } from "node:fs";
import type { CorrectionRow } from "../../schemas/checks.ts";
import type { InputError } from "../core/errors.ts";
import { readCsvObjects } from "../core/readCsv.ts";
import { validateRows, type Located } from "./validateRows.ts";

export const CORRECTION_COLUMNS = ["obs_id", "original", "corrected", "justification", "author", "date"] as const;

/** Where the commands read corrections unless told otherwise (--corrections). */
export const DEFAULT_CORRECTIONS = "checks/corrections.csv";

/**
 * The corrections file a command uses: the one given (which must then exist), else the default when it
 * exists, else none (a workspace without corrections).
 */
export const correctionsFileOf = (given: string | undefined): string | undefined =>
  given ?? (existsSync(DEFAULT_CORRECTIONS) ? DEFAULT_CORRECTIONS : undefined);

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export const isCalendarDate = (text: string): boolean => {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};

const byPosition = (a: InputError, b: InputError): number => a.line - b.line || a.column - b.column;

/**
 * Read a corrections file (shape only; whether each matches an observation is checked when the build has
 * loaded them). The one reader of corrections: the build calls it, the check compares what it reads with
 * what the build stored.
 */
export const readCorrections = (path: string, file: string): { corrections: Located<CorrectionRow>[]; errors: InputError[] } => {
  const read = readCsvObjects(path, file, CORRECTION_COLUMNS);
  const { rows, errors } = validateRows(read.rows, file, "correction");
  errors.unshift(...read.errors);
  const corrections: Located<CorrectionRow>[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const row = r.row as CorrectionRow;
    const before = errors.length;
    if (!isCalendarDate(row.date)) {
      errors.push({ code: "invalid-correction", file, line: r.line, column: r.columnOf("date"), cell: row.date, expected: "date: a calendar date, YYYY-MM-DD" });
    }
    if (!Number.isFinite(Number(row.corrected))) {
      errors.push({ code: "invalid-correction", file, line: r.line, column: r.columnOf("corrected"), cell: row.corrected, expected: "corrected: a finite number" });
    }
    const first = seen.get(row.obs_id);
    if (first !== undefined) {
      errors.push({ code: "duplicate-correction", file, line: r.line, column: r.columnOf("obs_id"), cell: row.obs_id, expected: `one correction per observation (also on line ${first})` });
    } else seen.set(row.obs_id, r.line);
    if (errors.length === before) corrections.push({ ...r, row });
  }
  return { corrections, errors: errors.sort(byPosition) };
};
