import * as Schema from "effect/Schema";

// The check configuration (checks/checks.json, checks/waivers.csv, checks/corrections.csv) and the JSON
// report of `npm run check -- --format json`. CSV rows arrive as strings; the runner parses their meaning.

const IsoDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u)).annotate({ description: "a date, YYYY-MM-DD" });
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0));

/** A check id: kebab-case, part of every finding id, so it must not change once waivers refer to it. */
export const CheckId = Schema.String.check(Schema.isPattern(/^[a-z0-9]+(-[a-z0-9]+)*$/u)).annotate({
  description: "kebab-case id: lower-case letters and digits joined by single '-'",
});

/** How bad a finding is: only unwaived `error` findings fail a run. */
export const SeverityLiteral = Schema.Literals(["error", "warning", "info"]).annotate({
  description: "error fails the run (exit 1); warning and info are reported only",
});

/** A finding id as reported: `<kind>-<first 12 hex digits of a sha256 of kind, check id and target>`. */
export const FindingId = Schema.String.check(Schema.isPattern(/^[a-z0-9][a-z0-9_.-]*-[0-9a-f]{12}$/u)).annotate({
  description: "a finding id as reported by `npm run check`: <kind>-<12 hex digits>",
});

/** One declared check: an entry of checks/checks.json. */
export const CheckDeclarationSchema = Schema.Struct({
  id: CheckId,
  kind: Schema.NonEmptyString.annotate({ description: "one of the kinds in checks/kinds/" }),
  description: Schema.NonEmptyString,
  severity: Schema.optionalKey(SeverityLiteral),
  enabled: Schema.optionalKey(Schema.Boolean).annotate({ description: "false: declared but not run (default true)", default: true }),
  params: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)).annotate({ description: "kind-specific parameters" }),
}).annotate({ identifier: "CheckDeclaration", description: "A check: a kind and its parameters" });

/** The checks file, checks/checks.json: every check, declared as data. */
export const ChecksFile = Schema.Struct({
  $schema: Schema.optionalKey(Schema.String),
  checks: Schema.Array(CheckDeclarationSchema),
}).annotate({ identifier: "ChecksFile", description: "The consistency checks of the warehouse" });

/** A row of checks/waivers.csv: a finding acknowledged as not to be fixed, until it expires. */
export const WaiverRow = Schema.Struct({
  finding_id: FindingId,
  reason: Schema.NonEmptyString,
  author: Schema.NonEmptyString,
  date: IsoDate,
  expires: Schema.String.check(Schema.isPattern(/^(\d{4}-\d{2}-\d{2})?$/u)).annotate({ description: "a date, YYYY-MM-DD, or blank: never" }),
}).annotate({ identifier: "WaiverRow", description: "A finding acknowledged as not to be fixed" });

/** A row of checks/corrections.csv: an acknowledged misprint and the figure that stands for it. */
export const CorrectionRow = Schema.Struct({
  obs_id: Schema.NonEmptyString,
  original: Schema.NonEmptyString.annotate({ description: "the value as printed (observations.value_text)" }),
  corrected: Schema.String.check(Schema.isPattern(/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/u)).annotate({
    description: "a number in the printed unit ('.' as decimal mark, no thousands separator)",
  }),
  justification: Schema.NonEmptyString,
  author: Schema.NonEmptyString,
  date: IsoDate,
}).annotate({ identifier: "CorrectionRow", description: "An acknowledged misprint and its corrected value" });

/** The source of a figure: the citation id and the reference as printed. */
export const FindingSource = Schema.Struct({
  citation: Schema.String,
  printed: Schema.NullOr(Schema.String),
}).annotate({ identifier: "FindingSource", description: "the cited source: its id and the reference as printed" });

