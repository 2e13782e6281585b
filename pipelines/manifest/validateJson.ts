import type { ErrorObject, ValidateFunction } from "ajv";
import * as jsonc from "jsonc-parser";
// (the modules themselves: the "effect" index loads every module of the library, a third of a second)
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";
import { contracts, type ContractName } from "../../schemas/jsonSchemas.ts";
// (compiled ahead by `npm run schemas`, from the JSON Schemas of schemas/json/, with the same ajv options)
import * as validators from "../../schemas/validators.js";
import type { InputError } from "../core/errors.ts";

/** The ajv validator of the published JSON Schema of a contract. */
export const validatorFor = (name: ContractName): ValidateFunction => validators[name];

/** Where each line of the last text located starts: a descriptor's cells are located one by one. */
let lines: { readonly text: string; readonly starts: ReadonlyArray<number> } | undefined;

export const position = (text: string, offset: number): { line: number; column: number } => {
  if (lines?.text !== text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    lines = { text, starts };
  }
  // the last line starting at or before the offset (a newline at i starts a line at i + 1)
  const { starts } = lines;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
};

const describeAjv = (e: ErrorObject): string => {
  switch (e.keyword) {
    case "additionalProperties":
      return `no property "${(e.params as { additionalProperty: string }).additionalProperty}" (allowed: the properties in the schema)`;
    case "required":
      return `a property "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "enum":
      return `one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "pattern":
      return `${e.parentSchema && typeof e.parentSchema === "object" && "description" in e.parentSchema ? String(e.parentSchema.description) : "text"} (pattern ${(e.params as { pattern: string }).pattern})`;
    case "type":
      return `a value of type ${(e.params as { type: string }).type}`;
    case "minLength":
      return "a non-empty string";
    case "minItems":
      return `at least ${(e.params as { limit: number }).limit} item(s)`;
    case "minimum":
    case "maximum":
      return `a number ${e.message ?? ""}`;
    default:
      return e.message ?? e.keyword;
  }
};

/**
 * Parse and validate a JSON document against a contract: syntax errors (jsonc-parser), the JSON Schema
 * (ajv, every error) and finally the Effect schema, which is the authority. Each problem names the line and
 * column of the offending value.
 */
export const validateJsonDocument = <N extends ContractName>(
  text: string,
  file: string,
  name: N,
): { value: (typeof contracts)[N]["Type"] | undefined; errors: InputError[] } => {
  const errors: InputError[] = [];
  const parseErrors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length > 0 || tree === undefined) {
    for (const pe of parseErrors) {
      const { line, column } = position(text, pe.offset);
      errors.push({
        code: "json-syntax",
        file,
        line,
        column,
        cell: text.slice(pe.offset, pe.offset + Math.max(pe.length, 1) + 20).split("\n")[0] ?? "",
        expected: `valid JSON (${jsonc.printParseErrorCode(pe.error)})`,
      });
    }
    if (errors.length === 0) errors.push({ code: "json-syntax", file, line: 1, column: 1, cell: "", expected: "a JSON document" });
    return { value: undefined, errors };
  }
  const data: unknown = jsonc.getNodeValue(tree);
  const locate = (path: ReadonlyArray<string | number>, atKey = false) => locateInTree(tree, text, path, atKey);
  const validate = validatorFor(name);
  if (!validate(data)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      // anyOf/oneOf wrappers repeat their branches' errors; keep the specific ones.
      if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue;
      const path = e.instancePath.split("/").slice(1).map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      const full = e.keyword === "additionalProperties" ? [...path, (e.params as { additionalProperty: string }).additionalProperty] : path;
      const where = locate(
        full.map((s, i) => (Array.isArray(pathValue(data, full.slice(0, i))) ? Number(s) : s)),
        e.keyword === "additionalProperties",
      );
      const key = `${where.line}:${where.column}:${describeAjv(e)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({ code: "invalid-descriptor", file, ...where, expected: `${describeAjv(e)} at /${full.join("/")}` });
    }
    return { value: undefined, errors };
  }
  const decoded = Schema.decodeUnknownResult(contracts[name] as unknown as Schema.Decoder<unknown>)(data, { errors: "all", onExcessProperty: "error" });
  if (decoded._tag === "Failure") {
    const formatted = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue);
    for (const issue of formatted.issues) {
      const path = (issue.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? (k as { key: PropertyKey }).key : k)) as Array<string | number>;
      errors.push({ code: "invalid-descriptor", file, ...locate(path), expected: `${issue.message} at /${path.join("/")}` });
    }
    return { value: undefined, errors };
  }
  return { value: decoded.success as (typeof contracts)[N]["Type"], errors };
};

const pathValue = (data: unknown, path: ReadonlyArray<string>): unknown => {
  let v: unknown = data;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
};

/**
 * Line, column and text of the value at a JSON path (falling back to the nearest existing parent); with
 * `atKey`, of the property name instead (for a property that should not be there).
 */
const locateInTree = (
  tree: jsonc.Node,
  text: string,
  path: ReadonlyArray<string | number>,
  atKey = false,
): { line: number; column: number; cell: string } => {
  let p = [...path];
  let node = jsonc.findNodeAtLocation(tree, p);
  while (node === undefined && p.length > 0) {
    p = p.slice(0, -1);
    node = jsonc.findNodeAtLocation(tree, p);
  }
  const value = node ?? tree;
  const key = value.parent?.type === "property" ? value.parent.children?.[0] : undefined;
  const n = atKey && key !== undefined ? key : value;
  const { line, column } = position(text, n.offset);
  const cell =
    n.type === "object" || n.type === "array"
      ? (text.slice(n.offset, n.offset + 60).split("\n")[0] ?? "")
      : n.type === "string"
        ? String(n.value)
        : text.slice(n.offset, n.offset + n.length);
  return { line, column, cell };
};

/** The last document parsed by locateInJson: callers locate many paths of one descriptor in a row. */
let parsed: { readonly text: string; readonly tree: jsonc.Node | undefined } | undefined;

/**
 * Line, column and text of the value at a JSON path, for errors found after validation; with `atKey`, of
 * the property name (a label used as a key, as in `labels`).
 */
export const locateInJson = (text: string, path: ReadonlyArray<string | number>, atKey = false): { line: number; column: number; cell: string } => {
  // (a descriptor's tree parsed once, not once per table cell: the normalizer locates each cell's coordinates)
  if (parsed?.text !== text) parsed = { text, tree: jsonc.parseTree(text) };
  const { tree } = parsed;
  return tree === undefined ? { line: 1, column: 1, cell: "" } : locateInTree(tree, text, path, atKey);
};

/** Where a table's structure is declared, for errors about the descriptor. */
export type DescriptorLocator = (path: ReadonlyArray<string | number>, atKey?: boolean) => Pick<InputError, "file" | "line" | "column" | "cell">;
