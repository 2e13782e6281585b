/**
 * Periods as printed -> ISO date spans (inclusive), with the status flags the label carries.
 *
 * Understood (case-insensitive, whitespace collapsed, any dash read as "-"):
 * - years, months, days: "2006", "May 2003", "Sept. 2007", "30 June 2008", "June 30, 2008",
 *   "30.06.2008" (day first), ISO "2008-06", "2008-06-30" (so "1995-06" is June 1995, never
 *   1995-2006: a span with a two-digit end year is only read after a slash, "2005/06")
 * - spans: "1995 – 2006", "1995-2006", "2005/2006", "2005/06", "1995 to 2006", "from 1995 to 2006",
 *   "between 1995 and 2006", "January-June 2007", "May 2003 - March 2007"
 * - quarters and halves: "Q1 2007", "first quarter of 2007", "H1 2007", "first half of 2007";
 *   "first 9 months of 2007" (partial)
 * - decades: "1990s", "the 1990s"; "early 2000s" (2000-2003), "mid-1990s" (1994-1996),
 *   "late 1990s" (1997-1999); "early 2006" (January-April), "late 2006" (September-December):
 *   these are flagged `approximate` (the bounds are vague), not `estimate` (which is about the figure)
 * - instants: "end of 2006", "end-2006", "at the end of 2006", "year-end 2006" -> 2006-12-31;
 *   "beginning of 2006", "start of 2006" -> 2006-01-01; "mid-2006" -> 2006-07-01 (the UN mid-year
 *   convention); a single day is an instant
 * - "as of X", "as at X", "on X", "at X": X as an instant. When X is a day or an end/beginning that is
 *   that day; when X is a month or a year ("as of February 2008") the span of that month or year is
 *   kept and `instant` is true: the stock was counted at some unstated day within it
 * - "by X": cumulative up to the end of X, an instant ("by 30 June 2008" -> 2008-06-30..2008-06-30,
 *   "by 2005" -> 2005-12-31..2005-12-31)
 * - "since X", "from X onwards": from the start of X to the end of `options.asOf` (e.g. the
 *   publication date "2008-10" -> 2008-10-31), cumulative. Without `asOf` this is an `open-period`
 *   failure: an open period is never closed by guessing.
 * - prefixes "in", "during", "for", "over", "the period", "the year": "in the period 2000 - 2006"
 * - trailing parenthesised qualifiers, several allowed, comma- or semicolon-separated:
 *   "(estimate)", "(est.)", "(provisional)", "(preliminary)", "(cumulative)", "(9 months)",
 *   "(first 9 months)", "(January-September)", "(first half)": a months qualifier narrows a year to
 *   those months and marks it partial ("2007(9 months)" -> 2007-01-01..2007-09-30)
 * - `partial` means "the label is a year but the figure covers only some of its months": set by a
 *   months qualifier and by "first 9 months of 2007"; an explicit span such as "January-June 2007"
 *   or "Q1 2007" is a whole period of its own and is not partial
 */
import type { ParseFailure } from "../core/errors.ts";

export interface ParsedPeriod {
  readonly ok: true;
  /** ISO date YYYY-MM-DD */
  readonly start: string;
  /** ISO date YYYY-MM-DD, inclusive */
  readonly end: string;
  readonly estimate: boolean;
  readonly partial: boolean;
  readonly provisional: boolean;
  readonly cumulative: boolean;
  /** a point in time ("end of 2006", "by 30 June 2008", "as of January 2008", a single day) */
  readonly instant: boolean;
  /** the bounds are vague ("early 2000s", "late 2006") */
  readonly approximate: boolean;
  /** SDMX OBS_STATUS: E when estimate, P when provisional (E wins when both), else A */
  readonly obsStatus: "A" | "E" | "P";
}

export interface PeriodOptions {
  /** reference date closing open periods ("since 2001"): YYYY, YYYY-MM or YYYY-MM-DD */
  readonly asOf?: string;
}

