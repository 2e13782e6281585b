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
import { parseRange, parseSingle } from "./numberFigure.ts";
import type { MissingMeaning, NumberFormat, ParsedNumber } from "./numberTypes.ts";

/** Collapse any run of whitespace (NBSP, thin space, ... included) to one ASCII space, and trim. */
const squash = (s: string): string => s.replace(/\s+/gu, " ").trim();

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
