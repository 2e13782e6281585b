/**
 * Figures as printed -> numbers. The table's (or package's) number format decides what "," and "."
 * mean; nothing is guessed: with group "," and decimal ".", "1,000" is one thousand, with decimal ","
 * it is 1.000 (value 1, 3 decimals).
 *
 * Accepted (after trimming and collapsing whitespace):
 * - digits with the format's group separator every 3 digits and one decimal mark: "6,222",
 *   "1,365,004", "-9,8", "0,3", ".5"; a space straight after a group separator before exactly three
 *   digits is a transcription artefact and is dropped ("989, 586" -> 989586)
 * - a sign "+", "-", "−" (U+2212) or "–" (U+2013, en dash) in front, optionally followed by a space
 *   ("- 5,1" -> -5.1, "–5" -> -5)
 * - a % sign at the end ("2.2 %", "-16.2%"): `percent` true, the value stays 2.2
 * - a scale word after the digits ("1.15 million" -> 1150000, scale 1e6)
 * - number words from sources/_reference/number-words.csv ("nine", "twenty-five", "a third",
 *   "half", "a billion", "one million and a half", "half a million"), and "-fold" ("threefold" -> 3)
 * - ranges: "16 to 25", "16-25", "16–25", "between 579,000 and 687,000" (value null, low/high set;
 *   "1.5 to 2 million" and "10-15%" carry the scale word / % sign of the upper end to the lower one)
 * - the markers of the `missing` map: nil -> value 0, missing / not-available -> value null. A marker
 *   matches exactly, then trimmed, then case-insensitively with whitespace collapsed ("n/a" for "N/A");
 *   a marker the map does not declare is never assumed (an undeclared "–" is not nil)
 *
 * Words and "-fold" factors have no printed decimals; their `scale` is the scale word that counts the
 * last part of the phrase ("one million and a half": 1e6, "three hundred and fifty": 1) and
 * `decimals` what that part needs ("one million and a half": 1; thirds, which never end, count as 2).
 * Text longer than 200 characters is refused.
 */
import type { ParseFailure } from "../core/errors.ts";
import { defaultNumberWords, type NumberWords } from "../reference/numberWords.ts";
import { normalizeKey } from "../reference/units.ts";

export interface NumberFormat {
  readonly decimal: string;
  readonly group: string;
}

export type MissingMeaning = "nil" | "missing" | "not-available";

export interface ParsedNumber {
  readonly ok: true;
  /** null for missing / not-available markers and for ranges */
  readonly value: number | null;
  /** the ends of a range ("16 to 25"); null otherwise */
  readonly low: number | null;
  readonly high: number | null;
  /** decimals printed in the figure ("1.15 million": 2, "6,222": 0, "-9,8": 1) */
  readonly decimals: number;
  /** multiplier of a scale word inside the figure ("1.15 million": 1e6); already applied to value */
  readonly scale: number;
  /** the figure carried a % sign */
  readonly percent: boolean;
  readonly missing: MissingMeaning | null;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface Single {
  readonly value: number;
  readonly decimals: number;
  readonly scale: number;
  readonly percent: boolean;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
/** Collapse any run of whitespace (NBSP, thin space, ... included) to one ASCII space, and trim. */
const squash = (s: string): string => s.replace(/\s+/gu, " ").trim();
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);
/** Remove binary floating-point noise from a product. */
const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)));

/** `digits` * 10^exp10 computed from the decimal string, so 1.15 million is exactly 1150000. */
function fromDigits(intDigits: string, fracDigits: string, scale: number): number {
  const exp = Math.log10(scale);
  if (Number.isInteger(exp)) return Number(`${intDigits}${fracDigits}e${exp - fracDigits.length}`);
  return clean(Number(`${intDigits || "0"}.${fracDigits || "0"}`) * scale);
}

