import path from "node:path";
import type { ErrorCode } from "../core/errorCodes.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import { displayPath, readCsv } from "./countryCsv.ts";
import { readGroups } from "./countryGroups.ts";
import { formalNames, matchKey, matchKeys, type NameWords } from "./countryNameKeys.ts";
import { loadNameWords } from "./countryNameWords.ts";
import type { Suggestion } from "./countrySuggestions.ts";
import { CODE_PATTERN, GEO_KINDS, type GeoEntry, type GeoKind, type GeoMatch, type GroupMembership } from "./countryTypes.ts";
import { isoByName, isoTable, type IsoTable } from "./isoCountries.ts";

export type Layer = "alias" | "package-alias";

export interface AliasTarget {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

/** A name known with a formal frame (or with none: frame ""), under the key of the name it frames. */
export interface FramedName {
  readonly code: string;
  readonly frame: string;
  readonly matchedBy: GeoMatch["matchedBy"];
}

const isKind = (text: string): text is GeoKind => (GEO_KINDS as ReadonlyArray<string>).includes(text);
const isCanonical = (note: string): boolean => /^canonical\s*(;|$)/u.test(note.trim());

/** What the resolver looks names up in, read from the reference folder and a package's alias files. */
export interface CountryIndex {
  readonly iso: IsoTable;
  readonly words: NameWords;
  readonly aliasFile: string;
  readonly layers: ReadonlyMap<Layer, ReadonlyMap<string, AliasTarget>>;
  readonly framed: ReadonlyMap<string, ReadonlyArray<FramedName>>;
  readonly entryByCode: ReadonlyMap<string, GeoEntry>;
  readonly suggestionPool: ReadonlyArray<Suggestion>;
  readonly memberships: ReadonlyArray<GroupMembership>;
}

/** Read the reference files of the resolver (see CountryResolver.load): every problem is returned as an error. */
export const loadCountryIndex = (referenceDir: string, extraAliasFiles: ReadonlyArray<string>): { index: CountryIndex; errors: InputError[] } => {
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
  const index = { iso, words, aliasFile: displayPath(aliasPath), layers, framed, entryByCode, suggestionPool: pool, memberships };
  return { index, errors };
};
