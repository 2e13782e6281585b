import * as Schema from "effect/Schema";
import { Id } from "./descriptor.ts";

// CSV rows arrive as strings; these contracts check their shape. Meaning (numbers, periods, countries)
// is parsed by the normalizers, which report their own typed errors.

const Blank = Schema.Literal("");
const Year = Schema.String.check(Schema.isPattern(/^(\d{4})?$/u)).annotate({ description: "a year (YYYY) or blank" });
const Flags = Schema.String.check(
  Schema.isPattern(/^((estimate|unofficial|cumulative|provisional|partial)(;(estimate|unofficial|cumulative|provisional|partial))*)?$/u),
).annotate({ description: "';'-separated: estimate, unofficial, cumulative, provisional, partial" });
const Breakdown = Schema.String.check(Schema.isPattern(/^([a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)?$/u)).annotate({
  description: "key=value pairs joined by ';' (blank: the total)",
});

/** A row of `citations.csv`: a source the publication cites. */
export const CitationRow = Schema.Struct({
  id: Id,
  printed: Schema.NonEmptyString,
  publisher: Schema.String,
  title: Schema.String,
  year: Year,
  reporter: Schema.String,
  kind: Schema.Literals(["national-statistics", "government", "international", "ngo", "academic", "media", "publisher"]),
  url: Schema.String,
}).annotate({ identifier: "CitationRow", description: "A source the publication cites" });

/** A row of `footnotes.csv`: a footnote as a citation and flags. */
export const FootnoteRow = Schema.Struct({
  mark: Schema.NonEmptyString,
  section: Schema.String,
  citation: Schema.String,
  pages: Schema.String,
  flags: Flags,
  reference_date: Schema.String.check(Schema.isPattern(/^(\d{4}-\d{2}-\d{2})?$/u)),
}).annotate({ identifier: "FootnoteRow", description: "A footnote, as the citation it refers to and flags" });

/** A row of `statements.csv`: one figure printed outside the tables. */
export const StatementRow = Schema.Struct({
  id: Id,
  section: Schema.NonEmptyString,
  label: Schema.NonEmptyString,
  measure: Schema.NonEmptyString,
  ref_area: Schema.String,
  direction: Schema.Union([Schema.Literals(["in", "out", "net"]), Blank]),
  counterpart: Schema.String,
  breakdown: Breakdown,
  period: Schema.NonEmptyString,
  value: Schema.NonEmptyString,
  unit: Schema.String,
  qualifier: Schema.String,
  citation: Schema.String,
  footnote: Schema.String,
  numerator: Schema.String,
  denominator: Schema.String,
  part_of: Schema.String,
  flags: Flags,
}).annotate({ identifier: "StatementRow", description: "A figure printed outside the tables" });

/** A row of an alias file: a printed name and what it stands for. */
export const AliasRow = Schema.Struct({
  alias: Schema.NonEmptyString,
  code: Schema.String.check(Schema.isPattern(/^[A-Z][A-Z_]{2,}$/u)),
  kind: Schema.Literals(["country", "historical", "aggregate", "unspecified"]),
  note: Schema.String,
}).annotate({ identifier: "AliasRow", description: "A country or group name as printed and its code" });

/** A row of `measures.csv`. */
export const MeasureRow = Schema.Struct({
  measure: Id,
  label: Schema.NonEmptyString,
  kind: Schema.Literals(["stock", "flow", "net_flow", "share", "rate", "amount", "count", "index", "area"]),
  base_unit: Schema.NonEmptyString,
  /** words that name the measure in a document, `|`-separated: the importer classifies figures by them */
  keywords: Schema.optionalKey(Schema.String),
}).annotate({ identifier: "MeasureRow", description: "A measure figures can be of" });

const NullableString = Schema.NullOr(Schema.String);
const NullableNumber = Schema.NullOr(Schema.Finite);

/** A normalized row of the `observations` fact table (and of its JSON export). */
export const Observation = Schema.Struct({
  obs_id: Schema.NonEmptyString,
  package: Id,
  origin_kind: Schema.Literals(["table", "statement"]),
  table_id: NullableString,
  row_label: NullableString,
  col_label: NullableString,
  part: NullableString,
  statement_id: NullableString,
  file: Schema.NonEmptyString,
  line: Schema.Int,
  col: Schema.Int,
  cell_text: NullableString,
  value_text: NullableString,
  label: NullableString,
  section: NullableString,
  measure: Schema.NonEmptyString,
  measure_kind: Schema.NonEmptyString,
  ref_area: Schema.NonEmptyString,
  direction: Schema.NullOr(Schema.Literals(["in", "out", "net"])),
  counterpart: NullableString,
  counterpart_label: NullableString,
  origin: NullableString,
  destination: NullableString,
  breakdown: Breakdown,
  period_text: NullableString,
  period_start: Schema.NullOr(Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u))),
  period_end: Schema.NullOr(Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u))),
  value: NullableNumber,
  value_low: NullableNumber,
  value_high: NullableNumber,
  decimals: Schema.NullOr(Schema.Int),
  unit: NullableString,
  unit_assumed: Schema.Boolean,
  multiplier: NullableNumber,
  base_unit: NullableString,
  value_base: NullableNumber,
  rounding_base: NullableNumber,
  obs_status: Schema.Literals(["A", "E", "P", "M", "L"]),
  missing: Schema.NullOr(Schema.Literals(["nil", "missing", "not-available"])),
  is_estimate: Schema.Boolean,
  is_partial: Schema.Boolean,
  is_provisional: Schema.Boolean,
  is_cumulative: Schema.Boolean,
  is_unofficial: Schema.Boolean,
  qualifier: NullableString,
  citation: NullableString,
  citation_year: Schema.NullOr(Schema.Int),
  reporter: NullableString,
  footnote: NullableString,
  numerator_ref: NullableString,
  denominator_ref: NullableString,
  part_of_ref: NullableString,
  row_key: Schema.NullOr(Schema.Int).annotate({ description: "the table's number for row_label, one per label (NULL for statements)" }),
  col_key: Schema.NullOr(Schema.Int).annotate({ description: "the table's number for col_label, one per label (NULL for statements)" }),
  // Present in exports (observations_clean): `value` and `value_base` are then the corrected figures.
  value_printed: Schema.optionalKey(NullableNumber).annotate({ description: "the value as printed, before any correction (checks/corrections.csv)" }),
  value_base_printed: Schema.optionalKey(NullableNumber).annotate({ description: "value_printed in the base unit" }),
  corrected: Schema.optionalKey(Schema.Boolean).annotate({ description: "true when value differs from the printed figure by an acknowledged correction" }),
  correction_justification: Schema.optionalKey(NullableString).annotate({ description: "why the printed figure was corrected" }),
}).annotate({ identifier: "Observation", description: "One printed figure, normalized, with where it was printed" });

export type CitationRow = typeof CitationRow.Type;
export type FootnoteRow = typeof FootnoteRow.Type;
export type StatementRow = typeof StatementRow.Type;
export type AliasRow = typeof AliasRow.Type;
export type MeasureRow = typeof MeasureRow.Type;
export type Observation = typeof Observation.Type;
