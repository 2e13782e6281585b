// The calendar a period label is read against: month names, counts, days of a month, and spans of days.

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
export const iso = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ["january", 1], ["jan", 1], ["february", 2], ["feb", 2], ["march", 3], ["mar", 3], ["april", 4], ["apr", 4],
  ["may", 5], ["june", 6], ["jun", 6], ["july", 7], ["jul", 7], ["august", 8], ["aug", 8],
  ["september", 9], ["sep", 9], ["sept", 9], ["october", 10], ["oct", 10], ["november", 11], ["nov", 11],
  ["december", 12], ["dec", 12],
]);
export const month = (word: string): number | undefined => MONTHS.get(word.replace(/\.$/, ""));

export const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["first", 1], ["1st", 1], ["second", 2], ["2nd", 2], ["third", 3], ["3rd", 3], ["fourth", 4], ["4th", 4],
]);
const COUNT_WORDS: ReadonlyMap<string, number> = new Map([
  ["one", 1], ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6], ["seven", 7], ["eight", 8],
  ["nine", 9], ["ten", 10], ["eleven", 11], ["twelve", 12],
]);
export const count = (word: string): number | undefined => (/^\d{1,2}$/.test(word) ? Number(word) : COUNT_WORDS.get(word));

export const YEAR = "([12]\\d{3})";
export const year = (s: string): number | null => (/^[12]\d{3}$/.test(s) ? Number(s) : null);

/** A span of days, before the status flags are added. */
export interface Span {
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

export const span = (start: string, end: string, kind: Span["kind"] = "other", extra: Partial<Span> = {}): Span => ({
  start,
  end,
  instant: start === end,
  approximate: false,
  cumulative: false,
  partial: false,
  kind,
  ...extra,
});
export const yearSpan = (y: number): Span => span(iso(y, 1, 1), iso(y, 12, 31), "year");
export const monthSpan = (y: number, m: number): Span => span(iso(y, m, 1), iso(y, m, daysInMonth(y, m)), "month");
export const monthsSpan = (y: number, from: number, to: number): Span => span(iso(y, from, 1), iso(y, to, daysInMonth(y, to)));
export function daySpan(y: number, m: number, d: number): Span | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return span(iso(y, m, d), iso(y, m, d), "day");
}
export const at = (date: string, extra: Partial<Span> = {}): Span => span(date, date, "day", { instant: true, ...extra });
