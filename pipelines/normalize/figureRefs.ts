import type { InputError } from "../core/errors.ts";
import type { Reference } from "../manifest/loadReference.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { closest } from "../reference/units.ts";
import type { FigureInput } from "./figureInputs.ts";

/** References into bulk tables (read later, by DuckDB): checked once those are loaded. */
export type BulkRefs = Array<{ obsId: string; error: InputError }>;

/**
 * Statements whose part_of references go round in a circle (a part of b, b part of a): each one on the
 * cycle is an error at its part_of cell, naming the cycle. A self-reference is reported by resolveRef.
 * Linear: every figure is walked once.
 */
export const partOfCycles = (inputs: ReadonlyArray<FigureInput>, pkgId: string): InputError[] => {
  const byId = new Map(inputs.map((i) => [i.obsId, i]));
  const next = (i: FigureInput): FigureInput | undefined => {
    if (i.partOfRef === null || i.partOfRef.startsWith("measure:")) return undefined;
    const full = i.partOfRef.startsWith(`${pkgId}:`) ? i.partOfRef : `${pkgId}:${i.partOfRef}`;
    return full === i.obsId ? undefined : byId.get(full);
  };
  const state = new Map<string, "walking" | "done">();
  const errors: InputError[] = [];
  for (const start of inputs) {
    const path: FigureInput[] = [];
    let at: FigureInput | undefined = start;
    while (at !== undefined && !state.has(at.obsId)) {
      state.set(at.obsId, "walking");
      path.push(at);
      at = next(at);
    }
    if (at !== undefined && state.get(at.obsId) === "walking") {
      const cycle = path.slice(path.indexOf(at));
      const names = [...cycle, at].map((c) => c.obsId.slice(pkgId.length + 1)).join(" → ");
      for (const c of cycle) {
        errors.push({ code: "reference-cycle", file: c.file, line: c.line, column: c.columnOf("part_of"), cell: c.partOfRef ?? "", expected: `part_of references that end at a whole, not a cycle (${names})` });
      }
    }
    for (const p of path) state.set(p.obsId, "done");
  }
  return errors;
};

/**
 * The figures of a package by id (one figure per id: a repeat is an error) and how a figure's numerator,
 * denominator and part_of references resolve: to a figure, a measure, a cell of a bulk table, or an error.
 */
export const figureRefs = (pkg: SourcePackage, ref: Reference, inputs: ReadonlyArray<FigureInput>, errors: InputError[]) => {
  const ids = new Set<string>();
  for (const i of inputs) {
    if (ids.has(i.obsId)) {
      errors.push({ code: "duplicate-figure", file: i.file, line: i.line, column: i.columnOf("value"), cell: i.cellText, expected: `one figure per id; ${i.obsId} is produced twice (a repeated label in a packed cell?)` });
    }
    ids.add(i.obsId);
  }
  const bulkRefs: BulkRefs = [];
  const bulkPrefixes = pkg.bulkTables.map(({ table }) => `${pkg.id}:${table.id}/`);
  const resolveRef = (text: string | null, input: FigureInput, field: string): string | null => {
    if (text === null) return null;
    if (text.startsWith("measure:")) {
      const m = text.slice("measure:".length);
      if (!ref.measures.has(m)) errors.push({ code: "unknown-measure", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: `measure:CODE with a code of measures.csv` });
      return text;
    }
    const full = text.startsWith(`${pkg.id}:`) ? text : `${pkg.id}:${text}`;
    // a statement that is its own numerator, denominator or part compares a figure with itself
    if (full === input.obsId) {
      errors.push({ code: "self-reference", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: `a ${field} other than the statement itself` });
      return null;
    }
    if (!ids.has(full) && bulkPrefixes.some((p) => full.startsWith(p))) {
      bulkRefs.push({
        obsId: full,
        error: { code: "unknown-ref", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: "a cell of the bulk table: TABLEID/ROW LABEL/COLUMN LABEL, the labels being the values of bulk.row_key and bulk.column_key joined by ' / '" },
      });
      return full;
    }
    if (!ids.has(full)) {
      errors.push({
        code: "unknown-ref",
        file: input.file,
        line: input.line,
        column: input.columnOf(field),
        cell: text,
        expected: `a statement id, a table cell TABLEID/ROW/COLUMN or measure:CODE (closest: ${closest(full, [...ids], 3).map((x) => x.slice(pkg.id.length + 1)).join(", ")})`,
      });
      return null;
    }
    return full;
  };
  return { resolveRef, bulkRefs };
};
