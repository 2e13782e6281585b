// Regular expressions written by a package (packed-cell parts and pairs) run on RE2JS, a linear-time engine:
// JavaScript's backtracking RegExp takes minutes on `^((1+)+)$` against a 33-character cell, RE2 cannot
// backtrack. The price: no look-around and no back-references (RE2 syntax), said in the error.
import { RE2JS } from "re2js";

/** A compiled package pattern. */
export type PackagePattern = RE2JS;

/** Compile a package's pattern, or say why it is not one (RE2 syntax). */
export const compilePackagePattern = (pattern: string): { ok: true; re: PackagePattern } | { ok: false; message: string } => {
  try {
    return { ok: true, re: RE2JS.compile(pattern) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
};

/** A match: where it starts and ends in the text, and its groups (index 0: the whole match; null: a group that took no part). */
export interface PatternMatch {
  readonly index: number;
  readonly end: number;
  readonly groups: ReadonlyArray<string | null>;
}

const matchOf = (m: ReturnType<RE2JS["matcher"]>, count: number): PatternMatch => ({
  index: m.start(),
  end: m.end(),
  groups: Array.from({ length: count + 1 }, (_, g) => m.group(g)),
});

/** The first match of `re` in `text` (like RegExp.exec), or null. */
export const firstMatch = (re: PackagePattern, text: string): PatternMatch | null => {
  const m = re.matcher(text);
  return m.find() ? matchOf(m, re.groupCount()) : null;
};

/** Every non-overlapping match of `re` in `text`, left to right (like String.matchAll with the g flag). */
export const allMatches = (re: PackagePattern, text: string): PatternMatch[] => {
  const m = re.matcher(text);
  const out: PatternMatch[] = [];
  while (m.find()) out.push(matchOf(m, re.groupCount()));
  return out;
};
