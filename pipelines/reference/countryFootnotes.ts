/** Trailing footnote marks on a printed name ("Iran*¹"), which the resolver tries without (see countries.ts). */

const FOOTNOTE_TAILS: ReadonlyArray<RegExp> = [
  /\s*[\u00B9\u00B2\u00B3\u2070-\u209F]+$/u, // superscript (and subscript) digits and signs
  /\s*[*†‡§]+$/u,
  /(?<=[\p{L}\p{M}.)\s])\s*[0-9]{1,2}$/u, // "Russia 2", "Georgia1"; never "EU-15" or "2006"
  /\s*[([](?:[a-z]|[0-9]{1,2}|\*{1,3})[)\]]$/u, // "(a)", "[1]", "(*)"
];

/**
 * The text after each successive removal of one trailing footnote mark ("Iran*¹" -> ["Iran*", "Iran"]).
 * The resolver tries them in order, so "EU15¹" stops at "EU15" before "15" could be taken for a mark.
 */
export const footnoteStrippings = (text: string): string[] => {
  const out: string[] = [];
  let current = text.trim();
  for (;;) {
    let next = current;
    for (const tail of FOOTNOTE_TAILS) {
      const cut = current.replace(tail, "").trimEnd();
      if (cut !== current) {
        next = cut;
        break;
      }
    }
    if (next === current || next === "") return out;
    out.push(next);
    current = next;
  }
};

/** The text without any trailing footnote marks (repeatedly: "Iran*¹" -> "Iran"), trimmed. */
export const stripFootnoteMarks = (text: string): string => footnoteStrippings(text).at(-1) ?? text.trim();
