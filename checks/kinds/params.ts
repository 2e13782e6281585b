// A kind's params are an Effect schema: decoding validates a declaration's params (unknown names, wrong
// types, out-of-range numbers) and fills the defaults; the same schema, with its docs and defaults,
// generates the kind's part of schemas/json/checks.schema.json (npm run schemas).
import * as Effect from "effect/Effect";
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";
import { cutText } from "../../pipelines/core/errors.ts";
import type { CheckDeclaration } from "../types.ts";

/** The schema of a kind's params: a struct of named params, each with a doc and (most) a default. */
export type ParamsSchema<F extends Schema.Struct.Fields = Schema.Struct.Fields> = Schema.Struct<F>;

/** A number param: finite, optionally bounded and whole; absent, its default. */
export const numberParam = (o: { readonly default: number; readonly min?: number; readonly max?: number; readonly integer?: boolean; readonly doc: string }) => {
  const checks = [
    ...(o.integer === true ? [Schema.isInt()] : []),
    ...(o.min !== undefined ? [Schema.isGreaterThanOrEqualTo(o.min)] : []),
    ...(o.max !== undefined ? [Schema.isLessThanOrEqualTo(o.max)] : []),
  ];
  const base = checks.length > 0 ? Schema.Finite.check(checks[0]!, ...checks.slice(1)) : Schema.Finite;
  return base.annotate({ description: o.doc, default: o.default }).pipe(Schema.withDecodingDefaultKey(Effect.succeed(o.default)));
};

/** A boolean param; absent, its default. */
export const booleanParam = (o: { readonly default: boolean; readonly doc: string }) =>
  Schema.Boolean.annotate({ description: o.doc, default: o.default }).pipe(Schema.withDecodingDefaultKey(Effect.succeed(o.default)));

/** One of a few words; absent, its default. */
export const enumParam = <const L extends string>(values: readonly [L, ...L[]], o: { readonly default: NoInfer<L>; readonly doc: string }) =>
  Schema.Literals(values).annotate({ description: o.doc, default: o.default }).pipe(Schema.withDecodingDefaultKey(Effect.succeed(o.default)));

/** A non-empty list of the items (a list that selects nothing is a mistake, not a filter). */
const listOf = <S extends Schema.Top>(item: S) => Schema.Array(item).check(Schema.isMinLength(1));

/** Text with something in it. */
const NonBlank = Schema.String.check(Schema.isPattern(/\S/u)).annotate({ description: "a non-blank string" });

/**
 * What a list param's codes are, when they are the warehouse's measures or measure kinds: the runner checks
 * each against the warehouse before the checks run (an unknown one would make the check read nothing).
 */
export type ParamVocabulary = "measures" | "measure_kinds";
const vocabularies = new WeakMap<object, ParamVocabulary>();
const naming = <S extends object>(schema: S, names: ParamVocabulary | undefined): S => {
  if (names !== undefined) vocabularies.set(schema, names);
  return schema;
};
/** The vocabulary a param (a field of a kind's params schema) names, if any. */
export const paramVocabulary = (field: unknown): ParamVocabulary | undefined =>
  (typeof field === "object" && field !== null) || typeof field === "function" ? vocabularies.get(field) : undefined; // (a schema is a function)

/** A list of codes that filters what a check reads; absent, no filter (`undefined`). */
export const filterParam = (o: { readonly doc: string; readonly names?: ParamVocabulary }) =>
  naming(Schema.optionalKey(listOf(NonBlank).annotate({ description: o.doc })), o.names);

/** A list of codes; absent, its default. */
export const stringsParam = (o: { readonly default: readonly [string, ...string[]]; readonly doc: string; readonly names?: ParamVocabulary }) =>
  naming(listOf(NonBlank).annotate({ description: o.doc, default: o.default }).pipe(Schema.withDecodingDefaultKey(Effect.succeed(o.default))), o.names);

/** A list of some of the given words; absent, all of them. */
export const wordsParam = <const L extends string>(values: readonly [L, ...L[]], o: { readonly doc: string }) =>
  listOf(Schema.Literals(values)).annotate({ description: o.doc, default: values }).pipe(Schema.withDecodingDefaultKey(Effect.succeed(values)));

