import type { Coordinates, Table } from "../../schemas/descriptor.ts";
import type { InputError } from "../core/errors.ts";
import type { CsvFile } from "../core/readCsv.ts";
import type { DescriptorLocator } from "../manifest/validateJson.ts";
import type { PackagePattern } from "../core/packagePattern.ts";
import { packedCellFigures } from "./packedCellFigures.ts";
import { axisCoordinates, merge, type RawFigure } from "./rawFigure.ts";
import { checkTableLabels } from "./tableLabelChecks.ts";

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
    // (as a header cell: a blank label names no column)
    colLabels.forEach((label, i) => {
      if (label.trim() === "") errors.push({ code: "blank-label", ...locate(["tables", tableIndex, "columns", "names", i]), expected: "a column label: columns.names names each column of a table without a header row" });
    });
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

  // Labels the descriptor maps, hierarchy labels and cell rules checked; each package pattern compiled once.
  const patterns = checkTableLabels(table, tableIndex, file, locate, rowLabels, colLabels, errors);
  const patternOf = (pattern: string): PackagePattern | undefined => patterns.get(pattern);

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
      packedCellFigures({ rule, cellText, id, where, coordinates, origins, r, c }, patternOf, figures, errors);
    }
  }
  return { figures, rowLabels, colLabels, errors };
};
