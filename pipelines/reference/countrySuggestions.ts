import { distance } from "fastest-levenshtein";
import { formalNames, matchKey, type NameWords } from "./countryNameKeys.ts";

/** A known name as the suggestions compare it: its words, and the words of the name inside its frame. */
export interface Suggestion {
  readonly name: string;
  readonly code: string;
  readonly tokens: ReadonlyArray<string>;
  readonly core: ReadonlyArray<string> | undefined;
  readonly frame: ReadonlyArray<string>;
}

/** How far a printed word is from a known one, 0 (same) to 1: an abbreviation (a prefix) is close. */
const wordDistance = (printed: string, known: string): number => {
  if (printed === known) return 0;
  if (printed.length >= 2 && known.startsWith(printed)) return 0.25;
  if (known.length >= 2 && printed.startsWith(known)) return 0.5;
  return Math.min(1, distance(printed, known) / Math.max(printed.length, known.length));
};

/**
 * How far the words of a printed name are from those of a known name: each printed word costs its distance
 * to the closest known word, each known word no printed word came close to costs 1 (a formal word 0.25).
 */
const nameDistance = (printed: ReadonlyArray<string>, known: ReadonlyArray<string>, words: NameWords): number => {
  if (printed.length === 0 || known.length === 0) return Infinity;
  let total = 0;
  const used = new Set<number>();
  for (const p of printed) {
    let best = 1;
    let at = -1;
    known.forEach((k, i) => {
      const d = wordDistance(p, k);
      // on a tie, a known word no earlier printed word took ("Saint Kitts and Nevis": two words each close)
      if (d < best || (d === best && at >= 0 && used.has(at) && !used.has(i))) {
        best = d;
        at = i;
      }
    });
    total += best;
    // a known word counts as printed when less than 60 % of it differs (a typo or an abbreviation)
    if (at >= 0 && best < 0.6) used.add(at);
  }
  known.forEach((k, i) => {
    if (!used.has(i)) total += words.formal.has(k) || words.links.has(k) ? 0.25 : 1;
  });
  return total;
};

/** The three known names (one per code) closest to an unknown one, word by word (see countries.ts). */
export const suggestNames = (text: string, words: NameWords, pool: ReadonlyArray<Suggestion>): string[] => {
  const tokens = matchKey(text, words).split(" ").filter((t) => t !== "");
  const formal = formalNames(text, words).at(-1);
  const core = formal?.cores[0]?.split(" ");
  const frame = new Set(formal?.frame.split(" ") ?? []);
  const key = tokens.join(" ");
  const scored = pool.map((s) => {
    let d = nameDistance(tokens, s.tokens, words);
    // two formal names: the names inside, and each frame word only one of them has ("Federal" vs "Democratic")
    const frameDiff = () => s.frame.filter((w) => !frame.has(w)).length + [...frame].filter((w) => !s.frame.includes(w)).length;
    if (core && s.core) d = Math.min(d, nameDistance(core, s.core, words) + 0.25 * frameDiff());
    if (core) d = Math.min(d, nameDistance(core, s.tokens, words) + 0.25);
    if (s.core) d = Math.min(d, nameDistance(tokens, s.core, words) + 0.25);
    return { s, d, raw: distance(key, s.tokens.join(" ")) };
  });
  scored.sort((a, b) => a.d - b.d || a.raw - b.raw || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { s } of scored) {
    if (seen.has(s.code)) continue;
    seen.add(s.code);
    out.push(s.name);
    if (out.length === 3) break;
  }
  return out;
};