/** The interval comparison params most kinds accept. */
export const toleranceParams = (rel = 0, abs = 0) => ({
  tolerance_rel: numberParam({ default: rel, min: 0, doc: "relative tolerance, of the larger magnitude compared" }),
  tolerance_abs: numberParam({ default: abs, min: 0, doc: "absolute tolerance, in base units" }),
});

/** The tolerances of a decoded declaration. */
export interface Tolerance {
  readonly tolerance_rel: number;
  readonly tolerance_abs: number;
}

const valueAt = (v: unknown, path: ReadonlyArray<PropertyKey>): unknown =>
  path.reduce<unknown>((x, k) => (x !== null && typeof x === "object" ? (x as Record<PropertyKey, unknown>)[k] : undefined), v);

/** A param's path as problems name it: `measures[1]`, `rules`. */
export const paramPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");

/** A param that does not decode: where it is in the params, and what is wrong with it. */
export interface ParamProblem {
  /** keys from the params object to the offending value (empty: the params themselves) */
  readonly path: ReadonlyArray<string | number>;
  /** the name is the problem (not a param of the kind), not the value */
  readonly atName: boolean;
  /** "is not a parameter of kind x (known: ...)" for a name; the schema's message for a value */
  readonly message: string;
  /** the value decoded (for a name, undefined) */
  readonly value: unknown;
}

/** A value as a problem quotes it: JSON, except numbers JSON cannot write (Infinity from a too-large literal). */
const shown = (value: unknown): string => (typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value));

/** A problem as text naming the param; `printed`, the value as the file spells it, when known (cut if long). */
export const paramProblemText = (p: ParamProblem, printed?: string): string =>
  p.atName ? `param ${paramPath(p.path)} ${p.message}` : p.path.length === 0 ? p.message : `param ${paramPath(p.path)}: ${p.message}, got ${cutText(printed ?? shown(p.value))}`;

const decode = <F extends Schema.Struct.Fields>(
  schema: ParamsSchema<F>,
  check: CheckDeclaration,
): { readonly params?: ParamsSchema<F>["Type"]; readonly problems: ParamProblem[] } => {
  const params: unknown = check.params ?? {};
  if (typeof params !== "object" || params === null || Array.isArray(params)) return { problems: [{ path: [], atName: false, message: "params must be an object", value: params }] };
  const known = Object.keys(schema.fields).sort();
  const problems: ParamProblem[] = Object.keys(params)
    .filter((name) => !known.includes(name))
    .map((name) => ({ path: [name], atName: true, message: `is not a parameter of kind ${check.kind} (known: ${known.length > 0 ? known.join(", ") : "none"})`, value: undefined }));
  // (unknown names are reported above, with the known ones; the schema then judges the known ones)
  const decoded = Schema.decodeUnknownResult(schema as unknown as Schema.Decoder<unknown>)(params, { errors: "all", onExcessProperty: "ignore" });
  if (decoded._tag === "Success") return problems.length > 0 ? { problems } : { params: decoded.success as ParamsSchema<F>["Type"], problems };
  for (const issue of SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues) {
    const path = (issue.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? (k as { key: PropertyKey }).key : k)) as Array<string | number>;
    problems.push({ path, atName: false, message: issue.message, value: valueAt(params, path) });
  }
  return { problems };
};

/**
 * The problems of a declaration's params under its kind's schema, each with its place in the params
 * (checks.json's reader points at each one).
 */
export const paramProblems = <F extends Schema.Struct.Fields>(schema: ParamsSchema<F>, check: CheckDeclaration): ParamProblem[] => decode(schema, check).problems;

/**
 * Decode a declaration's params with its kind's schema: the params with defaults filled, or the problems,
 * each naming the param ("param tolerance_rel: Expected a value greater than or equal to 0, got -1").
 */
export const decodeParams = <F extends Schema.Struct.Fields>(
  schema: ParamsSchema<F>,
  check: CheckDeclaration,
): { readonly ok: true; readonly params: ParamsSchema<F>["Type"] } | { readonly ok: false; readonly problems: string[] } => {
  const { params, problems } = decode(schema, check);
  return params !== undefined ? { ok: true, params } : { ok: false, problems: problems.map((p) => paramProblemText(p)) };
};
