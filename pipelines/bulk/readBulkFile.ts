import * as Schema from "effect/Schema";
import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import { figureFormat, type BulkStaging } from "./bulkStaging.ts";
import { numericFigureText } from "./numberSql.ts";
import { MAX_REJECTS, placeCsvRecords, placeParquetRecords, type PlacedRecords } from "./placeRecords.ts";

/** A bulk file as read: its columns, and where each record stands in it. */
export interface ReadBulkFile {
  /** the file's columns, in its order */
  readonly names: string[];
  /** 1-based column of a name (0 if absent) */
  readonly columnOf: (name: string) => number;
  readonly placed: PlacedRecords;
  /** where a value first occurs: the file, the line of a record (its rowid) and the column */
  readonly at: (column: string, first: number) => { file: string; line: number; column: number };
  /**
   * The figures are binary floating point numbers (a Parquet DOUBLE or FLOAT column): each is stored as it
   * is, so one of more than 15 significant digits (0.30000000000000004) is not rounded by storing it.
   */
  readonly floatFigures: boolean;
}

const ColumnName = Schema.Struct({ column_name: Schema.String, column_type: Schema.String });
const Count = Schema.Struct({ n: Schema.Number });

/**
 * Read the file into a temporary table with DuckDB's own reader, every column as text in the file's
 * order (rejected records kept; a Parquet figure column of numbers as the text of each value, in the
 * table's number format), and place each record on its line. Undefined when it cannot be read
 * (the errors say why).
 */
export const readBulkFile = async (s: BulkStaging): Promise<ReadBulkFile | undefined> => {
  const { wh, file, errors, raw, rejects, scans, linesTable } = s;
  const { spec, path } = s.source;
  let names: string[];
  let floatFigures = false;
  try {
    if (spec.format === "csv") {
      names = [...s.source.header];
      const columns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ")}}`;
      await wh.run(
        `CREATE TEMP TABLE ${quoteIdent(raw)} AS SELECT * FROM read_csv($1, header = true, auto_detect = false, delim = ${quoteLiteral(spec.delimiter)},
           quote = '"', escape = '"', columns = ${columns}, store_rejects = true, rejects_table = ${quoteLiteral(rejects)},
           rejects_scan = ${quoteLiteral(scans)}, rejects_limit = ${MAX_REJECTS}, strict_mode = true, encoding = 'utf-8')`,
        [path],
      );
    } else {
      const described = await wh.rows(ColumnName, `DESCRIBE SELECT * FROM read_parquet($1)`, [path]);
      names = described.map((c) => c.column_name);
      const expected = spec.columns.map((c) => c.name);
      names.forEach((n, i) => {
        if (!expected.includes(n)) errors.push({ code: "extra-label", file, line: 0, column: i + 1, cell: n, expected: `one of the columns of bulk.columns in the descriptor: ${expected.join(", ")}` });
      });
      for (const n of expected) if (!names.includes(n)) errors.push({ code: "missing-label", file, line: 0, column: names.length + 1, cell: names.join(","), expected: `a column named ${n}` });
      if (errors.length > 0) return undefined;
      const typeOf = new Map(described.map((c) => [c.column_name, c.column_type]));
      floatFigures = ["DOUBLE", "FLOAT"].includes(typeOf.get(spec.value) ?? "");
      const asText = (n: string) => (n === spec.value ? numericFigureText(quoteIdent(n), typeOf.get(n)!, figureFormat(s)) : undefined) ?? `CAST(${quoteIdent(n)} AS VARCHAR)`;
      await wh.run(`CREATE TEMP TABLE ${quoteIdent(raw)} AS SELECT ${names.map((n) => `${asText(n)} AS ${quoteIdent(n)}`).join(", ")} FROM read_parquet($1)`, [path]);
    }
  } catch (e) {
    const message = ((e as Error).message ?? String(e)).split("\n")[0]!;
    errors.push({ code: "unreadable-file", file, line: 0, column: 0, cell: message.slice(0, 200), expected: `a ${spec.format === "csv" ? "CSV" : "Parquet"} file DuckDB can read` });
    return undefined;
  }
  const columnOf = (name: string): number => names.indexOf(name) + 1;
  const [{ n: accepted }] = (await wh.rows(Count, `SELECT count(*)::INTEGER AS n FROM ${quoteIdent(raw)}`)) as [{ n: number }];
  s.step(`read ${accepted} records`);

  // Lines: where each record DuckDB returned stands in the file, and what it rejected.
  const placed = spec.format === "csv" ? await placeCsvRecords(wh, { rejects, linesTable, path, file, accepted, columnOf }) : placeParquetRecords();
  for (const e of placed.rejected) s.report(e);
  const { lineOf } = placed;
  s.step("placed records on their lines");
  const at = (column: string, first: number) => ({ file, line: lineOf(first), column: columnOf(column) });
  return { names, columnOf, placed, at, floatFigures };
};
