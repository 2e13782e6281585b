/**
 * Number words (data: sources/_reference/number-words.csv, columns word,value,kind): "twenty" -> 20,
 * "million" -> 1e6, "half" -> 1/2. The vocabulary the number parser (pipelines/parse/numbers.ts) reads.
 */
import type { InputError } from "../core/errors.ts";
import { InputErrors } from "../core/errors.ts";
import { normalizeKey, parseReferenceNumber, readReferenceCsv, referencePath } from "./units.ts";


export interface NumberWords {
  /** "one" -> 1, "twenty" -> 20, "a" -> 1 */
  readonly numbers: ReadonlyMap<string, number>;
  /** "hundred" -> 100, "million" -> 1e6 */
  readonly scales: ReadonlyMap<string, number>;
  /** "half" -> 1/2, "thirds" -> 1/3 */
  readonly fractions: ReadonlyMap<string, number>;
}

export const NUMBER_WORD_COLUMNS = ["word", "value", "kind"] as const;
const WORD_KINDS = ["number", "scale", "fraction"] as const;

/** Read a number-words vocabulary, with every problem found. */
export function loadNumberWords(file: string = referencePath("number-words.csv")): { words: NumberWords; errors: InputError[] } {
  const { rows, errors } = readReferenceCsv(file, NUMBER_WORD_COLUMNS);
  const numbers = new Map<string, number>();
  const scales = new Map<string, number>();
  const fractions = new Map<string, number>();
  const seen = new Set<string>();
  for (const { line, fields } of rows) {
    const word = normalizeKey(fields["word"]!);
    const value = parseReferenceNumber(fields["value"]!);
    const kind = fields["kind"]!.trim();
    let ok = true;
    if (!/^[a-z]+$/.test(word)) {
      errors.push({ code: "invalid-number-word", file, line, column: 1, cell: fields["word"]!, expected: "one lower-case word of letters a-z" });
      ok = false;
    }
    if (value === null || !Number.isFinite(value) || value < 0) {
      errors.push({ code: "invalid-number-word-value", file, line, column: 2, cell: fields["value"]!, expected: "a non-negative number such as 20, 1e6 or 1/3" });
      ok = false;
    }
    if (!(WORD_KINDS as readonly string[]).includes(kind)) {
      errors.push({ code: "invalid-number-word-kind", file, line, column: 3, cell: fields["kind"]!, expected: `one of ${WORD_KINDS.join(", ")}` });
      ok = false;
    }
    if (ok && seen.has(word)) {
      errors.push({ code: "duplicate-number-word", file, line, column: 1, cell: fields["word"]!, expected: "a word not already listed" });
      ok = false;
    }
    if (!ok) continue;
    seen.add(word);
    (kind === "number" ? numbers : kind === "scale" ? scales : fractions).set(word, value!);
  }
  return { words: { numbers, scales, fractions }, errors };
}

let shippedWords: NumberWords | undefined;

/** The shipped vocabulary; a broken shipped file is broken infrastructure and throws InputErrors. */
export function defaultNumberWords(): NumberWords {
  if (shippedWords === undefined) {
    const { words, errors } = loadNumberWords();
    if (errors.length > 0) throw new InputErrors(errors);
    shippedWords = words;
  }
  return shippedWords;
}
