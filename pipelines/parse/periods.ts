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
import { daysInMonth, daySpan, iso, monthsSpan } from "./periodCalendar.ts";
import { parseExpr, type Context } from "./periodGrammar.ts";
import { applyQualifier, type Flags } from "./periodQualifiers.ts";

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
