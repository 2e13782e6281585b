// The figures of a sentence: digits (with scale words, ranges, units, currencies) and number words, with
// the numbers that are not figures (years, dates, locators, durations, phone numbers) left out.
import { isFailure, parseNumber } from "../parse/numbers.ts";
import type { StatementContext } from "./statementContext.ts";

export interface Figure {
  start: number;
  end: number;
  value: string;
  /** unit class: ratio, USD, EUR, km2, rank or people (persons, cases or count) */
  cls: string;
  unitPrinted: string;
  words: boolean;
}

const NUMBER = /(?<![\w.,/$]|\d[-–−]|[-–−]\d|\p{Lu}-)(-\s?|[–−](?=\d))?(\d{1,3}(?:,\d{3})+|\d{1,3}, \d{3}(?![\d,])|\d+)(\.\d+)?(?![\w]*-[A-Z])/gu;
/** "3 581 100": thousands split by spaces (a narrow no-break space too); a fourth-digit group after it is a phone number */
const SPACED = /^(?:-\s?|[–−](?=\d))?\d{1,3}(?:[ \u202F]\d{3})+(?:\.\d+)?(?![\d,]|[ \u202F]\d)/u;
const SCALE = /^\s+(million|billion|thousand)\b/iu;
const PERCENT = /^\s*(%|per\s?cent\b|percent\b)/iu;
const CURRENCY_AFTER = /^\s*(US\s?\$|USD|US dollars|dollars|EUR|euros?)(?![\w])/iu;
const CURRENCY_BEFORE = /(USD|US\s?\$|\$|EUR|€)\s*$/u;
const AREA = /^\s*(sq\.? km|km2|km²|square kilomet(?:re|er)s)/iu;

/** "1.2 bn", "1.5 mln": a scale word of number-words.csv after the digits (the words the parser also reads) */
const scaleWord = (rest: string, ctx: StatementContext): RegExpExecArray | null => {
  const m = /^\s+([\p{L}]+)\.?(?![\p{L}])/u.exec(rest);
  if (!m || !ctx.reference.numberWords.scales.has(m[1]!.toLowerCase()) || m[1]!.toLowerCase() === "hundred") return null;
  const hit = [m[0].replace(/\.$/u, ""), m[1]!] as unknown as RegExpExecArray;
  return hit;
};

/** A unit of units.csv printed right after a figure ("per 1,000 inhabitants"), when it is not a count of people. */
const unitAfter = (rest: string, ctx: StatementContext): { printed: string; base: string; length: number } | undefined => {
  const m = /^\s+/u.exec(rest);
  if (!m) return undefined;
  const tokens = rest.slice(m[0].length).split(/\s+/u).slice(0, 4);
  for (let n = tokens.length; n >= 1; n--) {
    const printed = tokens.slice(0, n).join(" ").replace(/[,.;:)]+$/u, "");
    const u = ctx.reference.units.resolve(printed);
    if (!("ok" in u && u.ok === false) && "baseUnit" in u && !["persons", "cases", "count"].includes(u.baseUnit) && ctx.vocab.measures.some((x) => x.baseUnit === u.baseUnit)) {
      return { printed, base: u.baseUnit, length: m[0].length + rest.slice(m[0].length).indexOf(printed) + printed.length };
    }
  }
  return undefined;
};

