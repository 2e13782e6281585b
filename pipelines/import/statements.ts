/**
 * Every figure of the running text, the box rows and the "..... 167,300 (2009)" lines as a statement:
 * its value as printed (digits, number words, ranges), period, qualifier, unit, measure (by keywords),
 * footnote mark and citation (the mark of its sentence, an inline attribution, or the next mark of
 * its paragraph), and the links a sentence prints: parts of a total ("N – a, b and c", "N of whom a",
 * "N (a and b)") and a share beside its count ("1,250,000 (61.2%)"). Numbers that are not figures
 * (years, dates, locators after "p."/"No."/"section", durations, law codes, phone numbers) are skipped.
 */
import { isFailure, parseNumber } from "../parse/numbers.ts";
import type { CitationBook, FootnoteRow } from "./citations.ts";
import { markPrefix, SUPERSCRIPT_RUN, superscriptNumber, type ProfileDocument } from "./document.ts";
import { baseUnitOf, classifyMeasure, unclassifiedFor } from "./measures.ts";
import { findPeriods, type PeriodPhrase } from "./periodPhrases.ts";
import type { ReviewItem } from "./review.ts";
import { findPhrase, words, type ImportReference, type ImportVocabulary } from "./vocabulary.ts";

export const STATEMENT_FIELDS = [
  "id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value", "unit",
  "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags",
] as const;

export type StatementDraft = Record<(typeof STATEMENT_FIELDS)[number], string> & { line: number };

export interface StatementContext {
  readonly vocab: ImportVocabulary;
  readonly reference: ImportReference;
  readonly book: CitationBook;
  readonly footnotes: ReadonlyArray<FootnoteRow>;
  readonly reportingCountry: string;
  /** publication date, closing open periods ("since 2003") */
  readonly asOf: string;
}

interface Figure {
  start: number;
  end: number;
  value: string;
  /** unit class: ratio, USD, EUR, km2, rank or people (persons, cases or count) */
  cls: string;
  unitPrinted: string;
  words: boolean;
}

const NUMBER = /(?<![\w.,/$]|\d[-–−]|[-–−]\d|\p{Lu}-)(-\s?|[–−](?=\d))?(\d{1,3}(?:,\d{3})+|\d{1,3}, \d{3}(?![\d,])|\d+)(\.\d+)?(?![\w]*-[A-Z])/gu;
/** "3 581 100": thousands split by spaces (a narrow no-break space too); a fourth-digit group after it is a phone number */
const SPACED = /^(?:-\s?|[–−](?=\d))?\d{1,3}(?:[ \u202F]\d{3})+(?:\.\d+)?(?![\d,]|[ \u202F]\d)/u;
/** a statement value printed with spaces between thousands (the package's number format must say so) */
export const SPACE_GROUPED = /\d[ \u202F]\d{3}(?!\d)/u;
const SCALE = /^\s+(million|billion|thousand)\b/iu;
const PERCENT = /^\s*(%|per\s?cent\b|percent\b)/iu;
const CURRENCY_AFTER = /^\s*(US\s?\$|USD|US dollars|dollars|EUR|euros?)(?![\w])/iu;
const CURRENCY_BEFORE = /(USD|US\s?\$|\$|EUR|€)\s*$/u;
const AREA = /^\s*(sq\.? km|km2|km²|square kilomet(?:re|er)s)/iu;

/** "1.2 bn", "1.5 mln": a scale word of number-words.csv after the digits (the words the parser also reads) */
const scaleWord = (rest: string, ctx: StatementContext): RegExpExecArray | null => {
  const m = /^\s+([\p{L}]+)\.?(?![\p{L}])/u.exec(rest);
  if (!m || !ctx.reference.numberWords.scales.has(m[1]!.toLowerCase()) || m[1]!.toLowerCase() === "hundred") return null;
  const hit = [m[0].replace(/\.$/u, ""), m[1]!] as unknown as RegExpExecArray;
  return hit;
};

