// Text from packages and the warehouse that reaches a terminal is shown, never obeyed: a control
// character in a label could clear the screen, retitle the terminal, hide text, or print a line that a CI
// runner reads as a workflow command.

/** C0 and C1 controls, DEL, and the bidirectional overrides that reorder what is shown. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/**
 * `text` with every control character written out (`\e`, `\n`, `\x07`, `\u202e`), the rest unchanged;
 * `keepLines` leaves line breaks (text meant to span lines: SQL, DuckDB's error messages).
 */
export const escapeControls = (text: string, keepLines = false): string =>
  text.replace(CONTROLS, (c) => (keepLines && c === "\n" ? c : NAMED[c]) ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));

/** A value with every string inside it (objects and arrays walked) passed through `f`. */
export const mapStrings = <T>(value: T, f: (s: string) => string): T => {
  if (typeof value === "string") return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
};

/**
 * Characters a reader cannot see, or cannot tell from a space: controls, format characters (byte-order
 * mark, zero-width, bidirectional), separators other than the space (no-break, thin, line), lone
 * surrogates.
 */
const INVISIBLE = /(?! )[\p{Cc}\p{Cf}\p{Z}\p{Cs}]/gu;

/** `text` with every invisible character written as its \u escape (one per UTF-16 unit, as JSON writes it). */
export const showInvisible = (text: string): string =>
  text.replace(INVISIBLE, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""));
