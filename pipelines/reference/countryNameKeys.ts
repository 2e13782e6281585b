/**
 * How a country name is matched: folded into match keys, each word read by the rules of
 * `country-name-words.csv`, and a formal name split into its frame and the name it frames (see countries.ts).
 */

/**
 * How the words of a country name are read, from `country-name-words.csv` (columns `word,reads_as,kind,note`):
 * an `abbreviation` or `variant` reads as the word in `reads_as` (a word with several rows is tried with each
 * reading: "Is." is Islands or Islamic), an `ignored` word never tells two names apart ("the", "and"),
 * `formal` words make up the frame of a formal name ("Republic", "Kingdom", "Islamic") and a `link` joins
 * the frame to the name ("of").
 */
export interface NameWords {
  readonly readings: ReadonlyMap<string, ReadonlyArray<string>>;
  readonly ignored: ReadonlySet<string>;
  readonly formal: ReadonlySet<string>;
  readonly links: ReadonlySet<string>;
}

/** No word rules: keys are folded text only. */
export const NO_WORDS: NameWords = { readings: new Map(), ignored: new Set(), formal: new Set(), links: new Set() };

/** Case, accents, apostrophes and periods folded away; other punctuation splits words; `&` is `and`. */
export const foldTokens = (text: string): string[] => {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`´ʼʻ′]/gu, "")
    .replace(/\./gu, "")
    .replace(/&/gu, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (folded === "") return [];
  const tokens = folded.split(" ");
  if (tokens.length > 1 && tokens[0] === "the") tokens.shift();
  if (tokens.length > 1 && tokens[tokens.length - 1] === "the") tokens.pop();
  return tokens;
};

const readingsOf = (token: string, words: NameWords): ReadonlyArray<string> => words.readings.get(token) ?? [token];

/** At most this many keys per name (words with two readings multiply them). */
const MAX_KEYS = 8;

/** Every key of folded tokens: each word replaced by each of its readings, ignored words dropped. */
const keysOfTokens = (tokens: ReadonlyArray<string>, words: NameWords): string[] => {
  let kept = tokens.filter((t) => !words.ignored.has(t));
  if (kept.length === 0) kept = [...tokens];
  let keys: string[][] = [[]];
  for (const t of kept) {
    const next: string[][] = [];
    for (const reading of readingsOf(t, words)) for (const k of keys) if (next.length < MAX_KEYS) next.push([...k, reading]);
    keys = next;
  }
  return [...new Set(keys.map((k) => k.join(" ")).filter((k) => k !== ""))];
};

/** Every key a name can be matched by (the first is its primary key): see countries.ts. */
export const matchKeys = (text: string, words: NameWords = NO_WORDS): string[] => keysOfTokens(foldTokens(text), words);

/** The primary key two spellings of one name share: see countries.ts. */
export const matchKey = (text: string, words: NameWords = NO_WORDS): string => matchKeys(text, words)[0] ?? "";

/** A formal name split into its frame (sorted formal words, "islamic republic") and the keys of the name it frames. */
export interface FormalName {
  readonly frame: string;
  readonly cores: ReadonlyArray<string>;
  /** a frame trailing with no comma ("Korea Rep."): only a country known with this very frame matches */
  readonly strict: boolean;
}

/** The formal reading of a word (or "" for a link), if it has one; undefined for a word of the name itself. */
const formalReading = (token: string, words: NameWords): string | undefined => {
  for (const r of readingsOf(token, words)) {
    if (words.formal.has(r)) return r;
    if (words.links.has(r)) return "";
  }
  return undefined;
};

/** Tokens that are all formal words or links (ignored words aside), with at least one formal word: their formal words. */
const frameWords = (tokens: ReadonlyArray<string>, words: NameWords): string[] | undefined => {
  const out: string[] = [];
  for (const t of tokens) {
    if (words.ignored.has(t)) continue;
    const f = formalReading(t, words);
    if (f === undefined) return undefined;
    if (f !== "") out.push(f);
  }
  return out.length > 0 ? out : undefined;
};

const SUFFIX_FRAME = /^(.*?\S)\s*(?:,([^,()]*)|\(([^()]*)\))\s*$/su;

/**
 * The readings of a name printed with a formal frame: "Republic of Moldova", "Islamic Rep. of Iran",
 * "Korea, Republic of", "Iran (Islamic Republic of)", "Democratic Republic Congo". A frame is a run of
 * formal words at the start (then, optionally, a link) or after a last comma or inside last brackets; a
 * name framed at both ends is read with the frame at its end only, then with both. Formal words ending a
 * name with no comma ("Korea Rep.", but also "Dominican Republic") are a strict reading. Empty when the
 * name has no frame or nothing is left once it is taken away.
 */
export const formalNames = (text: string, words: NameWords): FormalName[] => {
  const out: FormalName[] = [];
  const add = (frame: ReadonlyArray<string>, core: ReadonlyArray<string>, strict = false): void => {
    if (frame.length === 0 || core.filter((t) => !words.ignored.has(t)).length === 0) return;
    out.push({ frame: [...new Set(frame)].sort().join(" "), cores: keysOfTokens(core, words), strict });
  };
  let suffixFrame: string[] = [];
  let rest = text.trim();
  const suffix = SUFFIX_FRAME.exec(rest);
  if (suffix) {
    const tail = frameWords(foldTokens(suffix[2] ?? suffix[3] ?? ""), words);
    if (tail) {
      suffixFrame = tail;
      rest = suffix[1]!;
    }
  }
  const tokens = foldTokens(rest);
  add(suffixFrame, tokens);
  let start = 0;
  const prefix: string[] = [];
  while (start < tokens.length) {
    const t = tokens[start]!;
    if (words.ignored.has(t)) {
      start++;
      continue;
    }
    const f = formalReading(t, words);
    if (f === undefined) break;
    start++;
    if (f === "") break; // the link ends the frame: "Republic of ..."
    prefix.push(f);
  }
  if (prefix.length > 0) add([...suffixFrame, ...prefix], tokens.slice(start));
  if (suffixFrame.length === 0) {
    let end = tokens.length;
    const trailing: string[] = [];
    while (end > start) {
      const t = tokens[end - 1]!;
      const f = words.ignored.has(t) ? "" : formalReading(t, words);
      if (f === undefined) break;
      if (f !== "") trailing.push(f);
      end--;
    }
    add([...prefix, ...trailing], tokens.slice(start, end), true);
  }
  return out;
};
