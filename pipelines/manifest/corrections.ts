// Acknowledged printing errors (corrections.csv): each names an observation, its printed text and the
// corrected value. The build applies them (pipelines/load/corrections.ts); nothing else does.
import { existsSync } from "node:fs";
import { join } from "node:path";
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

/** A package whose folder may hold its own corrections.csv (beside its descriptor). */
export interface CorrectionsPackage {
  readonly id: string;
  readonly dir: string;
}

/**
 * Every correction of a workspace: the shared file (checks/corrections.csv or --corrections), when given,
 * and each package's own sources/<package>/corrections.csv, where it exists. A correction in a package's
 * file may only name that package's figures; an observation corrected in two files is an error at the second.
 */
export const readAllCorrections = (
  sharedFile: string | undefined,
  packages: ReadonlyArray<CorrectionsPackage>,
): { corrections: Located<CorrectionRow>[]; errors: InputError[] } => {
  const shared = sharedFile === undefined ? { corrections: [], errors: [] } : readCorrections(sharedFile, sharedFile);
  const own = readPackageCorrections(shared.corrections, packages);
  return { corrections: own.corrections, errors: [...shared.errors, ...own.errors] };
};

/**
 * The shared corrections (already read) joined by each package's own corrections.csv: the packages'
 * files are read and checked (their own figures only; no observation corrected twice).
 */
export const readPackageCorrections = (
  shared: ReadonlyArray<Located<CorrectionRow>>,
  packages: ReadonlyArray<CorrectionsPackage>,
): { corrections: Located<CorrectionRow>[]; errors: InputError[] } => {
  const corrections: Located<CorrectionRow>[] = [...shared];
  const errors: InputError[] = [];
  for (const p of packages) {
    const file = join(p.dir, "corrections.csv").split("\\").join("/");
    if (!existsSync(file)) continue;
    const read = readCorrections(file, file);
    errors.push(...read.errors);
    for (const c of read.corrections) {
      if (!c.row.obs_id.startsWith(`${p.id}:`)) {
        errors.push({ code: "correction-of-another-package", file, line: c.line, column: c.columnOf("obs_id"), cell: c.row.obs_id, expected: `a figure of package ${p.id} (${p.id}:...); a correction of several publications belongs in checks/corrections.csv` });
      } else corrections.push(c);
    }
  }
  const first = new Map<string, Located<CorrectionRow>>();
  const unique: Located<CorrectionRow>[] = [];
  for (const c of corrections) {
    const seen = first.get(c.row.obs_id);
    if (seen === undefined) {
      first.set(c.row.obs_id, c);
      unique.push(c);
    } else if (seen.file !== c.file) {
      errors.push({ code: "duplicate-correction", file: c.file, line: c.line, column: c.columnOf("obs_id"), cell: c.row.obs_id, expected: `one correction per observation (also ${seen.file}:${seen.line})` });
    }
  }
  return { corrections: unique, errors };
};
