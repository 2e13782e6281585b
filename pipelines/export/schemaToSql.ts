// A row contract (a JSON Schema of one object per row, as in schemas/json/) compiled to SQL that DuckDB
// evaluates over a whole query: one boolean per column, true when the column's value, as the export's JSON
// conversion would give it to ajv (jsonRows.ts: dates as text, 64-bit integers beyond a double's exact range
// as text, NaN and infinities as text), satisfies the column's schema. A set-based check of millions of
// rows costs a scan; ajv then only words the rows that failed.
//
// Only the keywords below are understood, and any other one throws: a rule added to a schema must not be
// skipped silently (ajv, with strict: false, would still enforce it and the two would disagree).
import { DuckDBDateValue, DuckDBTypeId, type DuckDBType } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../core/duckdb.ts";
import { patternToRe2 } from "./patternToRe2.ts";

/** A schema keyword or form the compiler does not translate (a programming error: extend the compiler). */
export class UnsupportedSchemaError extends Error {
  constructor(readonly where: string, reason: string) {
    super(`cannot compile the row schema to SQL at ${where}: ${reason}`);
    this.name = "UnsupportedSchemaError";
  }
}

/** The rule of one value: a leaf of keywords, or a choice between rules. */
export type ValueRule =
  | { readonly anyOf: ReadonlyArray<ValueRule> }
  | {
      readonly types?: ReadonlyArray<string>;
      readonly enum?: ReadonlyArray<string | number | boolean | null>;
      /** the pattern as written (JavaScript) and as RE2 reads it */
      readonly pattern?: { readonly js: string; readonly re2: string };
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly minimum?: number;
      readonly maximum?: number;
    };

/** The rule of one row object. */
export interface RowRule {
  readonly properties: ReadonlyMap<string, ValueRule>;
  readonly required: ReadonlyArray<string>;
  /** false: a property outside `properties` is an error */
  readonly additional: boolean;
}

const ANNOTATIONS = new Set(["description", "title", "$comment", "examples"]);
const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const unknownKeys = (node: Record<string, unknown>, known: ReadonlyArray<string>, where: string): void => {
  for (const k of Object.keys(node)) {
    if (!known.includes(k) && !ANNOTATIONS.has(k)) throw new UnsupportedSchemaError(where, `the keyword ${JSON.stringify(k)} is not understood`);
  }
};

const nonNegativeInteger = (v: unknown, where: string): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new UnsupportedSchemaError(where, `${JSON.stringify(v)} is not a count`);
  return v;
};

const finiteNumber = (v: unknown, where: string): number => {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new UnsupportedSchemaError(where, `${JSON.stringify(v)} is not a number`);
  return v;
};

/** Follow a local reference ("#/$defs/Name") in the document. */
const resolve = (doc: Record<string, unknown>, node: Record<string, unknown>, where: string): Record<string, unknown> => {
  let seen = 0;
  while (typeof node.$ref === "string") {
    if (Object.keys(node).some((k) => k !== "$ref" && !ANNOTATIONS.has(k) && !["$schema", "$id", "$defs"].includes(k))) {
      throw new UnsupportedSchemaError(where, "a $ref beside other keywords");
    }
    const m = /^#\/\$defs\/([^/]+)$/u.exec(node.$ref);
    const target = m ? (doc.$defs as Record<string, unknown> | undefined)?.[m[1]!] : undefined;
    if (!isObject(target) || ++seen > 32) throw new UnsupportedSchemaError(where, `the reference ${JSON.stringify(node.$ref)} is not a local $defs entry`);
    node = target;
  }
  return node;
};

const valueRule = (doc: Record<string, unknown>, raw: unknown, where: string): ValueRule => {
  if (!isObject(raw)) throw new UnsupportedSchemaError(where, "a boolean or non-object schema");
  const node = resolve(doc, raw, where);
  if ("anyOf" in node) {
    unknownKeys(node, ["anyOf"], where);
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) throw new UnsupportedSchemaError(where, "anyOf is not a non-empty list");
    return { anyOf: node.anyOf.map((b, i) => valueRule(doc, b, `${where}/anyOf/${i}`)) };
  }
  unknownKeys(node, ["type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"], where);
  const rule: {
    -readonly [K in keyof Extract<ValueRule, { types?: unknown }>]: Extract<ValueRule, { types?: unknown }>[K];
  } = {};
  if ("type" in node) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    for (const t of types) if (typeof t !== "string" || !JSON_TYPES.has(t)) throw new UnsupportedSchemaError(where, `the type ${JSON.stringify(t)}`);
    rule.types = types as string[];
  }
  if ("enum" in node) {
    if (!Array.isArray(node.enum)) throw new UnsupportedSchemaError(where, "enum is not a list");
    for (const v of node.enum) {
      if (!(v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))) {
        throw new UnsupportedSchemaError(where, `the enum value ${JSON.stringify(v)} (objects and arrays are not compared)`);
      }
    }
    rule.enum = node.enum as Array<string | number | boolean | null>;
  }
  if ("pattern" in node) {
    if (typeof node.pattern !== "string") throw new UnsupportedSchemaError(where, "pattern is not text");
    rule.pattern = { js: node.pattern, re2: patternToRe2(node.pattern) };
  }
  if ("minLength" in node) rule.minLength = nonNegativeInteger(node.minLength, `${where}/minLength`);
  if ("maxLength" in node) rule.maxLength = nonNegativeInteger(node.maxLength, `${where}/maxLength`);
  if ("minimum" in node) rule.minimum = finiteNumber(node.minimum, `${where}/minimum`);
  if ("maximum" in node) rule.maximum = finiteNumber(node.maximum, `${where}/maximum`);
  return rule;
};

