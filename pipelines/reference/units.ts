/**
 * Units as printed -> base unit and multiplier, read from `sources/_reference/units.csv`
 * (columns `unit,base_unit,multiplier`). A printed unit is matched case-insensitively with its
 * whitespace collapsed; nothing else is guessed ("US $" and "US$" are two rows of the vocabulary).
 *
 * Also home of `readReferenceCsv`, the small reader the other vocabularies (qualifiers, number
 * words) share: every problem of a file is returned as an `InputError`, never thrown.
 */
import { readRegularFile } from "../core/readRegularFile.ts";
import { fileURLToPath } from "node:url";
import { distance } from "fastest-levenshtein";
import Papa from "papaparse";
import type { InputError, ParseFailure } from "../core/errors.ts";

// ---------------------------------------------------------------------------------------------
// Reference CSV reader
// ---------------------------------------------------------------------------------------------

/** One data row of a reference CSV: its 1-based line and its fields by column name. */
export interface ReferenceRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

/** Path of a file under `sources/_reference/`, resolved from this module (independent of cwd). */
export const referencePath = (name: string): string =>
  fileURLToPath(new URL(`../../sources/_reference/${name}`, import.meta.url));

/**
 * Read a CSV whose header must be exactly `columns` (in that order). Blank lines are skipped.
 * Problems (missing file, wrong header, ragged rows, CSV syntax) come back as errors with
 * file, line and column; rows that have problems are left out of `rows`.
 */
export function readReferenceCsv(
  file: string,
  columns: readonly string[],
): { rows: ReferenceRow[]; errors: InputError[] } {
  const errors: InputError[] = [];
  let text: string;
  try {
    text = readRegularFile(file).toString("utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    return {
      rows: [],
      errors: [{ code: "unreadable-file", file, line: 0, column: 0, cell: reason, expected: "a readable UTF-8 CSV file" }],
    };
  }
  text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };

  const raw: { line: number; data: string[] }[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter: ",",
    newline: "\n",
    quoteChar: '"',
    step: (result) => {
      const line = lineAt(start);
      start = result.meta.cursor;
      for (const err of result.errors) {
        errors.push({
          code: "csv-syntax",
          file,
          line,
          column: 0,
          cell: result.data.join(","),
          expected: `well-formed CSV (${err.message})`,
        });
      }
      if (result.errors.length === 0) raw.push({ line, data: result.data });
    },
  });

  const nonBlank = raw.filter((r) => !(r.data.length === 1 && r.data[0]!.trim() === ""));
  const header = nonBlank[0];
  if (header === undefined) {
    errors.push({ code: "missing-header", file, line: 1, column: 0, cell: "", expected: `the header ${columns.join(",")}` });
    return { rows: [], errors };
  }
  if (header.data.length !== columns.length || header.data.some((c, i) => c.trim() !== columns[i])) {
    errors.push({
      code: "wrong-header",
      file,
      line: header.line,
      column: 0,
      cell: header.data.join(","),
      expected: `the header ${columns.join(",")}`,
    });
    return { rows: [], errors };
  }
  const rows: ReferenceRow[] = [];
  for (const r of nonBlank.slice(1)) {
    if (r.data.length !== columns.length) {
      errors.push({
        code: "ragged-row",
        file,
        line: r.line,
        column: 0,
        cell: r.data.join(","),
        expected: `${columns.length} fields (${columns.join(",")}), found ${r.data.length}`,
      });
      continue;
    }
    const fields: Record<string, string> = Object.create(null);
    columns.forEach((c, i) => (fields[c] = r.data[i]!));
    rows.push({ line: r.line, fields });
  }
  return { rows, errors };
}

/** Lower-case, trim and collapse whitespace (any Unicode space) to one ASCII space. */
export const normalizeKey = (text: string): string => text.replace(/\s+/gu, " ").trim().toLowerCase();

