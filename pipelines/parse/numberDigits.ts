// Digits as printed -> exact values: the format's separators, the decimal string scaled without binary noise.
import type { NumberFormat } from "./numberTypes.ts";

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
export const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);
/** Remove binary floating-point noise from a product. */
export const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)));

/** `digits` * 10^exp10 computed from the decimal string, so 1.15 million is exactly 1150000. */
export function fromDigits(intDigits: string, fracDigits: string, scale: number): number {
  const exp = Math.log10(scale);
  if (Number.isInteger(exp)) return Number(`${intDigits}${fracDigits}e${exp - fracDigits.length}`);
  return clean(Number(`${intDigits || "0"}.${fracDigits || "0"}`) * scale);
}

/** Digits with the format's separators -> integer and fraction digit strings, or null. */
export function splitDigits(body: string, format: NumberFormat): { int: string; frac: string } | null {
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
