/**
 * The importer's vocabularies, all data under `sources/_reference/`: the words a profile uses for totals,
 * sections, non-figures and attributions (`import-words.csv`), directions, breakdowns, the kinds of cited
 * sources (`citation-words.csv`) and the measures with their keywords (`measures.csv`). Nothing here names
 * one document's wording.
 */
import { join } from "node:path";
import Papa from "papaparse";
import { readFileSync } from "node:fs";
import type { CountryResolver } from "../reference/countries.ts";
import type { NumberWords } from "../reference/numberWords.ts";
import type { QualifierRegistry } from "../reference/qualifiers.ts";
import type { UnitRegistry } from "../reference/units.ts";

/** The shared vocabularies the importer resolves against, the same the build uses. */
export interface ImportReference {
  readonly countries: CountryResolver;
  readonly units: UnitRegistry;
  readonly qualifiers: QualifierRegistry;
  readonly numberWords: NumberWords;
}

export interface MeasureWords {
  readonly measure: string;
  readonly label: string;
  readonly kind: string;
  readonly baseUnit: string;
  /** each keyword phrase as lower-case words */
  readonly keywords: ReadonlyArray<ReadonlyArray<string>>;
}

export interface ImportVocabulary {
  /** role -> phrases (lower case): total, of_which, residual, by, skip_section, section:NAME, not_before, duration, contact, attribution */
  readonly roles: ReadonlyMap<string, ReadonlyArray<string>>;
  readonly directions: ReadonlyArray<{ readonly words: string; readonly direction: string }>;
  readonly breakdowns: ReadonlyArray<{ readonly words: string; readonly breakdown: string }>;
  readonly citationWords: ReadonlyArray<{ readonly words: string; readonly kind: string; readonly country: string }>;
  readonly measures: ReadonlyArray<MeasureWords>;
}

const readRows = (file: string): Record<string, string>[] => {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/u, "");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data;
};

/** Load every vocabulary the importer reads from a reference folder. */
export const loadImportVocabulary = (referenceDir: string): ImportVocabulary => {
  const roles = new Map<string, string[]>();
  for (const r of readRows(join(referenceDir, "import-words.csv"))) {
    const role = (r.role ?? "").trim();
    const word = (r.word ?? "").trim().toLowerCase();
    if (role === "" || word === "") continue;
    roles.set(role, [...(roles.get(role) ?? []), word]);
  }
  const directions = readRows(join(referenceDir, "directions.csv")).map((r) => ({ words: (r.word ?? "").trim().toLowerCase(), direction: (r.direction ?? "").trim() }));
  const breakdowns = readRows(join(referenceDir, "breakdowns.csv")).map((r) => ({ words: (r.word ?? "").trim().toLowerCase(), breakdown: (r.breakdown ?? "").trim() }));
  const citationWords = readRows(join(referenceDir, "citation-words.csv")).map((r) => ({
    words: (r.word ?? "").trim().toLowerCase(),
    kind: (r.kind ?? "").trim(),
    country: (r.country ?? "").trim(),
  }));
  const measures = readRows(join(referenceDir, "measures.csv")).map((r) => ({
    measure: (r.measure ?? "").trim(),
    label: (r.label ?? "").trim(),
    kind: (r.kind ?? "").trim(),
    baseUnit: (r.base_unit ?? "").trim(),
    keywords: (r.keywords ?? "")
      .split("|")
      .map((k) => words(k))
      .filter((k) => k.length > 0),
  }));
  return { roles, directions, breakdowns, citationWords, measures };
};

/** Lower-case words of a text (letters, digits, %, and inner hyphens or apostrophes kept). */
export const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[’‘`]/gu, "'")
    .split(/[^\p{L}\p{N}%'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/gu, ""))
    .filter((w) => w !== "");

/** A text word matches a vocabulary word when equal, or the same word with a plural or adjective ending. */
export const wordMatches = (text: string, vocab: string): boolean =>
  text === vocab || (vocab.length >= 4 && text.startsWith(vocab) && text.length - vocab.length <= 2) || (vocab.length >= 5 && vocab.startsWith(text) && vocab.length - text.length <= 1);

/** Index of the first occurrence of a phrase (as words) in a list of words, or -1. */
export const findPhrase = (hay: ReadonlyArray<string>, phrase: ReadonlyArray<string>, from = 0): number => {
  outer: for (let i = from; i + phrase.length <= hay.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!wordMatches(hay[i + j]!, phrase[j]!)) continue outer;
    return i;
  }
  return -1;
};

/** True when the text holds one of the phrases of a role, word by word. */
export const hasRole = (vocab: ImportVocabulary, role: string, text: string): boolean => {
  const hay = words(text);
  return (vocab.roles.get(role) ?? []).some((p) => findPhrase(hay, words(p)) >= 0);
};

/** True when the text starts with one of the phrases of a role. */
export const startsWithRole = (vocab: ImportVocabulary, role: string, text: string): boolean => {
  const hay = words(text);
  return (vocab.roles.get(role) ?? []).some((p) => {
    const w = words(p);
    return w.length > 0 && findPhrase(hay.slice(0, w.length), w) === 0;
  });
};
