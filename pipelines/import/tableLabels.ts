// What a table's labels say, read by vocabulary: the context a table is drafted in, the roles of its
// labels, the countries they name, directions, from-to labels and breakdowns.
import type { CountryResolver } from "../reference/countries.ts";
import type { UnitRegistry } from "../reference/units.ts";
import { findPhrase, hasRole, startsWithRole, words, type ImportVocabulary } from "./vocabulary.ts";

export interface TableContext {
  readonly file: string;
  readonly vocab: ImportVocabulary;
  readonly countries: CountryResolver;
  readonly units: UnitRegistry;
  readonly reportingCountry: string;
  readonly reportingCode: string;
  readonly publicationYear: string;
  readonly missing: Readonly<Record<string, "nil" | "missing" | "not-available">>;
}

export type Coordinates = Record<string, string>;

/** One drafted item of the table, for review.csv (see ReviewItem): its subject, the guess, what it rests on. */
export type Note = (item: string, guess: string, because: string, confidence: number, decided?: boolean) => void;

/** The role of a label by the vocabulary (a "... total" is a total), and the country or group it names. */
export const labelReaders = (ctx: TableContext) => {
  const role = (label: string, r: string): boolean =>
    r === "residual" ? hasRole(ctx.vocab, r, label) : startsWithRole(ctx.vocab, r, label) || (r === "total" && /\btotal$/iu.test(label.replace(/[:.]$/u, "")));
  const resolve = (label: string) => {
    const hit = ctx.countries.resolve(label);
    return hit.ok ? hit : undefined;
  };
  return { role, resolve };
};
export type LabelReaders = ReturnType<typeof labelReaders>;

/** "in" / "out" / "net" from the direction words of a caption, or "to <reporting country>". */
export const directionOf = (text: string, ctx: TableContext): { direction: string; because: string } | undefined => {
  const hay = words(text);
  for (const d of ctx.vocab.directions) {
    if (findPhrase(hay, words(d.words)) >= 0) return { direction: d.direction, because: `"${d.words}"` };
  }
  const country = words(ctx.reportingCountry);
  const to = findPhrase(hay, ["to", ...country]);
  if (to >= 0 && findPhrase(hay, ["between"]) < 0) return { direction: "in", because: `"to ${ctx.reportingCountry}"` };
  return undefined;
};

/** "From X to Y" where X or Y is the reporting country. */
export const fromToOf = (label: string, ctx: TableContext): { direction: string; counterpart: string } | undefined => {
  const m = /^from\s+(.+?)\s+to\s+(.+)$/iu.exec(label.trim());
  if (!m) return undefined;
  const a = ctx.countries.resolve(m[1]!);
  const b = ctx.countries.resolve(m[2]!);
  if (a.ok && a.code === ctx.reportingCode && b.ok) return { direction: "out", counterpart: m[2]!.trim() };
  if (b.ok && b.code === ctx.reportingCode && a.ok) return { direction: "in", counterpart: m[1]!.trim() };
  return undefined;
};

/** The breakdown a label names from breakdowns.csv ("" for a total), or undefined. */
export const breakdownOf = (label: string, ctx: TableContext): string | undefined => {
  const hay = words(label);
  if (hay.length > 0 && (ctx.vocab.roles.get("total") ?? []).some((t) => findPhrase(hay, words(t)) === 0)) return "";
  const hits = ctx.vocab.breakdowns.filter((b) => b.words !== "" && findPhrase(hay, words(b.words)) >= 0).map((b) => b.breakdown);
  return hits.length > 0 ? [...new Set(hits)].join(";") : undefined;
};

export const slugWords = (s: string): string =>
  words(s)
    .filter((w) => !/^(of|whom|which|the|a|an|by)$/u.test(w))
    .join(" ")
    .replace(/[;=]/gu, " ")
    .slice(0, 60) || "part";
