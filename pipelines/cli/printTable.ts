/** Render rows as an aligned text table (numbers right-aligned, NULL shown as NULL). */
export const renderTable = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const text = (v: unknown): string => (v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const cells = rows.map((r) => r.map(text));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === "number" || (typeof r[i] === "string" && /^-?\d+(\.\d+)?$/.test(r[i] as string))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (r: ReadonlyArray<string>) => r.map(pad).join(" | ").trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? "" : "s"})`].join("\n");
};
