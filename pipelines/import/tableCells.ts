import type { InputError } from "../core/errors.ts";
import { plain, stripMarks as stripSuperscripts, SUPERSCRIPT_RUN, superscriptNumber, type TableBlock } from "./document.ts";
import { periodSpan } from "./periodPhrases.ts";
import type { Note, TableContext } from "./tableLabels.ts";
import { startsWithRole } from "./vocabulary.ts";

/** a label without its marks: superscript footnote marks and the asterisks of a "*" note ("2007*" is the year 2007) */
const stripMarks = (s: string): string => stripSuperscripts(s).replace(/\s*\*+$/u, "");

const isYearLike = (s: string): boolean => /^(19|20)\d\d\b/u.test(s) && periodSpan(s) !== undefined;

/** A table's cells as printed: its header rows, the labels of its rows and columns, and the marks on them. */
export interface TableCells {
  readonly headerRows: number;
  readonly header: string[][];
  readonly body: string[][];
  readonly columnLabels: string[];
  /** columns under an "Of which" header cell or labelled so, as parts of a column before them */
  readonly ofWhichColumns: Array<{ total: string; parts: string[] }>;
  /** footnote marks printed on row or column labels */
  readonly labelMarks: string[];
  readonly rowLabels: string[];
}

/**
 * Cells and header rows: every row as wide as the first (a row that cannot be is an error), header rows
 * told from the body, the label of each column, and labels read without their footnote marks.
 * Undefined when a row is ragged (the errors say where).
 */
export const readTableCells = (block: TableBlock, ctx: TableContext, where: string, note: Note, errors: InputError[]): TableCells | undefined => {
  let width = block.rows[0]!.cells.length;
  const rows: string[][] = [];
  for (const r of block.rows) {
    let cells = r.cells.map((c) => plain(c));
    if (cells.length > width) {
      if (cells.slice(width).every((c) => c === "")) cells = cells.slice(0, width);
      else {
        errors.push({
          code: "ragged-row",
          file: ctx.file,
          line: r.line,
          column: width + 1,
          cell: r.cells.join(" | ").slice(0, 120),
          expected: `${width} cells as in the first row of ${where} (${cells.length} found)`,
        });
        continue;
      }
    }
    if (block.aligned && cells.length < width) {
      errors.push({
        code: "ambiguous-row",
        file: ctx.file,
        line: r.line,
        column: 1,
        cell: r.cells.join(" | ").slice(0, 120),
        expected: `${width} cells as in the first row of ${where}: in a table aligned with spaces a blank cell cannot be placed (separate the cells with tabs)`,
      });
      continue;
    }
    while (cells.length < width) cells.push("");
    rows.push(cells);
  }
  if (errors.length > 0) return undefined;
  // a tab after the last cell prints nothing: a column blank in every row is dropped
  while (width > 2 && rows.every((r) => r.at(-1) === "")) {
    for (const r of rows) r.pop();
    width--;
  }

  const numberish = (c: string): boolean => c === "" || c in ctx.missing || /^[-–+]?\s?\d[\d\s,.]*\s?%?$/u.test(c);
  const headerLike = (cells: string[], first: boolean): boolean => {
    const data = cells.slice(1).filter((c) => c !== "");
    if (data.length === 0) return false;
    if (data.some((c) => !numberish(c))) return first || cells[0] === "";
    return first && data.every(isYearLike);
  };
  let headerRows = 0;
  while (headerRows < rows.length - 1 && headerRows < 3 && headerLike(rows[headerRows]!, headerRows === 0)) headerRows++;
  const body = rows.slice(headerRows);
  const header = rows.slice(0, headerRows);

  // the label of a column is its lowest non-blank header cell; an "Of which" cell over columns makes them parts of the column before
  const columnLabels: string[] = [];
  const ofWhichColumns: Array<{ total: string; parts: string[] }> = [];
  for (let c = 1; c < width; c++) {
    let label = "";
    for (let h = headerRows - 1; h >= 0; h--) if (header[h]![c] !== "") {
      label = stripMarks(header[h]![c]!);
      break;
    }
    columnLabels.push(label);
  }
  // the CSV's labels are the labels the descriptor names: without their footnote marks
  for (const h of header) for (let c = 1; c < width; c++) h[c] = stripMarks(h[c]!);
  for (let h = 0; h < headerRows - 1; h++) {
    for (let c = 1; c < width; c++) {
      const cell = header[h]![c]!;
      if (cell === "" || !startsWithRole(ctx.vocab, "of_which", cell)) continue;
      let end = c + 1;
      while (end < width && header[h]![end] === "") end++;
      const parts = columnLabels.slice(c - 1, end - 1).filter((l) => l !== "");
      const total = columnLabels[c - 2];
      if (total && parts.length > 0) {
        ofWhichColumns.push({ total, parts });
        note(`columns under "${cell}"`, `parts of "${total}"`, "an of-which header cell over them", 0.9);
      }
    }
  }
  // a column labelled "Of which: women" is a part of the nearest column before it that is not one
  for (let c = 0; c < columnLabels.length; c++) {
    const label = columnLabels[c]!;
    if (label === "" || !startsWithRole(ctx.vocab, "of_which", label) || ofWhichColumns.some((o) => o.parts.includes(label))) continue;
    let t = c - 1;
    while (t >= 0 && startsWithRole(ctx.vocab, "of_which", columnLabels[t]!)) t--;
    const total = t >= 0 ? columnLabels[t] : undefined;
    if (!total) continue;
    const rule = ofWhichColumns.find((o) => o.total === total);
    if (rule) rule.parts.push(label);
    else ofWhichColumns.push({ total, parts: [label] });
    note(`column "${label}"`, `part of "${total}"`, "its label opens with of-which words", 0.8);
  }
  // a mark on a label ("Russia¹") is kept as one of the table's footnotes; the label is read without it
  const labelMarks = [...new Set([...body.map((r) => r[0]!), ...header.flat()].flatMap((l) => [...l.matchAll(SUPERSCRIPT_RUN)].map((m) => superscriptNumber(m[0]))))];
  const rowLabels = body.map((r) => stripMarks(r[0]!));
  body.forEach((r, i) => (r[0] = rowLabels[i]!));
  if (header[0]) header[0][0] = stripMarks(header[0][0]!);
  return { headerRows, header, body, columnLabels, ofWhichColumns, labelMarks, rowLabels };
};
