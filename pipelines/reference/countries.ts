/**
 * The country / geography resolver: a name as a statistical office printed it -> a code.
 *
 * Codes:
 * - countries: ISO 3166-1 alpha-3 as known to `i18n-iso-countries` (English names, including its
 *   alternative names; alpha-2 and alpha-3 codes accepted as input when written in capitals). Kosovo
 *   is `XKX` (user-assigned, as used by the World Bank and the EU; the library itself prints `XKK`).
 * - everything else comes from `sources/_reference/country-aliases.csv` (columns `alias,code,kind,note`):
 *   historical entities with their ISO 3166-3 alpha-3 codes (`SUN`, `YUG`, `CSK`, `DDR`, `SCG`, `ANT`),
 *   aggregates (`TOTAL`, `CIS`, `NON_CIS`, `OTHER`, `EUU`, ...) and `UNSPECIFIED`.
 *   The canonical name of a non-ISO code is the alias of its row whose note is `canonical` (or starts
 *   with `canonical;`), else its first row. The canonical name of an ISO country is always the library's
 *   English name.
 *
 * Matching: the input is compared by *match keys*: trimmed, case folded, NFKD with combining marks
 * removed, apostrophes and periods dropped, other punctuation (hyphens, commas, brackets) read as a space,
 * `&` read as `and`, a leading or trailing `the` dropped; then each word is read by the rules of
 * `sources/_reference/country-name-words.csv` (abbreviations and variants: `Fed.` -> federation, `St.`
 * -> saint, `Is.` -> islands or islamic, each reading tried; words that never tell names apart, such as
 * `the` and `and`, dropped). The input is tried as given, then without trailing footnote marks
 * (superscripts, `*`, `†`, a 1-2 digit number after a letter or space, `(a)`, `[1]`). Lookups, in order,
 * each over all those texts: the package's own aliases (`matchedBy: "package-alias"`), the shared
 * dictionary (`"alias"`), ISO names (`"iso"`), codes written exactly (ISO alpha-2/alpha-3, `"iso"`; a
 * dictionary code, `"alias"`); then the text with the part after its one comma read first ("Guinea,
 * Equatorial"); then a formal name: the words the CSV calls `formal` ("Republic", "Kingdom", "Islamic",
 * "Federal", ...) at the start, before a `link` ("of"), or after a last comma or inside last brackets,
 * are the frame around a name ("Republic of Azerbaijan", "Korea, Rep. of", "Iran (Islamic Republic of)").
 * A formal name resolves to the country known with the same frame around the same name, else to the
 * one country the bare name denotes, and otherwise not at all (see `lookupFormal`). An alias whose key is
 * an ISO name of the same country is redundant and resolves as `"iso"`. Nothing is matched approximately:
 * a name that is not known returns a typed `unknown-country` failure with the closest known names as
 * suggestions, ranked word by word (a printed word that starts a known word, as an abbreviation does,
 * is close to it; a known formal word missing from the print costs little).
 *
 * Guarantees checked at load time (reported as InputErrors, never thrown): a `country` row must carry
 * an ISO alpha-3 code, any other kind must NOT carry one (so an aggregate or a historical entity can
 * never resolve to a country code), one code has one kind, one alias key has one code per layer, and
 * an alias may not contradict an unambiguous ISO name.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import countries from "i18n-iso-countries";
import { distance } from "fastest-levenshtein";
import type { ErrorCode } from "../core/errorCodes.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import { readCsv as readCsvFile } from "../core/readCsv.ts";

export type GeoKind = "country" | "historical" | "aggregate" | "unspecified";
/** (a type alias rather than an interface so that rows stay assignable to `Record<string, unknown>`) */
export type GeoEntry = {
  readonly code: string;
  readonly name: string;
  readonly kind: GeoKind;
};
export interface GeoMatch extends GeoEntry {
  readonly input: string;
  readonly matchedBy: "iso" | "alias" | "package-alias";
}
export interface GeoUnknown {
  readonly ok: false;
  readonly code: "unknown-country";
  readonly expected: string;
  readonly suggestions: ReadonlyArray<string>;
}
export type GroupMembership = {
  readonly group_code: string;
  readonly member: string;
  readonly valid_from: number | null;
  readonly valid_to: number | null;
};

export const GEO_KINDS: ReadonlyArray<GeoKind> = ["country", "historical", "aggregate", "unspecified"];
export const ALIAS_COLUMNS = ["alias", "code", "kind", "note"] as const;
export const GROUP_COLUMNS = ["group_code", "member", "valid_from", "valid_to"] as const;