/** Digits with the format's separators -> integer and fraction digit strings, or null. */
function splitDigits(body: string, format: NumberFormat): { int: string; frac: string } | null {
  const { decimal, group } = format;
  let s = body;
  if (group !== "" && group !== " ") {
    // "989, 586": a space straight after a group separator, before exactly three digits
    s = s.replace(new RegExp(`${escapeRegExp(group)} (?=\\d{3}(?!\\d))`, "g"), group);
  }
  const parts = s.split(decimal);
  if (parts.length > 2) return null;
  const intPart = parts[0]!;
  const frac = parts.length === 2 ? parts[1]! : null;
  if (frac !== null && !/^\d+$/.test(frac)) return null;
  let int: string;
  if (intPart === "") {
    if (frac === null) return null;
    int = "";
  } else if (/^\d+$/.test(intPart)) {
    int = intPart;
  } else if (group !== "" && new RegExp(`^\\d{1,3}(?:${escapeRegExp(group)}\\d{3})+$`).test(intPart)) {
    int = intPart.split(group).join("");
  } else {
    return null;
  }
  return { int, frac: frac ?? "" };
}

/** Decimals needed to write q (value in units of its scale): 0.5 -> 1, 1/3 -> 2 (non-terminating). */
function impliedDecimals(q: number): number {
  for (let k = 0; k <= 6; k++) {
    const x = q * 10 ** k;
    if (Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x))) return k;
  }
  return 2;
}

/** Number words -> value, or null. See the module comment for the phrases understood. */
function parseWords(text: string, words: NumberWords): { value: number; scale: number; decimals: number } | null {
  const tokens = text.toLowerCase().split(/[\s-]+/).filter((t) => t !== "");
  if (tokens.length === 0 || tokens.length > 40) return null;
  if (tokens.length === 1 && (tokens[0] === "a" || tokens[0] === "an")) return null;
  let total = 0;
  let current: number | null = null;
  let andBase: number | null = null; // "one and a half": the part before "and"
  let afterScaleAnd = false; // "one million and ...": "and" straight after a scale word
  let lastScale = Infinity; // scales >= 1000 must descend
  let componentScale = 1; // the scale the last component is counted in
  let finished = false; // "one million and a half" ends the phrase
  let prev: "number" | "article" | "scale" | "fraction" | "and" | "of" | null = null;
  for (const tok of tokens) {
    if (finished) return null;
    if (tok === "and") {
      if (prev === null || prev === "and" || prev === "of") return null;
      if (current !== null) {
        if (andBase !== null) return null;
        andBase = current;
        current = null;
      } else if (total > 0) {
        afterScaleAnd = true;
      } else return null;
      prev = "and";
      continue;
    }
    if (tok === "of") {
      if (prev !== "fraction") return null; // "a quarter of a million"
      prev = "of";
      continue;
    }
    const n = words.numbers.get(tok);
    if (n !== undefined) {
      const article = tok === "a" || tok === "an";
      if (article && (prev === "fraction" || prev === "of")) {
        prev = "article"; // "half a million", "a quarter of a million"
        continue;
      }
      if (prev === "article" || prev === "of") return null;
      if (current === null) current = n;
      else if (article) return null;
      else if (current % 100 === 0 && current > 0 && n < 100) current += n; // "three hundred and fifty"
      else if (current % 10 === 0 && current % 100 >= 20 && n < 10) current += n; // "twenty-five"
      else return null;
      componentScale = 1;
      prev = "number";
      continue;
    }
    const s = words.scales.get(tok);
    if (s !== undefined) {
      if (current === null) return null;
      if (s < 1000) {
        // "hundred" multiplies the count in front of it: "three hundred", "a hundred"
        if (!Number.isInteger(current) || current >= s || current <= 0 || andBase !== null) return null;
        current *= s;
      } else {
        if (s >= lastScale) return null;
        const count: number = (andBase ?? 0) + current;
        andBase = null;
        total += count * s;
        current = null;
        lastScale = s;
      }
      componentScale = s;
      prev = "scale";
      continue;
    }
    const f = words.fractions.get(tok);
    if (f !== undefined) {
      if (prev === "fraction" || prev === "scale") return null;
      const part: number = (current ?? 1) * f;
      if (andBase !== null) {
        current = andBase + part; // "one and a half"
        andBase = null;
      } else if (afterScaleAnd && total > 0) {
        total += part * lastScale; // "one million and a half"
        current = null;
        componentScale = lastScale;
        finished = true;
      } else current = part; // "a third", "two thirds", "half"
      if (!finished) componentScale = 1;
      prev = "fraction";
      continue;
    }
    return null;
  }
  if (prev === "and" || prev === "of" || prev === "article") return null;
  if (andBase !== null) {
    if (current === null) return null;
    current = andBase + current;
  }
  const value: number = total + (current ?? 0);
  if (!Number.isFinite(value)) return null;
  return { value, scale: componentScale, decimals: impliedDecimals(value / componentScale) };
}

