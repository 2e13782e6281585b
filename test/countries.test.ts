import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import countries from "i18n-iso-countries";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countriesCommand } from "../pipelines/cli/countries.ts";
import { CountryResolver } from "../pipelines/reference/countries.ts";
import { stripFootnoteMarks } from "../pipelines/reference/countryFootnotes.ts";
import { matchKey } from "../pipelines/reference/countryNameKeys.ts";
import type { GeoKind } from "../pipelines/reference/countryTypes.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const referenceDir = path.join(root, "sources/_reference");
const { resolver, errors: loadErrors } = CountryResolver.load(referenceDir);
const isoCodes = new Set(resolver.entries().filter((e) => e.kind === "country").map((e) => e.code));
/** match key -> the ISO countries whose English names have it (independently of the resolver's own tables) */
const isoKeyCodes = new Map<string, Set<string>>();
for (const [alpha2, alpha3] of Object.entries(countries.getAlpha2Codes())) {
  for (const n of countries.getName(alpha2, "en", { select: "all" }) ?? []) {
    for (const k of resolver.keys(n)) isoKeyCodes.set(k, new Set([...(isoKeyCodes.get(k) ?? []), alpha2 === "XK" ? "XKX" : alpha3]));
  }
}

const codeOf = (name: string): string | undefined => {
  const r = resolver.resolve(name);
  return r.ok ? r.code : undefined;
};

const readAliasRows = (): Array<{ alias: string; code: string; kind: string; note: string }> =>
  Papa.parse<{ alias: string; code: string; kind: string; note: string }>(
    readFileSync(path.join(referenceDir, "country-aliases.csv"), "utf8"),
    { header: true, skipEmptyLines: true },
  ).data;

