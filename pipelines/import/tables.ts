/**
 * A printed table -> its CSV (every cell as printed) and its descriptor entry: header rows (two-row
 * headers read column by column), unit, number format, what its row and column labels mean, packed
 * cells, and the hierarchy the table shows (a Total, group subtotals with the members that follow
 * them, "Of which" rows and columns, "By ...:" rows), each decided by vocabulary, never by a document's
 * wording.
 */
import type { InputError } from "../core/errors.ts";
import type { NumberFormat } from "../parse/numberTypes.ts";
import { isUnitFailure } from "../reference/units.ts";
import { markPrefix, type TableBlock } from "./document.ts";
import { baseUnitOf, classifyMeasure, unclassifiedFor } from "./measures.ts";
import { packedCells } from "./packedCells.ts";
import { findPeriods } from "./periodPhrases.ts";
import type { ReviewItem } from "./review.ts";
import { readAxis } from "./tableAxes.ts";
import { readTableCells } from "./tableCells.ts";
import { blanksAreZero, tableHierarchy } from "./tableHierarchy.ts";
import { directionOf, labelReaders, type Coordinates, type TableContext } from "./tableLabels.ts";

export interface TableDraft {
  readonly id: string;
  readonly csvFile: string;
  readonly rows: string[][];
  readonly descriptor: Record<string, unknown>;
  /** the Source line, to be turned into a citation id by the caller */
  readonly sourcePrinted: string;
  readonly sourceLine: number;
  /** footnote marks printed on row or column labels */
  readonly labelMarks: ReadonlyArray<string>;
}

const DEFAULT_FORMAT: NumberFormat = { decimal: ".", group: "," };
const DECIMAL_COMMA: NumberFormat = { decimal: ",", group: " " };
const SPACE_GROUPS: NumberFormat = { decimal: ".", group: " " };

