import type { Axis, Coordinates, Table } from "../../schemas/descriptor.ts";
import type { InputError } from "../core/errors.ts";
import type { CsvFile } from "../core/readCsv.ts";
import type { DescriptorLocator } from "../manifest/validateJson.ts";
import { cycleEdges } from "../core/cycles.ts";
import { allMatches, compilePackagePattern, firstMatch, type PackagePattern } from "../core/packagePattern.ts";

/** One printed figure before its meaning is parsed: where it stands and the coordinates it inherits. */
export interface RawFigure {
  readonly obsId: string;
  readonly tableId: string;
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly part: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly cellText: string;
  readonly valueText: string;
  readonly coordinates: Coordinates;
  /** obs id of the figure this share is a share of (packed cells) */
  readonly shareOf: string | null;
  /** where each coordinate was read: a row label (column 1), a column label (header), else the cell */
  readonly origins: Readonly<Partial<Record<keyof Coordinates, { file?: string; line: number; column: number }>>>;
}

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

const merge = (...layers: ReadonlyArray<Coordinates | undefined>): Coordinates => {
  const out: Record<string, string> = {};
  for (const layer of layers) if (layer) for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  return out as Coordinates;
};

const axisCoordinates = (axis: Axis, label: string): Coordinates | "unmapped" => {
  const mapped = axis.labels?.[label];
  switch (axis.dimension) {
    case "counterpart":
      return merge({ counterpart: label }, mapped);
    case "period":
      return merge({ period: label }, mapped);
    case "measure":
    case "breakdown":
      return mapped === undefined ? "unmapped" : mapped;
    case "none":
      return mapped ?? {};
  }
};

/**
 * Read a printed table as figures: column labels from the header rows (lowest non-blank cell of each
 * column), row labels from the first column, each other cell one figure, packed cells split by the
 * descriptor's rules. Structural problems (ragged rows, unmapped labels, unknown hierarchy labels,
 * text a packed-cell rule leaves over) are collected as errors.
 */