export const PERIOD_EXPECTED =
  "a period such as 2006, 2007 (estimate), 2007(9 months), 1995 – 2006, end of 2006, by 30 June 2008, May 2003 or since 2001";

// ---------------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------------

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const iso = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ["january", 1], ["jan", 1], ["february", 2], ["feb", 2], ["march", 3], ["mar", 3], ["april", 4], ["apr", 4],
  ["may", 5], ["june", 6], ["jun", 6], ["july", 7], ["jul", 7], ["august", 8], ["aug", 8],
  ["september", 9], ["sep", 9], ["sept", 9], ["october", 10], ["oct", 10], ["november", 11], ["nov", 11],
  ["december", 12], ["dec", 12],
]);
const month = (word: string): number | undefined => MONTHS.get(word.replace(/\.$/, ""));

const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["first", 1], ["1st", 1], ["second", 2], ["2nd", 2], ["third", 3], ["3rd", 3], ["fourth", 4], ["4th", 4],
]);
const COUNT_WORDS: ReadonlyMap<string, number> = new Map([
  ["one", 1], ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6], ["seven", 7], ["eight", 8],
  ["nine", 9], ["ten", 10], ["eleven", 11], ["twelve", 12],
]);
const count = (word: string): number | undefined => (/^\d{1,2}$/.test(word) ? Number(word) : COUNT_WORDS.get(word));

const YEAR = "([12]\\d{3})";
const year = (s: string): number | null => (/^[12]\d{3}$/.test(s) ? Number(s) : null);

/** A span of days, before the status flags are added. */
interface Span {
  readonly start: string;
  readonly end: string;
  readonly instant: boolean;
  readonly approximate: boolean;
  readonly cumulative: boolean;
  /** a year of which only the first months are covered ("first 9 months of 2007") */
  readonly partial: boolean;
  /** what the span is, for rules that need it ("early" + decade, a months qualifier on a year) */
  readonly kind: "year" | "month" | "day" | "decade" | "other";
}

const span = (start: string, end: string, kind: Span["kind"] = "other", extra: Partial<Span> = {}): Span => ({
  start,
  end,
  instant: start === end,
  approximate: false,
  cumulative: false,
  partial: false,
  kind,
  ...extra,
});
const yearSpan = (y: number): Span => span(iso(y, 1, 1), iso(y, 12, 31), "year");
const monthSpan = (y: number, m: number): Span => span(iso(y, m, 1), iso(y, m, daysInMonth(y, m)), "month");
const monthsSpan = (y: number, from: number, to: number): Span => span(iso(y, from, 1), iso(y, to, daysInMonth(y, to)));
function daySpan(y: number, m: number, d: number): Span | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return span(iso(y, m, d), iso(y, m, d), "day");
}
const at = (date: string, extra: Partial<Span> = {}): Span => span(date, date, "day", { instant: true, ...extra });

// ---------------------------------------------------------------------------------------------
// Grammar
// ---------------------------------------------------------------------------------------------

interface Context {
  /** end of the reference date, or null when none was given */
  readonly asOfEnd: string | null;
  /** set when an open period could not be closed */
  open: boolean;
}

