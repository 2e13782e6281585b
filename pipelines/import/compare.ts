/**
 * `--compare sources/ID`: the draft against a package made by hand, part by part: tables found (by
 * number), table cells (same row label, column label and printed text), hierarchy rules (same table,
 * axis, total, parts and completeness), statements (same value and period; then also the same measure
 * and citation; then also unit and qualifier) and citations (the same reference by its words). Prints
 * recall and precision per part, the hand-made statements the draft missed and the drafted ones with
 * no match, then one line of JSON.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { isFailure, parseNumber } from "../parse/numbers.ts";
import { citationKey } from "./citations.ts";
import type { ImportResult } from "./importDocument.ts";
import { periodSpan } from "./periodPhrases.ts";

export interface PartScore {
  readonly hand: number;
  readonly draft: number;
  readonly matched: number;
  readonly recall: number;
  readonly precision: number;
}

export interface Comparison {
  readonly tables: PartScore;
  readonly cells: PartScore;
  readonly hierarchy: PartScore;
  readonly statements: PartScore;
  readonly statementsMeasureCitation: PartScore;
  readonly statementsAll: PartScore;
  readonly citations: PartScore;
  readonly missedStatements: ReadonlyArray<Record<string, string>>;
  readonly unmatchedStatements: ReadonlyArray<Record<string, string>>;
  readonly missedRules: ReadonlyArray<string>;
  /** matched by value and period, with another measure or citation: [hand, draft] */
  readonly mismatched: ReadonlyArray<readonly [Record<string, string>, Record<string, string>]>;
}

type Row = Record<string, string>;
interface PackageView {
  descriptor: { publication: { date: string }; tables: Array<Record<string, unknown>> };
  tableCsv: Map<string, string[][]>;
  statements: Row[];
  citations: Row[];
}

const parseCsv = (text: string): string[][] => Papa.parse<string[]>(text.replace(/^\uFEFF/u, ""), { skipEmptyLines: true }).data;
const rowsOf = (text: string): Row[] => Papa.parse<Row>(text.replace(/^\uFEFF/u, ""), { header: true, skipEmptyLines: true }).data;

const fromFiles = (read: (rel: string) => string | undefined): PackageView => {
  const descriptor = JSON.parse((read("descriptor.json") ?? "{}").replace(/^\uFEFF/u, ""));
  const tableCsv = new Map<string, string[][]>();
  for (const t of descriptor.tables ?? []) {
    const text = read(String(t.file));
    if (text !== undefined) tableCsv.set(String(t.number), parseCsv(text));
  }
  return { descriptor, tableCsv, statements: rowsOf(read("statements.csv") ?? ""), citations: rowsOf(read("citations.csv") ?? "") };
};

const score = (hand: number, draft: number, matchedHand: number, matchedDraft = matchedHand): PartScore => ({
  hand,
  draft,
  matched: matchedHand,
  recall: hand === 0 ? 1 : matchedHand / hand,
  precision: draft === 0 ? 1 : matchedDraft / draft,
});

const cellKeys = (table: Record<string, unknown>, rows: string[][]): string[] => {
  const headerRows = Number(table.header_rows ?? 1);
  const names = ((table.columns as { names?: string[] })?.names ?? []) as string[];
  const width = rows[0]?.length ?? 0;
  const labels: string[] = [];
  for (let c = 1; c < width; c++) {
    let label = names[c - 1] ?? "";
    for (let h = headerRows - 1; h >= 0; h--) if ((rows[h]?.[c] ?? "") !== "") {
      label = rows[h]![c]!;
      break;
    }
    labels.push(label.trim());
  }
  return rows.slice(headerRows).flatMap((r) => r.slice(1).map((cell, c) => `${(r[0] ?? "").trim()}\u0001${labels[c]}\u0001${cell}`));
};

const ruleKeys = (table: Record<string, unknown>): string[] =>
  ((table.hierarchy ?? []) as Array<{ axis: string; total: string; parts: string[]; complete?: boolean }>).map(
    (h) => `Table ${table.number} ${h.axis}: ${h.total} = ${[...h.parts].sort().join(" + ")}${h.complete === false ? " (partial)" : ""}`,
  );