/** Codes the resolver uses instead of the library's alpha-3 (keyed by alpha-2). */
const ALPHA3_OVERRIDES: Readonly<Record<string, string>> = { XK: "XKX" };

const CODE_PATTERN = /^[A-Z][A-Z0-9_]{2,}$/;
const YEAR_PATTERN = /^[0-9]{4}$/;

// ---------------------------------------------------------------------------------------------
// Normalisation

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

export const NAME_WORD_KINDS = ["abbreviation", "variant", "ignored", "formal", "link"] as const;
export const NAME_WORD_COLUMNS = ["word", "reads_as", "kind", "note"] as const;

/** Case, accents, apostrophes and periods folded away; other punctuation splits words; `&` is `and`. */
const foldTokens = (text: string): string[] => {
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

/** Every key a name can be matched by (the first is its primary key): see the file comment. */
export const matchKeys = (text: string, words: NameWords = NO_WORDS): string[] => keysOfTokens(foldTokens(text), words);

/** The primary key two spellings of one name share: see the file comment. */
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

const FOOTNOTE_TAILS: ReadonlyArray<RegExp> = [
  /\s*[\u00B9\u00B2\u00B3\u2070-\u209F]+$/u, // superscript (and subscript) digits and signs
  /\s*[*†‡§]+$/u,
  /(?<=[\p{L}\p{M}.)\s])\s*[0-9]{1,2}$/u, // "Russia 2", "Georgia1"; never "EU-15" or "2006"
  /\s*[([](?:[a-z]|[0-9]{1,2}|\*{1,3})[)\]]$/u, // "(a)", "[1]", "(*)"
];

/**
 * The text after each successive removal of one trailing footnote mark ("Iran*¹" -> ["Iran*", "Iran"]).
 * The resolver tries them in order, so "EU15¹" stops at "EU15" before "15" could be taken for a mark.
 */
export const footnoteStrippings = (text: string): string[] => {
  const out: string[] = [];
  let current = text.trim();
  for (;;) {
    let next = current;
    for (const tail of FOOTNOTE_TAILS) {
      const cut = current.replace(tail, "").trimEnd();
      if (cut !== current) {
        next = cut;
        break;
      }
    }
    if (next === current || next === "") return out;
    out.push(next);
    current = next;
  }
};

/** The text without any trailing footnote marks (repeatedly: "Iran*¹" -> "Iran"), trimmed. */
export const stripFootnoteMarks = (text: string): string => footnoteStrippings(text).at(-1) ?? text.trim();

// ---------------------------------------------------------------------------------------------
// ISO 3166-1 as known to i18n-iso-countries

interface IsoCountry {
  readonly alpha2: string;
  readonly alpha3: string;
  readonly name: string;
  readonly names: ReadonlyArray<string>;
}

interface IsoTable {
  readonly byAlpha3: ReadonlyMap<string, IsoCountry>;
  readonly byAlpha2: ReadonlyMap<string, IsoCountry>;
  /** match key -> alpha-3 codes carrying that name (more than one: ambiguous, e.g. "Congo") */
  readonly byKey: ReadonlyMap<string, ReadonlyArray<string>>;
}

const isoTableCache = new WeakMap<NameWords, IsoTable>();

const isoTable = (words: NameWords): IsoTable => {
  const cached = isoTableCache.get(words);
  if (cached) return cached;
  const byAlpha3 = new Map<string, IsoCountry>();
  const byAlpha2 = new Map<string, IsoCountry>();
  const byKey = new Map<string, string[]>();
  for (const [alpha2, libraryAlpha3] of Object.entries(countries.getAlpha2Codes())) {
    const alpha3 = ALPHA3_OVERRIDES[alpha2] ?? libraryAlpha3;
    const names = countries.getName(alpha2, "en", { select: "all" }) ?? [];
    const name = countries.getName(alpha2, "en") ?? names[0] ?? alpha3;
    const entry: IsoCountry = { alpha2, alpha3, name, names: names.length > 0 ? names : [name] };
    byAlpha3.set(alpha3, entry);
    byAlpha2.set(alpha2, entry);
    for (const n of entry.names) {
      for (const key of matchKeys(n, words)) {
        const codes = byKey.get(key) ?? [];
        if (!codes.includes(alpha3)) codes.push(alpha3);
        byKey.set(key, codes);
      }
    }
  }
  const table = { byAlpha3, byAlpha2, byKey };
  isoTableCache.set(words, table);
  return table;
};