/** Read a row schema (a JSON Schema document whose root is, or refers to, one object); throws UnsupportedSchemaError. */
export const compileRowRule = (doc: unknown): RowRule => {
  if (!isObject(doc)) throw new UnsupportedSchemaError("#", "the document is not an object");
  const root = resolve(doc, doc, "#");
  const where = root === doc ? "#" : String(doc.$ref);
  unknownKeys(root, ["type", "properties", "required", "additionalProperties", ...(root === doc ? ["$schema", "$id", "$defs"] : [])], where);
  if (root.type !== "object") throw new UnsupportedSchemaError(where, "the root is not of type object");
  if (!isObject(root.properties)) throw new UnsupportedSchemaError(where, "no properties");
  const required = root.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== "string")) throw new UnsupportedSchemaError(where, "required is not a list of names");
  const additional = root.additionalProperties ?? true;
  if (typeof additional !== "boolean") throw new UnsupportedSchemaError(where, "additionalProperties is a schema (only true or false are understood)");
  const properties = new Map(Object.entries(root.properties).map(([name, s]) => [name, valueRule(doc, s, `${where}/properties/${name}`)] as const));
  return { properties, required: required as string[], additional };
};

// ---- SQL ----------------------------------------------------------------------------------------------

const and = (...xs: string[]): string => (xs.includes("FALSE") ? "FALSE" : xs.filter((x) => x !== "TRUE").map((x) => `(${x})`).join(" AND ") || "TRUE");
const or = (...xs: string[]): string => (xs.includes("TRUE") ? "TRUE" : xs.filter((x) => x !== "FALSE").map((x) => `(${x})`).join(" OR ") || "FALSE");
const not = (x: string): string => (x === "TRUE" ? "FALSE" : x === "FALSE" ? "TRUE" : `NOT (${x})`);

/** A non-null column value as ajv sees it: which JSON type it has and SQL for it as that type. */
interface JsonView {
  readonly isString: string;
  readonly text: string;
  readonly isNumber: string;
  readonly number: string;
  /** among numbers, the whole ones */
  readonly isInteger: string;
  readonly isBoolean: string;
  readonly boolean: string;
}

const NONE: JsonView = { isString: "FALSE", text: "NULL", isNumber: "FALSE", number: "NULL", isInteger: "FALSE", isBoolean: "FALSE", boolean: "NULL" };
const SAFE = "9007199254740991"; // Number.MAX_SAFE_INTEGER: jsonRows.ts keeps wider integers as text

/**
 * The client's text of a date (@duckdb/node-api's own formatting: the year padded to four digits, BC
 * years counted from 1 with " (BC)", the infinities as the extreme dates), rebuilt in SQL so that a pattern
 * sees the text ajv sees. year() is astronomical (1 BC is 0).
 */
const dateText = (c: string): string =>
  `CASE WHEN ${c} = 'infinity'::DATE THEN ${quoteLiteral(DuckDBDateValue.PosInf.toString())}` +
  ` WHEN ${c} = '-infinity'::DATE THEN ${quoteLiteral(DuckDBDateValue.NegInf.toString())}` +
  ` WHEN year(${c}) >= 0 THEN printf('%04d-%02d-%02d', year(${c}), month(${c}), day(${c}))` +
  ` ELSE printf('%04d-%02d-%02d (BC)', 1 - year(${c}), month(${c}), day(${c})) END`;

const SMALL_INTEGERS = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER]);
const WIDE_INTEGERS = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** How a column of this DuckDB type reaches ajv (see jsonRows.ts); throws for a type not mapped. */
const jsonView = (c: string, type: DuckDBType, column: string): JsonView => {
  const id = type.typeId;
  if (id === DuckDBTypeId.VARCHAR && type.alias === undefined) return { ...NONE, isString: "TRUE", text: c };
  if (id === DuckDBTypeId.DATE) return { ...NONE, isString: "TRUE", text: dateText(c) };
  if (id === DuckDBTypeId.BOOLEAN) return { ...NONE, isBoolean: "TRUE", boolean: c };
  if (SMALL_INTEGERS.has(id)) return { ...NONE, isNumber: "TRUE", number: c, isInteger: "TRUE" };
  if (WIDE_INTEGERS.has(id)) {
    const safe = `${c} BETWEEN -${SAFE} AND ${SAFE}`;
    return { ...NONE, isNumber: safe, number: c, isInteger: "TRUE", isString: not(safe), text: `CAST(${c} AS VARCHAR)` };
  }
  if (id === DuckDBTypeId.DOUBLE || id === DuckDBTypeId.FLOAT) {
    // the client gives NaN and the infinities as the strings "NaN", "Infinity", "-Infinity"
    const finite = `isfinite(${c})`;
    return {
      ...NONE,
      isNumber: finite,
      number: `CAST(${c} AS DOUBLE)`,
      isInteger: `${c} = trunc(${c})`,
      isString: not(finite),
      text: `CASE WHEN isnan(${c}) THEN 'NaN' WHEN ${c} > 0 THEN 'Infinity' ELSE '-Infinity' END`,
    };
  }
  throw new UnsupportedSchemaError(column, `the column's type ${type.toString()} has no SQL translation of its JSON form`);
};

