// The grammar of a period label without its trailing qualifiers: points, spans, prefixes ("by", "since",
// "end of", "early"), "first N months of" (see periods.ts for the labels understood).
import { at, count, daySpan, iso, month, monthSpan, monthsSpan, ORDINALS, span, year, yearSpan, YEAR, type Span } from "./periodCalendar.ts";

export interface Context {
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
export function parseExpr(s: string, ctx: Context, depth = 0): Span | null {
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