/** One observation a finding compares, as printed; further keys (file, line, column, ...) are allowed. */
export const FindingObservation = Schema.StructWithRest(
  Schema.Struct({
    ref: Schema.NonEmptyString.annotate({ description: "obs_id" }),
    label: Schema.String,
    value: Schema.NullOr(Schema.String).annotate({ description: "the value as printed" }),
    unit: Schema.NullOr(Schema.String),
    value_base: Schema.NullOr(Schema.Finite).annotate({ description: "in the base unit, corrections applied" }),
    period: Schema.NullOr(Schema.String).annotate({ description: "the period as printed" }),
    source: Schema.NullOr(FindingSource),
  }),
  [Schema.Record(Schema.String, Schema.Unknown)],
).annotate({ identifier: "FindingObservation", description: "A figure a finding compares, as printed" });

/** A correction of a figure a finding compares: what resolves it (status corrected) or what it appears with. */
export const FindingCorrection = Schema.Struct({
  obs_id: Schema.NonEmptyString,
  original: Schema.String.annotate({ description: "the value as printed" }),
  corrected: Schema.Finite.annotate({ description: "the corrected value, in the printed unit" }),
  justification: Schema.String,
  author: Schema.String,
  date: Schema.String,
  file: Schema.String.annotate({ description: "the corrections.csv that holds it" }),
  line: Schema.Int,
}).annotate({ identifier: "FindingCorrection", description: "A correction of a printed figure" });

/** One failure of one check. */
export const FindingSchema = Schema.Struct({
  id: FindingId,
  check: CheckId,
  kind: Schema.NonEmptyString,
  severity: SeverityLiteral,
  status: Schema.Literals(["open", "waived", "corrected"]).annotate({
    description: "open: to act on; waived: acknowledged in a waivers.csv; corrected: the figures as printed give it and a correction resolves it",
  }),
  waived: Schema.Boolean,
  corrected: Schema.Boolean.annotate({ description: "the figures as printed give this finding, the corrected ones do not" }),
  corrections: Schema.optionalKey(Schema.Array(FindingCorrection)),
  packages: Schema.optionalKey(Schema.Array(Schema.String)).annotate({ description: "the packages of the figures it compares" }),
  message: Schema.String,
  explanation: Schema.optionalKey(Schema.String),
  observations: Schema.Array(FindingObservation),
}).annotate({ identifier: "Finding", description: "A failure of a check, with the figures it compares" });

/** A waiver the run could not apply: expired, or matching no finding. */
export const WaiverStatus = Schema.Struct({
  finding_id: Schema.String,
  reason: Schema.String,
  author: Schema.String,
  date: Schema.String,
  expires: Schema.NullOr(Schema.String),
  matched: Schema.Boolean.annotate({ description: "whether a finding of this run has this id" }),
  file: Schema.String,
  line: Schema.Int,
}).annotate({ identifier: "WaiverStatus", description: "A waiver that did not waive" });

/** The report of `npm run check -- --format json`. */
export const FindingsReport = Schema.Struct({
  summary: Schema.Struct({
    errors: Count.annotate({ description: "unwaived findings of severity error" }),
    warnings: Count.annotate({ description: "unwaived findings of severity warning" }),
    infos: Count.annotate({ description: "unwaived findings of severity info" }),
    waived: Count,
    corrected: Count.annotate({ description: "findings the figures as printed give and a correction resolves" }),
    total: Count.annotate({ description: "all findings, waived or not" }),
    checks_run: Count,
    expired_waivers: Count,
    unmatched_waivers: Count,
    packages: Schema.optionalKey(Schema.Array(Schema.Struct({
      package: Schema.String,
      errors: Count,
      warnings: Count,
      infos: Count,
      waived: Count,
      corrected: Count,
      total: Count,
    })).annotate({ description: "the same counts for each package, a finding comparing two packages counted in both" })),
  }),
  findings: Schema.Array(FindingSchema),
  waivers: Schema.optionalKey(
    Schema.Struct({
      expired: Schema.Array(WaiverStatus),
      unmatched: Schema.Array(WaiverStatus),
    }),
  ),
}).annotate({ identifier: "FindingsReport", description: "Findings of the consistency checks" });

export type ChecksFile = typeof ChecksFile.Type;
export type WaiverRow = typeof WaiverRow.Type;
export type CorrectionRow = typeof CorrectionRow.Type;
export type FindingsReport = typeof FindingsReport.Type;
