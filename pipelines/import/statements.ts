/**
 * Every figure of the running text, the box rows and the "..... 167,300 (2009)" lines as a statement:
 * its value as printed (digits, number words, ranges), period, qualifier, unit, measure (by keywords),
 * footnote mark and citation (the mark of its sentence, an inline attribution, or the next mark of
 * its paragraph), and the links a sentence prints: parts of a total ("N – a, b and c", "N of whom a",
 * "N (a and b)") and a share beside its count ("1,250,000 (61.2%)"). Numbers that are not figures
 * (years, dates, locators after "p."/"No."/"section", durations, law codes, phone numbers) are skipped.
 */
import { markPrefix, SUPERSCRIPT_RUN, superscriptNumber, type ProfileDocument } from "./document.ts";
import { baseUnitOf, classifyMeasure, unclassifiedFor } from "./measures.ts";
import { findPeriods, type PeriodPhrase } from "./periodPhrases.ts";
import type { ReviewItem } from "./review.ts";
import type { StatementContext } from "./statementContext.ts";
import { findFigures } from "./statementFigures.ts";
import { attributionOf, measureLabel, nearestQualifier, sentencesOf } from "./statementPhrases.ts";
import { findPhrase, words } from "./vocabulary.ts";

export const STATEMENT_FIELDS = [
  "id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value", "unit",
  "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags",
] as const;

export type StatementDraft = Record<(typeof STATEMENT_FIELDS)[number], string> & { line: number };

/** a statement value printed with spaces between thousands (the package's number format must say so) */
export const SPACE_GROUPED = /\d[ \u202F]\d{3}(?!\d)/u;

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
