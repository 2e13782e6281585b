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
}

/** The measure for unclassified figures of a base unit ("persons" -> unclassified). */
export const unclassifiedFor = (vocab: ImportVocabulary, baseUnit: string): string => {
  const m = vocab.measures.find((x) => x.measure.startsWith("unclassified") && x.baseUnit === baseUnit);
  return m?.measure ?? "unclassified";
};

/**
 * Score every measure on the main words (weight 2 per word of a matched phrase) and the context
 * (a quarter per word); only measures of `baseUnit` compete when it is given.
 */
export const classifyMeasure = (vocab: ImportVocabulary, main: string, context = "", baseUnit?: string): MeasureGuess => {
  const mainWords = words(main);
  const contextWords = words(context);
  const scored: Array<{ m: MeasureWords; score: number; hits: string[] }> = [];
  for (const m of vocab.measures) {
    if (m.keywords.length === 0) continue;
    if (baseUnit !== undefined && m.baseUnit !== baseUnit) continue;
    let score = 0;
    const hits: string[] = [];
    for (const k of m.keywords) {
      if (findPhrase(mainWords, k) >= 0) {
        score += 2 * k.length + (k.length > 1 ? 1 : 0);
        hits.push(k.join(" "));
      } else if (findPhrase(contextWords, k) >= 0) {
        // context only breaks ties between the words near the figure
        score += k.length * 0.25;
        hits.push(`(${k.join(" ")})`);
      }
    }
    if (score > 0) scored.push({ m, score, hits });
  }
  scored.sort((a, b) => b.score - a.score || a.m.measure.localeCompare(b.m.measure));
  const best = scored[0];
  const second = scored[1];
  if (best === undefined || (second !== undefined && second.score === best.score)) {
    const tied = scored.filter((s) => s.score === best?.score).map((s) => s.m.measure);
    return {
      measure: unclassifiedFor(vocab, baseUnit ?? "persons"),
      decided: false,
      because: tied.length > 0 ? `tie between ${tied.join(", ")}` : "no keyword of measures.csv",
      confidence: 0,
    };
  }
  const confidence = Math.min(1, best.score / ((second?.score ?? 0) + best.score));
  return { measure: best.m.measure, decided: true, because: best.hits.join("; "), confidence: Math.round(confidence * 100) / 100 };
};

/** The base unit of a measure code. */
export const baseUnitOf = (vocab: ImportVocabulary, measure: string): string | undefined => vocab.measures.find((m) => m.measure === measure)?.baseUnit;
