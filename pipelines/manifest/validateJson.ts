import type { ErrorObject, ValidateFunction } from "ajv";
import * as jsonc from "jsonc-parser";
// (the modules themselves: the "effect" index loads every module of the library, a third of a second)
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";
import { contracts, type ContractName } from "../../schemas/jsonSchemas.ts";
// (compiled ahead by `npm run schemas`, from the JSON Schemas of schemas/json/, with the same ajv options)
import * as validators from "../../schemas/validators.js";
import { pushAll, type InputError } from "../core/errors.ts";
import { lineOf, lineStarts, trimBom } from "../core/readCsv.ts";

/** The ajv validator of the published JSON Schema of a contract. */
export const validatorFor = (name: ContractName): ValidateFunction => validators[name];

/** Where each line of the last text located starts: a descriptor's cells are located one by one. */
let lines: { readonly text: string; readonly starts: ReadonlyArray<number> } | undefined;

export const position = (text: string, offset: number): { line: number; column: number } => {
  if (lines?.text !== text) lines = { text, starts: lineStarts(text) };
  const line = lineOf(lines.starts, offset);
  return { line, column: offset - lines.starts[line - 1]! + 1 };
};

/**
 * The syntax tree of a JSON text, as every reader of a document sees it: a byte-order mark before the
 * document is ignored (RFC 8259 lets a parser do so; it is read as a space, so every offset stays the
 * text's), and every string, property names included, loses the marks before and after it (an invisible
 * mark pasted with a label would be stored with it, and the exports would disagree on it).
 */
const parseJson = (text: string, errors?: jsonc.ParseError[]): jsonc.Node | undefined => {
  const tree = jsonc.parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, errors, { allowTrailingComma: false, disallowComments: true });
  const walk = (node: jsonc.Node): void => {
    if (node.type === "string" && typeof node.value === "string") (node as { value: unknown }).value = trimBom(node.value);
    for (const child of node.children ?? []) walk(child);
  };
  if (tree !== undefined) walk(tree);
  return tree;
};

/** Whether a string holds half of a surrogate pair alone (`\ud800` escaped in JSON): no character, stored as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The JSON path of a node, as written in errors: /tables/0/title; a property name's is its object's, said to be a key. */
const pathOf = (node: jsonc.Node): string => {
  const steps: string[] = [];
  let key = false;
  let n: jsonc.Node = node;
  for (let parent = n.parent; parent !== undefined; n = parent, parent = n.parent) {
    if (parent.type === "property") {
      if (parent.children?.[0] === n) key = true;
      else steps.unshift(String(parent.children?.[0]?.value));
    } else if (parent.type === "array") steps.unshift(String(parent.children?.indexOf(n)));
  }
  return `/${steps.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}${key ? " (a key)" : ""}`;
};

/** Offset of the first escape in a JSON string token that is half of a surrogate pair alone. */
const loneEscapeOffset = (token: string): number => {
  let previousHigh = -1; // end of the last escape of a high half, if it ended just here
  for (let i = 0; i < token.length; i++) {
    if (token[i] !== "\\") continue;
    if (token[i + 1] !== "u") {
      if (previousHigh === i) return i - 6;
      i++;
      continue;
    }
    const unit = parseInt(token.slice(i + 2, i + 6), 16);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (previousHigh >= 0 && !(low && previousHigh === i)) return previousHigh - 6;
    if (low && previousHigh !== i) return i;
    previousHigh = high ? i + 6 : -1;
    i += 5;
  }
  return previousHigh >= 0 ? previousHigh - 6 : 0;
};

/** Every string of a JSON tree that holds a lone surrogate, as an error at its escape naming its path. */
const loneSurrogates = (tree: jsonc.Node, text: string, file: string): InputError[] => {
  const errors: InputError[] = [];
  const walk = (node: jsonc.Node): void => {
    if (node.type === "string" && typeof node.value === "string" && LONE_SURROGATE.test(node.value)) {
      const { line, column } = position(text, node.offset + loneEscapeOffset(text.slice(node.offset, node.offset + node.length)));
      errors.push({
        code: "lone-surrogate",
        file,
        line,
        column,
        cell: node.value,
        expected: `a string at ${pathOf(node)} without half of a surrogate pair alone (no character: it would be stored as U+FFFD); a character beyond U+FFFF is written as itself, or escaped as both halves (\\ud83d\\ude00)`,
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return errors;
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
 * Parse and validate a JSON document against a contract: syntax errors (jsonc-parser), strings that hold
 * a lone surrogate, the JSON Schema (ajv, every error) and finally the Effect schema, which is the authority. Each problem names the line and
 * column of the offending value.
 */
export const validateJsonDocument = <N extends ContractName>(
  text: string,
  file: string,
  name: N,
): { value: (typeof contracts)[N]["Type"] | undefined; errors: InputError[] } => {
  const errors: InputError[] = [];
  const parseErrors: jsonc.ParseError[] = [];
  const tree = parseJson(text, parseErrors);
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
  // (a string that would be stored changed is refused, the schema still checked: every error in one run)
  const lone = loneSurrogates(tree, text, file);
  pushAll(errors, lone);
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
  return { value: lone.length > 0 ? undefined : (decoded.success as (typeof contracts)[N]["Type"]), errors };
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
  if (parsed?.text !== text) parsed = { text, tree: parseJson(text) };
  const { tree } = parsed;
  return tree === undefined ? { line: 1, column: 1, cell: "" } : locateInTree(tree, text, path, atKey);
};

/** Where a table's structure is declared, for errors about the descriptor. */
export type DescriptorLocator = (path: ReadonlyArray<string | number>, atKey?: boolean) => Pick<InputError, "file" | "line" | "column" | "cell">;