/** One figure (no range). */
function parseSingle(text: string, format: NumberFormat, words: NumberWords): Single | null {
  let body = text;
  let percent = false;
  if (body.endsWith("%")) {
    percent = true;
    body = body.slice(0, -1).trimEnd();
  }
  let sign = 1;
  const signMatch = /^([+\-\u2212\u2013]) ?/.exec(body);
  if (signMatch) {
    sign = signMatch[1] === "+" ? 1 : -1;
    body = body.slice(signMatch[0].length);
  }
  let scale = 1;
  const scaleMatch = /^(.*\S) ([A-Za-z]+)$/.exec(body);
  if (scaleMatch && !percent) {
    const s = words.scales.get(scaleMatch[2]!.toLowerCase());
    if (s !== undefined) {
      scale = s;
      body = scaleMatch[1]!;
    }
  }
  const digits = splitDigits(body, format);
  if (digits !== null) {
    const value = fromDigits(digits.int, digits.frac, scale);
    if (!Number.isFinite(value)) return null;
    return { value: noNegativeZero(sign * value), decimals: digits.frac.length, scale, percent };
  }
  if (signMatch || percent) return null;
  // words, and "-fold" factors ("threefold", "3-fold", "ten-fold")
  const fold = /^(.+?)[- ]?fold$/i.exec(text);
  if (fold) {
    const inner = fold[1]!;
    const d = splitDigits(inner, format);
    if (d !== null) {
      const value = fromDigits(d.int, d.frac, 1);
      return Number.isFinite(value) ? { value, decimals: d.frac.length, scale: 1, percent: false } : null;
    }
    const w = parseWords(inner, words);
    return w && { ...w, percent: false };
  }
  const w = parseWords(text, words);
  return w && { ...w, percent: false };
}

/** Candidate (low, high) splits of a range. */
function rangeSplits(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const between = /^(?:between|from) (.+)$/i.exec(text);
  if (between) {
    const rest = between[1]!;
    const joiner = /^between/i.test(text) ? / and /gi : / to /gi;
    for (const m of rest.matchAll(joiner)) out.push([rest.slice(0, m.index), rest.slice(m.index! + m[0].length)]);
    return out;
  }
  for (const m of text.matchAll(/ to /gi)) out.push([text.slice(0, m.index), text.slice(m.index! + m[0].length)]);
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "-" && c !== "\u2013" && c !== "\u2014") continue;
    const before = text.slice(0, i).trimEnd();
    if (!/[0-9%]$/.test(before)) continue;
    out.push([before, text.slice(i + 1).trimStart()]);
  }
  return out;
}

function parseRange(text: string, format: NumberFormat, words: NumberWords): ParsedNumber | null {
  for (const [lowText, highText] of rangeSplits(text)) {
    if (lowText === "" || highText === "") continue;
    const low = parseSingle(lowText, format, words);
    if (low === null) continue;
    const high = parseSingle(highText, format, words);
    if (high === null) continue;
    if (low.percent && !high.percent) continue;
    let lowValue = low.value;
    // "1.5 to 2 million": the scale word of the upper end also counts the lower end
    if (high.scale > 1 && low.scale === 1 && Math.abs(lowValue) <= Math.abs(high.value / high.scale)) {
      lowValue = clean(lowValue * high.scale);
    }
    if (lowValue > high.value) continue;
    return {
      ok: true,
      value: null,
      low: lowValue,
      high: high.value,
      decimals: Math.max(low.decimals, high.decimals),
      scale: high.scale,
      percent: high.percent,
      missing: null,
    };
  }
  return null;
}

/** The `expected` text of an unparseable figure, from the actual format and markers. */
export function expectedNumber(format: NumberFormat, missing: Readonly<Record<string, MissingMeaning>>): string {
  const { decimal, group } = format;
  const example = group === "" ? "1234" : `1${group}234`;
  const separator = group === "" ? "no thousands separator" : `thousands separator '${group}'`;
  const markers = Object.keys(missing);
  const head = `a number such as ${example} or -9${decimal}8 (decimal mark '${decimal}', ${separator})`;
  return markers.length === 0
    ? `${head} or a percentage`
    : `${head}, a percentage, or one of the missing markers ${markers.map((m) => JSON.stringify(m)).join(", ")}`;
}

