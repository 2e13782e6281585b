/**
 * A profile's text split into its parts: the title page, sections (numbered "1.1. Title" headings and
 * the unnumbered ones the vocabulary names: basic facts, summary, foreword), paragraphs, footnotes
 * (a line opening with superscript digits), tables ("Table N. caption" over tab-separated rows, then a
 * "Source:" line) and the source lines of boxes. Lines keep their 1-based numbers for every message.
 */
import type { InputError } from "../core/errors.ts";
import { hasRole, type ImportVocabulary } from "./vocabulary.ts";

export interface DocLine {
  readonly n: number;
  readonly text: string;
}

export interface Footnote {
  /** the mark as the package names it: the number, or a section letter and the number in unnumbered sections ("F2") */
  readonly mark: string;
  readonly number: string;
  readonly text: string;
  readonly line: number;
  readonly section: string;
}

export interface TableBlock {
  readonly number: string;
  /** the caption after "Table N.", without footnote marks or dotted leaders */
  readonly title: string;
  readonly marks: ReadonlyArray<string>;
  readonly line: number;
  readonly section: string;
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: ReadonlyArray<string> }>;
  readonly source: { readonly text: string; readonly line: number } | undefined;
  /** laid out with runs of spaces, not tabs: a blank cell cannot be told from the gap between two cells */
  readonly aligned?: boolean;
}

export interface Paragraph {
  /** text with superscript marks kept (the statements reader needs where they stand) */
  readonly text: string;
  readonly line: number;
  readonly section: string;
  /** the last sub-heading or section title above it */
  readonly heading: string;
  /** a box row printed "label<TAB>value" */
  readonly boxRow: boolean;
}

