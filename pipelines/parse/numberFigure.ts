// One figure or a range of two, as printed, with its sign, % sign, scale word, digits or words.
import type { NumberWords } from "../reference/numberWords.ts";
import { clean, fromDigits, noNegativeZero, splitDigits } from "./numberDigits.ts";
import { parseWords } from "./numberPhrases.ts";
import type { NumberFormat, ParsedNumber } from "./numberTypes.ts";

/** One figure's value, its printed decimals, its scale word and whether it had a % sign. */
interface Single {
  readonly value: number;
  readonly decimals: number;
  readonly scale: number;
  readonly percent: boolean;
}

/** One figure (no range). */
export function parseSingle(text: string, format: NumberFormat, words: NumberWords): Single | null {
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

/** A range ("16 to 25", "between 579,000 and 687,000"): the first split whose ends both parse, low not above high. */
export function parseRange(text: string, format: NumberFormat, words: NumberWords): ParsedNumber | null {
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
