/**
 * Citations from footnotes, table Source lines, box Sources lines and inline attributions, deduplicated:
 * two references are one citation when their significant words (stemmed, page locators dropped) are
 * the same or nearly so, or when one is a short form ("OECD 2010", "ILO (2009)") of the other, with
 * the same year. "Ibid." repeats the previous footnote's citation; "op. cit." the last one by the same
 * author. Kinds and reporters come from `citation-words.csv`.
 */
import { distance } from "fastest-levenshtein";
import type { CountryResolver } from "../reference/countries.ts";
import type { Footnote } from "./document.ts";
import { findPhrase, words, type ImportVocabulary } from "./vocabulary.ts";

export interface CitationRow {
  id: string;
  printed: string;
  publisher: string;
  title: string;
  year: string;
  reporter: string;
  kind: string;
  url: string;
}

export interface FootnoteRow {
  mark: string;
  section: string;
  citation: string;
  pages: string;
  flags: string;
  reference_date: string;
  /** where the footnote stands, for review.csv (not written to footnotes.csv) */
  line: number;
}

const STOP = new Set(["of", "the", "and", "in", "for", "a", "an", "on", "by", "to", "from", "p", "pp", "see", "also", "source", "sources", "at", "available", "its", "with", "as"]);
const MONTHS: Record<string, string> = { january: "01", february: "02", march: "03", april: "04", may: "05", june: "06", july: "07", august: "08", september: "09", october: "10", november: "11", december: "12" };

const stem = (w: string): string => (/^\d+$/u.test(w) ? w : w.slice(0, 5));
/** The significant words of a reference, stemmed; page locators and the words of `boilerplate` (how it reached the authors) dropped. */
export const citationKey = (text: string, boilerplate: ReadonlyArray<string> = []): Set<string> => {
  let t = text.replace(/\bpp?\.\s*\d+(?:\s*(?:-|–|and)\s*\d+)?/gu, " ").replace(/https?:\/\/\S+|www\.\S+/gu, " ").toLowerCase();
  for (const b of boilerplate) t = t.replace(new RegExp(`\\b${b.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}\\b`, "gu"), " ");
  return new Set(
    words(t)
      .filter((w) => !STOP.has(w) && !/^\d{1,3}$/u.test(w))
      .map(stem),
  );
};
const primaryYear = (text: string): string => /\b(19[5-9]\d|20[0-4]\d)\b/u.exec(text)?.[1] ?? "";
const jaccard = (a: Set<string>, b: Set<string>): number => {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
};
const missing = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x));

const isIbid = (text: string): boolean => /^\W*(?:[\p{L} .,&]{0,40}:\s*)?\W*ibid\b/iu.test(text);
const isOpCit = (text: string): boolean => /\bop\.?\s*cit\b/iu.test(text);

/** Whether a footnote reads as a reference rather than a remark. */
export const isReference = (text: string, vocab: ImportVocabulary): boolean => {
  if (isIbid(text) || isOpCit(text) || /https?:|www\./iu.test(text) || /^\W*source/iu.test(text)) return true;
  const hay = words(text);
  if (primaryYear(text) !== "") return true;
  if (hay.length > 20) return false;
  return vocab.citationWords.some((c) => findPhrase(hay, words(c.words)) >= 0) || /\b(information|report|provided|communication|correspondence|yearbook|statistics|database|web-?site)\b/iu.test(text);
};

