import type { Table } from "../../schemas/descriptor.ts";
import type { InputError } from "../core/errors.ts";
import { cycleEdges } from "../core/cycles.ts";
import { compilePackagePattern, type PackagePattern } from "../core/packagePattern.ts";
import type { DescriptorLocator } from "../manifest/validateJson.ts";

/** At most this many labels, or this many characters, are listed in an error's expected text. */
const LIST_MAX = 12;
const LIST_CHARS = 400;

/** The labels an unknown label could have been, for an error message: cut when long, said when none. */
export const expectedLabels = (axis: "rows" | "columns", labels: ReadonlyArray<string>, file: string): string => {
  const what = axis === "rows" ? "row" : "column";
  if (labels.length === 0) {
    return `a ${what} label of ${file}, which has none (${axis === "rows" ? "rows printed without a label take theirs from rows.names" : "a table without a header row names its columns in columns.names"})`;
  }
  const shown: string[] = [];
  let chars = 0;
  for (const l of labels) {
    if (shown.length === LIST_MAX || chars + l.length > LIST_CHARS) break;
    shown.push(JSON.stringify(l));
    chars += l.length + 3;
  }
  const more = labels.length - shown.length;
  return `a ${what} label of ${file}: ${shown.join(" | ")}${more > 0 ? ` (and ${more} more)` : ""}`;
};

/**
 * The labels a table's descriptor names against those its CSV prints: mapped labels, hierarchy totals and
 * parts (and no cycle among them), the rows and columns of cell rules; each cell rule's patterns compiled
 * once (RE2JS: linear-time matching, see core/packagePattern.ts). Returns the compiled patterns.
 */
export const checkTableLabels = (
  table: Table,
  tableIndex: number,
  file: string,
  locate: DescriptorLocator,
  rowLabels: string[],
  colLabels: string[],
  errors: InputError[],
): Map<string, PackagePattern> => {
  // Labels the descriptor maps must exist in the CSV, and every label of a measure/breakdown axis must be mapped.
  // (the offending text is the label itself, located at its string in the descriptor: a key of `labels`)
  // sets, not Array.includes per label: a wide table maps thousands of labels
  const rowSet = new Set(rowLabels);
  const colSet = new Set(colLabels);
  for (const [axisName, axis, labels, known] of [["rows", table.rows, rowLabels, rowSet], ["columns", table.columns, colLabels, colSet]] as const) {
    for (const mapped of Object.keys(axis.labels ?? {})) {
      if (!known.has(mapped)) {
        errors.push({ code: "unknown-label", ...locate(["tables", tableIndex, axisName, "labels", mapped], true), cell: mapped, expected: expectedLabels(axisName, labels, file) });
      }
    }
  }
  // a total among its own parts, or totals that are each other's parts: a sum compared with itself
  for (const { h, k, label } of cycleEdges((table.hierarchy ?? []).flatMap((rule, h) => rule.parts.map((part, k) => ({ from: `${rule.axis}\u0000${rule.total}`, to: `${rule.axis}\u0000${part}`, item: { h, k, label: part } }))))) {
    errors.push({ code: "hierarchy-cycle", ...locate(["tables", tableIndex, "hierarchy", h, "parts", k]), cell: label, expected: "parts that are not the total itself nor a total whose parts lead back to it" });
  }
  (table.hierarchy ?? []).forEach((rule, h) => {
    const labels = rule.axis === "rows" ? rowLabels : colLabels;
    const known = rule.axis === "rows" ? rowSet : colSet;
    [rule.total, ...rule.parts].forEach((label, k) => {
      if (!known.has(label)) {
        errors.push({
          code: "unknown-label",
          ...locate(["tables", tableIndex, "hierarchy", h, k === 0 ? "total" : "parts", ...(k === 0 ? [] : [k - 1])]),
          cell: label,
          expected: expectedLabels(rule.axis, labels, file),
        });
      }
    });
  });
  const patterns = new Map<string, PackagePattern>();
  (table.cells ?? []).forEach((rule, k) => {
    if (rule.row !== undefined && !rowSet.has(rule.row)) {
      errors.push({ code: "unknown-label", ...locate(["tables", tableIndex, "cells", k, "row"]), cell: rule.row, expected: expectedLabels("rows", rowLabels, file) });
    }
    if (rule.column !== undefined && !colSet.has(rule.column)) {
      errors.push({ code: "unknown-label", ...locate(["tables", tableIndex, "cells", k, "column"]), cell: rule.column, expected: expectedLabels("columns", colLabels, file) });
    }
    for (const pattern of [...(rule.parts ?? []).map((p) => p.pattern), ...(rule.pairs ? [rule.pairs.pattern] : [])]) {
      const compiled = compilePackagePattern(pattern);
      if (compiled.ok) patterns.set(pattern, compiled.re);
      else {
        errors.push({ code: "invalid-pattern", ...locate(["tables", tableIndex, "cells", k]), expected: `a regular expression in RE2 syntax, which package patterns use (linear-time matching: no look-around or back-references) (${compiled.message})` });
      }
    }
  });
  return patterns;
};
