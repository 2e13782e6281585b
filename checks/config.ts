// Reading the check configuration: checks.json and waivers.csv (corrections are read by the build:
// pipelines/manifest/corrections.ts). Pure (no database); every problem is an InputError naming file,
// line and column.
import { readRegularFile } from "../pipelines/core/readRegularFile.ts";
import { closest, distance } from "fastest-levenshtein";
import type { WaiverRow } from "../schemas/checks.ts";
import { cutText, type InputError } from "../pipelines/core/errors.ts";
import { readCsvObjects } from "../pipelines/core/readCsv.ts";
import { locateInJson, validateJsonDocument } from "../pipelines/manifest/validateJson.ts";
import { isCalendarDate } from "../pipelines/manifest/corrections.ts";
import { validateRows, type Located } from "../pipelines/manifest/validateRows.ts";
import { paramPath, paramProblemText, paramProblems } from "./kinds/params.ts";
import type { CheckDeclaration, CheckKind } from "./types.ts";

export const WAIVER_COLUMNS = ["finding_id", "reason", "author", "date", "expires"] as const;

/** A check declaration with the position of its entry in checks.json. */
export interface PlacedCheck {
  readonly check: CheckDeclaration;
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

const byPosition = (a: InputError, b: InputError): number => a.line - b.line || a.column - b.column;

const readText = (path: string, file: string): { text?: string; error?: InputError } => {
  try {
    // a byte-order mark is not JSON, but RFC 8259 lets a parser ignore it (editors on Windows write one);
    // dropped, it is not a column either
    const text = readRegularFile(path).toString("utf8");
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
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
  const errors = raw.map((e) => (e.code === "invalid-descriptor" ? { ...e, code: "invalid-checks" as const } : e));
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
    } else if (kind.params !== undefined) {
      // a kind with a params schema (every defineKind kind; its validate is this decoding as text): each
      // problem at the param itself, the value as the file prints it
      const placed = paramProblems(kind.params, check).map((p): InputError => {
        const at = locateInJson(text, ["checks", index, "params", ...p.path], p.atName);
        // JSON.parse makes a literal beyond a double Infinity: say so, with the literal
        const expected = typeof p.value === "number" && !Number.isFinite(p.value)
          ? `param ${paramPath(p.path)}: ${cutText(at.cell)} is out of range (a number within ±${Number.MAX_VALUE})`
          : paramProblemText(p, typeof p.value === "number" ? at.cell : undefined);
        return { code: "invalid-check-params", file, ...at, expected: `${check.id}: ${expected}` };
      });
      // (such a literal breaks every rule on its value at once: reported once)
      const seenProblems = new Set<string>();
      for (const e of placed.sort(byPosition)) {
        const key = `${e.line}:${e.column}:${e.expected}`;
        if (!seenProblems.has(key)) errors.push(e);
        seenProblems.add(key);
      }
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
export const readWaivers = (path: string, file: string): { waivers: Located<WaiverRow>[]; errors: InputError[] } => {
  const read = readCsvObjects(path, file, WAIVER_COLUMNS);
  const { rows, errors } = validateRows(read.rows, file, "waiver");
  errors.unshift(...read.errors);
  const waivers: Located<WaiverRow>[] = [];
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
