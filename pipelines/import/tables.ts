/**
 * A printed table -> its CSV (every cell as printed) and its descriptor entry: header rows (two-row
 * headers read column by column), unit, number format, what its row and column labels mean, packed
 * cells, and the hierarchy the table shows (a Total, group subtotals with the members that follow
 * them, "Of which" rows and columns, "By ...:" rows), each decided by vocabulary, never by a document's
 * wording.
 */
import type { InputError } from "../core/errors.ts";
import type { CountryResolver } from "../reference/countries.ts";
import { isFailure, parseNumber, type NumberFormat } from "../parse/numbers.ts";
import { isUnitFailure, type UnitRegistry } from "../reference/units.ts";
import { markPrefix, plain, stripMarks as stripSuperscripts, SUPERSCRIPT_RUN, superscriptNumber, type TableBlock } from "./document.ts";
import { baseUnitOf, classifyMeasure, unclassifiedFor } from "./measures.ts";
import { findPeriods, periodSpan } from "./periodPhrases.ts";
import type { ReviewItem } from "./review.ts";
import { findPhrase, hasRole, startsWithRole, words, type ImportVocabulary } from "./vocabulary.ts";

export interface TableContext {
  readonly file: string;
  readonly vocab: ImportVocabulary;
  readonly countries: CountryResolver;
  readonly units: UnitRegistry;
  readonly reportingCountry: string;
  readonly reportingCode: string;
  readonly publicationYear: string;
  readonly missing: Readonly<Record<string, "nil" | "missing" | "not-available">>;
}

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

type Coordinates = Record<string, string>;
const DEFAULT_FORMAT: NumberFormat = { decimal: ".", group: "," };
const DECIMAL_COMMA: NumberFormat = { decimal: ",", group: " " };
const SPACE_GROUPS: NumberFormat = { decimal: ".", group: " " };

/** a label without its marks: superscript footnote marks and the asterisks of a "*" note ("2007*" is the year 2007) */
const stripMarks = (s: string): string => stripSuperscripts(s).replace(/\s*\*+$/u, "");

