import { escapeControls } from "../core/terminalText.ts";

/**
 * Render rows as an aligned text table (numbers right-aligned, NULL shown as NULL). Control characters in
 * names and values are shown escaped (`\e`, `\n`): the table goes to a terminal.
 */
export const renderTable = (names: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const text = (v: unknown): string => escapeControls(v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const columns = names.map((n) => escapeControls(n));
  const cells = rows.map((r) => r.map(text));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === "number" || (typeof r[i] === "string" && /^-?\d+(\.\d+)?$/.test(r[i] as string))));
  // a loop, not Math.max(...cells): a spread of many rows overflows the call stack
  const widths = columns.map((c, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), c.length));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (r: ReadonlyArray<string>) => r.map(pad).join(" | ").trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? "" : "s"})`].join("\n");
};