/** The ISO country an ISO name unambiguously denotes. */
const isoByName = (iso: IsoTable, key: string): string | undefined => {
  const codes = iso.byKey.get(key);
  return codes && codes.length === 1 ? codes[0] : undefined;
};

// ---------------------------------------------------------------------------------------------
// CSV reading with line and column numbers

/** A path as shown in errors: relative to the working directory when inside it, else as given. */
export const displayPath = (file: string): string => {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join("/");
};

interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

interface CsvTable {
  readonly file: string;
  readonly fields: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<CsvRow>;
  /** 1-based column of a header field (0 if absent) */
  column(field: string): number;
}

/** Read a CSV with a header row; every problem is pushed to `errors`, nothing thrown. */
const readCsv = (
  file: string,
  required: ReadonlyArray<string>,
  errors: InputError[],
): CsvTable | undefined => {
  const shown = displayPath(file);
  const expectedHeader = `a CSV file with the header ${required.join(",")}`;
  // the workspace's CSV reader: strict UTF-8, a BOM dropped, each record with the line it starts on, and
  // only a regular file read (a pipe would hang the build)
  const { csv, errors: readErrors } = readCsvFile(file, shown);
  if (readErrors.length > 0) {
    for (const e of readErrors) {
      errors.push(e.code === "missing-file" || e.code === "unreadable-file" ? { ...e, code: "missing-file", expected: `${expectedHeader} (the file could not be read)` } : e);
    }
    return undefined;
  }
  const [header, ...records] = csv.records;
  const headerCells = header?.cells ?? [];
  const missing = required.filter((f) => !headerCells.includes(f));
  if (missing.length > 0) {
    errors.push({ code: "missing-column", file: shown, line: header?.line ?? 1, column: 0, cell: headerCells.join(","), expected: `${expectedHeader} (missing: ${missing.join(", ")})` });
    return undefined;
  }
  const rows: CsvRow[] = [];
  for (const r of records) {
    if (r.cells.length !== headerCells.length) {
      errors.push({ code: "ragged-row", file: shown, line: r.line, column: 0, cell: r.cells.join(","), expected: `${headerCells.length} fields (${headerCells.join(",")})` });
      continue;
    }
    const cells: Record<string, string> = {};
    headerCells.forEach((f, i) => (cells[f] = r.cells[i] ?? ""));
    rows.push({ line: r.line, cells });
  }
  return { file: shown, fields: headerCells, rows, column: (field) => headerCells.indexOf(field) + 1 };
};

// ---------------------------------------------------------------------------------------------
// The resolver

type Layer = "alias" | "package-alias";

