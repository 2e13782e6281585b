/**
 * Period phrases found in running text or a caption ("in 2011", "by 31 March 2012", "at the end of 2010",
 * "as of May 2012", "since 2003", "in the period from 2000 to 2010", "(2011)"), each written the
 * way the statements format prints a period and checked by the build's own period parser.
 */
import { isFailure } from "../parse/numbers.ts";
import { parsePeriod, type ParsedPeriod } from "../parse/periods.ts";

export interface PeriodPhrase {
  /** the period as a statement prints it ("end of 2010", "2011", "2000 – 2010") */
  readonly text: string;
  /** offsets of the phrase in the searched text */
  readonly start: number;
  readonly end: number;
  /** how it was found: a parenthesis right after a figure binds strongest */
  readonly kind: "paren" | "phrase" | "year";
}

const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";
const YEAR = "(?:19[5-9]\\d|20[0-4]\\d)";
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+${YEAR}|${MONTH}\\s+\\d{1,2},?\\s+${YEAR})`;
const POINT = `(?:${DAY}|${MONTH}\\s+${YEAR}|${YEAR})`;
const DASH = "\\s*[-–—]\\s*";

/** Patterns in order of precedence; each returns the period text to print. */
const PATTERNS: ReadonlyArray<{ re: RegExp; text: (m: RegExpExecArray) => string; kind: PeriodPhrase["kind"] }> = [
  { re: new RegExp(`\\((${YEAR}(?:${DASH}${YEAR}|/(?:${YEAR}|\\d\\d))?)\\)`, "gu"), text: (m) => m[1]!, kind: "paren" },
  // "2005/2006", "2005/06": a season or a survey's two years, printed as one period
  { re: new RegExp(`\\b(${YEAR}/(?:${YEAR}|\\d\\d))(?![\\d/])`, "gu"), text: (m) => m[1]!, kind: "phrase" },
  { re: new RegExp(`(?:at |by )?the end of (?:the )?(?:year )?(${YEAR})`, "giu"), text: (m) => `end of ${m[1]}`, kind: "phrase" },
  // "at the end of the drought in 2001": the end of something dated by a year
  { re: new RegExp(`\\bat the end of (?:the |an? )?[\\p{L} -]{3,40}? in (${YEAR})`, "giu"), text: (m) => `end of ${m[1]}`, kind: "phrase" },
  { re: new RegExp(`\\bend-(${YEAR})`, "giu"), text: (m) => `end of ${m[1]}`, kind: "phrase" },
  { re: new RegExp(`\\bas (?:of|at) (${POINT})`, "giu"), text: (m) => `as of ${m[1]}`, kind: "phrase" },
  { re: new RegExp(`\\bby (${POINT})`, "giu"), text: (m) => `by ${m[1]}`, kind: "phrase" },
  { re: new RegExp(`\\bsince (${POINT})`, "giu"), text: (m) => `since ${m[1]}`, kind: "phrase" },
  {
    re: new RegExp(`\\b(?:in |during |over )?(?:the period )?(?:from |between )(${YEAR})(?: to | and |${DASH})(${YEAR})`, "giu"),
    text: (m) => `${m[1]} – ${m[2]}`,
    kind: "phrase",
  },
  { re: new RegExp(`\\b(${YEAR})${DASH}(${YEAR})\\b`, "gu"), text: (m) => `${m[1]} – ${m[2]}`, kind: "phrase" },
  { re: new RegExp(`\\b(early|mid|late)(?:-| years of )(${YEAR})s?`, "giu"), text: (m) => `${m[1]!.toLowerCase()} ${m[2]}${/0$/u.test(m[2]!) ? "s" : ""}`, kind: "phrase" },
  { re: new RegExp(`\\b(?:in |during |for )(${DAY}|${MONTH}\\s+${YEAR})`, "giu"), text: (m) => m[1]!, kind: "phrase" },
  { re: new RegExp(`\\b(${MONTH}\\s+${YEAR})`, "gu"), text: (m) => m[1]!, kind: "phrase" },
  { re: new RegExp(`\\b(${YEAR})\\b`, "gu"), text: (m) => m[1]!, kind: "year" },
];

const NUMBER_WORDS: Readonly<Record<string, number>> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20 };

/** Every period phrase of a text, longest first where they overlap, in text order. `reference` is the year "the past 5 years" ends in. */
export const findPeriods = (text: string, asOf?: string, reference?: string): PeriodPhrase[] => {
  const found: PeriodPhrase[] = [];
  const taken: Array<[number, number]> = [];
  if (reference) {
    for (const m of text.matchAll(/\b(?:in|over|during) the (?:past|last) (\d{1,2}|[a-z]+) years\b/giu)) {
      const n = /^\d+$/u.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()];
      if (n === undefined) continue;
      const start = m.index ?? 0;
      taken.push([start, start + m[0].length]);
      found.push({ text: `${Number(reference) - n} – ${reference}`, start, end: start + m[0].length, kind: "phrase" });
    }
  }
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const printed = p.text(m).replace(/\s+/gu, " ");
      if (isFailure(parsePeriod(printed, asOf ? { asOf } : {}))) continue;
      taken.push([start, end]);
      found.push({ text: printed, start, end, kind: p.kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
};

/** The parsed span of a period text, or undefined. */
export const periodSpan = (text: string, asOf?: string): ParsedPeriod | undefined => {
  const p = parsePeriod(text, asOf ? { asOf } : {});
  return isFailure(p) ? undefined : p;
};