const isYearLike = (s: string): boolean => /^(19|20)\d\d\b/u.test(s) && periodSpan(s) !== undefined;

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
  if (errors.length > 0) return { draft: undefined, errors };
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
  // a column (or row) of percentages is a share: its own unit and a measure in ratio
  const percentLine = (label: string, values: string[]): boolean =>
    /%|\bper ?cent\b|\bshare\b/iu.test(label) || (values.filter((v) => v !== "").length > 0 && values.filter((v) => v !== "").every((v) => /%\s*$/u.test(v)));

  // -- what labels mean
  const context = block.title;
  const role = (label: string, r: string): boolean =>
    r === "residual" ? hasRole(ctx.vocab, r, label) : startsWithRole(ctx.vocab, r, label) || (r === "total" && /\btotal$/iu.test(label.replace(/[:.]$/u, "")));
  const resolve = (label: string) => {
    const hit = ctx.countries.resolve(label);
    return hit.ok ? hit : undefined;
  };
  const tableBase = unit !== "" ? (isUnitFailure(ctx.units.resolve(unit)) ? undefined : (ctx.units.resolve(unit) as { baseUnit: string }).baseUnit) : undefined;
  const tableMeasure = classifyMeasure(ctx.vocab, block.title, "", tableBase ?? (cells.every((c) => c === "" || /%\s*$/u.test(c)) ? "ratio" : "persons"));
  const direction = directionOf(block.title, ctx);
  const captionPeriods = findPeriods(block.title, ctx.publicationYear);

  const axis = (labels: string[], which: "rows" | "columns"): Record<string, unknown> => {
    const named = labels.filter((l) => l !== "" && !role(l, "total"));
    const periodish = named.filter((l) => periodSpan(l) !== undefined);
    const country = named.filter((l) => resolve(l) !== undefined || role(l, "residual"));
    const fromTo = named.filter((l) => fromToOf(l, ctx) !== undefined);
    const map: Record<string, Coordinates> = {};
    if (named.length > 0 && periodish.length === named.length) {
      const spans = named.map((l) => l);
      for (const l of labels) if (l !== "" && role(l, "total")) map[l] = { period: `${spans[0]} – ${spans.at(-1)}` };
      note(`${which}`, "periods", `labels such as ${named.slice(0, 3).join(", ")}`, 1);
      return { dimension: "period", labels: map };
    }
    if (named.length > 0 && country.length >= Math.ceil(named.length * 0.6)) {
      for (const l of named) {
        if (resolve(l) !== undefined) continue;
        // the resolver's own names for a residual: its unspecified and its other-countries entries
        const unspecified = ctx.countries.entry("UNSPECIFIED")?.name ?? "not specified";
        const guess = role(l, "residual") && !/specif|unknown/iu.test(l) ? (ctx.countries.entry("OTHER")?.name ?? unspecified) : unspecified;
        map[l] = { counterpart: guess };
        note(`${which} label "${l}"`, `counterpart ${guess}`, "not a country name; read as a residual", 0.6, role(l, "residual"));
      }
      note(`${which}`, "countries (counterpart)", `${country.length} of ${named.length} labels resolve as countries or groups`, 0.9);
      return { dimension: "counterpart", labels: map };
    }
    const breakdowns = labels.filter((l) => l !== "").map((l) => [l, breakdownOf(l, ctx)] as const);
    if (breakdowns.length > 1 && breakdowns.every(([, b]) => b !== undefined)) {
      for (const [l, b] of breakdowns) map[l] = { breakdown: b! };
      note(`${which}`, "breakdowns", breakdowns.map(([l, b]) => `${l} -> ${b || "total"}`).join("; "), 0.9);
      return { dimension: "breakdown", labels: map };
    }
    // measures (or directions) by row or column: each label its own coordinates
    let parentMeasure = tableMeasure.decided ? tableMeasure.measure : undefined;
    const measures = new Set<string>();
    let ownMeasure = false;
    let previous: Coordinates | undefined;
    for (const l of labels) {
      if (l === "") continue;
      const c: Coordinates = {};
      const ft = fromToOf(l, ctx);
      if (ft) {
        c.direction = ft.direction;
        c.counterpart = ft.counterpart;
        note(`${which} label "${l}"`, `direction ${ft.direction}, counterpart ${ft.counterpart}`, "from X to Y with the reporting country at one end", 0.9);
      }
      const ofWhich = role(l, "of_which") || (role(l, "by") && /:$/u.test(l));
      const lineValues = which === "columns" ? body.map((r) => r[labels.indexOf(l) + 1] ?? "") : (body[labels.indexOf(l)] ?? []).slice(1);
      if (percentLine(l, lineValues) && !(unit !== "" && tableBase === "ratio")) {
        // a share: the table's measure's own share measure when the vocabulary has one
        const own = classifyMeasure(ctx.vocab, l, context, "ratio");
        const sibling = tableMeasure.decided && ctx.vocab.measures.some((m) => m.measure === `${tableMeasure.measure}_share`) ? `${tableMeasure.measure}_share` : undefined;
        c.measure = own.decided ? own.measure : (sibling ?? unclassifiedFor(ctx.vocab, "ratio"));
        c.unit = "%";
        measures.add(c.measure);
        map[l] = c;
        previous = c;
        note(`${which} label "${l}"`, `measure ${c.measure}, unit %`, own.decided ? own.because : sibling ? `a share of the table's measure (${tableMeasure.measure})` : "a share the keywords cannot place", own.decided ? own.confidence : sibling ? 0.6 : 0, own.decided || sibling !== undefined);
        continue;
      }
      // a label names a count of people, cases or things unless it is a share (above)
      const guesses = ["persons", "cases", "count"].map((b) => classifyMeasure(ctx.vocab, l, context, b)).filter((g) => g.decided);
      guesses.sort((a, b) => b.score - a.score);
      const guess = guesses[0] ?? classifyMeasure(ctx.vocab, l, context, "persons");
      const labelDirection = directionOf(l, ctx);
      if (labelDirection && !ft) c.direction = labelDirection.direction;
      if (ofWhich && previous?.measure) {
        c.measure = previous.measure;
        const b = breakdownOf(l, ctx) ?? `subset=${slugWords(l)}`;
        if (!(role(l, "by") && /:$/u.test(l))) c.breakdown = b;
        note(`${which} label "${l}"`, `measure ${c.measure}${c.breakdown ? `, breakdown ${c.breakdown}` : ""}`, "a part of the label above it", 0.7);
      } else if (guess.decided) {
        ownMeasure = true;
        c.measure = guess.measure;
        parentMeasure ??= guess.measure;
        note(`${which} label "${l}"`, `measure ${guess.measure}`, guess.because, guess.confidence);
      } else if (!ft || !tableMeasure.decided) {
        c.measure = tableMeasure.decided ? tableMeasure.measure : unclassifiedFor(ctx.vocab, "persons");
        note(`${which} label "${l}"`, `measure ${c.measure}`, tableMeasure.decided ? `the table's measure (${tableMeasure.because})` : guess.because, tableMeasure.decided ? tableMeasure.confidence : 0, tableMeasure.decided);
      }
      const base = c.measure ? baseUnitOf(ctx.vocab, c.measure) : undefined;
      if (base && base !== "persons" && unit === "") c.unit = base;
      if (c.measure) measures.add(c.measure);
      if (Object.keys(c).length > 0) map[l] = c;
      if (!ofWhich) previous = c;
    }
    if (fromTo.length === named.length && named.length > 0) {
      return { dimension: "none", labels: map };
    }
    // labels that name neither a measure nor anything the vocabularies know ("Under 18", "18-64"): a breakdown
    // keyed by the axis title, so that each row stays a quantity of its own
    if (measures.size <= 1 && !ownMeasure && named.length >= 2) {
      const title = which === "rows" ? (header[0]?.[0] ?? "") : "";
      const key = words(title).join("_").replace(/[^a-z_]/gu, "").slice(0, 30) || "category";
      const labelsOut: Record<string, Coordinates> = {};
      for (const l of labels) if (l !== "") labelsOut[l] = { breakdown: role(l, "total") ? "" : `${key}=${l.replace(/[;=]/gu, " ").trim()}` };
      note(`${which}`, `a breakdown ${key}=<label>`, "labels the vocabularies do not know", 0.3, false);
      return { dimension: "breakdown", labels: labelsOut };
    }
    if (measures.size > 1 || (measures.size === 1 && !tableMeasure.decided)) return { dimension: "measure", labels: map };
    return { dimension: "none", labels: {} };
  };

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
  const cellRules: Record<string, unknown>[] = [];
  const cellMarks = new Set<string>();
  // a cell with no digit that no vocabulary knows ("x", "*") printed no figure: the reviewer is told, the build reads it as not available
  const unknownMarkers: Record<string, "not-available"> = {};
  for (const c of cells) {
    if (c !== "" && !/\d/u.test(c) && !(c in ctx.missing) && isFailure(parseNumber(c, format, ctx.missing)) && !(c in unknownMarkers)) {
      unknownMarkers[c] = "not-available";
      note(`cells "${c.slice(0, 30)}"`, "not available (no figure)", "a cell with no digit that missing markers of import-words.csv do not name", 0, false);
    }
  }
  const tableMissing = { ...ctx.missing, ...unknownMarkers };
  const plainNumber = (c: string): boolean => !isFailure(parseNumber(c, format, tableMissing));
  body.forEach((r, ri) => {
    const label = rowLabels[ri]!;
    // "1 218.4¹": a figure with a footnote mark; the mark becomes one of the table's footnotes
    const marked = r.slice(1).map((c, ci) => ({ c, ci })).filter(({ c }) => !plainNumber(c) && /[⁰¹²³⁴⁵⁶⁷⁸⁹]$/u.test(c) && plainNumber(stripSuperscripts(c).trim()));
    for (const { c, ci } of marked) {
      cellRules.push({ row: label, column: columnLabels[ci] ?? "", parts: [{ name: "figure", pattern: "^(.*?)\\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]+$" }] });
      for (const m of c.matchAll(SUPERSCRIPT_RUN)) cellMarks.add(superscriptNumber(m[0]));
      note(`cell "${label}" / "${columnLabels[ci]}"`, "a figure and its footnote mark", JSON.stringify(c.slice(0, 60)), 0.8);
    }
    const packed = r.slice(1).map((c, ci) => ({ c, ci })).filter(({ c, ci }) => !plainNumber(c) && !marked.some((m) => m.ci === ci));
    if (packed.length === 0) return;
    const rowMeasure = ((rowsAxis.labels as Record<string, Coordinates> | undefined)?.[label]?.measure) ?? coordinates.measure ?? "";
    const rule = packedRule(packed.map((p) => p.c), rowMeasure, ctx);
    if (rule) {
      cellRules.push({ row: label, ...rule.rule });
      note(`row "${label}" packed cells`, rule.what, `cells such as ${JSON.stringify(packed[0]!.c.slice(0, 60))}`, rule.confidence);
    } else {
      for (const p of packed) {
        const digits = format.group === " " ? "(-?[0-9](?:[0-9,.]| (?=[0-9]{3}(?![0-9])))*)" : "(-?[0-9][0-9,.]*)";
        cellRules.push({ row: label, column: columnLabels[p.ci] ?? "", parts: [{ name: "figure", pattern: `^\\D*?${digits}[\\s\\S]*$` }] });
        note(`cell "${label}" / "${columnLabels[p.ci]}"`, "the first number only", `text the importer cannot split: ${JSON.stringify(p.c.slice(0, 60))}`, 0, false);
      }
    }
  });

  // -- hierarchy
  const hierarchy: Record<string, unknown>[] = [];
  const rowRole = (l: string): "total" | "aggregate" | "of_which" | "by" | "member" => {
    if (role(l, "of_which")) return "of_which";
    if (role(l, "by") && /:$/u.test(l)) return "by";
    const hit = resolve(l);
    if (role(l, "total") || hit?.code === "TOTAL") return "total";
    if (hit?.kind === "aggregate" && hit.code !== "OTHER") return "aggregate";
    return "member";
  };
  const roles = rowLabels.map(rowRole);
  const years = [...(columnsAxis.dimension === "period" ? columnLabels : rowLabels)].map((l) => periodSpan(l)).filter((p) => p !== undefined);
  const firstYear = years.length > 0 ? Math.min(...years.map((p) => Number(p!.start.slice(0, 4)))) : Number(ctx.publicationYear);
  const groups: Array<{ total: string; parts: string[] }> = [];
  const grouped = new Set<number>();
  /** "Other African countries" under "ECOWAS": the words after the residual's own name a group other than this one */
  const namesOtherGroup = (label: string, group: string): boolean => {
    const ws = words(label);
    const lead = (ctx.vocab.roles.get("residual") ?? []).map((p) => words(p)).filter((p) => p.length > 0 && p.length < ws.length && findPhrase(ws.slice(0, p.length), p) === 0).sort((a, b) => b.length - a.length)[0];
    if (!lead) return false;
    const named = resolve(ws.slice(lead.length).join(" "));
    const own = resolve(group);
    return named?.kind === "aggregate" && own !== undefined && named.code !== own.code;
  };
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "aggregate") continue;
    const parts: string[] = [];
    for (let j = i + 1; j < rowLabels.length && (roles[j] === "member" || roles[j] === "of_which"); j++) {
      if (roles[j] !== "member") continue;
      // a residual ("Other EU countries", "Other countries") closes its group: a row after it is outside the group;
      // one naming another group ("Other African countries" after ECOWAS members) is outside it already
      const residual = role(rowLabels[j]!, "residual") || ["OTHER", "UNSPECIFIED"].includes((resolve(rowLabels[j]!) as { code?: string } | undefined)?.code ?? "");
      if (residual && namesOtherGroup(rowLabels[j]!, rowLabels[i]!)) break;
      parts.push(rowLabels[j]!);
      grouped.add(j);
      if (residual) break;
    }
    if (parts.length === 0) continue;
    const complete = groupComplete(rowLabels[i]!, parts, firstYear, ctx, role);
    hierarchy.push({ axis: "rows", total: rowLabels[i], parts, ...(complete.complete ? {} : { complete: false }) });
    note(`rows: subtotal "${rowLabels[i]}"`, `${parts.length} parts${complete.complete ? "" : ", complete: false"}`, complete.because, 0.8);
    groups.push({ total: rowLabels[i]!, parts });
  }
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "total") continue;
    const aggregates = rowLabels.filter((_, j) => roles[j] === "aggregate");
    const members = rowLabels.filter((_, j) => j !== i && roles[j] === "member");
    // the subtotals, and the members printed outside every group ("Other countries" after the last group)
    const parts = aggregates.length > 0 ? rowLabels.filter((_, j) => roles[j] === "aggregate" || (j !== i && roles[j] === "member" && !grouped.has(j))) : members;
    const byRows = rowLabels.filter((_, j) => roles[j] === "by" && j > i);
    if (byRows.length > 0 && aggregates.length === 0) {
      hierarchy.push({ axis: "rows", total: rowLabels[i], parts: byRows, complete: false });
      note(`rows: total "${rowLabels[i]}"`, `broken down by ${byRows.join(", ")} (complete: false)`, "a By ...: row after it", 0.7);
      continue;
    }
    if (parts.length === 0) continue;
    hierarchy.push({ axis: "rows", total: rowLabels[i], parts });
    note(`rows: total "${rowLabels[i]}"`, `${parts.length} parts`, aggregates.length > 0 ? "the group subtotals" : "every other row", 0.8);
  }
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "of_which") continue;
    if (i > 0 && roles[i - 1] === "of_which") continue;
    let p = i - 1;
    while (p >= 0 && roles[p] === "of_which") p--;
    if (p < 0) continue;
    const parts: string[] = [];
    for (let j = i; j < rowLabels.length && roles[j] === "of_which"; j++) parts.push(rowLabels[j]!);
    hierarchy.push({ axis: "rows", total: rowLabels[p], parts, ...(parts.length >= 2 ? {} : { complete: false }) });
    note(`rows: "${rowLabels[p]}"`, `of which ${parts.join(", ")}`, "an of-which row under it", 0.8);
  }
  const totalColumn = columnLabels.find((l) => l !== "" && role(l, "total"));
  if (totalColumn && !ofWhichColumns.some((o) => o.total === totalColumn)) {
    const parts = columnLabels.filter((l) => l !== "" && l !== totalColumn);
    if (parts.length > 0) {
      hierarchy.push({ axis: "columns", total: totalColumn, parts });
      note(`columns: total "${totalColumn}"`, `${parts.length} parts`, "every other column", 0.8);
    }
  }
  for (const o of ofWhichColumns) hierarchy.push({ axis: "columns", total: o.total, parts: o.parts, ...(o.parts.length >= 2 ? {} : { complete: false }) });

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

