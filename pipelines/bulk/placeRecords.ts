// Where the records of a bulk file stand. DuckDB's CSV reader numbers neither the records it returns nor
// their lines, skips blank lines and does not count a line break inside quotes: record k of the table it
// read (rowid k) is on line k + 2 unless blank lines, such line breaks or rejected records come first;
// then a quote-aware scan of the bytes (csvLines.ts) places every record.
import * as Schema from "effect/Schema";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { quoteIdent, type Warehouse } from "../core/duckdb.ts";
import { countLines, scanRecordLines } from "./csvLines.ts";

/** Each record's line, in TypeScript (for errors) and in SQL (for observations.line, alias `r`). */
export interface PlacedRecords {
  readonly lineOf: (rowid: number) => number;
  readonly lineSql: string;
  /** a join the SQL line needs (empty when none) */
  readonly lineJoin: string;
  /** the records DuckDB rejected, one error each */
  readonly rejected: InputError[];
}

/** A record DuckDB's CSV reader rejected, as its rejects table holds it. */
const Rejected = Schema.Struct({
  line: Schema.Number,
  column_idx: Schema.Number,
  column_name: Schema.NullOr(Schema.String),
  error_type: Schema.String,
  csv_line: Schema.NullOr(Schema.String),
});

/** Rejected records read back (their lines place the others); a file with more is reported by its first. */
export const MAX_REJECTS = 10_000;
const REJECT_CODES: Readonly<Record<string, { code: ErrorCode; expected: string }>> = {
  "MISSING COLUMNS": { code: "missing-cell", expected: "as many cells as the header has columns" },
  "TOO MANY COLUMNS": { code: "extra-cell", expected: "as many cells as the header has columns" },
  "UNQUOTED VALUE": { code: "unbalanced-quote", expected: "a well-formed CSV record (RFC 4180: quote a field holding the delimiter, quotes or line breaks; double a quote inside a quoted field)" },
  "INVALID ENCODING": { code: "encoding-error", expected: "UTF-8 text (re-save the file as UTF-8)" },
  "INVALID UNICODE": { code: "encoding-error", expected: "UTF-8 text (re-save the file as UTF-8)" },
  "LINE SIZE OVER MAXIMUM": { code: "line-too-long", expected: "a record shorter than DuckDB's maximum line size (2 MB)" },
};

/** A Parquet file has no lines: a record's "line" is its number, 1 the first. */
export const placeParquetRecords = (): PlacedRecords => ({ lineOf: (r) => r + 1, lineSql: "(r.rowid + 1)", lineJoin: "", rejected: [] });

/** Place the records of a CSV file read into `raw` (with its rejects table) on their physical lines. */
export const placeCsvRecords = async (
  wh: Warehouse,
  t: { rejects: string; linesTable: string; path: string; file: string; accepted: number; columnOf: (name: string) => number },
): Promise<PlacedRecords> => {
  const { rejects, linesTable, path, file, accepted, columnOf } = t;
  const rejected = await wh.rows(
    Rejected,
    `SELECT line::INTEGER AS line, column_idx::INTEGER AS column_idx, column_name, CAST(error_type AS VARCHAR) AS error_type, left(csv_line, 240) AS csv_line
     FROM temp.${quoteIdent(rejects)} ORDER BY line, column_idx LIMIT ${MAX_REJECTS}`,
  );
  if (rejected.length === 0 && countLines(path) === accepted + 1) return { lineOf: (r) => r + 2, lineSql: "(r.rowid + 2)", lineJoin: "", rejected: [] };
  const scan = scanRecordLines(path);
  const physical = (duckdbLine: number): number => {
    // the record DuckDB numbers so starts on this physical line (binary search: both increase)
    let lo = 0;
    let hi = scan.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (scan.duckdbLine[mid]! <= duckdbLine) lo = mid;
      else hi = mid - 1;
    }
    return scan.count > 0 && scan.duckdbLine[lo] === duckdbLine ? scan.line[lo]! : duckdbLine;
  };
  const rejectedLines = new Set(rejected.map((r) => r.line));
  const lines = new Int32Array(accepted);
  let k = 0;
  for (let i = 1; i < scan.count && k < accepted; i++) if (!rejectedLines.has(scan.duckdbLine[i]!)) lines[k++] = scan.line[i]!;
  for (; k < accepted; k++) lines[k] = k === 0 ? 2 : lines[k - 1]! + 1; // only when the scan and DuckDB disagree on a broken file
  await wh.run(`CREATE TEMP TABLE ${quoteIdent(linesTable)} (first_row BIGINT, extra INTEGER)`);
  const appender = await wh.connection.createAppender(linesTable, "main", "temp");
  try {
    let previous = 0;
    for (let r = 0; r < accepted; r++) {
      const extra = lines[r]! - (r + 2);
      if (extra !== previous) {
        appender.appendBigInt(BigInt(r));
        appender.appendInteger(extra);
        appender.endRow();
        previous = extra;
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }

  const errors: InputError[] = [];
  const byLine = new Map<number, (typeof rejected)[number]>();
  for (const r of rejected) if (!byLine.has(r.line)) byLine.set(r.line, r);
  for (const r of byLine.values()) {
    const known = REJECT_CODES[r.error_type] ?? { code: "csv-syntax", expected: "a well-formed CSV record" };
    const column = r.column_name !== null && columnOf(r.column_name) > 0 ? columnOf(r.column_name) : Math.max(1, r.column_idx);
    errors.push({ code: known.code, file, line: physical(r.line), column, cell: (r.csv_line ?? "").replace(/^[\r\n]+/, "").split(/\r?\n/)[0]!.slice(0, 120), expected: known.expected });
  }
  return {
    lineOf: (r) => lines[r]!,
    lineSql: "(r.rowid + 2 + coalesce(lm.extra, 0))",
    lineJoin: `ASOF LEFT JOIN temp.${quoteIdent(linesTable)} lm ON r.rowid >= lm.first_row`,
    rejected: errors,
  };
};