interface AliasTarget {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

/** A known name as the suggestions compare it: its words, and the words of the name inside its frame. */
interface Suggestion {
  readonly name: string;
  readonly code: string;
  readonly tokens: ReadonlyArray<string>;
  readonly core: ReadonlyArray<string> | undefined;
  readonly frame: ReadonlyArray<string>;
}

/** A name known with a formal frame (or with none: frame ""), under the key of the name it frames. */
interface FramedName {
  readonly code: string;
  readonly frame: string;
  readonly matchedBy: GeoMatch["matchedBy"];
}

const isKind = (text: string): text is GeoKind => (GEO_KINDS as ReadonlyArray<string>).includes(text);
const isNameWordKind = (text: string): text is (typeof NAME_WORD_KINDS)[number] => (NAME_WORD_KINDS as ReadonlyArray<string>).includes(text);
const isCanonical = (note: string): boolean => /^canonical\s*(;|$)/u.test(note.trim());

/** Read `country-name-words.csv`; malformed rows are reported and skipped. */
export const loadNameWords = (file: string, errors: InputError[]): NameWords => {
  const table = readCsv(file, ["word", "reads_as", "kind"], errors);
  const readings = new Map<string, string[]>();
  const ignored = new Set<string>();
  const formal = new Set<string>();
  const links = new Set<string>();
  if (!table) return { readings, ignored, formal, links };
  const rows: Array<{ line: number; word: string; readsAs: string; kind: (typeof NAME_WORD_KINDS)[number] }> = [];
  for (const row of table.rows) {
    const err = (column: string, code: ErrorCode, cell: string, expected: string): void => {
      errors.push({ code, file: table.file, line: row.line, column: table.column(column), cell, expected });
    };
    const wordText = row.cells.word ?? "";
    const readsText = row.cells.reads_as ?? "";
    const kind = (row.cells.kind ?? "").trim();
    const word = foldTokens(wordText);
    const readsAs = foldTokens(readsText);
    if (word.length !== 1) {
      err("word", "malformed-word", wordText, "one word (letters or digits, as a name prints it)");
      continue;
    }
    if (!isNameWordKind(kind)) {
      err("kind", "unknown-kind", kind, `one of ${NAME_WORD_KINDS.join(", ")}`);
      continue;
    }
    const reads = kind === "abbreviation" || kind === "variant";
    if (reads && (readsAs.length !== 1 || readsAs[0] === word[0])) {
      err("reads_as", "malformed-word", readsText, `the one word ${word[0]} stands for (an ${kind} reads as another word)`);
      continue;
    }
    if (!reads && readsText.trim() !== "") {
      err("reads_as", "malformed-word", readsText, `blank: a ${kind} word is read as itself`);
      continue;
    }
    rows.push({ line: row.line, word: word[0]!, readsAs: reads ? readsAs[0]! : "", kind });
  }
  for (const r of rows) {
    if (r.kind === "ignored") ignored.add(r.word);
    else if (r.kind === "formal") formal.add(r.word);
    else if (r.kind === "link") links.add(r.word);
    else readings.set(r.word, [...(readings.get(r.word) ?? []), r.readsAs]);
  }
  // A reading is final: "rep" -> "republic", never "rep" -> "repub" -> "republic" (the order of rows would matter).
  for (const r of rows) {
    if (r.readsAs !== "" && readings.has(r.readsAs)) {
      errors.push({ code: "chained-reading", file: table.file, line: r.line, column: table.column("reads_as"), cell: r.readsAs, expected: `a word that is not itself read as another (${r.readsAs} reads as ${readings.get(r.readsAs)!.join(" or ")})` });
      readings.delete(r.word);
    }
    if (r.kind !== "abbreviation" && r.kind !== "variant" && readings.has(r.word)) {
      errors.push({ code: "conflicting-word", file: table.file, line: r.line, column: table.column("kind"), cell: r.kind, expected: `one rule for ${r.word}: it is also read as ${readings.get(r.word)!.join(" or ")}` });
    }
  }
  return { readings, ignored, formal, links };
};

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

export class CountryResolver {
  private constructor(
    private readonly iso: IsoTable,
    private readonly words: NameWords,
    private readonly aliasFile: string,
    private readonly layers: ReadonlyMap<Layer, ReadonlyMap<string, AliasTarget>>,
    private readonly framed: ReadonlyMap<string, ReadonlyArray<FramedName>>,
    private readonly entryByCode: ReadonlyMap<string, GeoEntry>,
    private readonly suggestionPool: ReadonlyArray<Suggestion>,
    private readonly memberships: ReadonlyArray<GroupMembership>,
  ) {}