/** Parse a multiplier / numeric field of a reference CSV: a decimal, `1e6`, `1/3` or `inf`. */
export function parseReferenceNumber(text: string): number | null {
  const t = text.trim();
  if (/^inf(inity)?$/i.test(t)) return Infinity;
  const frac = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) {
    const d = Number(frac[2]);
    return d === 0 ? null : Number(frac[1]) / d;
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The `n` keys closest to `text` by edit distance (ties in vocabulary order). */
export function closest(text: string, keys: readonly string[], n = 5): string[] {
  const k = normalizeKey(text.slice(0, 200)); // suggestions only: a long text is cut, not compared whole
  return keys
    .map((key, i) => ({ key, i, d: distance(k, key.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.key);
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

export interface UnitInfo {
  /** the unit as written in units.csv */
  readonly unit: string;
  readonly baseUnit: string;
  /** one printed unit = `multiplier` base units */
  readonly multiplier: number;
}

export const UNIT_COLUMNS = ["unit", "base_unit", "multiplier"] as const;

export class UnitRegistry {
  private constructor(private readonly byKey: ReadonlyMap<string, UnitInfo>) {}

  /** The units of `file` (default: sources/_reference/units.csv), with every problem found. */
  static load(file: string = referencePath("units.csv")): { registry: UnitRegistry; errors: InputError[] } {
    const { rows, errors } = readReferenceCsv(file, UNIT_COLUMNS);
    const byKey = new Map<string, UnitInfo>();
    for (const { line, fields } of rows) {
      const unit = fields["unit"]!.trim();
      const baseUnit = fields["base_unit"]!.trim();
      const multiplier = parseReferenceNumber(fields["multiplier"]!);
      let ok = true;
      if (unit === "") {
        errors.push({ code: "empty-unit", file, line, column: 1, cell: fields["unit"]!, expected: "a unit as printed" });
        ok = false;
      }
      if (baseUnit === "") {
        errors.push({ code: "empty-base-unit", file, line, column: 2, cell: fields["base_unit"]!, expected: "a base unit such as persons, ratio or USD" });
        ok = false;
      }
      if (multiplier === null || !Number.isFinite(multiplier) || multiplier <= 0) {
        errors.push({
          code: "invalid-multiplier",
          file,
          line,
          column: 3,
          cell: fields["multiplier"]!,
          expected: "a positive finite number such as 1, 1000, 1e6 or 0.01",
        });
        ok = false;
      }
      const key = normalizeKey(unit);
      if (ok && byKey.has(key)) {
        errors.push({ code: "duplicate-unit", file, line, column: 1, cell: unit, expected: `a unit not already listed (${JSON.stringify(byKey.get(key)!.unit)})` });
        ok = false;
      }
      if (ok) byKey.set(key, { unit, baseUnit, multiplier: multiplier! });
    }
    return { registry: new UnitRegistry(byKey), errors };
  }

  /** A registry from rows in memory (for tests and callers that build vocabularies). */
  static of(units: readonly UnitInfo[]): UnitRegistry {
    return new UnitRegistry(new Map(units.map((u) => [normalizeKey(u.unit), u])));
  }

  get size(): number {
    return this.byKey.size;
  }

  units(): UnitInfo[] {
    return [...this.byKey.values()];
  }

  /** The unit printed as `printed` (case-insensitive, whitespace collapsed), or `unknown-unit`. */
  resolve(printed: string): UnitInfo | ParseFailure {
    const hit = this.byKey.get(normalizeKey(printed));
    if (hit !== undefined) return hit;
    const near = closest(printed, [...this.byKey.values()].map((u) => u.unit));
    return {
      ok: false,
      code: "unknown-unit",
      expected:
        near.length === 0
          ? "a unit listed in sources/_reference/units.csv"
          : `a unit listed in sources/_reference/units.csv; closest: ${near.map((u) => JSON.stringify(u)).join(", ")}`,
    };
  }
}

/** True when a `resolve` answer is a failure. */
export const isUnitFailure = (x: UnitInfo | ParseFailure): x is ParseFailure => "ok" in x && x.ok === false;