const numberOf = (text: string): string => {
  const p = parseNumber(text.replace(/%/gu, ""), { decimal: ".", group: "," }, {});
  if (isFailure(p)) return text.trim().toLowerCase();
  return p.value !== null ? String(Math.round(p.value * 1e6) / 1e6) : `${p.low}..${p.high}`;
};
const periodOf = (text: string, asOf: string): string => {
  const p = periodSpan(text, asOf);
  return p ? `${p.start}/${p.end}` : text.trim().toLowerCase();
};

/** Map each drafted citation id to the hand-made one with the same reference (by its words). */
const citationMap = (draft: Row[], hand: Row[], boilerplate: ReadonlyArray<string>): Map<string, string> => {
  const map = new Map<string, string>();
  const handKeys = hand.map((h) => ({ id: h.id!, key: citationKey(`${h.printed} ${h.title ?? ""}`, boilerplate), year: h.year ?? "" }));
  for (const d of draft) {
    const key = citationKey(d.printed ?? "", boilerplate);
    let best: { id: string; s: number } | undefined;
    for (const h of handKeys) {
      let inter = 0;
      for (const x of key) if (h.key.has(x)) inter++;
      const s = inter / (key.size + h.key.size - inter || 1);
      // one reference holding all the words of the other is the same work, even where the years differ
      const subset = (inter === key.size && key.size >= 2) || (inter === h.key.size && h.key.size >= 2);
      if (!subset && d.year && h.year && d.year !== h.year) continue;
      if ((s >= 0.5 || subset) && (!best || s > best.s)) best = { id: h.id, s };
    }
    if (best) map.set(d.id!, best.id);
  }
  return map;
};

/** `boilerplate`: words of a reference that say how it reached the authors (import-words.csv), ignored when matching citations */
export const comparePackages = (draft: PackageView, hand: PackageView, boilerplate: ReadonlyArray<string> = []): Comparison => {
  const asOf = hand.descriptor.publication?.date ?? "";
  // tables and cells
  const handTables = hand.descriptor.tables ?? [];
  const draftTables = draft.descriptor.tables ?? [];
  const draftByNumber = new Map(draftTables.map((t) => [String(t.number), t]));
  const foundTables = handTables.filter((t) => draftByNumber.has(String(t.number))).length;
  let handCells = 0;
  let draftCells = 0;
  let sameCells = 0;
  const handRules: string[] = [];
  const draftRules = new Set<string>();
  for (const t of draftTables) for (const k of ruleKeys(t)) draftRules.add(k);
  for (const t of handTables) {
    const h = cellKeys(t, hand.tableCsv.get(String(t.number)) ?? []);
    handCells += h.length;
    handRules.push(...ruleKeys(t));
    const d = draftByNumber.get(String(t.number));
    if (!d) continue;
    const dk = new Set(cellKeys(d, draft.tableCsv.get(String(t.number)) ?? []));
    for (const k of h) if (dk.has(k)) sameCells++;
  }
  for (const t of draftTables) draftCells += cellKeys(t, draft.tableCsv.get(String(t.number)) ?? []).length;
  const missedRules = handRules.filter((r) => !draftRules.has(r));
  const ruleHits = handRules.length - missedRules.length;

  // citations
  const cmap = citationMap(draft.citations, hand.citations, boilerplate);
  const handCited = new Set(cmap.values());

  // statements: value and period, greedily, preferring the same section
  const used = new Set<number>();
  const key = (s: Row) => `${numberOf(s.value ?? "")}|${periodOf(s.period ?? "", asOf)}`;
  const draftKeys = draft.statements.map(key);
  let vp = 0;
  let mc = 0;
  let all = 0;
  const missed: Row[] = [];
  const mismatched: Array<readonly [Row, Row]> = [];
  for (const h of hand.statements) {
    const k = key(h);
    let best = -1;
    draftKeys.forEach((dk, i) => {
      if (used.has(i) || dk !== k) return;
      if (best < 0 || (draft.statements[i]!.section === h.section && draft.statements[best]!.section !== h.section)) best = i;
    });
    if (best < 0) {
      missed.push(h);
      continue;
    }
    used.add(best);
    vp++;
    const d = draft.statements[best]!;
    const sameMeasure = d.measure === h.measure;
    const sameCitation = (cmap.get(d.citation ?? "") ?? "") === (h.citation ?? "");
    if (!(sameMeasure && sameCitation)) mismatched.push([h, { ...d, citation: `${d.citation} (= ${cmap.get(d.citation ?? "") ?? "?"})` }]);
    if (sameMeasure && sameCitation) {
      mc++;
      if ((d.unit ?? "") === (h.unit ?? "") && (d.qualifier ?? "") === (h.qualifier ?? "")) all++;
    }
  }
  const unmatched = draft.statements.filter((_, i) => !used.has(i));
  return {
    tables: score(handTables.length, draftTables.length, foundTables),
    cells: score(handCells, draftCells, sameCells),
    hierarchy: score(handRules.length, draftRules.size, ruleHits),
    statements: score(hand.statements.length, draft.statements.length, vp),
    statementsMeasureCitation: score(hand.statements.length, draft.statements.length, mc),
    statementsAll: score(hand.statements.length, draft.statements.length, all),
    citations: score(hand.citations.length, draft.citations.length, handCited.size, cmap.size),
    missedStatements: missed,
    unmatchedStatements: unmatched,
    missedRules,
    mismatched,
  };
};