  /**
   * Load the alias dictionary (`referenceDir/country-aliases.csv`), the word rules
   * (`referenceDir/country-name-words.csv`), `referenceDir/groups.csv` and optional extra alias files with
   * the same columns (a package's `aliases.csv`: matchedBy "package-alias", taking precedence over the
   * shared dictionary). Malformed rows are returned as errors and skipped.
   */
  static load(
    referenceDir: string,
    extraAliasFiles: ReadonlyArray<string> = [],
  ): { resolver: CountryResolver; errors: InputError[] } {
    const errors: InputError[] = [];
    const aliasPath = path.join(referenceDir, "country-aliases.csv");

    /** run one file's reading, then order its errors by line and column */
    const inOrder = <T>(read: () => T): T => {
      const first = errors.length;
      const out = read();
      const own = errors.splice(first).sort((a, b) => a.line - b.line || a.column - b.column);
      pushAll(errors, own);
      return out;
    };
    const words = inOrder(() => loadNameWords(path.join(referenceDir, "country-name-words.csv"), errors));
    const iso = isoTable(words);

    const kindOf = new Map<string, { kind: GeoKind; file: string; line: number }>();
    const names = new Map<string, { name: string; canonical: boolean }>();
    const layers = new Map<Layer, Map<string, AliasTarget>>([
      ["alias", new Map()],
      ["package-alias", new Map()],
    ]);
    const pool: Suggestion[] = [];
    const framed = new Map<string, FramedName[]>();
    const addName = (name: string, code: string, matchedBy: GeoMatch["matchedBy"]): void => {
      const formal = formalNames(name, words).at(-1);
      pool.push({ name, code, tokens: matchKey(name, words).split(" "), core: formal?.cores[0]?.split(" "), frame: formal?.frame.split(" ") ?? [] });
      // under the name inside its frame, and as a whole (a bare name: "United Arab Emirates" in "State of the United Arab Emirates")
      const indexed = [...(formal ? formal.cores.map((key) => [key, formal.frame] as const) : []), ...matchKeys(name, words).map((key) => [key, ""] as const)];
      for (const [key, frame] of indexed) {
        const list = framed.get(key) ?? [];
        if (!list.some((f) => f.code === code && f.frame === frame)) list.push({ code, frame, matchedBy });
        framed.set(key, list);
      }
    };

    const readAliases = (file: string, layer: Layer): void => {
      const table = readCsv(file, ["alias", "code", "kind"], errors);
      if (!table) return;
      const aliases = layers.get(layer)!;
      for (const row of table.rows) {
        const alias = row.cells.alias ?? "";
        const code = row.cells.code ?? "";
        const kindText = row.cells.kind ?? "";
        const note = row.cells.note ?? "";
        const err = (column: string, errorCode: ErrorCode, cell: string, expected: string): void => {
          errors.push({ code: errorCode, file: table.file, line: row.line, column: table.column(column), cell, expected });
        };
        const keys = matchKeys(alias, words);
        let ok = true;
        if (alias.trim() === "" || keys.length === 0) {
          err("alias", "blank-alias", alias, "a country or group name as printed (letters or digits)");
          ok = false;
        }
        if (!CODE_PATTERN.test(code)) {
          err("code", "malformed-code", code, "a code of 3 or more upper-case letters, digits or _ (ISO 3166-1 alpha-3 for a country)");
          ok = false;
        }
        if (!isKind(kindText)) {
          err("kind", "unknown-kind", kindText, `one of ${GEO_KINDS.join(", ")}`);
          ok = false;
        }
        if (!ok || !isKind(kindText)) continue;
        const kind = kindText;
        const isIsoCode = iso.byAlpha3.has(code);
        if (kind === "country" && !isIsoCode) {
          err("code", "unknown-iso-code", code, "an ISO 3166-1 alpha-3 code known to i18n-iso-countries (or XKX) for kind country");
          continue;
        }
        if (kind !== "country" && isIsoCode) {
          err("code", "country-code-for-non-country", code, `a code that is not an ISO 3166-1 alpha-3 country code for kind ${kind}`);
          continue;
        }
        const known = kindOf.get(code);
        if (known && known.kind !== kind) {
          err("kind", "inconsistent-kind", kind, `${known.kind}, the kind of ${code} at ${known.file}:${known.line}`);
          continue;
        }
        const isoCode = isoByName(iso, keys[0]!);
        if (isoCode !== undefined && isoCode !== code) {
          err("code", "alias-contradicts-iso", code, `${isoCode}, the ISO 3166 country named ${JSON.stringify(alias)}`);
          continue;
        }
        const earlier = keys.map((k) => aliases.get(k)).find((e) => e !== undefined && e.code !== code);
        if (earlier) {
          err("alias", "conflicting-alias", alias, `a name not already given to ${earlier.code} at ${earlier.file}:${earlier.line}`);
          continue;
        }
        if (!known) kindOf.set(code, { kind, file: table.file, line: row.line });
        if (!isIsoCode) {
          const current = names.get(code);
          const canonical = isCanonical(note);
          if (!current || (canonical && !current.canonical)) names.set(code, { name: alias.trim(), canonical });
        }
        if (kind === "country" || kind === "historical") addName(alias.trim(), code, layer);
        else pool.push({ name: alias.trim(), code, tokens: keys[0]!.split(" "), core: undefined, frame: [] });
        for (const key of keys) {
          // redundant with an ISO name of the same country: left to the ISO lookup ("iso")
          if (isoByName(iso, key) === code) continue;
          if (!aliases.has(key)) aliases.set(key, { code, file: table.file, line: row.line });
        }
      }
    };

    inOrder(() => readAliases(aliasPath, "alias"));
    for (const extra of extraAliasFiles) inOrder(() => readAliases(extra, "package-alias"));

    const entryByCode = new Map<string, GeoEntry>();
    for (const c of iso.byAlpha3.values()) {
      entryByCode.set(c.alpha3, { code: c.alpha3, name: c.name, kind: "country" });
      for (const n of c.names) addName(n, c.alpha3, "iso");
    }
    for (const [code, { kind }] of kindOf) {
      if (entryByCode.has(code)) continue;
      entryByCode.set(code, { code, name: names.get(code)?.name ?? code, kind });
    }

    const memberships = inOrder(() => readGroups(path.join(referenceDir, "groups.csv"), entryByCode, errors));
    const resolver = new CountryResolver(iso, words, displayPath(aliasPath), layers, framed, entryByCode, pool, memberships);
    return { resolver, errors };
  }