const MEANINGS: readonly string[] = ["nil", "missing", "not-available"];

function lookupMissing(text: string, missing: Readonly<Record<string, MissingMeaning>>): MissingMeaning | null {
  const meaning = (key: string): MissingMeaning | null => {
    const m = Object.hasOwn(missing, key) ? missing[key] : undefined;
    return m !== undefined && MEANINGS.includes(m) ? m : null;
  };
  const exact = meaning(text) ?? meaning(text.trim());
  if (exact !== null) return exact;
  const key = normalizeKey(text);
  for (const k of Object.keys(missing)) if (normalizeKey(k) === key) return meaning(k);
  return null;
}

/**
 * Parse one printed figure. Never throws on bad input: an unreadable figure is an
 * `unparseable-number` failure whose `expected` names the format and the missing markers; an
 * unusable format (empty decimal mark, group equal to the decimal mark, digits in either) is an
 * `invalid-number-format` failure.
 */
export function parseNumber(
  text: string,
  format: NumberFormat,
  missing: Readonly<Record<string, MissingMeaning>>,
  words: NumberWords = defaultNumberWords(),
): ParsedNumber | ParseFailure {
  const fmt: NumberFormat = { decimal: squash(format.decimal) || format.decimal, group: format.group.replace(/\s/gu, " ") };
  if (fmt.decimal === "" || fmt.decimal === " " || fmt.decimal === fmt.group || /\d/.test(fmt.decimal + fmt.group)) {
    return {
      ok: false,
      code: "invalid-number-format",
      expected: "a number format whose decimal mark is one non-blank character, different from the thousands separator, neither containing digits",
    };
  }
  const marker = lookupMissing(text, missing);
  if (marker !== null) {
    return {
      ok: true,
      value: marker === "nil" ? 0 : null,
      low: null,
      high: null,
      decimals: 0,
      scale: 1,
      percent: false,
      missing: marker,
    };
  }
  const t = squash(text);
  if (t !== "" && t.length <= 200) {
    const single = parseSingle(t, fmt, words);
    // The warehouse stores a figure as a 64-bit float, exact to 15 significant digits: a longer figure
    // would be rounded (or not fit at all), so it is refused rather than stored as another number.
    if (single !== null && !exactlyStored(t, single.value, single.decimals)) return beyondPrecision;
    if (single !== null) {
      return { ok: true, value: single.value, low: null, high: null, decimals: single.decimals, scale: single.scale, percent: single.percent, missing: null };
    }
    const range = parseRange(t, fmt, words);
    if (range !== null && Math.max(Math.abs(range.low ?? 0), Math.abs(range.high ?? 0)) > Number.MAX_SAFE_INTEGER) return beyondPrecision;
    if (range !== null) return range;
  }
  return { ok: false, code: "unparseable-number", expected: expectedNumber(format, missing) };
}

/** Significant digits the warehouse keeps exactly (a 64-bit float holds 15 decimal digits). */
export const MAX_DIGITS = 15;

/** The digits of a figure's text from its first non-zero one. */
const significantDigits = (text: string): number => text.replace(/[^0-9]/gu, "").replace(/^0+/u, "").length;

/** Whether a 64-bit float holds the printed figure exactly: 15 significant digits, or an integer up to 2^53 - 1. */
const exactlyStored = (text: string, value: number, decimals: number): boolean =>
  (decimals === 0 && Number.isSafeInteger(value)) || (significantDigits(text) <= MAX_DIGITS && Math.abs(value) <= Number.MAX_SAFE_INTEGER);

const beyondPrecision: ParseFailure = {
  ok: false,
  code: "number-beyond-precision",
  expected: `a figure of at most ${MAX_DIGITS} significant digits, or an integer of at most ${Number.MAX_SAFE_INTEGER}: the warehouse stores figures as 64-bit floating point numbers, which would round this one`,
};

/** True when a parse answer is a failure. */
export const isFailure = <T extends { readonly ok: true }>(x: T | ParseFailure): x is ParseFailure => x.ok === false;
