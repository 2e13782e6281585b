// Text helpers the report page's parts share.

/** Escape text for HTML element content and attribute values. */
export const esc = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** "1 finding", "3 findings". */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