  /** The readings of a name as a formal name under this resolver's word rules (empty: no formal frame). */
  formalReadings(name: string): FormalName[] {
    return formalNames(name, this.words);
  }

  /** The keys of a name under this resolver's word rules (the first is the primary one). */
  keys(name: string): string[] {
    return matchKeys(name, this.words);
  }

  resolve(name: string): ({ ok: true } & GeoMatch) | GeoUnknown {
    const input = typeof name === "string" ? name : String(name);
    const raw = input.trim();
    const candidates = [raw, ...footnoteStrippings(raw)];
    const stripped = candidates.at(-1)!;
    const found =
      firstOf(candidates, (c) => this.lookup(c)) ??
      firstOf(candidates, (c) => this.lookupInverted(c)) ??
      firstOf(candidates, (c) => this.lookupFormal(c));
    if (found) {
      const entry = this.entryByCode.get(found.code);
      if (entry) return { ok: true, input, code: entry.code, name: entry.name, kind: entry.kind, matchedBy: found.matchedBy };
    }
    const suggestions = this.suggest(stripped || raw);
    const closest = suggestions.length > 0 ? ` (closest: ${suggestions.join(", ")})` : "";
    return {
      ok: false,
      code: "unknown-country",
      expected: `a country or group name known to ${this.aliasFile} or ISO 3166${closest}`,
      suggestions,
    };
  }