/** "in" / "out" / "net" from the direction words of a caption, or "to <reporting country>". */
export const directionOf = (text: string, ctx: TableContext): { direction: string; because: string } | undefined => {
  const hay = words(text);
  for (const d of ctx.vocab.directions) {
    if (findPhrase(hay, words(d.words)) >= 0) return { direction: d.direction, because: `"${d.words}"` };
  }
  const country = words(ctx.reportingCountry);
  const to = findPhrase(hay, ["to", ...country]);
  if (to >= 0 && findPhrase(hay, ["between"]) < 0) return { direction: "in", because: `"to ${ctx.reportingCountry}"` };
  return undefined;
};

/** "From X to Y" where X or Y is the reporting country. */
export const fromToOf = (label: string, ctx: TableContext): { direction: string; counterpart: string } | undefined => {
  const m = /^from\s+(.+?)\s+to\s+(.+)$/iu.exec(label.trim());
  if (!m) return undefined;
  const a = ctx.countries.resolve(m[1]!);
  const b = ctx.countries.resolve(m[2]!);
  if (a.ok && a.code === ctx.reportingCode && b.ok) return { direction: "out", counterpart: m[2]!.trim() };
  if (b.ok && b.code === ctx.reportingCode && a.ok) return { direction: "in", counterpart: m[1]!.trim() };
  return undefined;
};

