import type { MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";
import { insertRows, quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import { cell } from "../core/sql.ts";
import { DEFAULT_MISSING } from "../normalize/defaults.ts";
import { figureFormat, type BulkStaging, type CodedColumn } from "./bulkStaging.ts";
import { numberSql, type NumberSql } from "./numberSql.ts";
import type { ReadBulkFile } from "./readBulkFile.ts";
import type { ResolvedColumns } from "./resolveCodedColumns.ts";

/**
 * A coded column with at most this many values is stored as an ENUM and what its values resolve to is
 * looked up in lists written into the view (unused columns cost nothing); with more, the view joins its
 * mapping table.
 */
const MAX_INLINE = 4096;
/** MAX_INLINE, or MP_BULK_INLINE_MAX when set (0: every coded column joined). */
const maxInline = (): number => {
  const v = Number(process.env["MP_BULK_INLINE_MAX"]);
  return process.env["MP_BULK_INLINE_MAX"] !== undefined && Number.isInteger(v) && v >= 0 ? v : MAX_INLINE;
};

/**
 * Texts joined in one concat(): a chain of || builds every intermediate string (twice as slow over
 * millions of rows). A stored key text is never NULL (read as '' when empty), so concat's NULL as ''
 * changes nothing.
 */
export const joined = (parts: ReadonlyArray<string>): string => (parts.length === 1 ? parts[0]! : `concat(${parts.join(", ")})`);

/** The stored figures (bulk_figures_N) and the SQL that reads their columns. */
export interface StoredFigures {
  readonly format: NumberFormatT;
  readonly missing: Record<string, MissingMeaningT>;
  readonly num: NumberSql;
  /** the stored column of a file's column (c0, c1, ...: a file may name a column anything, even like ours) */
  readonly c_: (name: string) => string;
  /** the ENUM type of each coded column stored as one */
  readonly enumOf: Map<string, string>;
  /** a stored column's text */
  readonly text: (alias: string, name: string) => string;
  /** the pieces of a stored record's row or column label: its key columns' texts, ' / ' between them */
  readonly labelParts: (alias: string, key: ReadonlyArray<string>) => string[];
  /** a stored record's row or column label: its key columns' texts joined by ' / ' */
  readonly label: (alias: string, key: ReadonlyArray<string>) => string;
  /** a stored ENUM column's code */
  readonly storedCode: (alias: string, k: string) => string;
}

/**
 * Figures: parsed in SQL. The stored figures: the key and coded columns as read (trimmed), where each
 * record stands in the file, the printed figure and what it parses to; the file's order kept (no join).
 */
export const storeFigures = async (s: BulkStaging, read: ReadBulkFile, columns: ResolvedColumns): Promise<StoredFigures> => {
  const { wh, file, raw, figures, ordinal, types, stored } = s;
  const { table, spec } = s.source;
  const d = s.pkg.descriptor;
  const { names, placed } = read;
  const { coded, clean } = columns;
  const format = figureFormat(s);
  const missing = { ...DEFAULT_MISSING, ...(d.defaults?.missing ?? {}), ...(table.missing ?? {}) };
  const num = numberSql(format, missing);
  const keptColumns = names.filter((n) => spec.rowKey.includes(n) || spec.columnKey.includes(n) || coded.some((k) => k.column === n));
  const c_ = (name: string) => `c${names.indexOf(name)}`;
  // coded columns with few values: an ENUM of the values in the order of the mapping's rows
  const enumOf = new Map<string, string>();
  const inline = maxInline();
  for (const [i, k] of coded.entries()) {
    // (a value holding a NUL cannot be written in SQL text, which an ENUM's values must be: such a
    // column is joined to its mapping table, whose values are appended)
    if (k.rows.length === 0 || k.rows.length > inline || k.rows.some((r) => String(r["v"]).includes("\u0000"))) continue;
    const type = `bulk_enum_${ordinal}_${i}`;
    types.push(type);
    await wh.run(`CREATE TYPE main.${quoteIdent(type)} AS ENUM (${k.rows.map((r) => quoteLiteral(String(r["v"]))).join(", ")})`);
    enumOf.set(k.column, type);
  }
  const text = (alias: string, name: string) => (enumOf.has(name) ? `CAST(${alias}.${c_(name)} AS VARCHAR)` : `${alias}.${c_(name)}`);
  const labelParts = (alias: string, key: ReadonlyArray<string>): string[] => key.flatMap((k, i) => (i === 0 ? [text(alias, k)] : ["' / '", text(alias, k)]));
  const label = (alias: string, key: ReadonlyArray<string>) => joined(labelParts(alias, key));
  const valueText = `coalesce(r.${quoteIdent(spec.value)}, '')`;
  // a coded column whose texts are all their own trimmed form is cast as read (trimming each of millions
  // of texts costs more than the cast)
  const stored_ = (n: string) => (clean.has(n) ? `r.${quoteIdent(n)}` : cell("r", n));
  stored.push(figures);
  await wh.run(`CREATE TABLE main.${quoteIdent(figures)} AS
${num.parse(
  `SELECT ${[...keptColumns.map((n) => `${enumOf.has(n) ? `CAST(${stored_(n)} AS main.${quoteIdent(enumOf.get(n)!)})` : cell("r", n)} AS ${c_(n)}`), `CAST(${placed.lineSql} AS INTEGER) AS line`, `${valueText} AS value_text`].join(", ")}
  FROM ${quoteIdent(raw)} r ${placed.lineJoin}`,
  [...keptColumns.map(c_), "line"],
)}`);
  await wh.run(num.reparseMarked(`main.${quoteIdent(figures)}`));
  await wh.run(`COMMENT ON TABLE main.${quoteIdent(figures)} IS ${quoteLiteral(`The figures of ${file} as stored: key columns as read, line, figure as printed (NULL where its value prints it) and parsed (observations computes every column from them)`)}`);
  s.step("parsed the figures");
  const storedCode = (alias: string, k: string) => `enum_code(${alias}.${c_(k)})`;
  return { format, missing, num, c_, enumOf, text, labelParts, label, storedCode };
};

/** Mapping tables: each coded column's values and what each resolves to (bulk_map_N_K). */
export const storeMappingTables = async (s: BulkStaging, coded: ReadonlyArray<CodedColumn>): Promise<void> => {
  const { wh, file, stored } = s;
  for (const k of coded) {
    const fieldNames = Object.keys(k.fields);
    stored.push(k.table);
    await wh.run(`CREATE TABLE main.${quoteIdent(k.table)} (v VARCHAR, ${fieldNames.map((f) => `${quoteIdent(f)} ${k.fields[f]}`).join(", ")})`);
    await insertRows(wh, k.table, ["v", ...fieldNames], k.rows);
    await wh.run(`COMMENT ON TABLE main.${quoteIdent(k.table)} IS ${quoteLiteral(`The values of column ${k.column} of ${file} and what each resolves to`)}`);
  }
};