/** Compare an import's files with a package folder made by hand. */
export const compareDraft = (result: ImportResult, handDir: string, boilerplate: ReadonlyArray<string> = []): Comparison => {
  const draft = fromFiles((rel) => result.files.get(rel));
  const hand = fromFiles((rel) => {
    const p = join(handDir, rel);
    return existsSync(p) ? readFileSync(p, "utf8") : undefined;
  });
  return comparePackages(draft, hand, boilerplate);
};

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export const formatComparison = (c: Comparison): string => {
  const lines: string[] = [];
  const part = (name: string, s: PartScore) =>
    lines.push(`${name.padEnd(34)} recall ${pct(s.recall).padStart(7)} (${s.matched}/${s.hand})   precision ${pct(s.precision).padStart(7)} (of ${s.draft} drafted)`);
  part("tables", c.tables);
  part("table cells", c.cells);
  part("hierarchy rules", c.hierarchy);
  part("statements: value and period", c.statements);
  part("  + measure and citation", c.statementsMeasureCitation);
  part("  + unit and qualifier", c.statementsAll);
  part("citations", c.citations);
  if (c.missedRules.length > 0) lines.push("", "hierarchy rules of the hand-made package not drafted:", ...c.missedRules.map((r) => `  ${r}`));
  lines.push("", `statements matched by value and period with another measure or citation (${c.mismatched.length}): hand-made | drafted`);
  for (const [h, d] of c.mismatched) lines.push(`  ${h.id}  ${h.value}  ${h.measure} ${h.citation} | ${d.id} ${d.measure} ${d.citation}`);
  lines.push("", `hand-made statements not drafted (${c.missedStatements.length}):`);
  for (const s of c.missedStatements) lines.push(`  ${s.id}  ${s.value}  ${s.period}  ${s.measure}  ${s.label}`);
  lines.push("", `drafted statements with no hand-made match (${c.unmatchedStatements.length}):`);
  for (const s of c.unmatchedStatements) lines.push(`  ${s.id}  ${s.value}  ${s.period}  ${s.measure}  ${s.label}`);
  const r = (s: PartScore) => ({ recall: Number(s.recall.toFixed(4)), precision: Number(s.precision.toFixed(4)), hand: s.hand, draft: s.draft, matched: s.matched });
  lines.push(
    "",
    JSON.stringify({
      tables: r(c.tables),
      cells: r(c.cells),
      hierarchy: r(c.hierarchy),
      statements: r(c.statements),
      statements_measure_citation: r(c.statementsMeasureCitation),
      statements_all: r(c.statementsAll),
      citations: r(c.citations),
      missed_statements: c.missedStatements.length,
      unmatched_statements: c.unmatchedStatements.length,
    }),
  );
  return lines.join("\n") + "\n";
};