/** Whether JSON null satisfies the rule (decided here, once). */
const nullSatisfies = (rule: ValueRule): boolean =>
  "anyOf" in rule
    ? rule.anyOf.some(nullSatisfies)
    : (rule.types === undefined || rule.types.includes("null")) && (rule.enum === undefined || rule.enum.includes(null));

const numberLiteral = (n: number): string => `CAST(${quoteLiteral(String(n))} AS DOUBLE)`;

/** SQL true when a non-null value (seen through `v`) satisfies the rule. */
const valueSql = (rule: ValueRule, v: JsonView): string => {
  if ("anyOf" in rule) return or(...rule.anyOf.map((r) => valueSql(r, v)));
  const typeOk = rule.types === undefined ? "TRUE" : or(
    ...rule.types.map((t) =>
      t === "string" ? v.isString
      : t === "number" ? v.isNumber
      : t === "integer" ? and(v.isNumber, v.isInteger)
      : t === "boolean" ? v.isBoolean
      : "FALSE"),
  );
  const enumOk = rule.enum === undefined ? "TRUE" : or(
    ...(["string", "number", "boolean"] as const).flatMap((kind) => {
      const values = rule.enum!.filter((e) => typeof e === kind);
      if (values.length === 0) return [];
      if (kind === "string") return [and(v.isString, `${v.text} IN (${(values as string[]).map(quoteLiteral).join(", ")})`)];
      if (kind === "number") return [and(v.isNumber, `${v.number} IN (${(values as number[]).map(numberLiteral).join(", ")})`)];
      return [and(v.isBoolean, `${v.boolean} IN (${values.map(String).join(", ")})`)];
    }),
  );
  const textRules = [
    ...(rule.pattern ? [`regexp_matches(${v.text}, ${quoteLiteral(rule.pattern.re2)})`] : []),
    ...(rule.minLength !== undefined ? [`length(${v.text}) >= ${rule.minLength}`] : []),
    ...(rule.maxLength !== undefined ? [`length(${v.text}) <= ${rule.maxLength}`] : []),
  ];
  const numberRules = [
    ...(rule.minimum !== undefined ? [`${v.number} >= ${numberLiteral(rule.minimum)}`] : []),
    ...(rule.maximum !== undefined ? [`${v.number} <= ${numberLiteral(rule.maximum)}`] : []),
  ];
  // string keywords bind strings only, number keywords numbers only (JSON Schema)
  const textOk = textRules.length === 0 ? "TRUE" : or(not(v.isString), and(...textRules));
  const numberOk = numberRules.length === 0 ? "TRUE" : or(not(v.isNumber), and(...numberRules));
  return and(typeOk, enumOk, textOk, numberOk);
};

/** The SQL of a row rule over a query's columns. */
export interface RowSql {
  /** per column of the query that the schema describes: SQL true when its value is valid (never NULL) */
  readonly valid: ReadonlyArray<{ readonly column: string; readonly sql: string }>;
  /** required properties the query has no column for: every row lacks them */
  readonly missing: ReadonlyArray<string>;
  /** columns the schema does not allow: every row has them */
  readonly extra: ReadonlyArray<string>;
  /** SQL: how many problems a row has (one per invalid, missing or extra field, as ajv's are grouped) */
  readonly problems: string;
}

/** Compile a row rule against the columns (names and DuckDB types) of a query; throws UnsupportedSchemaError. */
export const rowSql = (rule: RowRule, columns: ReadonlyArray<{ readonly name: string; readonly type: DuckDBType }>): RowSql => {
  const names = new Set(columns.map((c) => c.name));
  const valid = columns.flatMap((col) => {
    const r = rule.properties.get(col.name);
    if (r === undefined) return [];
    const c = quoteIdent(col.name);
    const sql = `CASE WHEN ${c} IS NULL THEN ${nullSatisfies(r) ? "TRUE" : "FALSE"} ELSE coalesce(${valueSql(r, jsonView(c, col.type, col.name))}, FALSE) END`;
    return [{ column: col.name, sql }];
  });
  const missing = rule.required.filter((p) => !names.has(p));
  const extra = rule.additional ? [] : columns.map((c) => c.name).filter((n) => !rule.properties.has(n));
  const fixed = missing.length + extra.length;
  const problems = [...valid.map((v) => `(NOT (${v.sql}))::INTEGER`), String(fixed)].join(" + ");
  return { valid, missing, extra, problems };
};