describe("reference data", () => {
  it("loads the shipped alias dictionary and groups without errors", () => {
    expect(loadErrors).toEqual([]);
  });

  it("every dictionary alias resolves to its own code and kind", () => {
    const rows = readAliasRows();
    expect(rows.length).toBeGreaterThan(150);
    for (const row of rows) {
      const r = resolver.resolve(row.alias);
      expect(r.ok, row.alias).toBe(true);
      if (!r.ok) continue;
      expect([row.alias, r.code, r.kind]).toEqual([row.alias, row.code, row.kind]);
    }
  });

  it("no aggregate, historical or unspecified code is an ISO country code", () => {
    for (const row of readAliasRows().filter((r) => r.kind !== "country")) {
      expect(isoCodes.has(row.code), row.code).toBe(false);
    }
  });

  it("entries() lists every code once, sorted, with canonical names", () => {
    const entries = resolver.entries();
    const codes = entries.map((e) => e.code);
    expect(codes).toEqual([...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(codes).size).toBe(codes.length);
    expect(isoCodes.size).toBe(250);
    const byCode = new Map(entries.map((e) => [e.code, e]));
    expect(byCode.get("RUS")).toEqual({ code: "RUS", name: "Russian Federation", kind: "country" });
    expect(byCode.get("XKX")).toEqual({ code: "XKX", name: "Kosovo", kind: "country" });
    expect(byCode.has("XKK")).toBe(false);
    expect(byCode.get("SUN")).toEqual({ code: "SUN", name: "Union of Soviet Socialist Republics", kind: "historical" });
    expect(byCode.get("CIS")).toEqual({ code: "CIS", name: "Commonwealth of Independent States", kind: "aggregate" });
    expect(byCode.get("EUU")).toEqual({ code: "EUU", name: "European Union", kind: "aggregate" });
    expect(byCode.get("UNSPECIFIED")).toEqual({ code: "UNSPECIFIED", name: "Not specified", kind: "unspecified" });
    for (const code of ["TOTAL", "CIS", "NON_CIS", "OTHER", "EUU", "WESTERN_EUROPE", "MIDDLE_EAST", "CENTRAL_ASIA", "SOUTH_EAST_ASIA", "BSEC"]) {
      expect(byCode.get(code)?.kind, code).toBe("aggregate");
    }
    for (const code of ["SUN", "YUG", "CSK", "DDR", "SCG"]) expect(byCode.get(code)?.kind, code).toBe("historical");
  });

  it("groups.csv: CIS, EU and BSEC memberships with validity years", () => {
    const groups = resolver.groups();
    const find = (g: string, m: string) => groups.filter((x) => x.group_code === g && x.member === m);
    expect(find("CIS", "GEO")).toEqual([{ group_code: "CIS", member: "GEO", valid_from: 1993, valid_to: 2009 }]);
    expect(find("CIS", "UKR")).toEqual([{ group_code: "CIS", member: "UKR", valid_from: 1991, valid_to: 2018 }]);
    expect(find("CIS", "RUS")).toEqual([{ group_code: "CIS", member: "RUS", valid_from: 1991, valid_to: null }]);
    expect(find("CIS_ASSOCIATE", "TKM")).toEqual([{ group_code: "CIS_ASSOCIATE", member: "TKM", valid_from: 2005, valid_to: null }]);
    for (const baltic of ["EST", "LVA", "LTU"]) expect(find("CIS", baltic)).toEqual([]);
    expect(groups.filter((g) => g.group_code === "CIS").length).toBe(12);
    expect(find("EUU", "GBR")).toEqual([{ group_code: "EUU", member: "GBR", valid_from: 1973, valid_to: 2020 }]);
    expect(groups.filter((g) => g.group_code === "EUU" && g.valid_from === 1958).map((g) => g.member).sort()).toEqual(
      ["BEL", "DEU", "FRA", "ITA", "LUX", "NLD"],
    );
    expect(groups.filter((g) => g.group_code === "EUU").length).toBe(28);
    expect(groups.filter((g) => g.group_code === "EUU" && g.valid_to === null).length).toBe(27);
    expect(find("EUU", "HRV")[0]?.valid_from).toBe(2013);
    expect(groups.filter((g) => g.group_code === "BSEC" && g.valid_from === 1992).map((g) => g.member).sort()).toEqual(
      ["ALB", "ARM", "AZE", "BGR", "GEO", "GRC", "MDA", "ROU", "RUS", "TUR", "UKR"],
    );
    expect(find("BSEC", "SRB")[0]?.valid_from).toBe(2004);
  });
});

describe("resolve: names from the Azerbaijan report", () => {
  const countries: Array<[string, string]> = [
    ["Russia", "RUS"], ["Ukraine", "UKR"], ["Belarus", "BLR"], ["Uzbekistan", "UZB"], ["Kazakhstan", "KAZ"],
    ["Georgia", "GEO"], ["Moldova", "MDA"], ["Kirgizstan", "KGZ"], ["Kyrgyzstan", "KGZ"], ["Tajikistan", "TJK"],
    ["Turkmenistan", "TKM"], ["Germany", "DEU"], ["USA", "USA"], ["Israel", "ISR"], ["Iran", "IRN"], ["Turkey", "TUR"],
    ["Estonia", "EST"], ["Lithuania", "LTU"], ["Latvia", "LVA"], ["Pakistan", "PAK"], ["France", "FRA"],
    ["Netherlands", "NLD"], ["Sweden", "SWE"], ["Austria", "AUT"], ["Belgium", "BEL"], ["Finland", "FIN"],
    ["Italy", "ITA"], ["Norway", "NOR"], ["Slovakia", "SVK"], ["United Kingdom", "GBR"], ["Russian Federation", "RUS"],
    ["RF", "RUS"], ["Azerbaijan", "AZE"], ["Armenia", "ARM"], ["Afghanistan", "AFG"], ["Iraq", "IRQ"], ["China", "CHN"],
    ["Japan", "JPN"], ["India", "IND"], ["United Arab Emirates", "ARE"], ["Bulgaria", "BGR"], ["Switzerland", "CHE"],
    ["Sudan", "SDN"], ["Czech Republic", "CZE"], ["Albania", "ALB"], ["Greece", "GRC"], ["Romania", "ROU"], ["Serbia", "SRB"],
  ];
  it.each(countries)("%s -> %s", (name, code) => {
    const r = resolver.resolve(name);
    expect(r).toMatchObject({ ok: true, input: name, code, kind: "country" });
  });

  const groups: Array<[string, string, GeoKind]> = [
    ["CIS countries", "CIS", "aggregate"],
    ["Non-CIS", "NON_CIS", "aggregate"],
    ["Other countries", "OTHER", "aggregate"],
    ["Total", "TOTAL", "aggregate"],
    ["Those who have not specified origin country", "UNSPECIFIED", "unspecified"],
    ["European Union", "EUU", "aggregate"],
    ["Western European countries", "WESTERN_EUROPE", "aggregate"],
    ["Middle East", "MIDDLE_EAST", "aggregate"],
    ["Central Asia", "CENTRAL_ASIA", "aggregate"],
    ["countries of South-East Asia", "SOUTH_EAST_ASIA", "aggregate"],
  ];
  it.each(groups)("%s -> %s (%s)", (name, code, kind) => {
    expect(resolver.resolve(name)).toMatchObject({ ok: true, input: name, code, kind, matchedBy: "alias" });
  });

  it("reports how a name matched and the canonical name", () => {
    expect(resolver.resolve("Russia")).toEqual({
      ok: true, input: "Russia", code: "RUS", name: "Russian Federation", kind: "country", matchedBy: "iso",
    });
    expect(resolver.resolve("Kirgizstan")).toEqual({
      ok: true, input: "Kirgizstan", code: "KGZ", name: "Kyrgyzstan", kind: "country", matchedBy: "alias",
    });
    expect(resolver.resolve("Moldova")).toMatchObject({ code: "MDA", name: "Moldova, Republic of", matchedBy: "alias" });
    expect(resolver.resolve("Turkey")).toMatchObject({ code: "TUR", name: "Türkiye", matchedBy: "iso" });
  });
});

describe("resolve: spelling variants", () => {
  const variants: Array<[string, string]> = [
    ["russia", "RUS"], ["RUSSIA", "RUS"], ["  Russia  ", "RUS"], ["Russian   Federation", "RUS"], ["Russian\tFederation", "RUS"],
    ["united kingdom", "GBR"], ["the United Kingdom", "GBR"], ["The Netherlands", "NLD"], ["the Ukraine", "UKR"],
    ["Türkiye", "TUR"], ["Turkiye", "TUR"], ["TÜRKİYE", "TUR"], ["Côte d’Ivoire", "CIV"], ["Côte d'Ivoire", "CIV"],
    ["Cote d'Ivoire", "CIV"], ["Cote dIvoire", "CIV"], ["Curaçao", "CUW"], ["Åland Islands", "ALA"],
    ["Georgia¹", "GEO"], ["Georgia ²³", "GEO"], ["Russia 2", "RUS"], ["Russia2", "RUS"], ["Iran*", "IRN"], ["Iran **", "IRN"],
    ["Iran*¹", "IRN"], ["Germany†", "DEU"], ["France (a)", "FRA"], ["France [1]", "FRA"], ["Other countries (b)", "OTHER"],
    ["Total¹", "TOTAL"], ["Korea, Rep.", "KOR"], ["Korea Rep", "KOR"], ["Korea Rep.", "KOR"], ["korea, rep", "KOR"],
    ["U.S.A.", "USA"], ["U.S.", "USA"], ["United States", "USA"], ["Bosnia & Herzegovina", "BIH"],
    ["St. Lucia", "LCA"], ["St Kitts and Nevis", "KNA"], ["Saint Lucia", "LCA"], ["Russia:", "RUS"],
    ["Russian Federation\u00a0", "RUS"],
  ];
  it.each(variants)("%j -> %s", (name, code) => {
    const r = resolver.resolve(name);
    expect(r).toMatchObject({ ok: true, input: name, code });
  });

  it("accepts ISO alpha-2 and alpha-3 codes written in capitals, and dictionary codes", () => {
    expect(resolver.resolve("RU")).toMatchObject({ ok: true, code: "RUS", matchedBy: "iso" });
    expect(resolver.resolve("AZE")).toMatchObject({ ok: true, code: "AZE", matchedBy: "iso" });
    expect(resolver.resolve("XK")).toMatchObject({ ok: true, code: "XKX", kind: "country" });
    expect(resolver.resolve("XKX")).toMatchObject({ ok: true, code: "XKX", kind: "country" });
    expect(resolver.resolve("CIS")).toMatchObject({ ok: true, code: "CIS", kind: "aggregate" });
    expect(resolver.resolve("NON_CIS")).toMatchObject({ ok: true, code: "NON_CIS", kind: "aggregate" });
    expect(resolver.resolve("SUN")).toMatchObject({ ok: true, code: "SUN", kind: "historical" });
    expect(resolver.resolve("ru").ok).toBe(false);
  });

  it("does not strip numbers that are part of a name", () => {
    expect(codeOf("EU-15")).toBe("EU15");
    expect(codeOf("EU 15")).toBe("EU15");
    expect(codeOf("EU-27")).toBe("EUU");
    expect(resolver.resolve("Total 2006").ok).toBe(false);
    expect(stripFootnoteMarks("EU-15")).toBe("EU-15");
    expect(stripFootnoteMarks("Total 2006")).toBe("Total 2006");
    expect(stripFootnoteMarks("Iran*¹ (a)")).toBe("Iran");
  });

  it("match keys ignore case, accents, punctuation and a leading 'the'", () => {
    expect(matchKey("  The  Côte d’Ivoire ")).toBe("cote divoire");
    expect(matchKey("Gambia, The")).toBe(matchKey("The Gambia"));
    // the word rules of country-name-words.csv
    expect(resolver.keys("Korea, Rep.")).toEqual(resolver.keys("korea republic"));
    expect(resolver.keys("St. Kitts & Nevis")).toEqual(["saint kitts nevis"]);
    expect(resolver.keys("Marshall Is.")).toEqual(["marshall islands", "marshall islamic"]);
  });
});

describe("resolve: naming styles", () => {
  const styles: Array<[string, string]> = [
    // Soviet-era transliterations
    ["Kirgizstan", "KGZ"], ["Kirghizia", "KGZ"], ["Kirgizia", "KGZ"], ["Byelorussia", "BLR"], ["Belorussia", "BLR"],
    ["Moldavia", "MDA"], ["Turkmenia", "TKM"], ["Tadjikistan", "TJK"], ["Tadzhikistan", "TJK"], ["Azerbaidzhan", "AZE"],
    ["Kazakstan", "KAZ"],
    // abbreviations
    ["RF", "RUS"], ["USA", "USA"], ["UK", "GBR"], ["UAE", "ARE"], ["FYR Macedonia", "MKD"], ["DPRK", "PRK"], ["PRC", "CHN"],
    // UN DESA
    ["Republic of Moldova", "MDA"], ["Iran (Islamic Republic of)", "IRN"], ["Venezuela (Bolivarian Republic of)", "VEN"],
    ["Bolivia (Plurinational State of)", "BOL"], ["China, Hong Kong SAR", "HKG"], ["China, Macao SAR", "MAC"],
    ["TFYR Macedonia", "MKD"], ["The former Yugoslav Republic of Macedonia", "MKD"], ["Côte d'Ivoire", "CIV"],
    ["United Kingdom of Great Britain and Northern Ireland", "GBR"], ["Viet Nam", "VNM"], ["Congo", "COG"],
    ["Democratic People's Republic of Korea", "PRK"], ["Republic of Korea", "KOR"], ["Micronesia (Federated States of)", "FSM"],
    ["United Republic of Tanzania", "TZA"], ["Syrian Arab Republic", "SYR"], ["Lao People's Democratic Republic", "LAO"],
    // UNHCR
    ["Serbia and Kosovo (S/RES/1244 (1999))", "SRB"], ["Russian Federation", "RUS"], ["Syrian Arab Rep.", "SYR"],
    ["Iran (Islamic Rep. of)", "IRN"], ["Dem. Rep. of the Congo", "COD"], ["Rep. of Moldova", "MDA"],
    // World Bank
    ["Egypt, Arab Rep.", "EGY"], ["Iran, Islamic Rep.", "IRN"], ["Korea, Rep.", "KOR"], ["Korea, Dem. People's Rep.", "PRK"],
    ["Kyrgyz Republic", "KGZ"], ["Slovak Republic", "SVK"], ["Yemen, Rep.", "YEM"], ["Venezuela, RB", "VEN"],
    ["Gambia, The", "GMB"], ["Bahamas, The", "BHS"], ["Micronesia, Fed. Sts.", "FSM"], ["Lao PDR", "LAO"], ["Turkiye", "TUR"],
    ["Congo, Dem. Rep.", "COD"], ["Congo, Rep.", "COG"], ["Hong Kong SAR, China", "HKG"], ["West Bank and Gaza", "PSE"],
    // Kosovo
    ["Kosovo", "XKX"], ["Kosovo (S/RES/1244 (1999))", "XKX"],
  ];
  it.each(styles)("%s -> %s", (name, code) => {
    expect(resolver.resolve(name)).toMatchObject({ ok: true, code, kind: "country" });
  });

  const others: Array<[string, string, GeoKind]> = [
    ["USSR", "SUN", "historical"], ["Soviet Union", "SUN", "historical"], ["former USSR", "SUN", "historical"],
    ["Yugoslavia", "YUG", "historical"], ["SFR Yugoslavia", "YUG", "historical"], ["Czechoslovakia", "CSK", "historical"],
    ["German Democratic Republic", "DDR", "historical"], ["GDR", "DDR", "historical"],
    ["Serbia and Montenegro", "SCG", "historical"], ["Serbia & Montenegro", "SCG", "historical"],
    ["CIS", "CIS", "aggregate"], ["Commonwealth of Independent States", "CIS", "aggregate"], ["cis countries¹", "CIS", "aggregate"],
    ["non-CIS countries", "NON_CIS", "aggregate"], ["Others", "OTHER", "aggregate"], ["Other", "OTHER", "aggregate"],
    ["All countries", "TOTAL", "aggregate"], ["World", "TOTAL", "aggregate"], ["TOTAL", "TOTAL", "aggregate"],
    ["Total, including:", "TOTAL", "aggregate"], ["EU", "EUU", "aggregate"], ["EU-27", "EUU", "aggregate"],
    ["BSEC", "BSEC", "aggregate"], ["Other CIS countries", "OTHER_CIS", "aggregate"],
    ["not specified", "UNSPECIFIED", "unspecified"], ["Unknown", "UNSPECIFIED", "unspecified"],
    ["Various", "UNSPECIFIED", "unspecified"],
  ];
  it.each(others)("%s -> %s (%s), never a country", (name, code, kind) => {
    const r = resolver.resolve(name);
    expect(r).toMatchObject({ ok: true, code, kind });
    expect(isoCodes.has(code)).toBe(false);
  });

  it("stateless is a status, not a place: not resolved", () => {
    expect(resolver.resolve("Stateless").ok).toBe(false);
  });
});

describe("resolve: formal names, abbreviations and word order (rules of country-name-words.csv)", () => {
  const formal: Array<[string, string]> = [
    // formal frames before the name
    ["Republic of Azerbaijan", "AZE"], ["Islamic Republic of Iran", "IRN"], ["Kingdom of the Netherlands", "NLD"],
    ["Republic of Moldova", "MDA"], ["the Republic of Moldova", "MDA"], ["Russian Federation", "RUS"],
    ["Federal Republic of Germany", "DEU"], ["Arab Republic of Egypt", "EGY"], ["Republic of Yemen", "YEM"],
    ["Kingdom of Norway", "NOR"], ["Hashemite Kingdom of Jordan", "JOR"], ["Grand Duchy of Luxembourg", "LUX"],
    ["Principality of Monaco", "MCO"], ["State of Israel", "ISR"], ["Commonwealth of Dominica", "DMA"],
    ["Plurinational State of Bolivia", "BOL"], ["Bolivarian Republic of Venezuela", "VEN"],
    ["Federal Democratic Republic of Ethiopia", "ETH"], ["Socialist Republic of Viet Nam", "VNM"],
    ["United Republic of Tanzania", "TZA"], ["Oriental Republic of Uruguay", "URY"],
    ["Co-operative Republic of Guyana", "GUY"], ["Independent State of Papua New Guinea", "PNG"],
    ["Republic of the Congo", "COG"], ["Democratic Republic of the Congo", "COD"], ["Democratic Republic of Congo", "COD"],
    ["Federated States of Micronesia", "FSM"], ["State of the United Arab Emirates", "ARE"],
    // abbreviated words
    ["Russian Fed.", "RUS"], ["Russian Fed", "RUS"], ["Fed. Rep. of Germany", "DEU"], ["Rep. of Moldova", "MDA"],
    ["Rep. of Korea", "KOR"], ["Dem. Rep. of the Congo", "COD"], ["Dem. People's Rep. of Korea", "PRK"],
    ["Lao People's Dem. Rep.", "LAO"], ["Syrian Arab Rep.", "SYR"], ["Central African Rep.", "CAF"], ["Dominican Rep.", "DOM"],
    ["Dom. Rep.", "DOM"], ["Cent. African Rep.", "CAF"], ["Is. Rep. of Iran", "IRN"], ["Isl. Rep. of Iran", "IRN"],
    ["Marshall Is.", "MHL"], ["Cayman Isl.", "CYM"], ["Solomon Isls.", "SLB"], ["St. Lucia", "LCA"], ["St Helena", "SHN"],
    ["Eq. Guinea", "GNQ"], ["Fr. Guiana", "GUF"], ["Br. Virgin Islands", "VGB"], ["United Rep. of Tanzania", "TZA"],
    ["Micronesia (Fed. States of)", "FSM"], ["Utd. Rep. of Tanzania", "TZA"],
    // hyphens, "&" and "and"
    ["Bosnia-Herzegovina", "BIH"], ["Bosnia & Herzegovina", "BIH"], ["Trinidad & Tobago", "TTO"], ["Trinidad-Tobago", "TTO"],
    ["Antigua & Barbuda", "ATG"], ["St. Vincent & the Grenadines", "VCT"], ["Saint Kitts & Nevis", "KNA"],
    ["Guinea Bissau", "GNB"], ["Guinea-Bissau", "GNB"], ["Timor Leste", "TLS"], ["Sao Tome & Principe", "STP"],
    // word order with commas and brackets
    ["Korea, Republic of", "KOR"], ["Korea, Rep.", "KOR"], ["Korea Rep.", "KOR"], ["Iran, Islamic Rep.", "IRN"],
    ["Iran, Isl. Rep. of", "IRN"], ["Iran (Islamic Republic of)", "IRN"], ["Moldova, Rep.", "MDA"], ["Moldova, Republic of", "MDA"],
    ["Congo, Dem. Rep.", "COD"], ["Congo, Rep.", "COG"], ["Congo, Republic of the", "COG"], ["Egypt, Arab Rep.", "EGY"],
    ["Yemen, Rep.", "YEM"], ["Micronesia, Fed. Sts.", "FSM"], ["Venezuela (Bolivarian Rep. of)", "VEN"],
    ["Netherlands, Kingdom of the", "NLD"], ["Gambia, The", "GMB"], ["Bahamas, The", "BHS"],
    ["Guinea, Equatorial", "GNQ"], ["Sudan, South", "SSD"], ["Virgin Islands, British", "VGB"],
    ["Korea, Dem. People's Rep.", "PRK"], ["Tanzania, United Rep. of", "TZA"], ["Bolivia (Plurinational State of)", "BOL"],
    // with footnote marks
    ["Republic of Moldova¹", "MDA"], ["Russian Fed.*", "RUS"], ["Korea, Rep. (a)", "KOR"],
  ];
  it.each(formal)("%j -> %s", (name, code) => {
    expect(resolver.resolve(name)).toMatchObject({ ok: true, input: name, code, kind: "country" });
  });

  // Names one word apart that are different countries: never resolved to each other.
  const distinct: Array<[string, string]> = [
    ["Republic of Korea", "KOR"], ["Democratic People's Republic of Korea", "PRK"], ["Korea, Rep.", "KOR"],
    ["Korea, Dem. People's Rep.", "PRK"], ["Korea Republic", "KOR"], ["Korea, Democratic People's Republic of", "PRK"],
    ["Congo", "COG"], ["Republic of the Congo", "COG"], ["Republic of Congo", "COG"], ["Congo (Brazzaville)", "COG"],
    ["Democratic Republic of the Congo", "COD"], ["Dem. Rep. Congo", "COD"], ["Congo, Dem. Rep.", "COD"], ["Congo (Kinshasa)", "COD"],
    ["Niger", "NER"], ["Republic of the Niger", "NER"], ["Republic of Niger", "NER"],
    ["Nigeria", "NGA"], ["Federal Republic of Nigeria", "NGA"],
    ["Guinea", "GIN"], ["Republic of Guinea", "GIN"], ["Equatorial Guinea", "GNQ"], ["Republic of Equatorial Guinea", "GNQ"],
    ["Eq. Guinea", "GNQ"], ["Guinea-Bissau", "GNB"], ["Republic of Guinea-Bissau", "GNB"], ["Papua New Guinea", "PNG"],
    ["Dominica", "DMA"], ["Commonwealth of Dominica", "DMA"], ["Dominican Republic", "DOM"], ["Dominican Rep.", "DOM"],
    ["Sudan", "SDN"], ["Republic of the Sudan", "SDN"], ["Republic of Sudan", "SDN"],
    ["South Sudan", "SSD"], ["Republic of South Sudan", "SSD"], ["Sudan, South", "SSD"],
    ["China", "CHN"], ["People's Republic of China", "CHN"], ["Republic of China", "TWN"],
    ["Germany", "DEU"], ["Federal Republic of Germany", "DEU"],
    ["Samoa", "WSM"], ["American Samoa", "ASM"], ["Virgin Islands, British", "VGB"], ["Virgin Islands, U.S.", "VIR"],
  ];
  it.each(distinct)("%j -> %s only", (name, code) => {
    expect(codeOf(name)).toBe(code);
  });

  it.each([
    "Korea", "Democratic Republic of Korea", "Kingdom of Congo", "Democratic Republic of Korea, Republic of", "Republic",
    "Kingdom of", "Republic of the", "Dominica Republic", "German Republic", "Guinea Republic of Africa",
  ])("%j names no one country: unknown, never a guess", (name) => {
    expect(resolver.resolve(name).ok).toBe(false);
  });

  it("groups, historical entities and 'not specified' rows keep their codes under the word rules", () => {
    expect(codeOf("Union of Soviet Socialist Republics")).toBe("SUN");
    expect(codeOf("Socialist Federal Republic of Yugoslavia")).toBe("YUG");
    expect(codeOf("Federal Republic of Yugoslavia")).toBe("SCG");
    expect(codeOf("Fed. Rep. of Yugoslavia")).toBe("SCG");
    expect(codeOf("German Democratic Republic")).toBe("DDR");
    expect(codeOf("German Dem. Rep.")).toBe("DDR");
    expect(codeOf("Commonwealth of Independent States")).toBe("CIS");
    expect(codeOf("Country not specified")).toBe("UNSPECIFIED");
    // a formal frame never turns a group into a country, nor a country into a group
    expect(resolver.resolve("Republic of the CIS").ok).toBe(false);
    expect(resolver.resolve("Republic of Europe").ok).toBe(false);
  });

  const isoNames = resolver
    .entries()
    .filter((e) => e.kind === "country")
    .flatMap((e) => (countries.getName(countries.alpha3ToAlpha2(e.code) ?? "XK", "en", { select: "all" }) ?? [e.name]).map((n) => [e.code, n] as const))
    // a name two countries share ("Congo") is no name for a formal frame to resolve
    .filter(([code, n]) => codeOf(n) === code && resolver.keys(n).every((k) => isoKeyCodes.get(k)?.size === 1));
  // the names printed bare, which a frame is put around ("Korea, Republic of" is already framed)
  const bareIsoNames = isoNames.filter(([, n]) => resolver.formalReadings(n).length === 0);
  const frames = [
    "Republic of %", "the Republic of %", "Kingdom of the %", "Islamic Republic of %", "Federal Republic of %",
    "Democratic Republic of %", "Rep. of %", "Fed. Rep. of %", "State of %", "Commonwealth of %", "United Republic of %",
    "People's Republic of %", "%, Republic of", "%, Rep.", "%, Islamic Rep. of", "% (Kingdom of the)", "% (Federal Republic of)",
  ];
  it("property: every ISO English name in a formal frame resolves to its country (or to the country the dictionary names so)", () => {
    expect(bareIsoNames.length).toBeGreaterThan(240);
    // the dictionary's formal names of a country (Taiwan's "Republic of China"), by frame and name inside it
    const aliasByKey = new Map(readAliasRows().flatMap((r) => [
      [resolver.keys(r.alias)[0], r.code] as const,
      ...resolver.formalReadings(r.alias).map((f) => [`${f.frame}|${f.cores[0]}`, r.code] as const),
    ]));
    const dictionaryCode = (printed: string): string | undefined =>
      aliasByKey.get(resolver.keys(printed)[0]) ?? resolver.formalReadings(printed).map((f) => aliasByKey.get(`${f.frame}|${f.cores[0]}`)).find((c) => c !== undefined);
    fc.assert(
      fc.property(fc.constantFrom(...bareIsoNames), fc.constantFrom(...frames), ([code, name], frame) => {
        const printed = frame.replace("%", name);
        // "Republic of China" is Taiwan: the dictionary says so, and wins
        expect([printed, codeOf(printed)]).toEqual([printed, dictionaryCode(printed) ?? code]);
      }),
      { numRuns: 3000 },
    );
  });

  it("every ISO name, bare or formal, with every frame, exhaustively: its own country or none, never another", () => {
    const wrong: string[] = [];
    let resolved = 0;
    for (const [code, name] of isoNames) {
      for (const frame of frames) {
        const printed = frame.replace("%", name);
        const got = codeOf(printed);
        if (got === code) resolved++;
        else if (got !== undefined && !(got === "TWN" && code === "CHN")) wrong.push(`${printed} -> ${got}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(resolved).toBeGreaterThan(bareIsoNames.length * frames.length);
  });
});

describe("closest suggestions rank the right country first", () => {
  const cases: Array<[string, string]> = [
    ["Rusian Federation", "RUS"], ["Russian Fedration", "RUS"], ["Russain Fed.", "RUS"], ["Republic of Azerbajan", "AZE"],
    ["Azerb. Rep.", "AZE"], ["Azerbaidjan Rep.", "AZE"], ["Kingdom of Netherland", "NLD"], ["Islamic Rep. of Irann", "IRN"],
    ["Repub. of Moldava", "MDA"], ["Kirgistan", "KGZ"], ["Tadjikstan", "TJK"], ["Turkmenia Rep.", "TKM"],
    ["Kazakstan Republic of", "KAZ"], ["Byelorussian Rep.", "BLR"], ["Ukrain", "UKR"], ["Georgai", "GEO"], ["Uzbekistn", "UZB"],
    ["Germny", "DEU"], ["Fed. Rep. Germny", "DEU"], ["Unted Kingdom", "GBR"], ["Untied States of America", "USA"],
    ["Switzerlnd", "CHE"], ["Dominican Repub.", "DOM"], ["Bosnia Herz.", "BIH"], ["Czech Rep", "CZE"],
  ];
  it.each(cases)("%j -> %s first", (name, code) => {
    const r = resolver.resolve(name);
    if (r.ok) expect(r.code).toBe(code); // resolved outright by the rules: as good as a first suggestion
    else expect(codeOf(r.suggestions[0] ?? "")).toBe(code);
  });

  it("without any word rules, 'Russian Fed.' still suggests Russian Federation first (an abbreviation is close to its word)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "countries-words-"));
    try {
      for (const f of ["country-aliases.csv", "groups.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(referenceDir, f)));
      writeFileSync(path.join(dir, "country-name-words.csv"), "word,reads_as,kind,note\n");
      const { resolver: bare, errors } = CountryResolver.load(dir);
      expect(errors).toEqual([]);
      for (const [name, first] of [["Russian Fed.", "Russian Federation"], ["Islamic Rep. of Iran", "Islamic Republic of Iran"], ["Dem. Rep. of the Congo", "Democratic Republic of the Congo"]] as const) {
        const r = bare.resolve(name);
        expect(r.ok, name).toBe(false);
        if (!r.ok) expect(r.suggestions[0], name).toBe(first);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an ambiguous name suggests both countries before any other", () => {
    const r = resolver.resolve("Democratic Republic of Korea");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.suggestions.slice(0, 2).map(codeOf))).toEqual(new Set(["PRK", "KOR"]));
  });
});

describe("country-name-words.csv", () => {
  it("reports malformed rules with file, line and column and keeps the good ones", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "countries-words-"));
    try {
      for (const f of ["country-aliases.csv", "groups.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(referenceDir, f)));
      const file = path.join(dir, "country-name-words.csv");
      writeFileSync(
        file,
        [
          "word,reads_as,kind,note",
          "rep,republic,abbreviation,",
          "republic,,formal,",
          "of,,link,",
          "fed,,abbreviation,no reading", // 5
          "two words,x,variant,", // 6
          "sts,states,shortening,", // 7
          "the,x,ignored,", // 8
          "repub,rep,abbreviation,chained", // 9
          "fed,federation,abbreviation,",
          "federation,,formal,",
        ].join("\n") + "\n",
      );
      const { resolver: r, errors } = CountryResolver.load(dir);
      expect(errors.map((e) => [e.code, e.line, e.column, e.cell])).toEqual([
        ["malformed-word", 5, 2, ""],
        ["malformed-word", 6, 1, "two words"],
        ["unknown-kind", 7, 3, "shortening"],
        ["malformed-word", 8, 2, "x"],
        ["chained-reading", 9, 2, "rep"],
      ]);
      expect(r.resolve("Russian Fed.")).toMatchObject({ ok: true, code: "RUS" });
      expect(r.resolve("Rep. of Moldova")).toMatchObject({ ok: true, code: "MDA" });
      expect(r.resolve("Repub. of Moldova").ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("resolve: unknown names", () => {
  it("returns a typed failure with the exact expected text and suggestions", () => {
    expect(resolver.resolve("Atlantis")).toEqual({
      ok: false,
      code: "unknown-country",
      expected:
        "a country or group name known to sources/_reference/country-aliases.csv or ISO 3166 (closest: Albania, Argentina, United States)",
      suggestions: ["Albania", "Argentina", "United States"],
    });
  });

  it("suggests the closest names, one per code", () => {
    const r = resolver.resolve("Kirgistan");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestions.length).toBe(3);
    expect(r.suggestions[0]).toBe("Kirgizstan");
    expect(r.expected).toContain("(closest: Kirgizstan, ");
    const codes = r.suggestions.map(codeOf);
    expect(new Set(codes).size).toBe(3);
  });

  it("a misspelt aggregate is never silently a country", () => {
    const r = resolver.resolve("CIS countriez");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions[0]).toBe("CIS countries");
  });

  it.each(["", "   ", "Korea", "America", "Stateless", "12345", "***", "Middle Earth"])("%j is unknown", (name) => {
    const r = resolver.resolve(name);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("unknown-country");
      expect(r.suggestions.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("property", () => {
  const known = readAliasRows().map((r) => r.alias);
  const noisy = fc
    .tuple(fc.constantFrom(...known), fc.string({ maxLength: 3 }), fc.constantFrom("", "¹", "*", " 2", " (a)", "†"))
    .map(([name, noise, mark]) => name + noise + mark);

  it("resolve never throws and returns ok or a typed unknown-country failure", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 }), noisy), (s) => {
        const r = resolver.resolve(s);
        if (r.ok) {
          expect(r.input).toBe(s);
          expect(["iso", "alias", "package-alias"]).toContain(r.matchedBy);
          expect(resolver.entries().some((e) => e.code === r.code && e.kind === r.kind && e.name === r.name)).toBe(true);
        } else {
          expect(r.code).toBe("unknown-country");
          expect(r.expected.startsWith("a country or group name known to ")).toBe(true);
          expect(r.suggestions.length).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["EU15¹", "EU15"],
    ["EU15 3", "EU15"],
    ["Iran*¹", "IRN"],
    ["Georgia 2*", "GEO"],
  ])("%j: marks are removed one at a time, so digits that belong to the name stay (%s)", (input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it("footnote marks on a known name never change what it resolves to", () => {
    fc.assert(
      fc.property(fc.constantFrom(...known), fc.constantFrom("¹", "²", "*", "**", "†", " 3", " (a)", "[1]"), (name, mark) => {
        expect(codeOf(name + mark)).toBe(codeOf(name));
      }),
    );
  });
});

describe("alias files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "countries-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports malformed rows with file, line and column, and keeps the good ones", () => {
    const ref = path.join(dir, "ref");
    const file = path.join(ref, "country-aliases.csv");
    mkdirSync(ref, { recursive: true });
    writeFileSync(path.join(ref, "country-name-words.csv"), readFileSync(path.join(referenceDir, "country-name-words.csv")));
    writeFileSync(
      file,
      [
        "alias,code,kind,note",
        "Kirgizstan,KGZ,country,ok",
        "Moldavia,MDA,nation,bad kind", // line 3
        ",RUS,country,blank alias", // line 4
        "Pushkinland,ru,country,bad code", // line 5
        '"Multi',
        'line",UZB,country,quoted newline', // lines 6-7
        "Euro zone,EUR,aggregate,canonical", // line 8
        "Atlantis,ATL,country,not ISO", // line 9
        "Big Union,RUS,aggregate,ISO code for an aggregate", // line 10
        "Georgia,USA,country,contradicts ISO", // line 11
        "Euroland,EUR,historical,kind differs", // line 12
        "Kirghizia,KAZ,country,", // line 13 fine
        "Kirghizia,KGZ,country,conflict", // line 14
        "too,many,fields,here,x", // line 15
      ].join("\n") + "\n",
    );
    writeFileSync(
      path.join(ref, "groups.csv"),
      ["group_code,member,valid_from,valid_to", "EUR,DEU,1999,", "EUR,ZZZ,19x9,", "KGZ,DEU,,", "EUR,FRA,2001,1999"].join("\n") + "\n",
    );
    const { resolver: r, errors } = CountryResolver.load(ref);
    const brief = errors.map((e) => [e.code, e.file, e.line, e.column, e.cell]);
    expect(brief).toEqual([
      ["unknown-kind", file, 3, 3, "nation"],
      ["blank-alias", file, 4, 1, ""],
      ["malformed-code", file, 5, 2, "ru"],
      ["unknown-iso-code", file, 9, 2, "ATL"],
      ["country-code-for-non-country", file, 10, 2, "RUS"],
      ["alias-contradicts-iso", file, 11, 2, "USA"],
      ["inconsistent-kind", file, 12, 3, "historical"],
      ["conflicting-alias", file, 14, 1, "Kirghizia"],
      ["ragged-row", file, 15, 0, "too,many,fields,here,x"],
      ["unknown-member", path.join(ref, "groups.csv"), 3, 2, "ZZZ"],
      ["malformed-year", path.join(ref, "groups.csv"), 3, 3, "19x9"],
      ["unknown-group", path.join(ref, "groups.csv"), 4, 1, "KGZ"],
      ["inverted-validity", path.join(ref, "groups.csv"), 5, 4, "1999"],
    ]);
    expect(errors[0]?.expected).toBe("one of country, historical, aggregate, unspecified");
    expect(r.resolve("Kirgizstan")).toMatchObject({ ok: true, code: "KGZ" });
    expect(r.resolve("Multi\nline")).toMatchObject({ ok: true, code: "UZB" });
    expect(r.resolve("Euro zone")).toMatchObject({ ok: true, code: "EUR", kind: "aggregate" });
    expect(r.resolve("Moldavia").ok).toBe(false);
    expect(r.resolve("Big Union").ok).toBe(false);
    expect(r.groups()).toEqual([{ group_code: "EUR", member: "DEU", valid_from: 1999, valid_to: null }]);
  });

  it("reports a missing file and a missing column instead of throwing", () => {
    const ref = path.join(dir, "empty");
    mkdirSync(ref, { recursive: true });
    const missing = CountryResolver.load(ref);
    expect(missing.errors.map((e) => [e.code, e.line])).toEqual([["missing-file", 0], ["missing-file", 0], ["missing-file", 0]]);
    writeFileSync(path.join(ref, "country-aliases.csv"), "alias,kind\nX,country\n");
    const noColumn = CountryResolver.load(ref);
    expect(noColumn.errors.find((e) => e.file.endsWith("country-aliases.csv"))).toMatchObject({ code: "missing-column", line: 1, column: 0 });
    expect(noColumn.resolver.resolve("Russia")).toMatchObject({ ok: true, code: "RUS" });
  });

  it("package aliases take precedence and are reported as package-alias", () => {
    const extra = path.join(dir, "aliases.csv");
    writeFileSync(extra, "alias,code,kind,note\nAzerb. Rep.,AZE,country,\nOther,OTHER_CIS,aggregate,this publication's 'Other' is other CIS\n");
    const { resolver: r, errors } = CountryResolver.load(referenceDir, [extra]);
    expect(errors).toEqual([]);
    expect(r.resolve("Azerb. Rep.")).toMatchObject({ ok: true, code: "AZE", matchedBy: "package-alias" });
    expect(r.resolve("Other")).toMatchObject({ ok: true, code: "OTHER_CIS", matchedBy: "package-alias" });
    expect(r.resolve("Others")).toMatchObject({ ok: true, code: "OTHER", matchedBy: "alias" });
    expect(r.resolve("Russia")).toMatchObject({ ok: true, code: "RUS", matchedBy: "iso" });
  });
});

describe("countriesCommand", () => {
  const run = async (text: string): Promise<{ code: number; out: string; err: string }> => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let out = "";
    let err = "";
    output.on("data", (c: Buffer) => (out += c.toString("utf8")));
    errors.on("data", (c: Buffer) => (err += c.toString("utf8")));
    input.end(text);
    const code = await countriesCommand(input, output, { errors });
    return { code, out, err };
  };

  it("writes input,code,name,kind for every non-blank line", async () => {
    const { code, out, err } = await run('Russia\n\nKirgizstan\r\nCIS countries\nKorea, Rep.\nUSSR\n  \nnot specified\nIran*\nCôte d’Ivoire\n"Quoted"\n');
    expect(out).toBe(
      [
        "input,code,name,kind",
        "Russia,RUS,Russian Federation,country",
        "Kirgizstan,KGZ,Kyrgyzstan,country",
        "CIS countries,CIS,Commonwealth of Independent States,aggregate",
        '"Korea, Rep.",KOR,South Korea,country',
        "USSR,SUN,Union of Soviet Socialist Republics,historical",
        "not specified,UNSPECIFIED,Not specified,unspecified",
        "Iran*,IRN,Islamic Republic of Iran,country",
        "Côte d’Ivoire,CIV,Cote d'Ivoire,country",
        '"""Quoted""",,,unknown',
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
    expect(err).toContain('<input>:11:0: unknown-country: "\\"Quoted\\""');
  });

  it("exits 0 when every name resolves", async () => {
    const { code, out, err } = await run("Georgia¹\nTotal\n");
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toBe("input,code,name,kind\nGeorgia¹,GEO,Georgia,country\nTotal,TOTAL,Total,aggregate\n");
  });
});

