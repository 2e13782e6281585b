import * as Schema from "effect/Schema";

// Patterns carry the `u` flag: Effect only emits a JSON Schema `pattern` for Unicode RegExps.

/** A package, table or statement id: lower-case letters, digits, dots, dashes and underscores. */
export const Id = Schema.String.check(Schema.isPattern(/^[a-z0-9][a-z0-9._-]*$/u)).annotate({
  description: "lower-case id: letters, digits, '.', '_' and '-'",
});

/** A path inside the package folder: relative, forward slashes, no `..` segment. */
export const PackagePath = Schema.String.check(
  Schema.isPattern(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\/-]+$/u),
).annotate({ description: "a relative path inside the package folder (no '..', no leading '/')" });

/** A publication date: YYYY, YYYY-MM or YYYY-MM-DD. */
export const PubDate = Schema.String.check(Schema.isPattern(/^\d{4}(-\d{2}(-\d{2})?)?$/u)).annotate({
  description: "YYYY, YYYY-MM or YYYY-MM-DD",
});

/** What a printed missing-value marker means. */
export const MissingMeaning = Schema.Literals(["nil", "missing", "not-available"]).annotate({
  description: "nil: magnitude zero; missing: no figure (OBS_STATUS M); not-available: not collected (OBS_STATUS L)",
});

/** Decimal mark and thousands separator of printed numbers. */
export const NumberFormat = Schema.Struct({
  decimal: Schema.Literals([".", ","]),
  group: Schema.Literals([",", ".", " ", "'", ""]),
}).annotate({ description: "decimal mark and thousands separator as printed" });

/** Coordinates a cell, row, column, part or table gives its figures ("" clears an inherited value). */
export const Coordinates = Schema.Struct({
  measure: Schema.optionalKey(Schema.String),
  ref_area: Schema.optionalKey(Schema.String),
  direction: Schema.optionalKey(Schema.Literals(["in", "out", "net", ""])),
  counterpart: Schema.optionalKey(Schema.String),
  breakdown: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^([a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)?$/u)).annotate({
      description: "key=value pairs joined by ';' (blank: the total)",
    }),
  ),
  period: Schema.optionalKey(Schema.String),
  unit: Schema.optionalKey(Schema.String),
  citation: Schema.optionalKey(Schema.String),
  reporter: Schema.optionalKey(Schema.String),
}).annotate({ description: "coordinates of the figures: measure, ref_area, direction, counterpart, breakdown, period, unit, citation, reporter" });

/** What the labels of one axis of a table mean. */
export const Axis = Schema.Struct({
  title: Schema.optionalKey(Schema.String),
  dimension: Schema.Literals(["counterpart", "period", "measure", "breakdown", "none"]),
  names: Schema.optionalKey(Schema.Array(Schema.String)).annotate({
    description:
      "columns: the column labels of a table printed without a header row (header_rows 0); rows: the labels of the rows printed without one (blank first cell), in order",
  }),
  labels: Schema.optionalKey(Schema.Record(Schema.String, Coordinates)),
}).annotate({ description: "what the labels of a table axis mean" });

/** A declared total and its parts, by printed label along one axis. */
export const HierarchyRule = Schema.Struct({
  axis: Schema.Literals(["rows", "columns"]),
  total: Schema.String,
  parts: Schema.Array(Schema.String).check(Schema.isMinLength(1)),
  complete: Schema.optionalKey(Schema.Boolean),
}).annotate({ description: "total = sum(parts) along an axis; complete: false for a partial breakdown" });

/** One figure pulled out of a packed cell. */
export const CellPart = Schema.Struct({
  name: Id,
  pattern: Schema.String,
  coordinates: Schema.optionalKey(Coordinates),
  share_of: Schema.optionalKey(Id),
}).annotate({ description: "a figure in a packed cell: the first capture group of pattern" });

/** How to split a packed cell. */
export const CellRule = Schema.Struct({
  row: Schema.optionalKey(Schema.String),
  column: Schema.optionalKey(Schema.String),
  parts: Schema.optionalKey(Schema.Array(CellPart)),
  pairs: Schema.optionalKey(
    Schema.Struct({
      pattern: Schema.String,
      label: Schema.Literals(["counterpart", "breakdown", "period"]),
      key: Schema.optionalKey(Schema.String),
    }),
  ),
}).annotate({ description: "split a packed cell into parts or label/figure pairs" });

/** What a column of a bulk file means: a coordinate of every figure, the figure itself, or nothing. */
export const BulkRole = Schema.String.check(
  Schema.isPattern(/^(measure|ref_area|counterpart|direction|period|value|unit|citation|reporter|ignore|breakdown:[a-z_]+)$/u),
).annotate({
  description: "measure, ref_area, counterpart, direction, period, value, unit, citation, reporter, breakdown:<key> or ignore",
});

