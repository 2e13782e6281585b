import countries from "i18n-iso-countries";
import { matchKeys, type NameWords } from "./countryNameKeys.ts";

// ISO 3166-1 as known to i18n-iso-countries

/** Codes the resolver uses instead of the library's alpha-3 (keyed by alpha-2). */
const ALPHA3_OVERRIDES: Readonly<Record<string, string>> = { XK: "XKX" };

export interface IsoCountry {
  readonly alpha2: string;
  readonly alpha3: string;
  readonly name: string;
  readonly names: ReadonlyArray<string>;
}

export interface IsoTable {
  readonly byAlpha3: ReadonlyMap<string, IsoCountry>;
  readonly byAlpha2: ReadonlyMap<string, IsoCountry>;
  /** match key -> alpha-3 codes carrying that name (more than one: ambiguous, e.g. "Congo") */
  readonly byKey: ReadonlyMap<string, ReadonlyArray<string>>;
}

const isoTableCache = new WeakMap<NameWords, IsoTable>();

export const isoTable = (words: NameWords): IsoTable => {
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
export const isoByName = (iso: IsoTable, key: string): string | undefined => {
  const codes = iso.byKey.get(key);
  return codes && codes.length === 1 ? codes[0] : undefined;
};
