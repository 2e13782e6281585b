import type { NumberFormat } from "../parse/numberTypes.ts";
import { isFailure, parseNumber } from "../parse/numbers.ts";
import { stripMarks as stripSuperscripts, SUPERSCRIPT_RUN, superscriptNumber } from "./document.ts";
import { unclassifiedFor } from "./measures.ts";
import { breakdownOf, type Coordinates, type Note, type TableContext } from "./tableLabels.ts";
import { words } from "./vocabulary.ts";

/** What the packed cells of a table need: its figures and labels, its number format, what its rows mean. */
export interface PackedInputs {
  readonly ctx: TableContext;
  readonly note: Note;
  readonly body: string[][];
  readonly rowLabels: string[];
  readonly columnLabels: string[];
  /** every figure cell of the body */
  readonly cells: string[];
  readonly format: NumberFormat;
  readonly rowsAxis: Record<string, unknown>;
  readonly coordinates: Coordinates;
}

/**
 * Packed cells: markers no vocabulary knows (read as not available), figures with a footnote mark, and
 * cells holding more than one figure, each with the rule that splits it.
 */
export const packedCells = (p: PackedInputs) => {
  const { ctx, note, body, rowLabels, columnLabels, cells, format, rowsAxis, coordinates } = p;
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
  return { cellRules, cellMarks, unknownMarkers, tableMissing };
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