const sentencesOf = (text: string): Array<{ text: string; start: number }> => {
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

export const draftStatements = (doc: ProfileDocument, ctx: StatementContext, review: ReviewItem[]): StatementDraft[] => {
  const out: StatementDraft[] = [];
  const counters = new Map<string, number>();
  const nextId = (section: string): string => {
    const n = (counters.get(section) ?? 0) + 1;
    counters.set(section, n);
    return `s-${section.toLowerCase()}-${String(n).padStart(2, "0")}`;
  };
  const markCitation = (mark: string): string => ctx.footnotes.find((f) => f.mark === mark)?.citation ?? "";
  const prefix = markPrefix;
  const roles = (r: string) => ctx.vocab.roles.get(r) ?? [];
  const yearOfCitation = (id: string): string => ctx.book.rows.find((c) => c.id === id)?.year ?? "";
  // a box's "Sources:" line: its references, each with its year
  const boxCitations = new Map<string, Array<{ id: string; year: string; text: string }>>();
  for (const b of doc.boxSources) {
    const list = b.text.split(/;/u).map((t) => t.trim()).filter((t) => t !== "").map((t) => {
      const id = ctx.book.add(t, true, false, b.line);
      return { id, year: yearOfCitation(id), text: t };
    });
    boxCitations.set(b.section, list);
  }

  for (const p of doc.paragraphs) {
    if (p.section === "title") continue;
    const plainText = p.text;
    if (roles("contact").some((c) => plainText.toLowerCase().startsWith(c))) continue;
    const isBox = p.boxRow;
    const leader = /\.{3,}/u.test(plainText);
    const shortLine = words(plainText).length < 6;
    if (!isBox && !leader && shortLine && !/\(\s*(19|20)\d\d\s*\)/u.test(plainText)) continue;
    // an address or a name line: short, no sentence, no long lower-case word
    if (!isBox && !leader && !/\(\s*(19|20)\d\d\s*\)/u.test(plainText) && words(plainText).length < 12 && !/[.!?]\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$/u.test(plainText) && !/\b\p{Ll}{6,}\b/u.test(plainText)) continue;

    // a box row or a "label ..... figure (year)" line: the label is what precedes the figure
    let lineLabel = "";
    let body = plainText;
    if (isBox) {
      const [left, ...rest] = plainText.split("\t");
      lineLabel = left!.trim();
      body = rest.join(" ");
    } else if (leader) {
      const [left, ...rest] = plainText.split(/\.{3,}/u);
      lineLabel = left!.trim() || p.heading;
      body = rest.join(" ");
    }
    const labelLine = !isBox && !leader && words(plainText).length <= 10 && /\(\s*(19|20)\d\d\s*\)/u.test(plainText);
    if (labelLine) lineLabel = (/^(.*?)[\s-]*-?\d/u.exec(plainText.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, ""))?.[1] ?? "").replace(/[.:\s-]+$/u, "").trim();
    const bodyOffset = plainText.indexOf(body);
    const marksInPara = [...plainText.matchAll(SUPERSCRIPT_RUN)].map((m) => ({ at: m.index ?? 0, mark: prefix(p.section) + superscriptNumber(m[0]) }));
    // a box row without a period or mark takes the source of the box whose words it shares, else the latest
    const boxList = isBox ? (boxCitations.get(p.section) ?? []) : [];
    const sharing = boxList.find((b) => words(lineLabel).filter((w) => w.length > 3 && words(b.text).includes(w)).length >= 2);
    const latest = [...boxList].sort((a, b) => b.year.localeCompare(a.year))[0];
    const boxYear = sharing ?? latest;
    // a list item ("- ...") is covered by the footnote of the paragraph that introduces it
    let listCitation = "";
    if (/^[-•–]\s/u.test(plainText)) {
      const idx = doc.paragraphs.indexOf(p);
      for (let b = idx - 1; b >= 0 && b >= idx - 12; b--) {
        const q = doc.paragraphs[b]!;
        if (q.section !== p.section) break;
        if (/^[-•–]\s/u.test(q.text)) continue;
        const ms = [...q.text.matchAll(SUPERSCRIPT_RUN)];
        if (ms.length > 0) listCitation = markCitation(prefix(q.section) + superscriptNumber(ms.at(-1)![0]));
        break;
      }
    }
    let paraPeriod: PeriodPhrase | undefined;

    const sentences = isBox || leader ? [{ text: body, start: bodyOffset }] : sentencesOf(plainText);
    for (const s of sentences) {
      const figures = findFigures(s.text, ctx);
      const ownMarkFirst = [...s.text.matchAll(SUPERSCRIPT_RUN)].map((m) => prefix(p.section) + superscriptNumber(m[0])).at(-1) ?? "";
      const forwardFirst = marksInPara.find((m) => m.at >= s.start)?.mark ?? "";
      const referenceYear = yearOfCitation(markCitation(ownMarkFirst || forwardFirst)) || ctx.asOf.slice(0, 4);
      const periods = findPeriods(isBox ? `${lineLabel} ${s.text}` : s.text, ctx.asOf, referenceYear).map((x) => (isBox ? { ...x, start: x.start - lineLabel.length - 1, end: x.end - lineLabel.length - 1 } : x));
      const figuresAccepted = figures.filter((f) => !periods.some((q) => f.start >= q.start && f.end <= q.end && q.kind !== "paren"));
      const sentenceMarks = [...s.text.matchAll(SUPERSCRIPT_RUN)].map((m) => prefix(p.section) + superscriptNumber(m[0]));
      const attribution = attributionOf(s.text, ctx);
      const respectively = /\brespectively\b/iu.test(s.text) ? periods.filter((q) => q.start < (figuresAccepted[0]?.start ?? 0)) : [];
      const ids: string[] = [];
      let totalIndex = -1;
      let partsEnd = 0;
      let ofWhichParent = -1;
      figuresAccepted.forEach((f, k) => {
        const id = nextId(p.section);
        ids.push(id);
        // the two figures of "40/60" share what follows them
        const nextStart = figuresAccepted.slice(k + 1).find((g) => g.start - f.end > 1)?.start ?? s.text.length;
        // period: a parenthesis right after, a phrase before the next figure, one before it, the paragraph's
        let period: PeriodPhrase | undefined;
        let periodFrom = "";
        if (respectively.length >= 2) {
          period = respectively[k % respectively.length];
          periodFrom = "respectively";
        }
        period ??= periods.find((q) => q.kind === "paren" && q.start >= f.end && q.start - f.end <= 12);
        period ??= periods.find((q) => q.start >= f.end && q.start < nextStart && q.start - f.end <= 150);
        period ??= [...periods].reverse().find((q) => q.end <= f.start);
        period ??= periods.find((q) => q.start >= f.end);
        if (period && periodFrom === "") periodFrom = "the sentence";
        const ownMarkEarly = sentenceMarks.at(-1) ?? "";
        const citedYear = ownMarkEarly ? yearOfCitation(markCitation(ownMarkEarly)) : "";
        const continues = (ctx.vocab.roles.get("continues") ?? []).some((c) => s.text.trim().toLowerCase().startsWith(c));
        if (!period && paraPeriod && continues) {
          period = paraPeriod;
          periodFrom = "the sentence before (this one continues it)";
        }
        if (!period && citedYear) {
          period = { text: citedYear, start: -1, end: -1, kind: "year" };
          periodFrom = `the year of the source cited by footnote ${ownMarkEarly}`;
        }
        if (!period && paraPeriod) {
          period = paraPeriod;
          periodFrom = "an earlier sentence of the paragraph";
          // "currently" after "from 2000 to 2010": the end of that span
          const span = /^(\d{4}) – (\d{4})$/u.exec(paraPeriod.text);
          if (span && (ctx.vocab.roles.get("present") ?? []).some((w) => new RegExp(`\\b${w}\\b`, "iu").test(s.text))) {
            period = { ...paraPeriod, text: span[2]! };
            periodFrom = "the end of the period of an earlier sentence (the sentence speaks of the present)";
          }
        }
        const forwardYear = yearOfCitation(markCitation(marksInPara.find((m) => m.at >= s.start + f.end)?.mark ?? ""));
        if (!period && forwardYear) {
          period = { text: forwardYear, start: -1, end: -1, kind: "year" };
          periodFrom = "the year of the source cited by the paragraph's next footnote";
        }
        if (!period && out.at(-1) && out.at(-1)!.line === p.line) {
          period = { text: out.at(-1)!.period, start: -1, end: -1, kind: "year" };
          periodFrom = "the figure before it in the paragraph";
        }
        if (!period && boxYear) {
          period = { text: boxYear.year, start: -1, end: -1, kind: "year" };
          periodFrom = "the year of the box's source";
        }
        const periodText = period?.text ?? ctx.asOf.slice(0, 4);
        // qualifier: the nearest of qualifiers.csv in the words just before
        const before = s.text.slice(Math.max(0, f.start - 100), f.start).toLowerCase();
        const qualifier = nearestQualifier(before, ctx);
        // footnote and citation
        const ownMark = sentenceMarks.at(-1) ?? "";
        const forward = marksInPara.find((m) => m.at >= s.start + f.end)?.mark ?? "";
        let citation = "";
        let citationFrom = "";
        if (ownMark && markCitation(ownMark)) [citation, citationFrom] = [markCitation(ownMark), `footnote ${ownMark}`];
        else if (attribution && !attribution.weak) [citation, citationFrom] = [attribution.id, `"${attribution.words}"`];
        else if (forward && markCitation(forward)) [citation, citationFrom] = [markCitation(forward), `the next footnote of the paragraph (${forward})`];

        else if (listCitation) [citation, citationFrom] = [listCitation, "the footnote of the paragraph introducing the list"];
        else if (boxYear) [citation, citationFrom] = [boxYear.id, sharing ? "the box source sharing its words" : "the latest source of the box"];
        // measure from the words around the figure, within the figure's unit
        // the words right after a figure name what it counts (up to the next figure, past a share in
        // parentheses, or a dash that opens its parts); the words just before it come next
        const nextOwn = figuresAccepted.slice(k + 1).find((g) => g.start - f.end > 1 && !/^\s*\(\s*$/u.test(s.text.slice(f.end, g.start)))?.start ?? s.text.length;
        const after = s.text.slice(f.end, Math.min(nextOwn, f.end + 140)).split(/[–—:]/u)[0]!.replace(/\([^()]*\)/gu, " ");
        const afterWords = after.split(/\s+/u).filter((w) => w !== "");
        const main = `${lineLabel} ${f.value} ${afterWords.slice(0, 8).join(" ")}`;
        const nearText = `${lineLabel ? p.heading : ""} ${before.split(/\s+/u).slice(-10).join(" ")} ${afterWords.slice(8).join(" ")}`;
        const context = `${p.heading} ${s.text}`;
        const classes = f.cls === "people" ? ["persons", "cases", "count"] : [f.cls];
        const guesses = classes.map((c) => classifyMeasure(ctx.vocab, main, context, c, nearText)).filter((g) => g.decided);
        guesses.sort((a, b) => b.score - a.score || b.confidence - a.confidence);
        let guess = guesses[0] ?? classifyMeasure(ctx.vocab, main, context, classes[0], nearText);
        // "-12,400 persons in 2001, -3,100 in 2005": a figure listed after another with no words of its own
        const gap = s.text.slice(figuresAccepted[k - 1]?.end ?? 0, f.start).replace(/\b(in|by|and|to|from|persons|people|per cent|percent)\b|\d{4}|[%,;.()\s-]/giu, "");
        const prevStatement = k > 0 ? out.at(-1) : undefined;
        const ownWords = guess.decided && guess.score >= 1;
        const listed = gap === "" || words(s.text.slice(figuresAccepted[k - 1]?.end ?? 0, f.start)).length <= 8;
        if (!ownWords && prevStatement && figuresAccepted[k - 1]!.cls === f.cls && listed && words(after.split(/[,;.)]/u)[0]!).length <= 6 && !prevStatement.measure.startsWith("unclassified")) {
          guess = { measure: prevStatement.measure, decided: true, because: "listed after the figure before it", confidence: 0.6, score: 1 };
        }
        const measure = guess.decided ? guess.measure : unclassifiedFor(ctx.vocab, classes[0]!);
        const base = baseUnitOf(ctx.vocab, measure) ?? "persons";
        const unit = f.cls === "people" ? base : f.unitPrinted;
        const breakdownWords = ctx.vocab.breakdowns.filter((b) => b.words !== "" && findPhrase(words(after).slice(0, 2), words(b.words)) >= 0).map((b) => b.breakdown);
        const breakdown = guess.decided ? [...new Set(breakdownWords)].filter((b) => b !== "").join(";") : `item=${id}`;
        const flags = [/\bestimat/iu.test(before.slice(-25)) ? "estimate" : "", /\bunofficial/iu.test(s.text) ? "unofficial" : "", /\bcumulative/iu.test(before) ? "cumulative" : ""].filter((x) => x);
        const label = lineLabel ? lineLabel.replace(/\s+/gu, " ").slice(0, 80) : (ctx.vocab.measures.find((m) => m.measure === measure) ? measureLabel(ctx, measure) : "Figure to classify");
        const st: StatementDraft = {
          id,
          section: p.section,
          label: label || "Figure",
          measure,
          ref_area: "",
          // a net flow is net by definition; other directions are left to the reviewer
          direction: ctx.vocab.measures.find((m) => m.measure === measure)?.kind === "net_flow" ? "net" : "",
          counterpart: "",
          breakdown,
          period: periodText,
          value: f.value,
          unit,
          qualifier,
          citation,
          footnote: sentenceMarks.includes(ownMark) && ownMark ? ownMark : "",
          numerator: "",
          denominator: "",
          part_of: "",
          flags: flags.join(";"),
          line: p.line,
        };
        // links: "N (93.3%)" is a share of N; "N – a, b and c" and "N (a and b)" are parts of N; "a of whom" parts of the figure before
        const between = s.text.slice(figuresAccepted[k - 1]?.end ?? 0, f.start);
        const prev = k > 0 ? out.at(-1) : undefined;
        if (prev && f.cls === "ratio" && figuresAccepted[k - 1]!.cls === "people" && /^\s*\(\s*$/u.test(between)) {
          st.numerator = prev.id;
          if (prev.part_of) st.denominator = prev.part_of;
        } else if (prev && f.cls === figuresAccepted[k - 1]!.cls && f.cls === "people") {
          const afterWords = s.text.slice(f.end, f.end + 14).toLowerCase();
          const ofWhomHere = /^\s*(of whom|of which|of them)\b/u.test(afterWords) || /\b(of whom|of which|of them)\W*$/u.test(between.toLowerCase());
          if (ofWhomHere) {
            ofWhichParent = /\b(of which)\W*$/u.test(between.toLowerCase()) ? k - 1 : ofWhichParent >= 0 ? ofWhichParent : k - 1;
            if (/^\s*(of whom|of them)/u.test(afterWords)) ofWhichParent = k - 1;
            st.part_of = ids[ofWhichParent]!;
            const parent = out.find((x) => x.id === st.part_of);
            if (parent && !parent.measure.startsWith("unclassified") && !ownWords) st.measure = parent.measure;
          } else if (ofWhichParent >= 0 && /^[\s,;]*(and\s+)?[^()\d]{0,60}$/u.test(between)) {
            st.part_of = ids[ofWhichParent]!;
            const parent = out.find((x) => x.id === st.part_of);
            if (parent && !parent.measure.startsWith("unclassified") && !ownWords) st.measure = parent.measure;
          } else if (totalIndex >= 0 && f.start < partsEnd) {
            st.part_of = ids[totalIndex]!;
          } else if (/[–—:]\s*$|[–—:]\s+\D{0,20}$/u.test(between) || /\(\s*$/u.test(between)) {
            totalIndex = k - 1;
            st.part_of = ids[totalIndex]!;
            // parts in parentheses end at the closing one; after a dash or colon, at the sentence's end
            partsEnd = /\(\s*$/u.test(between) ? (s.text.indexOf(")", f.end) >= 0 ? s.text.indexOf(")", f.end) : s.text.length) : s.text.length;
          }
        }
        if (st.part_of !== "") review.push({ item: `${id} part_of`, line: p.line, guessed: st.part_of, from: "a total printed with its parts in the sentence", confidence: 0.6, decided: true });
        if (st.numerator !== "") review.push({ item: `${id} numerator`, line: p.line, guessed: `${st.numerator}${st.denominator ? ` / ${st.denominator}` : ""}`, from: "a share in parentheses after its count", confidence: 0.6, decided: true });
        out.push(st);
        review.push({ item: `${id} measure`, line: p.line, guessed: measure, from: guess.because, confidence: guess.confidence, decided: guess.decided });
        review.push({ item: `${id} period`, line: p.line, guessed: periodText, from: period ? periodFrom : "no period printed: the publication year", confidence: period ? (period.kind === "paren" ? 0.9 : 0.7) : 0, decided: period !== undefined });
        review.push({ item: `${id} citation`, line: p.line, guessed: citation || "none", from: citation ? citationFrom : "no footnote or attribution", confidence: citation ? (citationFrom.startsWith("footnote") ? 0.9 : 0.6) : 0, decided: citation !== "" });
      });
      const lastPeriod = periods.at(-1);
      if (lastPeriod) paraPeriod = lastPeriod;
    }
  }
  return out;
};

const measureLabel = (ctx: StatementContext, measure: string): string => {
  return ctx.vocab.measures.find((m) => m.measure === measure)?.label || measure;
};

/** The nearest qualifier of qualifiers.csv ending in the last words before a figure. */
const nearestQualifier = (before: string, ctx: StatementContext): string => {
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
const attributionOf = (text: string, ctx: StatementContext): { id: string; words: string; weak?: boolean } | undefined => {
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

/** A unit of units.csv printed right after a figure ("per 1,000 inhabitants"), when it is not a count of people. */
const unitAfter = (rest: string, ctx: StatementContext): { printed: string; base: string; length: number } | undefined => {
  const m = /^\s+/u.exec(rest);
  if (!m) return undefined;
  const tokens = rest.slice(m[0].length).split(/\s+/u).slice(0, 4);
  for (let n = tokens.length; n >= 1; n--) {
    const printed = tokens.slice(0, n).join(" ").replace(/[,.;:)]+$/u, "");
    const u = ctx.reference.units.resolve(printed);
    if (!("ok" in u && u.ok === false) && "baseUnit" in u && !["persons", "cases", "count"].includes(u.baseUnit) && ctx.vocab.measures.some((x) => x.baseUnit === u.baseUnit)) {
      return { printed, base: u.baseUnit, length: m[0].length + rest.slice(m[0].length).indexOf(printed) + printed.length };
    }
  }
  return undefined;
};

/** The figures of a sentence, with the numbers that are not figures left out. */
export const findFigures = (text: string, ctx: StatementContext): Figure[] => {
  const out: Figure[] = [];
  const notBefore = new Set(ctx.vocab.roles.get("not_before") ?? []);
  const durations = new Set(ctx.vocab.roles.get("duration") ?? []);
  const skipSpans: Array<[number, number]> = [];
  for (const m of text.matchAll(/<[^>]*>|\S+@\S+|https?:\/\/\S+|www\.\S+|\d{1,2}(?:st|nd|rd|th)\b|\bISBN[\s:]*[\dX-]+/giu)) skipSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  // dates of laws and events: "12 March 2008", "May 4, 2009", "(June 21, 2010)"
  for (const m of text.matchAll(/\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},/gu)) {
    skipSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  const skipped = (a: number, b: number) => skipSpans.some(([x, y]) => a < y && b > x);
  const wordBefore = (at: number) => (/([\p{L}.\/]+)\s*$/u.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? "").toLowerCase();
  const wordAfter = (at: number) => (/^\s*([\p{L}-]+)/u.exec(text.slice(at, at + 30))?.[1] ?? "").toLowerCase();

  const digitFigures: Figure[] = [];
  let lastPair: [string, string] | undefined;
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER.exec(text))) {
    let start = m.index;
    let end = start + m[0].length;
    const digits = m[2]!;
    if (skipped(start, end)) continue;
    const prevWord = wordBefore(start);
    if (notBefore.has(prevWord) || notBefore.has(prevWord.replace(/\.$/u, ""))) continue;
    // list numbering ("1. International Organization ...") and address numbers ("str. 14/33")
    if (/^\s*$/u.test(text.slice(0, start)) && /^\.(\s|$)/u.test(text.slice(start + m[0].length))) continue;
    // "the 1325 Programme": a long number printed without its thousands separator before a name is an identifier
    if (/^\d{4,}$/u.test(m[0]) && /^\s+\p{Lu}/u.test(text.slice(start + m[0].length))) continue;
    const spaced = !m[3] && /^\d{1,3}$/u.test(digits) && !/\d\s+$/u.test(text.slice(Math.max(0, start - 2), start)) ? SPACED.exec(text.slice(start)) : null;
    if (spaced) end = start + spaced[0].length;
    // phone numbers and codes: bare numbers in a row
    else if (/\d\s+$/u.test(text.slice(Math.max(0, start - 2), start)) || /^\s+\d/u.test(text.slice(end, end + 2))) continue;
    let value = (spaced ? spaced[0] : m[0]).replace(/^([-–−])\s/u, "$1");
    let rest = text.slice(end);
    const year = !spaced && /^(19[5-9]\d|20[0-4]\d)$/u.test(digits) && !m[3] && !m[1];
    // "40/60 percent": two figures sharing what follows
    const slash = spaced ? null : /^\/(\d+(?:\.\d+)?)/u.exec(rest);
    let cls = "people";
    let unitPrinted = "";
    const scale = SCALE.exec(rest) ?? scaleWord(rest, ctx);
    if (scale) {
      value += ` ${scale[1]}`;
      end += scale[0].length;
      rest = text.slice(end);
    }
    const range = /^\s+to\s+(\d[\d,]*(?:\.\d+)?)(\s+(?:million|billion|thousand))?/u.exec(rest);
    if (range && !year) {
      value += ` to ${range[1]}${range[2] ?? ""}`;
      end += range[0].length;
      rest = text.slice(end);
    }
    const tail = slash ? text.slice(end + slash[0].length) : rest;
    const pct = PERCENT.exec(tail);
    const cur = CURRENCY_AFTER.exec(tail);
    const area = AREA.exec(tail);
    const curBefore = CURRENCY_BEFORE.exec(text.slice(Math.max(0, start - 6), start));
    if (pct) {
      cls = "ratio";
      unitPrinted = pct[1]!.replace(/\s+/gu, " ") === "%" ? "%" : pct[1]!.toLowerCase().replace(/\s+/gu, " ");
      if (!slash) {
        if (unitPrinted === "%") value += text.slice(end, end + pct[0].length).replace(/^\s*/u, /^\s/u.test(tail) ? " " : "");
        end += pct[0].length;
        if (unitPrinted === "%") unitPrinted = "%";
      }
    } else if (cur) {
      cls = /eur/iu.test(cur[1]!) ? "EUR" : "USD";
      unitPrinted = /dollars/iu.test(cur[1]!) && !/US/u.test(cur[1]!) ? "USD" : cur[1]!.replace(/\s+/gu, " ");
      if (!slash) end += cur[0].length;
    } else if (curBefore) {
      cls = /EUR|€/u.test(curBefore[1]!) ? "EUR" : "USD";
      unitPrinted = curBefore[1] === "$" ? "USD" : curBefore[1]!;
    } else if (area) {
      cls = "km2";
      unitPrinted = area[1]!;
      end += area[0].length;
    } else if (unitAfter(rest, ctx) !== undefined) {
      const u = unitAfter(rest, ctx)!;
      cls = u.base;
      unitPrinted = u.printed;
      end += u.length;
    } else if (/^\s+of\s+\d/u.test(rest) && !year) {
      cls = "rank";
      unitPrinted = "rank";
    }
    if (year && cls === "people" && !scale) continue;
    const after = wordAfter(end);
    if (durations.has(after) && cls === "people") continue;
    if (slash && cls === "people" && lastPair !== undefined) [cls, unitPrinted] = lastPair;
    if (slash) {
      lastPair = [cls, unitPrinted];
      digitFigures.push({ start, end: start + m[0].length, value: m[0], cls, unitPrinted, words: false });
      const second = start + m[0].length + 1;
      digitFigures.push({ start: second, end: second + slash[1]!.length, value: slash[1]!, cls, unitPrinted, words: false });
      NUMBER.lastIndex = second + slash[1]!.length;
      continue;
    }
    // a sign is a minus only after a space or a parenthesis ("–12.3", not "1991–2001"); a dash with a space after it is punctuation
    if (/^[-–−]/u.test(value) && !/(^|[\s(])$/u.test(text.slice(Math.max(0, start - 1), start))) value = value.replace(/^[-–−]\s?/u, "");
    digitFigures.push({ start, end, value: value.trim(), cls, unitPrinted, words: false });
    NUMBER.lastIndex = end;
  }
  out.push(...digitFigures);

  // number words: with a scale or a fraction, "threefold", or counting something beside other figures
  const numbers = ctx.reference.numberWords;
  const isNumberWord = (w: string) => numbers.numbers.has(w) || numbers.scales.has(w) || numbers.fractions.has(w);
  const tokens = [...text.matchAll(/[\p{L}-]+/gu)].map((t) => ({ w: t[0].toLowerCase(), start: t.index ?? 0, end: (t.index ?? 0) + t[0].length }));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (out.some((f) => t.start >= f.start && t.start < f.end)) continue;
    if (/^[a-z]+fold$/u.test(t.w) && numbers.numbers.has(t.w.slice(0, -4))) {
      out.push({ start: t.start, end: t.end, value: text.slice(t.start, t.end), cls: "ratio", unitPrinted: "ratio", words: true });
      continue;
    }
    if (!isNumberWord(t.w) || t.w === "a" || t.w === "an") {
      if (!((t.w === "a" || t.w === "an") && tokens[i + 1] && (numbers.scales.has(tokens[i + 1]!.w) || numbers.fractions.has(tokens[i + 1]!.w)))) continue;
    }
    let j = i;
    while (j + 1 < tokens.length && (isNumberWord(tokens[j + 1]!.w) || (tokens[j + 1]!.w === "and" && tokens[j + 2] && (tokens[j + 2]!.w === "a" || isNumberWord(tokens[j + 2]!.w)))) && tokens[j + 1]!.start - tokens[j]!.end <= 1) j++;
    while (j > i && (tokens[j]!.w === "a" || tokens[j]!.w === "and")) j--;
    const phrase = text.slice(t.start, tokens[j]!.end);
    const parsed = parseNumber(phrase, { decimal: ".", group: "," }, {});
    if (isFailure(parsed) || parsed.value === null) continue;
    const hasScale = tokens.slice(i, j + 1).some((x) => numbers.scales.has(x.w) && x.w !== "hundred");
    const isFraction = tokens.slice(i, j + 1).some((x) => numbers.fractions.has(x.w));
    const next = tokens[j + 1]?.w ?? "";
    const next2 = tokens[j + 2]?.w ?? "";
    const counting = /s$/u.test(next) && !/(is|was|has|this|as|us|its)$/u.test(next) || /s$/u.test(next2) && next !== "of" && !/(is|was|has|this|as|us|its)$/u.test(next2);
    const besideFigures = digitFigures.length > 0 && !["of", "another", "reason", "way", "hand", "side"].includes(next);
    if (durations.has(next) || durations.has(next2) && !/s$/u.test(next)) {
      i = j;
      continue;
    }
    if (!(hasScale || isFraction || counting || besideFigures) || ["first", "second", "third"].includes(t.w) && !isFraction) {
      i = j;
      continue;
    }
    if (isFraction && !hasScale && /^(first|second|third|fourth|fifth)$/u.test(t.w)) {
      i = j;
      continue;
    }
    let end = tokens[j]!.end;
    const rest = text.slice(end);
    let cls = "people";
    let unitPrinted = "";
    const pct = /^\s*(?:a\s+)?(%|per\s?cent\b|percent\b)/iu.exec(rest);
    const cur = CURRENCY_AFTER.exec(rest);
    if (pct) {
      cls = "ratio";
      unitPrinted = pct[1]!.toLowerCase();
    } else if (cur) {
      cls = "USD";
      unitPrinted = /dollars/iu.test(cur[1]!) && !/US/u.test(cur[1]!) ? "USD" : cur[1]!;
    } else if (isFraction && !hasScale) {
      cls = "ratio";
      unitPrinted = "ratio";
    }
    out.push({ start: t.start, end, value: phrase, cls, unitPrinted, words: true });
    i = j;
  }
  return out.sort((a, b) => a.start - b.start);
};

