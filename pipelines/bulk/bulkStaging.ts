// What the steps of staging one bulk file share (stageBulkTable.ts runs them: read, resolve, store,
// validate, view): its inputs, the names of its tables, and the errors found so far.
import type { Coordinates, NumberFormatT } from "../../schemas/descriptor.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { quoteIdent, type Warehouse } from "../core/duckdb.ts";
import type { BulkSource, SourcePackage } from "../manifest/readPackage.ts";
import type { Reference } from "../manifest/loadReference.ts";
import { locateInJson } from "../manifest/validateJson.ts";
import type { BulkCoordinate } from "../manifest/bulkSpec.ts";
import { DEFAULT_FORMAT } from "../normalize/defaults.ts";

/** The name of each bulk file's stored figures, before its ordinal: one observation per row. */
export const BULK_FIGURES = "bulk_figures_";

/** Labels, periods and other coded values resolved in TypeScript: a few thousand at most. */
export const MAX_DISTINCT = 100_000;
/** Errors of one code reported per file; the rest are counted in one line. */
export const MAX_ERRORS_PER_CODE = 100;

/** One value of a coded column and what it resolved to, as the SQL of its mapping table row. */
export type Mapped = Record<string, string | number | boolean | null>;

export interface CodedColumn {
  readonly column: string;
  readonly roles: ReadonlyArray<string>;
  /** mapping table: v -> one column per field */
  readonly table: string;
  readonly fields: Record<string, "VARCHAR" | "DOUBLE" | "DATE" | "BOOLEAN" | "INTEGER">;
  readonly rows: Mapped[];
}

/** The coded column that gives a coordinate, if one does. */
export const givenBy = (coded: ReadonlyArray<CodedColumn>, role: BulkCoordinate): CodedColumn | undefined => coded.find((k) => k.roles.includes(role));

/** One bulk file being staged. */
export interface BulkStaging {
  readonly wh: Warehouse;
  readonly pkg: SourcePackage;
  readonly source: BulkSource;
  readonly ref: Reference;
  readonly reportingCode: string;
  readonly ordinal: number;
  /** the file as displayed */
  readonly file: string;
  /** the table's coordinates ({} when it has none) */
  readonly coordinates: Coordinates;
  readonly errors: InputError[];
  /** every country label of the file as printed, with its resolution (for geography_labels) */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  /** how many errors of each code were found (more than MAX_ERRORS_PER_CODE are only counted) */
  readonly reported: Map<string, number>;
  /** the temporary tables: the file as read, DuckDB's rejects and scans, the lines of the records */
  readonly raw: string;
  readonly rejects: string;
  readonly scans: string;
  readonly linesTable: string;
  /** the table of the stored figures (bulk_figures_N) */
  readonly figures: string;
  /** tables and types created in main so far (dropped when staging fails) */
  readonly stored: string[];
  readonly types: string[];
  /** DROP the temporary tables */
  readonly cleanup: ReadonlyArray<string>;
  /** log how long the step that just ended took */
  readonly step: (what: string) => void;
  /** an error in the file, counted against MAX_ERRORS_PER_CODE */
  readonly report: (e: InputError) => void;
  /** an error in the table's descriptor, at a path inside it */
  readonly descriptorError: (code: ErrorCode, p: ReadonlyArray<string | number>, expected: string) => void;
}

/** The number format of a bulk file's figures: its table's, else its package's, else the default. */
export const figureFormat = (s: Pick<BulkStaging, "pkg" | "source">): NumberFormatT =>
  s.source.table.number_format ?? s.pkg.descriptor.defaults?.number_format ?? DEFAULT_FORMAT;

/** Start staging a bulk file: the names of its tables, an empty error list, the clock of its log. */
export const startStaging = (
  wh: Warehouse,
  pkg: SourcePackage,
  source: BulkSource,
  ref: Reference,
  reportingCode: string,
  ordinal: number,
  log: (line: string) => void,
): BulkStaging => {
  const { table, file, index: tableIndex } = source;
  let clock = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    log(`  ${file}: ${what} (${((now - clock) / 1000).toFixed(2)} s)`);
    clock = now;
  };
  const errors: InputError[] = [];
  const raw = `bulk_raw_${ordinal}`;
  const rejects = `bulk_rejects_${ordinal}`;
  const scans = `bulk_scans_${ordinal}`;
  const linesTable = `bulk_lines_${ordinal}`;
  const figures = `${BULK_FIGURES}${ordinal}`;
  const cleanup = [raw, rejects, scans, linesTable].map((t) => `DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
  const locate = (p: ReadonlyArray<string | number>) => ({ file: pkg.descriptorFile, ...locateInJson(pkg.descriptorText, ["tables", tableIndex, ...p]) });
  const reported = new Map<string, number>();
  const report = (e: InputError): void => {
    const n = (reported.get(e.code) ?? 0) + 1;
    reported.set(e.code, n);
    if (n <= MAX_ERRORS_PER_CODE) errors.push(e);
  };
  const descriptorError = (code: ErrorCode, p: ReadonlyArray<string | number>, expected: string): void => {
    errors.push({ code, ...locate(p), expected });
  };
  return {
    wh, pkg, source, ref, reportingCode, ordinal, file, coordinates: table.coordinates ?? ({} as Coordinates),
    errors, labels: new Map(), reported, raw, rejects, scans, linesTable, figures, stored: [], types: [], cleanup,
    step, report, descriptorError,
  };
};