/** The breakdown a label names from breakdowns.csv ("" for a total), or undefined. */
export const breakdownOf = (label: string, ctx: TableContext): string | undefined => {
  const hay = words(label);
  if (hay.length > 0 && (ctx.vocab.roles.get("total") ?? []).some((t) => findPhrase(hay, words(t)) === 0)) return "";
  const hits = ctx.vocab.breakdowns.filter((b) => b.words !== "" && findPhrase(hay, words(b.words)) >= 0).map((b) => b.breakdown);
  return hits.length > 0 ? [...new Set(hits)].join(";") : undefined;
};

const slugWords = (s: string): string =>
  words(s)
    .filter((w) => !/^(of|whom|which|the|a|an|by)$/u.test(w))
    .join(" ")
    .replace(/[;=]/gu, " ")
    .slice(0, 60) || "part";

/** Whether a group's printed members can be all of it: a residual member, or every member of the group in groups.csv printed. */
const groupComplete = (
  label: string,
  parts: string[],
  firstYear: number,
  ctx: TableContext,
  role: (l: string, r: string) => boolean,
): { complete: boolean; because: string } => {
  if (parts.some((p) => role(p, "residual") || ctx.countries.resolve(p).ok && ["OTHER", "UNSPECIFIED"].includes((ctx.countries.resolve(p) as { code: string }).code))) {
    return { complete: true, because: "a residual member (other, not specified) is printed" };
  }
  const hit = ctx.countries.resolve(label);
  if (!hit.ok) return { complete: false, because: "the group is not known" };
  const members = ctx.countries
    .groups()
    .filter((g) => g.group_code === hit.code && (g.valid_to === null || g.valid_to >= firstYear) && g.member !== ctx.reportingCode)
    .map((g) => g.member);
  if (members.length === 0) return { complete: false, because: `no member list for ${hit.code} in groups.csv and no residual member printed` };
  const printed = new Set(parts.map((p) => ctx.countries.resolve(p)).filter((r) => r.ok).map((r) => (r as { code: string }).code));
  const absent = members.filter((m) => !printed.has(m));
  return absent.length === 0
    ? { complete: true, because: `every member of ${hit.code} in groups.csv is printed` }
    : { complete: false, because: `members of ${hit.code} not printed: ${absent.join(", ")}` };
};

