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
import type { InputError } from "../core/errors.ts";
import { loadCountryIndex, type AliasTarget, type FramedName, type Layer } from "./countryIndex.ts";
import { footnoteStrippings } from "./countryFootnotes.ts";
import { formalNames, matchKeys, type FormalName, type NameWords } from "./countryNameKeys.ts";
import { suggestNames, type Suggestion } from "./countrySuggestions.ts";
import { CODE_PATTERN, type GeoEntry, type GeoMatch, type GeoUnknown, type GroupMembership } from "./countryTypes.ts";
import { isoByName, type IsoTable } from "./isoCountries.ts";

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
    const { index, errors } = loadCountryIndex(referenceDir, extraAliasFiles);
    const resolver = new CountryResolver(index.iso, index.words, index.aliasFile, index.layers, index.framed, index.entryByCode, index.suggestionPool, index.memberships);
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
    return suggestNames(text, this.words, this.suggestionPool);
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
