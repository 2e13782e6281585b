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
 * Matching: the input is compared by a *match key* (trimmed, inner whitespace collapsed, case folded,
 * NFKD with combining marks removed, apostrophes and periods dropped, other punctuation read as
 * a space, `&` read as `and`, the abbreviations `St`/`Ste`/`Rep`/`Dem` expanded, a leading or trailing
 * `the` dropped). The input is tried as given, then without trailing footnote marks (superscripts,
 * `*`, `†`, a 1-2 digit number after a letter or space, `(a)`, `[1]`). For each of these the lookup
 * order is: the package's own aliases (`matchedBy: "package-alias"`), the shared dictionary
 * (`"alias"`), ISO names (`"iso"`), then codes written exactly (ISO alpha-2/alpha-3, `"iso"`; a
 * dictionary code, `"alias"`). An alias whose key is an ISO name of the same country is redundant and
 * resolves as `"iso"`. Nothing is matched approximately: a name that is not known returns a typed
 * `unknown-country` failure with the closest known names as suggestions.
 *
 * Guarantees checked at load time (reported as InputErrors, never thrown): a `country` row must carry
 * an ISO alpha-3 code, any other kind must NOT carry one (so an aggregate or a historical entity can
 * never resolve to a country code), one code has one kind, one alias key has one code per layer, and
 * an alias may not contradict an unambiguous ISO name.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import countries from "i18n-iso-countries";
import { distance } from "fastest-levenshtein";
import Papa from "papaparse";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";

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

const TOKEN_EXPANSIONS: Readonly<Record<string, string>> = {
  st: "saint",
  ste: "sainte",
  rep: "republic",
  dem: "democratic",
};

/** The key two spellings of one name share: see the file comment. */
export const matchKey = (text: string): string => {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`´ʼʻ′]/gu, "")
    .replace(/\./gu, "")
    .replace(/&/gu, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (folded === "") return "";
  const tokens = folded.split(" ").map((t) => TOKEN_EXPANSIONS[t] ?? t);
  if (tokens.length > 1 && tokens[0] === "the") tokens.shift();
  if (tokens.length > 1 && tokens[tokens.length - 1] === "the") tokens.pop();
  return tokens.join(" ");
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

let isoTableCache: IsoTable | undefined;

const isoTable = (): IsoTable => {
  if (isoTableCache) return isoTableCache;
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
      const key = matchKey(n);
      const codes = byKey.get(key) ?? [];
      if (!codes.includes(alpha3)) codes.push(alpha3);
      byKey.set(key, codes);
    }
  }
  isoTableCache = { byAlpha3, byAlpha2, byKey };
  return isoTableCache;
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

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** Read a CSV with papaparse (header: true); every problem is pushed to `errors`, nothing thrown. */
const readCsv = (
  file: string,
  required: ReadonlyArray<string>,
  errors: InputError[],
): CsvTable | undefined => {
  const shown = displayPath(file);
  const expectedHeader = `a CSV file with the header ${required.join(",")}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    errors.push({ code: "missing-file", file: shown, line: 0, column: 0, cell: "", expected: `${expectedHeader} (the file could not be read)` });
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const headerParse = Papa.parse<string[]>(text, { preview: 1 });
  const headerEnd = headerParse.meta.cursor;
  const headerCells = headerParse.data[0] ?? [];
  const missing = required.filter((f) => !headerCells.includes(f));
  if (missing.length > 0) {
    errors.push({
      code: "missing-column",
      file: shown,
      line: 1,
      column: 0,
      cell: headerCells.join(","),
      expected: `${expectedHeader} (missing: ${missing.join(", ")})`,
    });
    return undefined;
  }

  const rows: CsvRow[] = [];
  let fields: string[] = headerCells;
  let previousEnd = headerEnd;
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    step: (result) => {
      let start = previousEnd;
      while (start < text.length && (text[start] === "\n" || text[start] === "\r")) start++;
      previousEnd = result.meta.cursor;
      const line = lineAt(text, start);
      if (result.meta.fields) fields = result.meta.fields;
      if (result.errors.length > 0) {
        const raw = text.slice(start, result.meta.cursor).replace(/\r?\n$/u, "");
        for (const e of result.errors) {
          errors.push({
            code: e.type === "FieldMismatch" ? "ragged-row" : "malformed-csv",
            file: shown,
            line,
            column: 0,
            cell: raw,
            expected: e.type === "FieldMismatch" ? `${headerCells.length} fields (${headerCells.join(",")})` : `well-formed CSV (${e.message})`,
          });
        }
        return;
      }
      const cells: Record<string, string> = {};
      for (const f of headerCells) cells[f] = result.data[f] ?? "";
      rows.push({ line, cells });
    },
  });
  return { file: shown, fields, rows, column: (field) => headerCells.indexOf(field) + 1 };
};

// ---------------------------------------------------------------------------------------------
// The resolver

type Layer = "alias" | "package-alias";

interface AliasTarget {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

interface Suggestion {
  readonly key: string;
  readonly name: string;
  readonly code: string;
}

const isKind = (text: string): text is GeoKind => (GEO_KINDS as ReadonlyArray<string>).includes(text);
const isCanonical = (note: string): boolean => /^canonical\s*(;|$)/u.test(note.trim());

export class CountryResolver {
  private constructor(
    private readonly iso: IsoTable,
    private readonly aliasFile: string,
    private readonly layers: ReadonlyMap<Layer, ReadonlyMap<string, AliasTarget>>,
    private readonly entryByCode: ReadonlyMap<string, GeoEntry>,
    private readonly suggestionPool: ReadonlyArray<Suggestion>,
    private readonly memberships: ReadonlyArray<GroupMembership>,
  ) {}

