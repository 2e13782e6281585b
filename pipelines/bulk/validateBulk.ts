// The checks of a bulk file that run once its values are resolved and its figures stored: units against
// measures, figures that do not parse or would be stored rounded, hierarchy labels, duplicate figures.
import * as Schema from "effect/Schema";
import { quoteIdent } from "../core/duckdb.ts";
import { cell } from "../core/sql.ts";
import { isUnitFailure } from "../reference/units.ts";
import type { BulkResolvers } from "./bulkResolvers.ts";
import { MAX_DISTINCT, MAX_ERRORS_PER_CODE, type BulkStaging, type CodedColumn } from "./bulkStaging.ts";
import { packedCodes } from "./figureKeys.ts";
import type { ReadBulkFile } from "./readBulkFile.ts";
import type { ConstantCoordinates } from "./resolveConstants.ts";
import type { ResolvedColumns } from "./resolveCodedColumns.ts";
import type { StoredFigures } from "./storeFigures.ts";

const UnitPair = Schema.Struct({ m: Schema.String, u: Schema.String, first: Schema.NumberFromString });
const BadFigure = Schema.Struct({ line: Schema.Number, v: Schema.String, n: Schema.Number });
const Unique = Schema.Struct({ unique: Schema.Boolean });
const Duplicate = Schema.Struct({ first: Schema.NumberFromString, last: Schema.NumberFromString, n: Schema.Number });
const DuplicateFigure = Schema.Struct({ rl: Schema.String, cl: Schema.String, v: Schema.String, line: Schema.Number });

/**
 * A figure's text as read into JavaScript, whole: the DuckDB client decodes text with a TextDecoder that
 * drops a leading byte-order mark, so the text is fetched behind one character (guarded), removed after
 * (unguarded), and an error shows the mark that made the figure fail.
 */
const guarded = (text: string): string => `('|' || ${text})`;
const unguarded = (text: string): string => text.slice(1);

/** Units against measures: every combination that occurs. */
export const checkUnitsAgainstMeasures = async (
  s: BulkStaging,
  read: ReadBulkFile,
  lookups: BulkResolvers,
  constants: ConstantCoordinates,
  given: { measureColumn: CodedColumn | undefined; unitColumn: CodedColumn | undefined },
): Promise<void> => {
  const { wh, raw, report, descriptorError } = s;
  const { spec } = s.source;
  const { at } = read;
  const { measureOf, unitOf } = lookups;
  const { constMeasure, constUnit } = constants;
  const { measureColumn, unitColumn } = given;
  if (constMeasure !== undefined && constUnit !== undefined && constMeasure.base_unit !== constUnit.baseUnit) {
    descriptorError("unit-mismatch", ["unit"], `a unit in ${constMeasure.base_unit} for measure ${constMeasure.measure} (the unit converts to ${constUnit.baseUnit})`);
  } else if (measureColumn !== undefined || unitColumn !== undefined) {
    const mCol = spec.coordinate.measure;
    const uCol = spec.coordinate.unit;
    const pairs = await wh.rows(
      UnitPair,
      `SELECT ${mCol ? cell("r", mCol) : "''"} AS m, ${uCol ? cell("r", uCol) : "''"} AS u, min(r.rowid)::BIGINT AS first FROM ${quoteIdent(raw)} r GROUP BY 1, 2 ORDER BY 3 LIMIT ${MAX_DISTINCT}`,
    );
    for (const { m, u, first } of pairs) {
      const measure = mCol ? measureOf(m) : constMeasure;
      const unit = uCol ? unitOf(u) : undefined;
      const base = unit ? (isUnitFailure(unit.u) ? undefined : unit.u.baseUnit) : constUnit?.baseUnit;
      if (measure !== undefined && base !== undefined && measure.base_unit !== base) {
        report({ code: "unit-mismatch", ...at(uCol ?? mCol!, first), cell: uCol ? u : m, expected: `a unit in ${measure.base_unit} for measure ${measure.measure} (the unit converts to ${base})` });
      }
    }
  }
};