  /** Every code known (ISO countries, historical, aggregates, unspecified), sorted by code. */
  entries(): GeoEntry[] {
    return [...this.entryByCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /** Group memberships from groups.csv (valid rows only). */
  groups(): ReadonlyArray<GroupMembership> {
    return this.memberships;
  }

  /** The entry for a code, if known. */
  entry(code: string): GeoEntry | undefined {
    return this.entryByCode.get(code);
  }

  private lookup(text: string): Found | undefined {
    const keys = matchKeys(text, this.words);
    for (const layer of ["package-alias", "alias"] as const) {
      const codes = new Set(keys.flatMap((k) => this.layers.get(layer)?.get(k)?.code ?? []));
      if (codes.size === 1) return { code: [...codes][0]!, matchedBy: layer };
      if (codes.size > 1) return undefined; // two readings name two places: not a match
    }
    const isoCodes = new Set(keys.flatMap((k) => isoByName(this.iso, k) ?? []));
    if (isoCodes.size === 1) return { code: [...isoCodes][0]!, matchedBy: "iso" };
    // codes, only when written exactly (upper case): "RU", "RUS", "CIS"
    const alpha2 = this.iso.byAlpha2.get(text);
    if (alpha2) return { code: alpha2.alpha3, matchedBy: "iso" };
    if (this.iso.byAlpha3.has(text)) return { code: text, matchedBy: "iso" };
    if (CODE_PATTERN.test(text) && this.entryByCode.has(text)) return { code: text, matchedBy: "alias" };
    return undefined;
  }

  /** "Guinea, Equatorial", "Virgin Islands, British": the part after the one comma read first. */
  private lookupInverted(text: string): Found | undefined {
    const parts = text.split(",");
    if (parts.length !== 2 || parts[0]!.trim() === "" || parts[1]!.trim() === "") return undefined;
    return this.lookup(`${parts[1]!.trim()} ${parts[0]!.trim()}`);
  }

  /**
   * A formal name ("Republic of Azerbaijan", "Korea, Rep. of", "Islamic Rep. of Iran"): the name inside the
   * frame decides: a country known by this very frame around the name ("Republic of Korea" is not
   * "Democratic People's Republic of Korea", "Republic of the Congo" is not "Democratic Republic of the
   * Congo"), else the one country the bare name denotes ("Azerbaijan"). Anything else (two countries, or a
   * name known only inside other frames: "Democratic Republic of Korea") is no match, never a guess.
   */
  private lookupFormal(text: string): Found | undefined {
    return firstOf(formalNames(text, this.words), (formal) => {
      const known = formal.cores.flatMap((k) => this.framed.get(k) ?? []);
      const pick = (list: ReadonlyArray<FramedName>): Found | undefined => {
        const codes = new Set(list.map((f) => f.code));
        if (codes.size !== 1) return undefined;
        const order: ReadonlyArray<GeoMatch["matchedBy"]> = ["package-alias", "alias", "iso"];
        const best = [...list].sort((a, b) => order.indexOf(a.matchedBy) - order.indexOf(b.matchedBy))[0]!;
        return { code: best.code, matchedBy: best.matchedBy };
      };
      const sameFrame = known.filter((f) => f.frame === formal.frame);
      if (sameFrame.length > 0) return pick(sameFrame);
      return formal.strict ? undefined : pick(known.filter((f) => f.frame === ""));
    });
  }

  private suggest(text: string): string[] {
    const tokens = matchKey(text, this.words).split(" ").filter((t) => t !== "");
    const formal = formalNames(text, this.words).at(-1);
    const core = formal?.cores[0]?.split(" ");
    const frame = new Set(formal?.frame.split(" ") ?? []);
    const key = tokens.join(" ");
    const scored = this.suggestionPool.map((s) => {
      let d = nameDistance(tokens, s.tokens, this.words);
      // two formal names: the names inside, and each frame word only one of them has ("Federal" vs "Democratic")
      const frameDiff = () => s.frame.filter((w) => !frame.has(w)).length + [...frame].filter((w) => !s.frame.includes(w)).length;
      if (core && s.core) d = Math.min(d, nameDistance(core, s.core, this.words) + 0.25 * frameDiff());
      if (core) d = Math.min(d, nameDistance(core, s.tokens, this.words) + 0.25);
      if (s.core) d = Math.min(d, nameDistance(tokens, s.core, this.words) + 0.25);
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
  }
}

interface Found {
  readonly code: string;
  readonly matchedBy: GeoMatch["matchedBy"];
}

const firstOf = <T, R>(items: ReadonlyArray<T>, f: (item: T) => R | undefined): R | undefined => {
  for (const item of items) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
};

const readGroups = (
  file: string,
  entries: ReadonlyMap<string, GeoEntry>,
  errors: InputError[],
): GroupMembership[] => {
  if (!existsSync(file)) {
    errors.push({ code: "missing-file", file: displayPath(file), line: 0, column: 0, cell: "", expected: `a CSV file with the header ${GROUP_COLUMNS.join(",")}` });
    return [];
  }
  const table = readCsv(file, GROUP_COLUMNS, errors);
  if (!table) return [];
  const out: GroupMembership[] = [];
  for (const row of table.rows) {
    const err = (column: string, code: ErrorCode, cell: string, expected: string): void => {
      errors.push({ code, file: table.file, line: row.line, column: table.column(column), cell, expected });
    };
    const group = row.cells.group_code ?? "";
    const member = row.cells.member ?? "";
    let ok = true;
    if (entries.get(group)?.kind !== "aggregate") {
      err("group_code", "unknown-group", group, "an aggregate code from country-aliases.csv");
      ok = false;
    }
    const memberKind = entries.get(member)?.kind;
    if (memberKind !== "country" && memberKind !== "historical") {
      err("member", "unknown-member", member, "an ISO 3166-1 alpha-3 country code or a historical code from country-aliases.csv");
      ok = false;
    }
    const year = (column: "valid_from" | "valid_to"): number | null | undefined => {
      const text = row.cells[column] ?? "";
      if (text === "") return null;
      if (YEAR_PATTERN.test(text)) return Number(text);
      err(column, "malformed-year", text, "a year (YYYY) or blank for an open end");
      return undefined;
    };
    const from = year("valid_from");
    const to = year("valid_to");
    if (from === undefined || to === undefined) ok = false;
    else if (from !== null && to !== null && from > to) {
      err("valid_to", "inverted-validity", row.cells.valid_to ?? "", `a year not before valid_from (${from})`);
      ok = false;
    }
    if (ok && from !== undefined && to !== undefined) out.push({ group_code: group, member, valid_from: from, valid_to: to });
  }
  return out;
};