/** A rule splitting packed cells: "1,250 (Women 30%) (40% at night)" or "Ukraine 300 Romania 100". */
const packedRule = (
  cells: string[],
  measure: string,
  ctx: TableContext,
): { rule: Record<string, unknown>; what: string; confidence: number } | undefined => {
  const pairs = /^(?:\s*[A-Z][A-Za-z .'-]*?\s+[0-9][0-9,]*)+\s*$/u;
  if (cells.every((c) => pairs.test(c))) {
    return { rule: { pairs: { pattern: "([A-Z][A-Za-z .'-]*?)\\s+([0-9][0-9,]*)", label: "counterpart" } }, what: "name and figure pairs (counterparts)", confidence: 0.8 };
  }
  const shape = /^\s*([0-9][0-9,]*)\s*((?:\([^()]*\)\s*)+)$/u;
  const first = shape.exec(cells[0]!);
  if (!first) return undefined;
  const groups = [...first[2]!.matchAll(/\(([^()]*)\)/gu)].map((m) => m[1]!);
  const parts: Record<string, unknown>[] = [{ name: "total", pattern: "^\\s*([0-9][0-9,]*)" }];
  const shareMeasure = ctx.vocab.measures.some((m) => m.measure === `${measure}_share`) ? `${measure}_share` : unclassifiedFor(ctx.vocab, "ratio");
  const names = new Set<string>();
  for (const g of groups) {
    const num = /([0-9][0-9.,]*)\s*%/u.exec(g);
    if (!num) return undefined;
    const before = g.slice(0, num.index).trim();
    const after = g.slice(num.index + num[0].length).trim();
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&").replace(/\s+/gu, "\\s*");
    const pattern = `\\(${before ? esc(before) + "\\s*" : ""}([0-9.]+\\s*%)${after ? "\\s*" + esc(after) : ""}\\)`;
    let name = words(`${before} ${after}`).join("-").replace(/[^a-z0-9-]/gu, "") || "share";
    while (names.has(name)) name += "-2";
    names.add(name);
    const breakdown = breakdownOf(`${before} ${after}`, ctx);
    parts.push({
      name,
      pattern,
      coordinates: { measure: shareMeasure, breakdown: breakdown || `part=${words(`${before} ${after}`).join(" ") || "share"}` },
      share_of: "total",
    });
  }
  const rule = { parts };
  // every cell of the row must have the same shape
  for (const c of cells) {
    const g = shape.exec(c);
    if (!g || [...g[2]!.matchAll(/\(([^()]*)\)/gu)].length !== groups.length) return undefined;
  }
  return { rule, what: `a figure and ${groups.length} share(s) of it`, confidence: 0.7 };
};

/** True when reading blank cells as zero makes every total of the table that involves one add up. */
const blanksAreZero = (
  body: string[][],
  rowLabels: string[],
  columnLabels: string[],
  hierarchy: Record<string, unknown>[],
  format: NumberFormat,
  ctx: TableContext,
): boolean => {
  const value = (r: number, c: number): number | undefined => {
    const t = body[r]?.[c + 1] ?? "";
    if (t === "") return 0;
    const p = parseNumber(t, format, ctx.missing);
    return isFailure(p) || p.value === null ? undefined : p.value;
  };
  let involved = 0;
  for (const h of hierarchy) {
    const parts = h.parts as string[];
    if (h.complete === false) continue;
    const rowsAxis = h.axis === "rows";
    const totalIndex = (rowsAxis ? rowLabels : columnLabels).indexOf(h.total as string);
    const partIndexes = parts.map((p) => (rowsAxis ? rowLabels : columnLabels).indexOf(p));
    const across = rowsAxis ? columnLabels.length : rowLabels.length;
    for (let k = 0; k < across; k++) {
      const get = (i: number) => (rowsAxis ? value(i, k) : value(k, i));
      const blank = (i: number) => (rowsAxis ? body[i]?.[k + 1] : body[k]?.[i + 1]) === "";
      if (!partIndexes.some(blank) && !blank(totalIndex)) continue;
      involved++;
      const total = get(totalIndex);
      const sum = partIndexes.reduce((s, i) => s + (get(i) ?? NaN), 0);
      if (total === undefined || Number.isNaN(sum) || Math.abs(total - sum) > 1e-9) return false;
    }
  }
  return involved > 0;
};