/** Figures that are neither a number nor a declared marker, and those beyond 15 significant digits. */
export const checkFigures = async (s: BulkStaging, read: ReadBulkFile, figures: StoredFigures): Promise<void> => {
  const { wh, file, report, reported } = s;
  const { spec } = s.source;
  const { columnOf } = read;
  const { num, format, missing } = figures;
  const bad = await wh.rows(
    BadFigure,
    `SELECT f.line, ${guarded(num.printed("f"))} AS v, count(*) OVER ()::INTEGER AS n FROM main.${quoteIdent(s.figures)} f
     WHERE f.value IS NULL AND f.missing IS NULL ORDER BY f.line LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  const numberExpected = `a number such as ${format.group === "" ? "1234" : `1${format.group}234`} or -9${format.decimal}8 (decimal mark '${format.decimal}', ${format.group === "" ? "no thousands separator" : `thousands separator '${format.group}'`}), or one of the missing markers ${Object.keys(missing).map((m) => JSON.stringify(m)).join(", ")}`;
  for (const b of bad) report({ code: "unparseable-number", file, line: b.line, column: columnOf(spec.value), cell: unguarded(b.v), expected: numberExpected });
  if (bad.length > 0 && bad[0]!.n > bad.length) reported.set("unparseable-number", bad[0]!.n);
  // as in a printed table: a figure beyond 15 significant digits would be stored rounded, so it is refused
  // (unless the file's figures are floating point numbers already: stored as they are)
  const long = read.floatFigures ? [] : await wh.rows(
    BadFigure,
    `SELECT f.line, ${guarded(num.printed("f"))} AS v, count(*) OVER ()::INTEGER AS n FROM main.${quoteIdent(s.figures)} f
     WHERE f.long_digits AND NOT (f.decimals = 0 AND abs(f.value) <= ${Number.MAX_SAFE_INTEGER}) ORDER BY f.line LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  for (const b of long) {
    report({ code: "number-beyond-precision", file, line: b.line, column: columnOf(spec.value), cell: unguarded(b.v), expected: `a figure of at most 15 significant digits, or an integer of at most ${Number.MAX_SAFE_INTEGER}: the warehouse stores figures as 64-bit floating point numbers, which would round this one` });
  }
  if (long.length > 0 && long[0]!.n > long.length) reported.set("number-beyond-precision", long[0]!.n);
  s.step("checked the figures");
};

/** Hierarchy rules: the total and each listed part occur in the file. */
export const checkHierarchyLabels = (s: BulkStaging, columns: ResolvedColumns): void => {
  const { file, descriptorError } = s;
  const { spec } = s.source;
  for (const rule of spec.hierarchy) {
    const values = new Set((columns.valuesOf.get(rule.column) ?? []).map((v) => v.v));
    if (values.size === 0) continue;
    const where = ["bulk", "hierarchy", rule.index];
    const expected = `a value of column ${rule.column} in ${file}`;
    if (!values.has(rule.total)) descriptorError("unknown-label", [...where, "total"], expected);
    if (rule.parts !== "*") rule.parts.forEach((p, k) => values.has(p) || descriptorError("unknown-label", [...where, "parts", k], expected));
    rule.except.forEach((p, k) => values.has(p) || descriptorError("unknown-label", [...where, "except", k], expected));
  }
};

/** Above this many combinations of key values, the distinct keys are counted by hash (a bitmap of them would take more than 32 MB). */
export const MAX_DENSE_KEYS = 2 ** 28;

/**
 * SQL counting the distinct keys of the stored figures (alias f). Where every key column is an ENUM and
 * their combinations are few enough, each key is its codes packed into one number below that count, and
 * the distinct numbers are the bits a bitmap of them sets: one pass, a few megabytes (at 50 million records
 * 0.8 s and 0.3 GB of peak memory, where a distinct count of 64-bit hashes took 2.8 s and 1.2 GB). Else
 * the distinct 64-bit hashes of the keys (a collision can only make keys look repeated, which the exact
 * grouping after it then rules out).
 */
const distinctKeysSql = (figures: StoredFigures, coded: ReadonlyArray<CodedColumn>, keyColumns: ReadonlyArray<string>): string => {
  const { c_, enumOf, storedCode } = figures;
  const packed = packedCodes(keyColumns, coded, enumOf);
  if (packed === null || packed.combinations > MAX_DENSE_KEYS) return `count(DISTINCT hash(${keyColumns.map((k) => `f.${c_(k)}`).join(", ")}))`;
  return `coalesce(bit_count(bitstring_agg(${packed.sql((k) => storedCode("f", k))}, 0, ${packed.combinations - 1})), 0)`;
};

/** One figure per row and column label: the same key twice is two figures with one id. */
export const checkDuplicates = async (s: BulkStaging, read: ReadBulkFile, columns: ResolvedColumns, figures: StoredFigures): Promise<void> => {
  const { wh, file, pkg, report, reported } = s;
  const { table, spec } = s.source;
  const { columnOf } = read;
  const { c_, num, label } = figures;
  const keyColumns = [...spec.rowKey, ...spec.columnKey];
  // First whether every key hashes apart, counting distinct 64-bit hashes only (a file without
  // duplicates, the usual case, costs a fifth of what finding where each repeat is costs); then, only if
  // some hashes repeat, where: grouped by the keys themselves, so that a collision is never a duplicate
  // and never hides one. (As stored: an ENUM's code stands for its text one to one.)
  const storedKeys = keyColumns.map((k) => `f.${c_(k)}`).join(", ");
  const [{ unique }] = (await wh.rows(Unique, `SELECT ${distinctKeysSql(figures, columns.coded, keyColumns)} = count(*) AS unique FROM main.${quoteIdent(s.figures)} f`)) as [{ unique: boolean }];
  const dups = unique ? [] : await wh.rows(
    Duplicate,
    `SELECT first::BIGINT AS first, last::BIGINT AS last, count(*) OVER ()::INTEGER AS n FROM (
       SELECT min(f.rowid) AS first, max(f.rowid) AS last FROM main.${quoteIdent(s.figures)} f GROUP BY ${storedKeys} HAVING count(*) > 1
     ) ORDER BY last LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  for (const x of dups) {
    const rows = await wh.rows(
      DuplicateFigure,
      `SELECT ${label("f", spec.rowKey)} AS rl, ${label("f", spec.columnKey)} AS cl, ${num.printed("f")} AS v, f.line FROM main.${quoteIdent(s.figures)} f WHERE f.rowid IN ($1, $2) ORDER BY f.rowid`,
      [x.first, x.last],
    );
    if (rows.length !== 2) continue; // (a bug, not bad input: both records were just grouped)
    const row = rows[1]!;
    report({ code: "duplicate-figure", file, line: row.line, column: columnOf(spec.value), cell: row.v, expected: `one figure per row and column label; ${pkg.id}:${table.id}/${row.rl}/${row.cl} is also on line ${rows[0]!.line}` });
  }
  if (dups.length > 0 && dups[0]!.n > dups.length) reported.set("duplicate-figure", dups[0]!.n);
  s.step("checked for duplicate labels");
};

/** One line for the errors of each code beyond MAX_ERRORS_PER_CODE, counted and not listed. */
export const reportOverflow = (s: BulkStaging): void => {
  for (const [code, n] of s.reported) {
    if (n > MAX_ERRORS_PER_CODE) s.errors.push({ code: "too-many-errors", file: s.file, line: 0, column: 0, cell: code, expected: `${n - MAX_ERRORS_PER_CODE} more ${code} error(s) in this file, not listed` });
  }
};