export const draftTable = (block: TableBlock, index: number, ctx: TableContext, review: ReviewItem[]): { draft: TableDraft | undefined; errors: InputError[] } => {
  const errors: InputError[] = [];
  const id = `t${String(index + 1).padStart(2, "0")}`;
  const where = `Table ${block.number}`;
  const note = (item: string, guess: string, because: string, confidence: number, decided = true): void => {
    review.push({ item: `${id} ${item}`, line: block.line, guessed: guess, from: because, confidence, decided });
  };
  if (block.rows.length === 0) {
    // a caption over a chart or an image: nothing to transcribe, but the reviewer should know
    note("not drafted", "no tab-separated rows under the caption", `"Table ${block.number}. ${block.title.slice(0, 60)}"`, 0, false);
    return { draft: undefined, errors };
  }

  // -- cells and header rows
  const read = readTableCells(block, ctx, where, note, errors);
  if (read === undefined) return { draft: undefined, errors };
  const { headerRows, header, body, columnLabels, ofWhichColumns, labelMarks, rowLabels } = read;

  // -- unit and number format
  const unitFrom = (text: string): string | undefined => {
    for (const m of text.matchAll(/\(([^()]+)\)/gu)) {
      const u = m[1]!.trim();
      if (!isUnitFailure(ctx.units.resolve(u))) return u;
    }
    return undefined;
  };
  // a unit in a column label is the table's only when the table has that one column of figures
  const unit = unitFrom(block.title) ?? (columnLabels.length === 1 ? unitFrom(columnLabels[0]!) : undefined) ?? "";
  const cells = body.flatMap((r) => r.slice(1));
  const decimalComma = cells.some((c) => /(^|[^\d])\d+,\d{1,2}$/u.test(c)) && !cells.some((c) => /\d,\d{3}(\D|$)/u.test(c));
  const spaceGroups = !decimalComma && cells.some((c) => /^-?\d{1,3}(?: \d{3})+(?:\.\d+)?%?$/u.test(c)) && !cells.some((c) => /\d,\d{3}(\D|$)/u.test(c));
  const format = decimalComma ? DECIMAL_COMMA : spaceGroups ? SPACE_GROUPS : DEFAULT_FORMAT;
  if (decimalComma) note("number format", "decimal comma, space between thousands", "cells such as " + cells.find((c) => /,\d{1,2}$/u.test(c)), 0.9);
  if (spaceGroups) note("number format", "decimal point, space between thousands", "cells such as " + cells.find((c) => / \d{3}/u.test(c)), 0.9);

  // -- what labels mean
  const context = block.title;
  const { role, resolve } = labelReaders(ctx);
  const tableBase = unit !== "" ? (isUnitFailure(ctx.units.resolve(unit)) ? undefined : (ctx.units.resolve(unit) as { baseUnit: string }).baseUnit) : undefined;
  const tableMeasure = classifyMeasure(ctx.vocab, block.title, "", tableBase ?? (cells.every((c) => c === "" || /%\s*$/u.test(c)) ? "ratio" : "persons"));
  const direction = directionOf(block.title, ctx);
  const captionPeriods = findPeriods(block.title, ctx.publicationYear);

  const axis = (labels: string[], which: "rows" | "columns"): Record<string, unknown> =>
    readAxis(labels, which, { ctx, note, role, resolve, body, header, unit, tableBase, tableMeasure, context });

  const rowsAxis = axis(rowLabels, "rows");
  let columnsAxis: Record<string, unknown>;
  if (headerRows === 0) {
    const period = captionPeriods.at(-1)?.text;
    const names = columnLabels.map((_, i) => (period && columnLabels.length === 1 ? period : `value ${i + 1}`));
    columnsAxis = { dimension: period && columnLabels.length === 1 ? "period" : "none", names, labels: {} };
    note("columns", `no header row; named ${names.join(", ")}`, period ? "the period of the caption" : "nothing printed", period ? 0.8 : 0.2, period !== undefined);
  } else {
    columnsAxis = axis(columnLabels, "columns");
  }
  if (rowsAxis.dimension === "measure" && columnsAxis.dimension === "measure") {
    columnsAxis = { dimension: "none", labels: {} };
  }
  if (rowsAxis.dimension === "breakdown" && columnsAxis.dimension === "breakdown") {
    // a cell takes the column's breakdown over the row's: the rows' breakdowns are lost
    note("rows and columns", "both breakdowns; the column's replaces the row's", "the format does not join a row's and a column's breakdown: split the table or give the cells' breakdowns by hand", 0, false);
  }
  // an axis of measures read as "measure" needs every label mapped; "none" lets them fall back to the table
  const coordinates: Coordinates = {};
  const axesGiveMeasure = rowsAxis.dimension === "measure" || columnsAxis.dimension === "measure" || Object.values((rowsAxis.labels ?? {}) as Record<string, Coordinates>).some((c) => c.measure);
  if (!axesGiveMeasure || tableMeasure.decided) {
    coordinates.measure = tableMeasure.decided ? tableMeasure.measure : unclassifiedFor(ctx.vocab, "persons");
    note("measure", coordinates.measure, tableMeasure.because, tableMeasure.confidence, tableMeasure.decided || axesGiveMeasure);
  }
  if (direction) {
    coordinates.direction = direction.direction;
    note("direction", direction.direction, direction.because, 0.8);
  }
  if (rowsAxis.dimension !== "period" && columnsAxis.dimension !== "period") {
    const p = captionPeriods.at(-1)?.text ?? ctx.publicationYear;
    coordinates.period = p;
    note("period", p, captionPeriods.length > 0 ? "the caption" : "nothing printed: the publication year", captionPeriods.length > 0 ? 0.8 : 0, captionPeriods.length > 0);
  }

  // -- packed cells
  const { cellRules, cellMarks, unknownMarkers, tableMissing } = packedCells({ ctx, note, body, rowLabels, columnLabels, cells, format, rowsAxis, coordinates });

  // -- hierarchy
  const hierarchy = tableHierarchy({ ctx, note, role, resolve, rowLabels, columnLabels, columnsAxis, ofWhichColumns });

  // a blank cell in a table whose totals only add up when it is zero printed nothing for zero
  let missing: Record<string, string> | undefined = Object.keys(unknownMarkers).length > 0 ? tableMissing : undefined;
  if (cells.includes("") && hierarchy.length > 0 && blanksAreZero(body, rowLabels, columnLabels, hierarchy, format, ctx)) {
    missing = { ...tableMissing, "": "nil", "-": "nil" };
    note("blank cells", "nil (zero)", "the totals add up only with blanks read as zero", 0.8);
  }

  const descriptor: Record<string, unknown> = {
    id,
    number: block.number,
    title: block.title,
    section: block.section,
    file: `tables/table-${String(index + 1).padStart(2, "0")}.csv`,
    unit,
    ...(unit === "" ? { unit_assumed: coordinates.measure ? (baseUnitOf(ctx.vocab, coordinates.measure) ?? "persons") : "persons" } : {}),
    source: { printed: block.source?.text ?? "", citation: "" },
    footnotes: block.marks.map((m) => markPrefix(block.section) + m),
    header_rows: headerRows,
    ...(decimalComma || spaceGroups ? { number_format: format } : {}),
    ...(missing ? { missing } : {}),
    coordinates,
    rows: { title: header[0]?.[0] ?? "", ...rowsAxis },
    columns: columnsAxis,
    hierarchy,
    ...(cellRules.length > 0 ? { cells: cellRules } : {}),
  };
  if (!block.source) note("source", "none printed", "no Source: line under the table", 0, false);
  return {
    draft: { id, csvFile: descriptor.file as string, rows: [...header, ...body], descriptor, sourcePrinted: block.source?.text ?? "", sourceLine: block.source?.line ?? block.line, labelMarks: [...new Set([...labelMarks, ...cellMarks])] },
    errors,
  };
};
