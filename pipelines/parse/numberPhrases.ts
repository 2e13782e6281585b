// Number words -> values: "nine", "twenty-five", "a third", "one million and a half" (see numbers.ts).
import type { NumberWords } from "../reference/numberWords.ts";

/** Decimals needed to write q (value in units of its scale): 0.5 -> 1, 1/3 -> 2 (non-terminating). */
function impliedDecimals(q: number): number {
  for (let k = 0; k <= 6; k++) {
    const x = q * 10 ** k;
    if (Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x))) return k;
  }
  return 2;
}

/** Number words -> value, or null. See the module comment for the phrases understood. */
export function parseWords(text: string, words: NumberWords): { value: number; scale: number; decimals: number } | null {
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