export interface ProfileDocument {
  readonly file: string;
  readonly title: string;
  readonly titleLine: number;
  readonly titlePage: ReadonlyArray<DocLine>;
  readonly sections: ReadonlyArray<{ readonly number: string; readonly title: string; readonly line: number }>;
  readonly paragraphs: ReadonlyArray<Paragraph>;
  readonly footnotes: ReadonlyArray<Footnote>;
  readonly tables: ReadonlyArray<TableBlock>;
  /** "Sources:" lines outside tables, with the section they close */
  readonly boxSources: ReadonlyArray<{ readonly text: string; readonly line: number; readonly section: string }>;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
};
/** footnote marks; "²" and "³" after a unit of length ("km²", "m³") are exponents, not marks */
export const SUPERSCRIPT_RUN = /(?<!\b[kcdμ]?m)[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=\b[kcdμ]?m[²³])[⁰¹⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*/gu;
/** "²³" -> "23" */
export const superscriptNumber = (s: string): string => [...s].map((c) => SUPERSCRIPT[c] ?? "").join("");
export const stripMarks = (s: string): string => s.replace(SUPERSCRIPT_RUN, "");
/** Footnote numbers restart in unnumbered sections: their marks carry the section's letter ("F2" in the foreword). */
export const markPrefix = (section: string): string => (/^(?:\d|[A-H](?:\.\d|$))/u.test(section) ? "" : section.charAt(0).toUpperCase());
/** the text of a cell or caption without markup the extraction left (<i>, *emphasis*) */
export const plain = (s: string): string => s.replace(/\\([$*_#])/gu, "$1").replace(/<\/?[a-z][^>]*>/giu, "").replace(/\*([^*]+)\*/gu, "$1").replace(/\s+/gu, " ").trim();

/** a contents line: its page number after a tab, dotted leaders or a run of spaces */
const TOC_LINE = /(?:(?:\.{3,}\s*)?\t|\.{3,}| {3,})\s*\d{1,4}\s*$/u;
/** "1.2. Title", or lettered as some profiles number their parts: "B.", "B.1." */
const NUMBERED = /^((?:\d{1,2}|[A-H])(?:\.\d{1,2}){0,2})\.?\s+(\S.{0,160})$/u;
const CAPTION = /^(?:Table|TABLE)\s+(\d{1,3}[A-Za-z]?)(?:\s*[.:–—-]\s*|\s+(?=\p{Lu}))(.+)$/u;
/** "Table 3 (continued)": the rest of a table a page broke; the words in parentheses are the vocabulary's `continued` */
const CONTINUED = /^(?:Table|TABLE)\s+(\d{1,3}[A-Za-z]?)\s*[.:–—-]?\s*\(([^()]{1,30})\)\s*[.:]?\s*(.*)$/u;
/** lines between a table's rows and its source: "Note:", "Notes:", or a note opened by asterisks or a letter mark */
const NOTE = /^(?:Notes?\s*:|\*+\s*\S|\([a-z]\)\s)/iu;
/** a line of a table aligned with spaces: at least two cells apart by two or more spaces */
const SPACE_CELLS = /^\S.*? {2,}\S/u;
const SOURCE = /^Sources?\s*:\s*(.*)$/iu;
const FOOTNOTE = /^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(\S.*)$/u;

const isUpper = (s: string): boolean => /\p{Lu}/u.test(s) && s === s.toUpperCase();

/** Split a document into lines, sections, paragraphs, footnotes and tables; bad structure is reported. */
export const splitDocument = (text: string, file: string, vocab: ImportVocabulary): { doc: ProfileDocument; errors: InputError[] } => {
  const errors: InputError[] = [];
  const lines: DocLine[] = text.split(/\r\n|\r|\n/u).map((t, i) => ({ n: i + 1, text: t.replace(/\u00A0/gu, " ") }));
  const firstText = lines.find((l) => l.text.trim() !== "");
  const title = firstText ? plain(firstText.text) : "";

  const sections: Array<{ number: string; title: string; line: number }> = [];
  const paragraphs: Array<{ text: string; line: number; section: string; heading: string; boxRow: boolean }> = [];
  const footnotes: Footnote[] = [];
  const tables: TableBlock[] = [];
  const boxSources: Array<{ text: string; line: number; section: string }> = [];
  const titlePage: DocLine[] = [];

  let section = "title";
  let skip = false;
  let heading = "";
  let top = 0;
  let sub = 0;
  let subsub = 0;
  let seenNumbered = false;

  /** the next numbered heading must continue the numbering: "2." after "1.x", "1.2." after "1.1." */
  const numberedHeading = (t: string): { number: string; title: string } | undefined => {
    if (TOC_LINE.test(t) || t.includes("\t")) return undefined;
    const m = NUMBERED.exec(t.trim());
    if (!m) return undefined;
    // a letter counts as its place in the alphabet ("B" = 2); a lettered heading must be upper case, never a sentence ("A. Smith wrote")
    const lettered = /^[A-H]/u.test(m[1]!);
    const parts = m[1]!.split(".").map((x, k) => (k === 0 && lettered ? x.charCodeAt(0) - 64 : Number(x)));
    const rest = m[2]!.trim();
    if (lettered && parts.length === 1 && !isUpper(rest)) return undefined;
    if (!/^\p{L}/u.test(rest) || rest.length > 160 || /[.;,]$/u.test(rest)) return undefined;
    const number = m[1]!.replace(/\.$/u, "");
    if (parts.length === 1 && parts[0] === top + 1) return { number, title: rest };
    if (parts.length === 2 && parts[0] === top && parts[1] === sub + 1) return { number, title: rest };
    if (parts.length === 3 && parts[0] === top && parts[1] === sub && parts[2] === subsub + 1) return { number, title: rest };
    return undefined;
  };
  /** "3.2.1 Title" out of sequence: a sub-heading (a number with two dots is never a figure of the text) */
  const looseHeading = (t: string): string | undefined => {
    if (TOC_LINE.test(t) || t.includes("\t")) return undefined;
    const m = /^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+(\p{L}.{0,120})$/u.exec(t.trim());
    return m && !/[.;,]$/u.test(m[1]!) ? m[1]!.trim() : undefined;
  };
  const namedHeading = (t: string): string | undefined => {
    const s = plain(t);
    if (s.length === 0 || s.length > 90 || /[.;,]$/u.test(s) || t.includes("\t")) return undefined;
    if (seenNumbered && !isUpper(s)) return undefined;
    for (const [role, phrases] of vocab.roles) {
      if (!role.startsWith("section:") && role !== "skip_section") continue;
      if (phrases.some((p) => hasRole({ ...vocab, roles: new Map([["x", [p]]]) }, "x", s))) return role;
    }
    return undefined;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text;
    const trimmed = t.trim();
    if (trimmed === "") {
      i++;
      continue;
    }
    // a contents block ends where the body starts again at "1." (a second part, an annex) or at a table's caption
    if (skip && top > 0 && /^1\.?\s+\p{Lu}/u.test(trimmed) && !TOC_LINE.test(t) && !t.includes("\t")) top = sub = subsub = 0;
    if (skip && CAPTION.test(trimmed) && !TOC_LINE.test(t) && !CAPTION.exec(trimmed)![2]!.includes("....")) skip = false;
    const numbered = numberedHeading(t);
    if (numbered) {
      const parts = numbered.number.split(".");
      top = /^[A-H]$/u.test(parts[0]!) ? parts[0]!.charCodeAt(0) - 64 : Number(parts[0]);
      sub = parts.length > 1 ? Number(parts[1]) : 0;
      subsub = parts.length > 2 ? Number(parts[2]) : 0;
      seenNumbered = true;
      section = numbered.number;
      skip = false;
      heading = numbered.title;
      sections.push({ number: numbered.number, title: numbered.title, line: line.n });
      i++;
      continue;
    }
    const loose = seenNumbered ? looseHeading(t) : undefined;
    if (loose) {
      heading = loose;
      i++;
      continue;
    }
    const named = namedHeading(t);
    if (named) {
      skip = named === "skip_section";
      if (!skip) {
        section = named.slice("section:".length);
        heading = plain(t);
        sections.push({ number: section, title: plain(t), line: line.n });
      }
      i++;
      continue;
    }
    if (section === "title") {
      titlePage.push(line);
      i++;
      continue;
    }
    if (skip) {
      i++;
      continue;
    }
    const fn = FOOTNOTE.exec(t);
    if (fn) {
      const number = superscriptNumber(fn[1]!);
      footnotes.push({ mark: markPrefix(section) + number, number, text: fn[2]!.trim(), line: line.n, section });
      i++;
      continue;
    }
    const cont = CONTINUED.exec(trimmed);
    const continues = cont && !TOC_LINE.test(t) && hasRole(vocab, "continued", cont[2]!) ? [...tables].reverse().find((x) => x.number === cont[1]) : undefined;
    const cap = continues ? null : CAPTION.exec(trimmed);
    if (continues || (cap && !TOC_LINE.test(t))) {
      let rawTitle = cap ? cap[2]!.replace(/\.{3,}.*$/u, "") : "";
      const rows: Array<{ line: number; cells: string[] }> = [];
      let j = i + 1;
      const isRow = (x: string): boolean => x.includes("\t") || SPACE_CELLS.test(x.trim());
      const nextText = (from: number): number => {
        let n = from;
        for (let b = 0; n < lines.length && lines[n]!.text.trim() === "" && b < 3; b++) n++;
        return n;
      };
      // a caption the extraction wrapped: up to two lines of text, then the rows
      for (let wrap = 0; wrap < 2 && cap; wrap++) {
        const w = nextText(j);
        const x = lines[w]?.text.trim() ?? "";
        if (x === "" || isRow(lines[w]!.text) || SOURCE.test(x) || NOTE.test(x) || CAPTION.test(x) || x.length > 160) break;
        const after = nextText(w + 1);
        if (after >= lines.length || !isRow(lines[after]!.text)) break;
        rawTitle = `${rawTitle} ${x}`;
        j = w + 1;
      }
      const marks = [...rawTitle.matchAll(SUPERSCRIPT_RUN)].map((m) => superscriptNumber(m[0]));
      j = nextText(j);
      // rows are tab-separated; a table laid out with runs of spaces instead (no tab in its first row) is split at runs of two or more
      const aligned = j < lines.length && !lines[j]!.text.includes("\t") && SPACE_CELLS.test(lines[j]!.text.trim());
      // an indented line of an aligned table opens with a blank cell (a header over the row labels)
      const cellsOf = (x: string): string[] => (aligned ? [...(/^\s/u.test(x) ? [""] : []), ...x.trim().split(/\t| {2,}/u)] : x.split("\t")).map((c) => c.trim());
      while (j < lines.length && (lines[j]!.text.includes("\t") || (aligned && SPACE_CELLS.test(lines[j]!.text.trim()) && !SOURCE.test(lines[j]!.text.trim()) && !NOTE.test(lines[j]!.text.trim())))) {
        rows.push({ line: lines[j]!.n, cells: cellsOf(lines[j]!.text) });
        j++;
      }
      let source: { text: string; line: number } | undefined;
      let k = j;
      let seen = 0;
      while (k < lines.length && seen < 6) {
        const s = lines[k]!.text.trim();
        if (s === "") {
          k++;
          continue;
        }
        const sm = SOURCE.exec(s);
        if (sm) {
          source = { text: plain(sm[1]!), line: lines[k]!.n };
          j = k + 1;
          break;
        }
        // a "Note:" line may stand between the rows and the source
        if (NOTE.test(s)) {
          k++;
          seen++;
          continue;
        }
        break;
      }
      if (continues) {
        // the header rows the page repeated are dropped; the rest are rows of the table before
        let k2 = 0;
        while (k2 < rows.length && k2 < continues.rows.length && rows[k2]!.cells.join("\t") === continues.rows[k2]!.cells.join("\t")) k2++;
        (continues.rows as Array<{ line: number; cells: string[] }>).push(...rows.slice(k2));
        if (!continues.source && source) (continues as { source: typeof source }).source = source;
      } else tables.push({ number: cap![1]!, title: plain(stripMarks(rawTitle)), marks, line: line.n, section, rows, source, aligned });
      i = j;
      continue;
    }
    const src = SOURCE.exec(trimmed);
    if (src) {
      boxSources.push({ text: plain(src[1]!), line: line.n, section });
      i++;
      continue;
    }
    if (t.includes("\t") || / {3,}\S/u.test(t.trim())) {
      // a box row keeps its tab (or the run of spaces that stands for one): the label is what stands before it
      paragraphs.push({ text: t.replace(/<\/?[a-z][^>]*>/giu, "").trim().replace(/\t+| {3,}/gu, "\t"), line: line.n, section, heading, boxRow: true });
      i++;
      continue;
    }
    // a paragraph broken by a page (footnotes between its halves) continues with a lower-case word
    const prev = paragraphs.at(-1);
    const text = plain(t.replace(/\*([^*]+)\*/gu, "$1"));
    if (prev && !prev.boxRow && prev.section === section && /^\p{Ll}/u.test(text) && !/[.!?:”"]\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$/u.test(prev.text)) {
      prev.text = `${prev.text} ${text}`;
    } else if (text.length < 70 && !/[.;,!?]\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$/u.test(text) && !/\d/u.test(text) && /^\p{Lu}/u.test(text)) {
      heading = text;
      paragraphs.push({ text, line: line.n, section, heading, boxRow: false });
    } else {
      paragraphs.push({ text, line: line.n, section, heading, boxRow: false });
    }
    i++;
  }
  return {
    doc: { file, title, titleLine: firstText?.n ?? 1, titlePage, sections, paragraphs, footnotes, tables, boxSources },
    errors,
  };
};