  /**
   * Load the alias dictionary (`referenceDir/country-aliases.csv`), `referenceDir/groups.csv` and optional
   * extra alias files with the same columns (a package's `aliases.csv`: matchedBy "package-alias",
   * taking precedence over the shared dictionary). Malformed rows are returned as errors and skipped.
   */
  static load(
    referenceDir: string,
    extraAliasFiles: ReadonlyArray<string> = [],
  ): { resolver: CountryResolver; errors: InputError[] } {
    const errors: InputError[] = [];
    const iso = isoTable();
    const aliasPath = path.join(referenceDir, "country-aliases.csv");

    const kindOf = new Map<string, { kind: GeoKind; file: string; line: number }>();
    const names = new Map<string, { name: string; canonical: boolean }>();
    const layers = new Map<Layer, Map<string, AliasTarget>>([
      ["alias", new Map()],
      ["package-alias", new Map()],
    ]);
    const pool: Suggestion[] = [];

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
        const key = matchKey(alias);
        let ok = true;
        if (alias.trim() === "" || key === "") {
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
        const isoCode = isoByName(iso, key);
        if (isoCode !== undefined && isoCode !== code) {
          err("code", "alias-contradicts-iso", code, `${isoCode}, the ISO 3166 country named ${JSON.stringify(alias)}`);
          continue;
        }
        const earlier = aliases.get(key);
        if (earlier && earlier.code !== code) {
          err("alias", "conflicting-alias", alias, `a name not already given to ${earlier.code} at ${earlier.file}:${earlier.line}`);
          continue;
        }
        if (!known) kindOf.set(code, { kind, file: table.file, line: row.line });
        if (!isIsoCode) {
          const current = names.get(code);
          const canonical = isCanonical(note);
          if (!current || (canonical && !current.canonical)) names.set(code, { name: alias.trim(), canonical });
        }
        pool.push({ key, name: alias.trim(), code });
        // redundant with an ISO name of the same country: left to the ISO lookup ("iso")
        if (isoCode === code) continue;
        if (!earlier) aliases.set(key, { code, file: table.file, line: row.line });
      }
    };

    /** run one file's reading, then order its errors by line and column */
    const inOrder = (read: () => void): void => {
      const first = errors.length;
      read();
      const own = errors.splice(first).sort((a, b) => a.line - b.line || a.column - b.column);
      errors.push(...own);
    };
    inOrder(() => readAliases(aliasPath, "alias"));
    for (const extra of extraAliasFiles) inOrder(() => readAliases(extra, "package-alias"));

    const entryByCode = new Map<string, GeoEntry>();
    for (const c of iso.byAlpha3.values()) {
      entryByCode.set(c.alpha3, { code: c.alpha3, name: c.name, kind: "country" });
      for (const n of c.names) pool.push({ key: matchKey(n), name: n, code: c.alpha3 });
    }
    for (const [code, { kind }] of kindOf) {
      if (entryByCode.has(code)) continue;
      entryByCode.set(code, { code, name: names.get(code)?.name ?? code, kind });
    }

    let memberships: GroupMembership[] = [];
    inOrder(() => {
      memberships = readGroups(path.join(referenceDir, "groups.csv"), entryByCode, errors);
    });
    const resolver = new CountryResolver(iso, displayPath(aliasPath), layers, entryByCode, pool, memberships);
    return { resolver, errors };
  }

  resolve(name: string): ({ ok: true } & GeoMatch) | GeoUnknown {
    const input = typeof name === "string" ? name : String(name);
    const raw = input.trim();
    const candidates = [raw, ...footnoteStrippings(raw)];
    const stripped = candidates.at(-1)!;
    for (const candidate of candidates) {
      const found = this.lookup(candidate);
      if (found) {
        const entry = this.entryByCode.get(found.code);
        if (entry) return { ok: true, input, code: entry.code, name: entry.name, kind: entry.kind, matchedBy: found.matchedBy };
      }
    }
    const suggestions = this.suggest(matchKey(stripped) || matchKey(raw));
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

  private lookup(text: string): { code: string; matchedBy: GeoMatch["matchedBy"] } | undefined {
    const key = matchKey(text);
    if (key !== "") {
      const fromPackage = this.layers.get("package-alias")?.get(key);
      if (fromPackage) return { code: fromPackage.code, matchedBy: "package-alias" };
      const fromDictionary = this.layers.get("alias")?.get(key);
      if (fromDictionary) return { code: fromDictionary.code, matchedBy: "alias" };
      const fromIso = isoByName(this.iso, key);
      if (fromIso) return { code: fromIso, matchedBy: "iso" };
    }
    // codes, only when written exactly (upper case): "RU", "RUS", "CIS"
    const alpha2 = this.iso.byAlpha2.get(text);
    if (alpha2) return { code: alpha2.alpha3, matchedBy: "iso" };
    if (this.iso.byAlpha3.has(text)) return { code: text, matchedBy: "iso" };
    if (CODE_PATTERN.test(text) && this.entryByCode.has(text)) return { code: text, matchedBy: "alias" };
    return undefined;
  }

  private suggest(key: string): string[] {
    const scored = this.suggestionPool.map((s) => ({ s, d: distance(key, s.key) }));
    scored.sort((a, b) => a.d - b.d || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0));
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