/** The figures of a sentence, with the numbers that are not figures left out. */
export const findFigures = (text: string, ctx: StatementContext): Figure[] => {
  const out: Figure[] = [];
  const notBefore = new Set(ctx.vocab.roles.get("not_before") ?? []);
  const durations = new Set(ctx.vocab.roles.get("duration") ?? []);
  const skipSpans: Array<[number, number]> = [];
  for (const m of text.matchAll(/<[^>]*>|\S+@\S+|https?:\/\/\S+|www\.\S+|\d{1,2}(?:st|nd|rd|th)\b|\bISBN[\s:]*[\dX-]+/giu)) skipSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  // dates of laws and events: "12 March 2008", "May 4, 2009", "(June 21, 2010)"
  for (const m of text.matchAll(/\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},/gu)) {
    skipSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  const skipped = (a: number, b: number) => skipSpans.some(([x, y]) => a < y && b > x);
  const wordBefore = (at: number) => (/([\p{L}.\/]+)\s*$/u.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? "").toLowerCase();
  const wordAfter = (at: number) => (/^\s*([\p{L}-]+)/u.exec(text.slice(at, at + 30))?.[1] ?? "").toLowerCase();

  const digitFigures: Figure[] = [];
  let lastPair: [string, string] | undefined;
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER.exec(text))) {
    let start = m.index;
    let end = start + m[0].length;
    const digits = m[2]!;
    if (skipped(start, end)) continue;
    const prevWord = wordBefore(start);
    if (notBefore.has(prevWord) || notBefore.has(prevWord.replace(/\.$/u, ""))) continue;
    // list numbering ("1. International Organization ...") and address numbers ("str. 14/33")
    if (/^\s*$/u.test(text.slice(0, start)) && /^\.(\s|$)/u.test(text.slice(start + m[0].length))) continue;
    // "the 1325 Programme": a long number printed without its thousands separator before a name is an identifier
    if (/^\d{4,}$/u.test(m[0]) && /^\s+\p{Lu}/u.test(text.slice(start + m[0].length))) continue;
    const spaced = !m[3] && /^\d{1,3}$/u.test(digits) && !/\d\s+$/u.test(text.slice(Math.max(0, start - 2), start)) ? SPACED.exec(text.slice(start)) : null;
    if (spaced) end = start + spaced[0].length;
    // phone numbers and codes: bare numbers in a row
    else if (/\d\s+$/u.test(text.slice(Math.max(0, start - 2), start)) || /^\s+\d/u.test(text.slice(end, end + 2))) continue;
    let value = (spaced ? spaced[0] : m[0]).replace(/^([-–−])\s/u, "$1");
    let rest = text.slice(end);
    const year = !spaced && /^(19[5-9]\d|20[0-4]\d)$/u.test(digits) && !m[3] && !m[1];
    // "40/60 percent": two figures sharing what follows
    const slash = spaced ? null : /^\/(\d+(?:\.\d+)?)/u.exec(rest);
    let cls = "people";
    let unitPrinted = "";
    const scale = SCALE.exec(rest) ?? scaleWord(rest, ctx);
    if (scale) {
      value += ` ${scale[1]}`;
      end += scale[0].length;
      rest = text.slice(end);
    }
    const range = /^\s+to\s+(\d[\d,]*(?:\.\d+)?)(\s+(?:million|billion|thousand))?/u.exec(rest);
    if (range && !year) {
      value += ` to ${range[1]}${range[2] ?? ""}`;
      end += range[0].length;
      rest = text.slice(end);
    }
    const tail = slash ? text.slice(end + slash[0].length) : rest;
    const pct = PERCENT.exec(tail);
    const cur = CURRENCY_AFTER.exec(tail);
    const area = AREA.exec(tail);
    const curBefore = CURRENCY_BEFORE.exec(text.slice(Math.max(0, start - 6), start));
    if (pct) {
      cls = "ratio";
      unitPrinted = pct[1]!.replace(/\s+/gu, " ") === "%" ? "%" : pct[1]!.toLowerCase().replace(/\s+/gu, " ");
      if (!slash) {
        if (unitPrinted === "%") value += text.slice(end, end + pct[0].length).replace(/^\s*/u, /^\s/u.test(tail) ? " " : "");
        end += pct[0].length;
        if (unitPrinted === "%") unitPrinted = "%";
      }
    } else if (cur) {
      cls = /eur/iu.test(cur[1]!) ? "EUR" : "USD";
      unitPrinted = /dollars/iu.test(cur[1]!) && !/US/u.test(cur[1]!) ? "USD" : cur[1]!.replace(/\s+/gu, " ");
      if (!slash) end += cur[0].length;
    } else if (curBefore) {
      cls = /EUR|€/u.test(curBefore[1]!) ? "EUR" : "USD";
      unitPrinted = curBefore[1] === "$" ? "USD" : curBefore[1]!;
    } else if (area) {
      cls = "km2";
      unitPrinted = area[1]!;
      end += area[0].length;
    } else if (unitAfter(rest, ctx) !== undefined) {
      const u = unitAfter(rest, ctx)!;
      cls = u.base;
      unitPrinted = u.printed;
      end += u.length;
    } else if (/^\s+of\s+\d/u.test(rest) && !year) {
      cls = "rank";
      unitPrinted = "rank";
    }
    if (year && cls === "people" && !scale) continue;
    const after = wordAfter(end);
    if (durations.has(after) && cls === "people") continue;
    if (slash && cls === "people" && lastPair !== undefined) [cls, unitPrinted] = lastPair;
    if (slash) {
      lastPair = [cls, unitPrinted];
      digitFigures.push({ start, end: start + m[0].length, value: m[0], cls, unitPrinted, words: false });
      const second = start + m[0].length + 1;
      digitFigures.push({ start: second, end: second + slash[1]!.length, value: slash[1]!, cls, unitPrinted, words: false });
      NUMBER.lastIndex = second + slash[1]!.length;
      continue;
    }
    // a sign is a minus only after a space or a parenthesis ("–12.3", not "1991–2001"); a dash with a space after it is punctuation
    if (/^[-–−]/u.test(value) && !/(^|[\s(])$/u.test(text.slice(Math.max(0, start - 1), start))) value = value.replace(/^[-–−]\s?/u, "");
    digitFigures.push({ start, end, value: value.trim(), cls, unitPrinted, words: false });
    NUMBER.lastIndex = end;
  }
  out.push(...digitFigures);

  // number words: with a scale or a fraction, "threefold", or counting something beside other figures
  const numbers = ctx.reference.numberWords;
  const isNumberWord = (w: string) => numbers.numbers.has(w) || numbers.scales.has(w) || numbers.fractions.has(w);
  const tokens = [...text.matchAll(/[\p{L}-]+/gu)].map((t) => ({ w: t[0].toLowerCase(), start: t.index ?? 0, end: (t.index ?? 0) + t[0].length }));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (out.some((f) => t.start >= f.start && t.start < f.end)) continue;
    if (/^[a-z]+fold$/u.test(t.w) && numbers.numbers.has(t.w.slice(0, -4))) {
      out.push({ start: t.start, end: t.end, value: text.slice(t.start, t.end), cls: "ratio", unitPrinted: "ratio", words: true });
      continue;
    }
    if (!isNumberWord(t.w) || t.w === "a" || t.w === "an") {
      if (!((t.w === "a" || t.w === "an") && tokens[i + 1] && (numbers.scales.has(tokens[i + 1]!.w) || numbers.fractions.has(tokens[i + 1]!.w)))) continue;
    }
    let j = i;
    while (j + 1 < tokens.length && (isNumberWord(tokens[j + 1]!.w) || (tokens[j + 1]!.w === "and" && tokens[j + 2] && (tokens[j + 2]!.w === "a" || isNumberWord(tokens[j + 2]!.w)))) && tokens[j + 1]!.start - tokens[j]!.end <= 1) j++;
    while (j > i && (tokens[j]!.w === "a" || tokens[j]!.w === "and")) j--;
    const phrase = text.slice(t.start, tokens[j]!.end);
    const parsed = parseNumber(phrase, { decimal: ".", group: "," }, {});
    if (isFailure(parsed) || parsed.value === null) continue;
    const hasScale = tokens.slice(i, j + 1).some((x) => numbers.scales.has(x.w) && x.w !== "hundred");
    const isFraction = tokens.slice(i, j + 1).some((x) => numbers.fractions.has(x.w));
    const next = tokens[j + 1]?.w ?? "";
    const next2 = tokens[j + 2]?.w ?? "";
    const counting = /s$/u.test(next) && !/(is|was|has|this|as|us|its)$/u.test(next) || /s$/u.test(next2) && next !== "of" && !/(is|was|has|this|as|us|its)$/u.test(next2);
    const besideFigures = digitFigures.length > 0 && !["of", "another", "reason", "way", "hand", "side"].includes(next);
    if (durations.has(next) || durations.has(next2) && !/s$/u.test(next)) {
      i = j;
      continue;
    }
    if (!(hasScale || isFraction || counting || besideFigures) || ["first", "second", "third"].includes(t.w) && !isFraction) {
      i = j;
      continue;
    }
    if (isFraction && !hasScale && /^(first|second|third|fourth|fifth)$/u.test(t.w)) {
      i = j;
      continue;
    }
    let end = tokens[j]!.end;
    const rest = text.slice(end);
    let cls = "people";
    let unitPrinted = "";
    const pct = /^\s*(?:a\s+)?(%|per\s?cent\b|percent\b)/iu.exec(rest);
    const cur = CURRENCY_AFTER.exec(rest);
    if (pct) {
      cls = "ratio";
      unitPrinted = pct[1]!.toLowerCase();
    } else if (cur) {
      cls = "USD";
      unitPrinted = /dollars/iu.test(cur[1]!) && !/US/u.test(cur[1]!) ? "USD" : cur[1]!;
    } else if (isFraction && !hasScale) {
      cls = "ratio";
      unitPrinted = "ratio";
    }
    out.push({ start: t.start, end, value: phrase, cls, unitPrinted, words: true });
    i = j;
  }
  return out.sort((a, b) => a.start - b.start);
};