/** A year, month, day, quarter, half or decade on its own. */
function parsePoint(s: string): Span | null {
  let m: RegExpExecArray | null;
  const y0 = year(s);
  if (y0 !== null) return yearSpan(y0);
  if ((m = new RegExp(`^${YEAR}-(\\d{2})$`).exec(s))) {
    const mo = Number(m[2]);
    return mo >= 1 && mo <= 12 ? monthSpan(Number(m[1]), mo) : null;
  }
  if ((m = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})$`).exec(s))) return daySpan(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.${YEAR}$`).exec(s))) return daySpan(Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = new RegExp(`^([a-z]+\\.?),? ${YEAR}$`).exec(s))) {
    const mo = month(m[1]!);
    return mo === undefined ? null : monthSpan(Number(m[2]), mo);
  }
  if ((m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+\\.?),? ${YEAR}$`).exec(s))) {
    const mo = month(m[2]!);
    return mo === undefined ? null : daySpan(Number(m[3]), mo, Number(m[1]));
  }
  if ((m = new RegExp(`^([a-z]+\\.?) (\\d{1,2})(?:st|nd|rd|th)?,? ${YEAR}$`).exec(s))) {
    const mo = month(m[1]!);
    return mo === undefined ? null : daySpan(Number(m[3]), mo, Number(m[2]));
  }
  // quarters
  if ((m = new RegExp(`^(?:q([1-4])|([a-z0-9]+) quarter(?: of)?),? ${YEAR}$`).exec(s)) || (m = new RegExp(`^${YEAR}[ -]?q([1-4])$`).exec(s))) {
    const [q, y] = m.length === 4 ? [m[1] !== undefined ? Number(m[1]) : ORDINALS.get(m[2]!), Number(m[3])] : [Number(m[2]), Number(m[1])];
    if (q === undefined || q < 1 || q > 4) return null;
    return monthsSpan(y, 3 * q - 2, 3 * q);
  }
  // halves
  if ((m = new RegExp(`^(?:h([12])|([a-z0-9]+) half(?: of)?),? ${YEAR}$`).exec(s))) {
    const h = m[1] !== undefined ? Number(m[1]) : ORDINALS.get(m[2]!);
    if (h === undefined || h < 1 || h > 2) return null;
    return monthsSpan(Number(m[3]), 6 * h - 5, 6 * h);
  }
  // decades
  if ((m = /^(?:the )?([12]\d{2}0)['’]?s$/.exec(s))) {
    const y = Number(m[1]);
    return span(iso(y, 1, 1), iso(y + 9, 12, 31), "decade");
  }
  return null;
}

/** A point, or two points joined as a span ("1995 – 2006", "January-June 2007", "2005/06"). */
function parseSpan(s: string): Span | null {
  const point = parsePoint(s);
  if (point !== null) return point;
  let m: RegExpExecArray | null;
  if ((m = /^between (.+) and (.+)$/.exec(s)) || (m = /^from (.+) to (.+)$/.exec(s))) return join(m[1]!, m[2]!);
  if ((m = new RegExp(`^${YEAR} ?/ ?(\\d{2}|[12]\\d{3})$`).exec(s))) {
    const y1 = Number(m[1]);
    let y2 = m[2]!.length === 2 ? Math.floor(y1 / 100) * 100 + Number(m[2]) : Number(m[2]);
    if (m[2]!.length === 2 && y2 <= y1) y2 += 100; // "1999/00"
    return y2 > y1 ? span(iso(y1, 1, 1), iso(y2, 12, 31)) : null;
  }
  for (const sep of [/ to /g, / ?- ?/g]) {
    for (const x of s.matchAll(sep)) {
      const joined = join(s.slice(0, x.index), s.slice(x.index! + x[0].length));
      if (joined !== null) return joined;
    }
  }
  return null;
}

/** Two points as one span; a left point without a year takes the right one's ("January-June 2007"). */
function join(leftText: string, rightText: string): Span | null {
  const right = parsePoint(rightText);
  if (right === null || right.kind === "decade") return null;
  let left = parsePoint(leftText);
  if (left === null && right.kind === "month") left = parsePoint(`${leftText} ${right.start.slice(0, 4)}`);
  if (left === null || left.kind === "decade") return null;
  if (left.start > right.end || (left.start === right.start && left.end === right.end)) return null;
  return span(left.start, right.end);
}

const END_PREFIX = /^(?:(?:at )?the )?(?:end of |end - |end-|end |year-end |year end )(.+)$/;
const START_PREFIX = /^(?:(?:at )?the )?(?:beginning|start)(?: of | - |-| )(.+)$/;
/** "early 2000s", "mid-1990s", "the late 1990s", "mid-year 2006", "middle of 2006", "early 2006" */
const PART_PREFIX = /^(?:(?:in )?the )?(early|mid|late|middle of)(?:-year| year)?(?: of | - |-| )(.+)$/;

/** The whole label without its trailing qualifiers. */
function parseExpr(s: string, ctx: Context, depth = 0): Span | null {
  if (depth > 6) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(?:in|during|for|over|throughout|within) (.+)$/.exec(s))) return parseExpr(m[1]!, ctx, depth + 1);
  if ((m = /^(?:the )?(?:period|years?|calendar year) (.+)$/.exec(s))) return parseExpr(m[1]!, ctx, depth + 1);
  if ((m = /^by (.+)$/.exec(s))) {
    const inner = parseExpr(m[1]!, ctx, depth + 1);
    return inner === null ? null : at(inner.end, { cumulative: true, approximate: inner.approximate });
  }
  if ((m = /^(?:since (.+)|from (.+?) (?:onwards?|on))$/.exec(s))) {
    const inner = parseExpr((m[1] ?? m[2])!, ctx, depth + 1);
    if (inner === null) return null;
    if (ctx.asOfEnd === null || ctx.asOfEnd < inner.start) {
      ctx.open = true;
      return null;
    }
    return span(inner.start, ctx.asOfEnd, "other", { instant: false, cumulative: true, approximate: inner.approximate });
  }
  if ((m = /^(?:as of|as at|as on|on|at) (.+)$/.exec(s))) {
    const inner = parseExpr(m[1]!, ctx, depth + 1);
    return inner === null || inner.cumulative ? null : { ...inner, instant: true };
  }
  if ((m = END_PREFIX.exec(s))) {
    const inner = parseExpr(m[1]!, ctx, depth + 1);
    return inner === null || inner.instant ? null : at(inner.end, { approximate: inner.approximate });
  }
  if ((m = START_PREFIX.exec(s))) {
    const inner = parseExpr(m[1]!, ctx, depth + 1);
    return inner === null || inner.instant ? null : at(inner.start, { approximate: inner.approximate });
  }
  if ((m = PART_PREFIX.exec(s))) {
    const which = m[1] === "middle of" ? "mid" : m[1]!;
    const inner = parsePoint(m[2]!);
    if (inner === null) return null;
    const y = Number(inner.start.slice(0, 4));
    if (inner.kind === "decade") {
      const [a, b] = which === "early" ? [0, 3] : which === "mid" ? [4, 6] : [7, 9];
      return span(iso(y + a, 1, 1), iso(y + b, 12, 31), "other", { approximate: true });
    }
    if (inner.kind === "year") {
      if (which === "mid") return at(iso(y, 7, 1));
      return which === "early" ? { ...monthsSpan(y, 1, 4), approximate: true } : { ...monthsSpan(y, 9, 12), approximate: true };
    }
    return null;
  }
  if ((m = new RegExp(`^(?:the )?first (\\w+) months(?: of)? ${YEAR}$`).exec(s))) {
    const n = count(m[1]!);
    return n === undefined || n < 1 || n > 11 ? null : { ...monthsSpan(Number(m[2]), 1, n), partial: true };
  }
  return parseSpan(s);
}

interface Flags {
  estimate: boolean;
  provisional: boolean;
  cumulative: boolean;
  /** a months qualifier: the months of the year the figure covers */
  months: { from: number; to: number } | null;
}

/** One item of a parenthesised qualifier; false when not understood. */
function applyQualifier(item: string, flags: Flags): boolean {
  let m: RegExpExecArray | null;
  if (/^(?:estimates?|estimated|est\.?|estimation)$/.test(item)) return (flags.estimate = true);
  if (/^(?:provisional|preliminary|prelim\.?)(?: data| figures?)?$/.test(item)) return (flags.provisional = true);
  if (/^cumulative$/.test(item)) return (flags.cumulative = true);
  if (flags.months !== null) return false;
  if ((m = /^(?:first )?(\w+) months?$/.exec(item))) {
    const n = count(m[1]!);
    if (n === undefined || n < 1 || n > 11) return false;
    flags.months = { from: 1, to: n };
    return true;
  }
  if ((m = /^([a-z]+\.?) ?- ?([a-z]+\.?)$/.exec(item)) || (m = /^([a-z]+\.?) to ([a-z]+\.?)$/.exec(item))) {
    const a = month(m[1]!);
    const b = month(m[2]!);
    if (a === undefined || b === undefined || a > b || (a === 1 && b === 12)) return false;
    flags.months = { from: a, to: b };
    return true;
  }
  if ((m = /^(?:h([12])|(first|second|1st|2nd) half)$/.exec(item))) {
    const h = m[1] !== undefined ? Number(m[1]) : ORDINALS.get(m[2]!)!;
    flags.months = { from: 6 * h - 5, to: 6 * h };
    return true;
  }
  return false;
}

/** End date of a reference date YYYY, YYYY-MM or YYYY-MM-DD, or null when it is none of these. */
export function referenceEnd(asOf: string): string | null {
  const m = /^([12]\d{3})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(asOf.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (m[2] === undefined) return iso(y, 12, 31);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return iso(y, mo, daysInMonth(y, mo));
  return daySpan(y, mo, Number(m[3]))?.end ?? null;
}

/**
 * Parse a period label. Never throws on bad input: an unreadable label is an `unparseable-period`
 * failure, an open period ("since 2001") without a usable `asOf` an `open-period` failure, and an
 * `asOf` that is not YYYY, YYYY-MM or YYYY-MM-DD an `invalid-reference-date` failure.
 */
export function parsePeriod(text: string, options: PeriodOptions = {}): ParsedPeriod | ParseFailure {
  const fail: ParseFailure = { ok: false, code: "unparseable-period", expected: PERIOD_EXPECTED };
  let asOfEnd: string | null = null;
  if (options.asOf !== undefined) {
    asOfEnd = referenceEnd(options.asOf);
    if (asOfEnd === null) {
      return { ok: false, code: "invalid-reference-date", expected: "a reference date (asOf) such as 2008, 2008-10 or 2008-10-15" };
    }
  }
  let s = text
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase();
  if (s === "" || s.length > 200) return fail;

  const flags: Flags = { estimate: false, provisional: false, cumulative: false, months: null };
  let q: RegExpExecArray | null;
  while ((q = /^(.*?) ?\(([^()]*)\)$/.exec(s))) {
    const items = q[2]!.split(/[,;]/).map((x) => x.trim());
    if (!items.every((item) => item !== "" && applyQualifier(item, flags))) return fail;
    s = q[1]!;
  }
  if (s === "") return fail;

  const ctx: Context = { asOfEnd, open: false };
  let base = parseExpr(s, ctx);
  if (base === null) {
    return ctx.open
      ? {
          ok: false,
          code: "open-period",
          expected: "a reference date (asOf, e.g. the publication date) on or after the start of an open period such as since 2001",
        }
      : fail;
  }
  let partial = base.partial;
  if (flags.months !== null) {
    if (base.kind !== "year") return fail;
    const y = Number(base.start.slice(0, 4));
    base = monthsSpan(y, flags.months.from, flags.months.to);
    partial = true;
  }
  const estimate = flags.estimate;
  const provisional = flags.provisional;
  return {
    ok: true,
    start: base.start,
    end: base.end,
    estimate,
    partial,
    provisional,
    cumulative: base.cumulative || flags.cumulative,
    instant: base.instant,
    approximate: base.approximate,
    obsStatus: estimate ? "E" : provisional ? "P" : "A",
  };
}
