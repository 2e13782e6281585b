// The observations every export writes, checked against their published contract
// (schemas/json/observation.schema.json) before anything is written. exportWarehouse runs it for every
// format, before the format is asked to prepare: a format cannot skip it, and each writes the rows of the
// same observations resource (CSV, Parquet and JSON as they are, SDMX recoded).
//
// A warehouse holds tens of millions of bulk figures: the check runs in DuckDB, one scan, with the schema
// compiled to SQL (schemaToSql.ts); only the rows that fail are read into JavaScript, where ajv (the
// published validator) words each problem.
import { readFileSync } from "node:fs";
import type { ErrorObject } from "ajv";
import { pushAll } from "../core/errors.ts";
import { quoteIdent, type Warehouse } from "../core/duckdb.ts";
import { validatorFor } from "../manifest/validateJson.ts";
import { ExportValidationError, type RowProblem } from "./errors.ts";
import { queryJson, rowObject } from "./jsonRows.ts";
import { OBSERVATION_ORDER, observationRows } from "./resources.ts";
import { compileRowRule, rowSql, type RowRule, type RowSql } from "./schemaToSql.ts";

/** The problems of one observation row against schemas/json/observation.schema.json, one per field. */
export const rowProblems = (errors: ReadonlyArray<ErrorObject>, row: Record<string, unknown>, position: number): RowProblem[] => {
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    // anyOf repeats what its branches said; the branches are kept and joined with "or"
    if (e.keyword === "anyOf") continue;
    const params = e.params as Record<string, unknown>;
    const field =
      e.keyword === "required" ? String(params.missingProperty)
      : e.keyword === "additionalProperties" ? String(params.additionalProperty)
      : e.instancePath.split("/")[1]?.replaceAll("~1", "/").replaceAll("~0", "~") ?? "";
    const expected =
      e.keyword === "required" ? "the field to be present"
      : e.keyword === "additionalProperties" ? "no such field (not in schemas/json/observation.schema.json)"
      : e.keyword === "enum" ? `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
      : e.keyword === "type" ? `a ${String(params.type)}`
      : e.keyword === "pattern" ? `text matching ${String(params.pattern)}`
      : e.keyword === "minLength" ? "a non-empty string"
      : (e.message ?? e.keyword);
    const list = byField.get(field) ?? [];
    if (!list.includes(expected)) list.push(expected);
    byField.set(field, list);
  }
  return [...byField].map(([field, expected]) => ({
    resource: "observations",
    row: position,
    key: String(row.obs_id),
    field,
    value: row[field],
    expected: expected.join(" or "),
  }));
};

/** Problems kept for the error (the rest are counted): a warehouse broken throughout stays in memory bounds. */
export const KEPT_PROBLEMS = 1000;

let observationRule: RowRule | undefined;

/** schemas/json/observation.schema.json as SQL rules, read and compiled once. */
export const observationRowRule = (): RowRule =>
  (observationRule ??= compileRowRule(JSON.parse(readFileSync(new URL("../../schemas/json/observation.schema.json", import.meta.url), "utf8")) as unknown));

/** The observation rule compiled against the columns of a query (read from DuckDB without running it). */
export const observationSql = async (wh: Warehouse, rows: string): Promise<RowSql> => {
  const probe = await wh.connection.runAndReadAll(`SELECT * FROM (${rows}) LIMIT 0`);
  const types = probe.columnTypes();
  return rowSql(observationRowRule(), probe.columnNames().map((name, i) => ({ name, type: types[i]! })));
};

/** A column name the query does not use, for the helper columns of the failing rows. */
const freeName = (taken: ReadonlySet<string>, base: string): string => {
  let name = base;
  while (taken.has(name)) name += "_";
  return name;
};

/**
 * Check the observations an export writes (--package applied) and throw ExportValidationError naming the
 * row values that break the contract: the first KEPT_PROBLEMS in the export's order, and how many there
 * are. One aggregate scan when the rows are valid; the failing rows (at most KEPT_PROBLEMS of them, each
 * has a problem) are then numbered in the export's order and worded by ajv.
 */
export const assertObservationsValid = async (wh: Warehouse, packages?: ReadonlyArray<string>): Promise<void> => {
  const rows = observationRows(packages);
  const sql = await observationSql(wh, rows);
  const counted = (await wh.all(`SELECT coalesce(sum(n), 0)::DOUBLE AS total FROM (SELECT ${sql.problems} AS n FROM (${rows})) WHERE n > 0`))[0] as { total: number };
  const total = Number(counted.total);
  if (total === 0) return;

  const columns = new Set([...sql.valid.map((v) => v.column), ...sql.extra]);
  const pos = freeName(columns, "row_position__");
  const n = freeName(new Set([...columns, pos]), "row_problems__");
  const failing = await queryJson(
    wh,
    `SELECT * FROM (SELECT *, row_number() OVER (ORDER BY ${OBSERVATION_ORDER}) AS ${quoteIdent(pos)}, ${sql.problems} AS ${quoteIdent(n)} FROM (${rows}))
     WHERE ${quoteIdent(n)} > 0 ORDER BY ${quoteIdent(pos)} LIMIT ${KEPT_PROBLEMS}`,
  );
  const validate = validatorFor("observation");
  const cols = failing.columns.slice(0, -2);
  const problems: RowProblem[] = [];
  for (const r of failing.rows) {
    const row = rowObject(cols, r);
    const position = Number(r.at(-2));
    const found = validate(row) ? [] : rowProblems(validate.errors ?? [], row, position);
    // the SQL and ajv must agree, or the count and the list would not be about the same problems
    if (found.length !== Number(r.at(-1))) {
      throw new Error(`export validation: the SQL rules found ${String(r.at(-1))} problem(s) in observations row ${position} and ajv ${found.length}; schemaToSql.ts disagrees with schemas/json/observation.schema.json`);
    }
    pushAll(problems, found.slice(0, Math.max(0, KEPT_PROBLEMS - problems.length)));
  }
  throw new ExportValidationError(problems, total);
};