/** A declared total of a bulk file, by the values of one key column. */
export const BulkHierarchyRule = Schema.Struct({
  column: Schema.String,
  total: Schema.String,
  parts: Schema.Union([
    Schema.Literal("*").annotate({ description: "every other value of the column (except those listed in except)" }),
    Schema.Array(Schema.String).check(Schema.isMinLength(1)),
  ]),
  except: Schema.optionalKey(Schema.Array(Schema.String)),
  complete: Schema.optionalKey(Schema.Boolean),
}).annotate({ description: "the row (or column) whose key column holds total = the sum of those holding parts, all other key columns equal" });

/** A large long-format file (one figure per record) read by DuckDB itself, not by the table reader. */
export const Bulk = Schema.Struct({
  format: Schema.Literals(["csv", "parquet"]),
  delimiter: Schema.optionalKey(Schema.Literals([",", ";", "\t", "|"])),
  columns: Schema.Record(
    Schema.String.check(Schema.isPattern(/^[^\u0000-\u001f]+$/u)).annotate({ description: "a column name of the file" }),
    Schema.Union([BulkRole, Schema.Array(BulkRole).check(Schema.isMinLength(1))]),
  ),
  row_key: Schema.Array(Schema.String).check(Schema.isMinLength(1)).annotate({
    description: "columns whose values, joined by ' / ', make a figure's row label",
  }),
  column_key: Schema.Array(Schema.String).check(Schema.isMinLength(1)).annotate({
    description: "columns whose values, joined by ' / ', make a figure's column label",
  }),
  totals: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.String).annotate({ description: "breakdown column -> the value that means the total (no breakdown)" }),
  ),
  hierarchy: Schema.optionalKey(Schema.Array(BulkHierarchyRule)),
}).annotate({ description: "a bulk file: what each column means, which columns label a figure, and its declared totals" });

/** A printed table. */
export const Table = Schema.Struct({
  id: Id,
  view: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]*$/u)).annotate({ description: "name of the table's wide view (snake_case)" }),
  ),
  number: Schema.String,
  title: Schema.NonEmptyString,
  section: Schema.optionalKey(Schema.String),
  file: PackagePath,
  unit: Schema.String,
  unit_assumed: Schema.optionalKey(Schema.String),
  source: Schema.Struct({ printed: Schema.String, citation: Schema.String }),
  footnotes: Schema.optionalKey(Schema.Array(Schema.String)),
  header_rows: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 5 })),
  number_format: Schema.optionalKey(NumberFormat),
  missing: Schema.optionalKey(Schema.Record(Schema.String, MissingMeaning)),
  coordinates: Schema.optionalKey(Coordinates),
  rows: Axis,
  columns: Axis,
  hierarchy: Schema.optionalKey(Schema.Array(HierarchyRule)),
  cells: Schema.optionalKey(Schema.Array(CellRule)),
  bulk: Schema.optionalKey(Bulk),
}).annotate({ description: "a printed table: its CSV, unit, source, axes and hierarchy" });

/** Where the transcription came from. */
export const Provenance = Schema.Struct({
  file: Schema.String,
  sha256: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/u))),
  transcribed: Schema.optionalKey(PubDate),
  notes: Schema.optionalKey(Schema.String),
});

/** The publication a package transcribes. */
export const Publication = Schema.Struct({
  title: Schema.NonEmptyString,
  publisher: Schema.NonEmptyString,
  date: PubDate,
  isbn: Schema.optionalKey(Schema.Array(Schema.String.check(Schema.isPattern(/^[0-9X-]{10,17}$/u)))),
  reporting_country: Schema.NonEmptyString,
  language: Schema.optionalKey(Schema.String),
  template: Schema.optionalKey(Schema.String),
  authors: Schema.optionalKey(Schema.Array(Schema.String)),
  provenance: Schema.optionalKey(Provenance),
});

/** A source package descriptor (`sources/<package>/descriptor.json`). */
export const Descriptor = Schema.Struct({
  $schema: Schema.optionalKey(Schema.String),
  id: Id,
  publication: Publication,
  defaults: Schema.optionalKey(
    Schema.Struct({
      number_format: Schema.optionalKey(NumberFormat),
      missing: Schema.optionalKey(Schema.Record(Schema.String, MissingMeaning)),
    }),
  ),
  tables: Schema.Array(Table),
}).annotate({ identifier: "Descriptor", description: "A source package: one publication and its printed tables" });

export type Descriptor = typeof Descriptor.Type;
export type Table = typeof Table.Type;
export type Coordinates = typeof Coordinates.Type;
export type Axis = typeof Axis.Type;
export type CellRule = typeof CellRule.Type;
export type HierarchyRule = typeof HierarchyRule.Type;
export type Bulk = typeof Bulk.Type;
export type BulkHierarchyRule = typeof BulkHierarchyRule.Type;
export type NumberFormatT = typeof NumberFormat.Type;
export type MissingMeaningT = typeof MissingMeaning.Type;
