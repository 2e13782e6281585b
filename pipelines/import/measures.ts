/**
 * A measure chosen by the keywords `measures.csv` keeps for each measure: the words of a label or a
 * sentence are matched against every keyword phrase; longer phrases weigh more, and words near the
 * figure more than the words of its context. A tie or no match is undecided: the vocabulary's
 * `unclassified` measure for the figure's base unit, listed first in review.csv.
 */
import { findPhrase, words, type ImportVocabulary, type MeasureWords } from "./vocabulary.ts";

export interface MeasureGuess {
  readonly measure: string;
  readonly decided: boolean;
  /** the keyword phrases that matched */
  readonly because: string;
  readonly confidence: number;
  /** the winning score (for comparing guesses made within different units) */
  readonly score: number;
}

/** The measure for unclassified figures of a base unit ("persons" -> unclassified). */
export const unclassifiedFor = (vocab: ImportVocabulary, baseUnit: string): string => {
  const m = vocab.measures.find((x) => x.measure.startsWith("unclassified") && x.baseUnit === baseUnit);
  return m?.measure ?? "unclassified";
};

/**
 * Score every measure on the main words (weight 2 per word of a matched phrase), the near words (0.75) and the context
 * (0.2 per word); only measures of `baseUnit` compete when it is given.
 */
export const classifyMeasure = (vocab: ImportVocabulary, main: string, context = "", baseUnit?: string, near = ""): MeasureGuess => {
  const mainWords = words(main);
  const nearWords = words(near);
  const contextWords = words(context);
  const scored: Array<{ m: MeasureWords; score: number; hits: string[] }> = [];
  for (const m of vocab.measures) {
    if (m.keywords.length === 0) continue;
    if (baseUnit !== undefined && m.baseUnit !== baseUnit) continue;
    let score = 0;
    const hits: string[] = [];
    for (const k of m.keywords) {
      const at = findPhrase(mainWords, k);
      if (at >= 0) {
        // a phrase nearer the start of the main words (the figure) weighs more
        score += (2 * k.length + (k.length > 1 ? 1 : 0)) * Math.max(0.5, 1 - at / 16);
        hits.push(k.join(" "));
      } else if (findPhrase(nearWords, k) >= 0) {
        score += k.length * 0.75;
        hits.push(`~${k.join(" ")}`);
      } else if (findPhrase(contextWords, k) >= 0) {
        // context only breaks ties between the words near the figure
        score += k.length * 0.2;
        hits.push(`(${k.join(" ")})`);
      }
    }
    if (score > 0) scored.push({ m, score, hits });
  }
  scored.sort((a, b) => b.score - a.score || a.m.measure.localeCompare(b.m.measure));
  const best = scored[0];
  const second = scored[1];
  // words of the context alone (the sentence, the heading) do not decide a measure
  if (best === undefined || best.score < 0.75 || (second !== undefined && second.score === best.score)) {
    const tied = scored.filter((s) => s.score === best?.score).map((s) => s.m.measure);
    return {
      measure: unclassifiedFor(vocab, baseUnit ?? "persons"),
      decided: false,
      because: best === undefined ? "no keyword of measures.csv" : best.score < 0.75 ? `only words of the context: ${best.hits.join("; ")}` : `tie between ${tied.join(", ")}`,
      confidence: 0,
      score: best?.score ?? 0,
    };
  }
  const confidence = Math.min(1, best.score / ((second?.score ?? 0) + best.score));
  return { measure: best.m.measure, decided: true, because: best.hits.join("; "), confidence: Math.round(confidence * 100) / 100, score: best.score };
};

/** The base unit of a measure code. */
export const baseUnitOf = (vocab: ImportVocabulary, measure: string): string | undefined => vocab.measures.find((m) => m.measure === measure)?.baseUnit;
