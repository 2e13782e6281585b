// The parenthesised qualifiers after a period label: "(estimate)", "(provisional)", "(9 months)", "(H1)".
import { count, month, ORDINALS } from "./periodCalendar.ts";

/** What the qualifiers of a label say. */
export interface Flags {
  estimate: boolean;
  provisional: boolean;
  cumulative: boolean;
  /** a months qualifier: the months of the year the figure covers */
  months: { from: number; to: number } | null;
}

/** One item of a parenthesised qualifier; false when not understood. */
export function applyQualifier(item: string, flags: Flags): boolean {
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
