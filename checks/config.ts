// Reading the check configuration: checks.json, waivers.csv, corrections.csv. Pure (no database); every
// problem is an InputError naming file, line and column, collected across all three files.
import { readRegularFile } from "../pipelines/core/readRegularFile.ts";
import { closest, distance } from "fastest-levenshtein";
import type { CorrectionRow, WaiverRow } from "../schemas/checks.ts";
import type { InputError } from "../pipelines/core/errors.ts";
import { readCsvObjects } from "../pipelines/core/readCsv.ts";
import { locateInJson, validateJsonDocument } from "../pipelines/manifest/validateJson.ts";
import { validateRows } from "../pipelines/manifest/validateRows.ts";
import type { CheckDeclaration, CheckKind } from "./types.ts";

export const WAIVER_COLUMNS = ["finding_id", "reason", "author", "date", "expires"] as const;
export const CORRECTION_COLUMNS = ["obs_id", "original", "corrected", "justification", "author", "date"] as const;

/** A CSV row with where it stands and the column of each field. */
export interface Placed<T> {
  readonly file: string;
  readonly line: number;
  readonly row: T;
  readonly columnOf: (name: string) => number;
}

/** A check declaration with the position of its entry in checks.json. */
export interface PlacedCheck {
  readonly check: CheckDeclaration;
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

const isCalendarDate = (text: string): boolean => {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};

const byPosition = (a: InputError, b: InputError): number => a.line - b.line || a.column - b.column;

const readText = (path: string, file: string): { text?: string; error?: InputError } => {
  try {
    return { text: readRegularFile(path).toString("utf8") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing-file" : "unreadable-file";
    return { error: { code, file, line: 0, column: 0, cell: "", expected: "a readable file at this path" } };
  }
};

/** Kind names nearest to an unknown one (edit distance), for "did you mean". */
export const closestKinds = (name: string, known: Iterable<string>, count = 3): string[] => {
  const names = [...known];
  if (names.length === 0) return [];
  const best = closest(name, names);
  return [best, ...names.filter((n) => n !== best).sort((a, b) => distance(name, a) - distance(name, b) || a.localeCompare(b))].slice(0, count);
};

/**
 * Read and validate checks.json: the JSON Schema and Effect schema, unique ids, known kinds, and each
 * kind's own parameter validation.
 */
export const readChecksFile = (
  path: string,
  file: string,
  kinds: ReadonlyMap<string, CheckKind>,
): { checks: PlacedCheck[]; errors: InputError[] } => {
  const { text, error } = readText(path, file);
  if (text === undefined) return { checks: [], errors: [error!] };
  const { value, errors: raw } = validateJsonDocument(text, file, "checks");
  const errors = raw.map((e) => (e.code === "invalid-descriptor" ? { ...e, code: "invalid-checks" } : e));
  if (value === undefined) return { checks: [], errors };
  const checks: PlacedCheck[] = [];
  const seen = new Map<string, number>();
  value.checks.forEach((check, index) => {
    const entry = locateInJson(text, ["checks", index]);
    const where = (key: string) => locateInJson(text, ["checks", index, key]);
    const first = seen.get(check.id);
    if (first !== undefined) {
      errors.push({ code: "duplicate-check-id", file, ...where("id"), expected: `a check id used once (also at checks[${first}])` });
    } else seen.set(check.id, index);
    const kind = kinds.get(check.kind);
    if (kind === undefined) {
      const near = closestKinds(check.kind, kinds.keys());
      errors.push({
        code: "unknown-check-kind",
        file,
        ...where("kind"),
        expected: near.length > 0 ? `a known kind; closest: ${near.join(", ")}` : "a known kind (none is registered)",
      });
    } else {
      for (const problem of kind.validate(check)) {
        errors.push({ code: "invalid-check-params", file, ...(check.params !== undefined ? where("params") : entry), expected: `${check.id}: ${problem}` });
      }
    }
    checks.push({ check, index, line: entry.line, column: entry.column });
  });
  return { checks, errors };
};

/** Read checks/waivers.csv: one waiver per finding id, dates valid. */
export const readWaivers = (path: string, file: string): { waivers: Placed<WaiverRow>[]; errors: InputError[] } => {
  const read = readCsvObjects(path, file, WAIVER_COLUMNS);
  const { rows, errors } = validateRows(read.rows, file, "waiver");
  errors.unshift(...read.errors);
  const waivers: Placed<WaiverRow>[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const row = r.row as WaiverRow;
    const before = errors.length;
    for (const key of ["date", "expires"] as const) {
      if (row[key] !== "" && !isCalendarDate(row[key])) {
        errors.push({ code: "invalid-waiver", file, line: r.line, column: r.columnOf(key), cell: row[key], expected: `${key}: a calendar date, YYYY-MM-DD` });
      }
    }
    const first = seen.get(row.finding_id);
    if (first !== undefined) {
      errors.push({ code: "duplicate-waiver", file, line: r.line, column: r.columnOf("finding_id"), cell: row.finding_id, expected: `one waiver per finding (also on line ${first})` });
    } else seen.set(row.finding_id, r.line);
    if (errors.length === before) waivers.push({ ...r, row });
  }
  return { waivers, errors: errors.sort(byPosition) };
};

/** Read checks/corrections.csv (shape only; whether each matches an observation needs the warehouse). */
export const readCorrections = (path: string, file: string): { corrections: Placed<CorrectionRow>[]; errors: InputError[] } => {
  const read = readCsvObjects(path, file, CORRECTION_COLUMNS);
  const { rows, errors } = validateRows(read.rows, file, "correction");
  errors.unshift(...read.errors);
  const corrections: Placed<CorrectionRow>[] = [];
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