/** The bibliographic part of a footnote: its first sentence and the short pieces after it that still read as reference. */
export const printedReference = (text: string): string => {
  const clean = text.replace(/\*([^*]+)\*/gu, "$1").replace(/<(https?:[^>]+)>/gu, "$1").replace(/^\W*(?:source|sources)\s*:\s*/iu, "").replace(/\s+/gu, " ").trim();
  // an author's initial ("Lucke, M. (2007)") does not end the reference
  const pieces = clean.split(/(?<=(?<!(?:^|[\s,(])\p{Lu})[.])\s+(?=[A-Z“"(])/u);
  let out = pieces[0] ?? "";
  for (const p of pieces.slice(1)) {
    const short = words(p).length <= 8;
    if (short && (/\b(19|20)\d\d\b|https?:|received|p\.\s*\d/iu.test(p) || /^[A-Z][^ ]*:/u.test(p))) out += " " + p;
    else break;
  }
  return out.replace(/\s+\.$/u, ".").trim();
};

export class CitationBook {
  readonly rows: CitationRow[] = [];
  /** id -> the words its kind and reporter were read from, for review.csv */
  readonly because = new Map<string, string>();
  /** id -> the document line where the reference was first met */
  readonly lines = new Map<string, number>();
  private readonly keys: Set<string>[] = [];
  private readonly years: string[] = [];
  private readonly ids = new Set<string>();

  constructor(
    private readonly vocab: ImportVocabulary,
    private readonly countries: CountryResolver,
  ) {}

  /** The id of an existing citation the text names (same work, or its short form), or undefined. */
  find(text: string, strict = false): string | undefined {
    const key = this.key(text);
    const year = primaryYear(text);
    if (key.size === 0) return undefined;
    let best: { i: number; score: number } | undefined;
    this.keys.forEach((k, i) => {
      const y = this.years[i]!;
      if (year !== "" && y !== "" && year !== y) return;
      const j = jaccard(key, k);
      const miss = missing(key, k);
      // "Eurostat [2010]: Demographic Yearbok 2010" and "Eurostat Demographic Yearbook 2010": one word misspelt
      const misspelt = miss.length === 1 && [...k].some((w) => distance(w, miss[0]!) <= 2 && w.length >= 4);
      const same = strict ? j >= 0.5 : j >= 0.75 || (key.size <= 3 && miss.length === 0) || (key.size === 4 && misspelt && year !== "" && year === y);
      if (!same) return;
      if (!best || j > best.score) best = { i, score: j };
    });
    return best ? this.rows[best.i]!.id : undefined;
  }

  /** The id of the citation for a reference text, adding it when it is new. */
  add(text: string, asPrinted = false, strict = false, line = 0): string {
    const printed = asPrinted ? text.replace(/\s+/gu, " ").trim() : printedReference(text);
    const found = this.find(printed, strict);
    if (found) return found;
    const row = this.describe(printed);
    this.lines.set(row.id, line);
    this.rows.push(row);
    this.keys.push(this.key(printed));
    this.years.push(primaryYear(printed));
    return row.id;
  }

  /** The key of a reference with the vocabulary's boilerplate words dropped. */
  key(text: string): Set<string> {
    return citationKey(text, this.vocab.roles.get("citation_boilerplate") ?? []);
  }

  /** The most recent citation whose words include the first significant word of the text ("op. cit."). */
  byAuthor(text: string): string | undefined {
    const first = [...this.key(text.replace(/\bop\.?\s*cit\.?/giu, ""))][0];
    if (first === undefined) return undefined;
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.keys[i]!.has(first)) return this.rows[i]!.id;
    return undefined;
  }

  private describe(printed: string): CitationRow {
    const hay = words(printed);
    const hit = [...this.vocab.citationWords].sort((a, b) => words(b.words).length - words(a.words).length).find((c) => findPhrase(hay, words(c.words)) >= 0);
    const kind = hit?.kind || "academic";
    let reporter = hit?.country ?? "";
    if (reporter === "" && (kind === "government" || kind === "national-statistics")) reporter = this.countryNamed(printed);
    const year = primaryYear(printed);
    const title = /[“"]([^”"]{3,})[”"]/u.exec(printed)?.[1]?.trim() ?? "";
    const url = /(https?:\/\/[^\s>)]+|www\.[^\s>)]+)/u.exec(printed)?.[1]?.replace(/[.,;]$/u, "") ?? "";
    const publisher = (printed.split(/[,:;(]/u)[0] ?? "").trim().slice(0, 80);
    const base = [...hay.filter((w) => !STOP.has(w) && /^\p{L}/u.test(w)).slice(0, 2)].join("-").replace(/[^a-z0-9-]/gu, "") || "source";
    let id = year ? `${base}-${year}` : base;
    for (let n = 2; this.ids.has(id); n++) id = `${year ? `${base}-${year}` : base}-${n}`;
    this.ids.add(id);
    this.because.set(id, hit ? `"${hit.words}" in citation-words.csv` : "no word of citation-words.csv: the default kind");
    return { id, printed, publisher, title, year, reporter, kind, url };
  }

  /** A country the text names, also as an adjective ("Georgian" -> Georgia). */
  private countryNamed(text: string): string {
    const ws = text.split(/[^\p{L}'-]+/u).filter((w) => /^\p{Lu}/u.test(w));
    for (let n = 3; n >= 1; n--) {
      for (let i = 0; i + n <= ws.length; i++) {
        const phrase = ws.slice(i, i + n).join(" ");
        const hit = this.countries.resolve(phrase);
        if (hit.ok && hit.kind === "country") return hit.name;
        if (n === 1) {
          for (const cut of [1, 2]) {
            const stemmed = this.countries.resolve(phrase.slice(0, -cut));
            if (phrase.length > 5 && stemmed.ok && stemmed.kind === "country") return stemmed.name;
          }
        }
      }
    }
    return "";
  }
}

/** "Presented by Smith, citing ...": a footnote naming the author of a work cited before */
const BY_AUTHOR = /^\W*(?:[Pp]resented|[Cc]ited|[Qq]uoted|[Rr]eported) by ([A-Z][\p{L}-]+)/u;

/** Footnotes as citations: references in order, then "Ibid." and "op. cit." resolved against them. */
export const draftFootnotes = (footnotes: ReadonlyArray<Footnote>, book: CitationBook, vocab: ImportVocabulary): FootnoteRow[] => {
  const out: FootnoteRow[] = [];
  // long references first, so that a short form printed earlier still finds the full reference
  for (const f of footnotes) {
    if (!isIbid(f.text) && !isOpCit(f.text) && !BY_AUTHOR.test(f.text) && isReference(f.text, vocab) && book.key(printedReference(f.text)).size > 3) book.add(f.text, false, false, f.line);
  }
  let previous = "";
  for (const f of footnotes) {
    let citation = "";
    const by = BY_AUTHOR.exec(f.text);
    if (isIbid(f.text)) citation = previous;
    else if (by && book.byAuthor(by[1]!)) citation = book.byAuthor(by[1]!)!;
    else if (isOpCit(f.text)) citation = book.byAuthor(f.text) ?? book.add(f.text, false, false, f.line);
    else if (isReference(f.text, vocab)) citation = book.add(f.text, false, false, f.line);
    if (citation !== "") previous = citation;
    const pages = /\bpp?\.\s*(\d+(?:\s*(?:-|–|and)\s*\d+)?)/u.exec(f.text)?.[1] ?? "";
    const flags = ["provisional", "estimate", "unofficial", "cumulative"].filter((w) => new RegExp(`\\b${w}`, "iu").test(f.text));
    out.push({ mark: f.mark, section: f.section, citation, pages, flags: flags.join(";"), reference_date: referenceDate(f.text), line: f.line });
  }
  return out;
};

/** "Status as at 3 May 2011", "Received: 09 March 2012" -> 2011-05-03. */
const referenceDate = (text: string): string => {
  const m = /\b(?:status as (?:at|of)|received:?|as (?:at|of))\s+(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})/iu.exec(text);
  if (!m) return "";
  const month = MONTHS[m[2]!.toLowerCase()];
  return month ? `${m[3]}-${month}-${m[1]!.padStart(2, "0")}` : "";
};