export const tableFigures = (
  pkgId: string,
  table: Table,
  csv: CsvFile,
  locate: DescriptorLocator,
  tableIndex: number,
): { figures: RawFigure[]; rowLabels: string[]; colLabels: string[]; errors: InputError[] } => {
  const errors: InputError[] = [];
  const figures: RawFigure[] = [];
  const file = csv.file;
  const header = csv.records.slice(0, table.header_rows);
  const body = csv.records.slice(table.header_rows);
  // The first record (the header, or the first printed row) fixes the width every record must have.
  const width = csv.records[0]?.cells.length ?? 0;

  if (csv.records.length === 0) {
    errors.push({ code: "empty-file", file, line: 1, column: 1, cell: "", expected: "the table as printed, one CSV record per printed row" });
    return { figures, rowLabels: [], colLabels: [], errors };
  }
  for (const r of csv.records) {
    if (r.cells.length !== width) {
      errors.push({
        code: "ragged-row",
        file,
        line: r.line,
        column: r.cells.length + 1,
        cell: r.cells.join(","),
        expected: `${width} cells as in the first record (this one has ${r.cells.length})`,
      });
    }
  }
  if (errors.length > 0) return { figures, rowLabels: [], colLabels: [], errors };

  let colLabels: string[];
  if (table.header_rows === 0) {
    colLabels = [...(table.columns.names ?? [])];
    if (colLabels.length !== width - 1) {
      errors.push({
        code: "missing-column-names",
        ...locate(["tables", tableIndex, "columns"]),
        expected: `columns.names with ${width - 1} label(s): the table has no header row`,
      });
      return { figures, rowLabels: [], colLabels: [], errors };
    }
  } else {
    colLabels = [];
    for (let c = 1; c < width; c++) {
      let label = "";
      for (const h of header) if ((h.cells[c] ?? "").trim() !== "") label = h.cells[c]!.trim();
      if (label === "") {
        errors.push({ code: "blank-label", file, line: header[0]!.line, column: c + 1, cell: "", expected: "a column label in one of the header rows" });
      }
      colLabels.push(label);
    }
  }
  // the first label printed twice, found with a map (indexOf per label was quadratic in a wide table)
  const firstAt = new Map<string, number>();
  const dup = colLabels.findIndex((l, i) => firstAt.has(l) || (firstAt.set(l, i), false));
  if (dup >= 0) {
    errors.push({ code: "duplicate-label", file, line: header[0]?.line ?? 1, column: dup + 2, cell: colLabels[dup]!, expected: "each column label once" });
  }

  // A row printed without a label (blank first cell) takes the next of rows.names, in order.
  const rowNames = table.rows.names;
  const namedRows = new Map<number, { label: string; index: number }>();
  const unlabelled = body.filter((r) => (r.cells[0] ?? "").trim() === "");
  if (rowNames !== undefined && rowNames.length !== unlabelled.length) {
    errors.push({
      code: "missing-row-names",
      ...locate(["tables", tableIndex, "rows", "names"]),
      expected: `rows.names with ${unlabelled.length} label(s), one for each row printed without a label (line${unlabelled.length === 1 ? "" : "s"} ${unlabelled.map((r) => r.line).join(", ") || "none"} of ${file})`,
    });
  } else if (rowNames !== undefined) {
    unlabelled.forEach((r, k) => namedRows.set(r.line, { label: rowNames[k]!.trim(), index: k }));
  }
  const rowLabelOf = (r: (typeof body)[number]): string => namedRows.get(r.line)?.label ?? (r.cells[0] ?? "").trim();

  const rowLabels: string[] = [];
  const rowLine = new Map<string, number>();
  for (const r of body) {
    const label = rowLabelOf(r);
    if (label === "") {
      if (rowNames === undefined || namedRows.has(r.line)) {
        errors.push({ code: "blank-label", ...(namedRows.has(r.line) ? locate(["tables", tableIndex, "rows", "names", namedRows.get(r.line)!.index]) : { file, line: r.line, column: 1, cell: r.cells[0] ?? "" }), expected: "a row label in the first column, or rows.names in the descriptor naming each row printed without one" });
      }
      continue;
    }
    if (rowLine.has(label)) {
      errors.push({ code: "duplicate-label", file, line: r.line, column: 1, cell: label, expected: `each row label once (also on line ${rowLine.get(label)})` });
      continue;
    }
    rowLine.set(label, r.line);
    rowLabels.push(label);
  }

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
  // each package pattern compiled once (RE2JS: linear-time matching, see core/packagePattern.ts)
  const patterns = new Map<string, PackagePattern>();
  const patternOf = (pattern: string): PackagePattern | undefined => patterns.get(pattern);
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

  const colCoords = colLabels.map((l, c) => {
    const coords = axisCoordinates(table.columns, l);
    if (coords === "unmapped") {
      errors.push({ code: "unmapped-label", file, line: header[header.length - 1]?.line ?? 1, column: c + 2, cell: l, expected: `columns.labels["${l}"] in the descriptor: a ${table.columns.dimension} axis maps every label` });
      return {};
    }
    return coords;
  });
  const base = `${pkgId}:${table.id}`;
  for (const r of body) {
    const rowLabel = rowLabelOf(r);
    if (rowLabel === "") continue; // reported above
    const named = namedRows.get(r.line);
    // a label from rows.names is located in the descriptor, a printed one at its cell
    const rowAt = named !== undefined ? (({ file: f, line, column }) => ({ file: f, line, column }))(locate(["tables", tableIndex, "rows", "names", named.index])) : { line: r.line, column: 1 };
    const rowCoords = axisCoordinates(table.rows, rowLabel);
    if (rowCoords === "unmapped") {
      errors.push({ code: "unmapped-label", file, ...rowAt, cell: rowLabel, expected: `rows.labels["${rowLabel}"] in the descriptor: a ${table.rows.dimension} axis maps every label` });
      continue;
    }
    for (let c = 1; c < width; c++) {
      const colLabel = colLabels[c - 1]!;
      const cellText = r.cells[c] ?? "";
      const coordinates = merge(table.coordinates, rowCoords, colCoords[c - 1]);
      const origins: Partial<Record<keyof Coordinates, { file?: string; line: number; column: number }>> = {};
      for (const k of Object.keys(table.coordinates ?? {}) as Array<keyof Coordinates>) {
        const at = locate(["tables", tableIndex, "coordinates", k]);
        origins[k] = { file: at.file, line: at.line, column: at.column };
      }
      const headerAt = { line: header[header.length - 1]?.line ?? r.line, column: c + 1 };
      for (const k of Object.keys(colCoords[c - 1] ?? {}) as Array<keyof Coordinates>) origins[k] = headerAt;
      for (const k of Object.keys(rowCoords) as Array<keyof Coordinates>) origins[k] = rowAt;
      const id = `${base}/${rowLabel}/${colLabel}`;
      const where = { tableId: table.id, rowLabel, colLabel, file, line: r.line, column: c + 1, cellText };
      const rule = (table.cells ?? []).find(
        (x) => (x.row === undefined || x.row === rowLabel) && (x.column === undefined || x.column === colLabel),
      );
      if (rule === undefined) {
        figures.push({ ...where, obsId: id, part: null, valueText: cellText, coordinates, shareOf: null, origins });
        continue;
      }
      const consumed: Array<[number, number]> = [];
      for (const part of rule.parts ?? []) {
        const re = patternOf(part.pattern);
        if (re === undefined) continue; // an invalid pattern, reported once at the descriptor
        const m = firstMatch(re, cellText);
        if (m === null || m.groups[1] === null || m.groups[1] === undefined) {
          errors.push({ code: "packed-cell-mismatch", file, line: r.line, column: c + 1, cell: cellText, expected: `a figure matching part "${part.name}" (${part.pattern})` });
          continue;
        }
        consumed.push([m.index, m.end]);
        figures.push({
          ...where,
          obsId: `${id}/${part.name}`,
          part: part.name,
          valueText: m.groups[1],
          coordinates: merge(coordinates, part.coordinates),
          shareOf: part.share_of !== undefined ? `${id}/${part.share_of}` : null,
          origins,
        });
      }
      if (rule.pairs !== undefined) {
        const re = patternOf(rule.pairs.pattern);
        for (const m of re !== undefined ? allMatches(re, cellText) : []) {
          if (m.end === m.index) break;
          const label = (m.groups[1] ?? "").trim();
          consumed.push([m.index, m.end]);
          const key = rule.pairs.label;
          const pairCoords: Coordinates =
            key === "breakdown" ? { breakdown: `${rule.pairs.key ?? "group"}=${label}` } : key === "period" ? { period: label } : { counterpart: label };
          figures.push({ ...where, obsId: `${id}/${label}`, part: label, valueText: m.groups[2] ?? "", coordinates: merge(coordinates, pairCoords), shareOf: null, origins: { ...origins, [key]: { line: r.line, column: c + 1 } } });
        }
      }
      let leftover = "";
      let pos = 0;
      for (const [s, e] of [...consumed].sort((a, b) => a[0] - b[0])) {
        if (s > pos) leftover += cellText.slice(pos, s);
        pos = Math.max(pos, e);
      }
      leftover += cellText.slice(pos);
      if (leftover.trim() !== "") {
        errors.push({ code: "unconsumed-text", file, line: r.line, column: c + 1, cell: cellText, expected: `every part of a packed cell read by a rule; left over: ${JSON.stringify(leftover.trim())}` });
      }
    }
  }
  return { figures, rowLabels, colLabels, errors };
};
