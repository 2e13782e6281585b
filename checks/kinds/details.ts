// A kind's `details` (the JSON its SQL writes beside each failure) has a schema in
// checks/kinds/<kind>/details.ts: the runner checks every failure's details against it before storing the
// finding, and the explainers, the report's charts and anything else reading details decode them with it
// instead of reading untyped JSON. What all those schemas share is here.
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";
import { FindingDetailsError } from "../errors.ts";

/** A figure of details (check_num): a finite number, or null for none, NaN or an infinity (JSON has neither). */
export const DetailNumber = Schema.NullOr(Schema.Finite);

/** Text from a column that may be NULL. */
export const DetailText = Schema.NullOr(Schema.String);

/** One figure as details show it (sqlFigureStruct in common.ts). */
export const DetailFigure = Schema.Struct({
  obs_id: Schema.String,
  label: DetailText,
  value: DetailNumber,
  lo: DetailNumber,
  hi: DetailNumber,
  printed: DetailText,
  qualifier: DetailText,
  period: DetailText,
  citation: DetailText,
  source: DetailText,
});

/**
 * A total against the sum of its parts, as both summing kinds (hierarchy, statement_parts) write it: each
 * side as a value and its interval, what is left over, and the tolerance it was judged with.
 */
export const SumComparison = {
  total: DetailNumber,
  total_lo: DetailNumber,
  total_hi: DetailNumber,
  sum: DetailNumber,
  sum_lo: DetailNumber,
  sum_hi: DetailNumber,
  residual: DetailNumber,
  tolerance: DetailNumber,
};

/** The details of a finding, decoded: the value, or the problems (path: message), never a throw. */
export type DetailsResult<T> = { readonly ok: true; readonly details: T } | { readonly ok: false; readonly problems: ReadonlyArray<string> };

/**
 * Decode a finding's details (parsed JSON, or JSON text as the warehouse may hand it back) with its kind's
 * schema. Every key the SQL writes must be in the schema: a key added to the SQL and not to the schema is a
 * problem, so the two cannot drift apart.
 */
export const decodeDetails = <S extends Schema.Top>(schema: S, details: unknown): DetailsResult<S["Type"]> => {
  let value = details;
  if (typeof details === "string") {
    try {
      value = JSON.parse(details);
    } catch {
      return { ok: false, problems: [`not JSON: ${details.length > 60 ? `${details.slice(0, 60)}...` : details}`] };
    }
  }
  const decoded = Schema.decodeUnknownResult(schema as unknown as Schema.Decoder<unknown>)(value, { errors: "all", onExcessProperty: "error" });
  if (decoded._tag === "Success") return { ok: true, details: decoded.success as S["Type"] };
  const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues;
  return {
    ok: false,
    problems: issues.map((i) => {
      const path = (i.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? (k as { key: PropertyKey }).key : k));
      return `${path.length > 0 ? `/${path.map(String).join("/")}` : "details"}: ${i.message}`;
    }),
  };
};

/** A stored finding's details decoded with its kind's schema; FindingDetailsError (naming the finding) when they do not decode. */
export const findingDetails = <S extends Schema.Top>(schema: S, finding: { readonly id: string; readonly check: string; readonly kind: string; readonly details: unknown }): S["Type"] => {
  const d = decodeDetails(schema, finding.details);
  if (!d.ok) throw new FindingDetailsError(finding.id, finding.check, finding.kind, d.problems);
  return d.details;
};
