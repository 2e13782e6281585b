// What the words of a sentence say about its figures: where sentences end, the qualifier before a
// figure, an inline attribution naming its source, and the label of a measure.
import type { StatementContext } from "./statementContext.ts";
import { words } from "./vocabulary.ts";

/** The sentences of a paragraph, each with where it starts (abbreviations and initials do not end one). */
export const sentencesOf = (text: string): Array<{ text: string; start: number }> => {
  const out: Array<{ text: string; start: number }> = [];
  const re = /(?<!\b(?:p|pp|No|no|Nr|Dept|Mr|Ms|Mrs|Dr|St|Vol|vol|e\.g|i\.e|etc|op|cit|[A-Z]))[.!?][”"’]?[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?=\s+[A-Z“"(])/gu;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    out.push({ text: text.slice(last, end), start: last });
    last = end;
  }
  if (last < text.length) out.push({ text: text.slice(last), start: last });
  return out.filter((s) => s.text.trim() !== "");
};

/** The label of a measure in the vocabulary (its code when it has none). */
export const measureLabel = (ctx: StatementContext, measure: string): string => {
  return ctx.vocab.measures.find((m) => m.measure === measure)?.label || measure;
};

/** The nearest qualifier of qualifiers.csv ending in the last words before a figure. */
export const nearestQualifier = (before: string, ctx: StatementContext): string => {
  const tail = before.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, "").split(/[;:.()]/u).at(-1) ?? "";
  const ws = words(tail).slice(-5);
  let best = "";
  let bestAt = -1;
  for (const q of ctx.reference.qualifiers.qualifiers()) {
    const qw = words(q.qualifier);
    if (qw.length === 0) continue;
    for (let i = 0; i + qw.length <= ws.length; i++) {
      if (qw.every((w, j) => ws[i + j] === w) && (i + qw.length > bestAt || (i + qw.length === bestAt && qw.length > words(best).length))) {
        best = q.qualifier;
        bestAt = i + qw.length;
      }
    }
  }
  return best;
};

/** An inline attribution ("according to X", "X (2010)") and the citation it names (added when new). */
export const attributionOf = (text: string, ctx: StatementContext): { id: string; words: string; weak?: boolean } | undefined => {
  const plain = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, "");
  for (const a of ctx.vocab.roles.get("attribution") ?? []) {
    const i = plain.toLowerCase().indexOf(a);
    if (i < 0) continue;
    let rest = plain.slice(i + a.length).trim();
    rest = rest.replace(/^(?:the )?(?:figures?|data|information|estimates?|statistics)(?: \w+)? (?:of|from|by|given by|presented by) /iu, "");
    const name = (/^(?:the\s+)?([^,;:.]*?(?:\(\d{4}\))?)(?=[,;:.]|\s+(?:the|that|there|as|and|in|on|which|who|is|was|were|puts|\d)\b|$)/u.exec(rest)?.[1] ?? "").trim();
    if (!/^\p{Lu}/u.test(name) || words(name).length > 8 || /\b(of|the|and|in|every|by)$/iu.test(name) || (ctx.vocab.roles.get("not_before") ?? []).includes(words(name)[0]!)) continue;
    const id = ctx.book.find(name, true) ?? ctx.book.add(name, true, true);
    return { id, words: `${a} ${name}`, weak: words(name).length < 2 };
  }
  // "The agency's register, which ...": the subject of the sentence is a source
  const subject = /^\s*((?:The\s+)?\p{Lu}[\p{L}'’ -]{2,60}?)[,(]/u.exec(plain)?.[1]?.trim();
  const opensWithAttribution = (ctx.vocab.roles.get("attribution") ?? []).some((a) => subject?.toLowerCase().startsWith(a));
  if (subject && !opensWithAttribution && (ctx.vocab.roles.get("source_noun") ?? []).some((n) => words(subject).some((w) => w === n || w === `${n}s`))) {
    const id = ctx.book.find(subject, true) ?? ctx.book.add(subject, true, true);
    return { id, words: subject };
  }
  const m = /\b([A-Z][a-z]+(?: and [A-Z][a-z]+)?) \(((?:19|20)\d\d)\)/u.exec(plain);
  if (m) {
    const id = ctx.book.find(`${m[1]} ${m[2]}`);
    if (id) return { id, words: m[0] };
  }
  return undefined;
};
