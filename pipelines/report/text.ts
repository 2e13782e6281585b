// Text helpers the report page's parts share.
import { escapeControls } from "../core/terminalText.ts";

/**
 * Text with its control characters written out (`\e`, `\x00`, `\u202e`) as the terminal formats write
 * them: a label's escape sequence, NUL or bidirectional override would otherwise reach the page (and
 * reorder what it shows). Tabs and line breaks are HTML's whitespace and stay.
 */
export const showControls = (s: string): string => s.replace(/[^\t\n\r]+/gu, (run) => escapeControls(run));

/** Escape text for HTML element content and attribute values, control characters shown. */
export const esc = (s: string): string =>
  showControls(s).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** "1 finding", "3 findings". */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
