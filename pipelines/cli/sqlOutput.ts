// What `npm run sql` prints: a result as a table, CSV or JSON, and an error as a line.
import type { Warehouse } from "../core/duckdb.ts";
import { escapeControls } from "../core/terminalText.ts";
import { jsonArrayText, queryJson } from "../export/jsonRows.ts";
import { renderTable } from "./printTable.ts";

export const OUTPUT_MODES = ["table", "csv", "json"] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** Where output goes (stdout, stderr, or a test's buffer). */
export interface Out {
  write(text: string): unknown;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]|^\s|\s$/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Render a result in an output mode; always ends with a newline. */
export const formatResult = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>, mode: OutputMode): string => {
  switch (mode) {
    case "table":
      return renderTable(columns, rows) + "\n";
    case "csv":
      return [columns, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    case "json":
      return jsonArrayText(columns, rows);
  }
};

/** Run SQL and print its result; an error is printed, not thrown. Returns whether it ran. */
export const runSql = async (wh: Warehouse, sql: string, mode: OutputMode, out: Out, err: Out): Promise<boolean> => {
  try {
    const { columns, rows } = await queryJson(wh, sql);
    out.write(formatResult(columns, rows, mode));
    return true;
  } catch (e) {
    err.write(`error: ${escapeControls((e as Error).message, true)}\n`);
    return false;
  }
};
