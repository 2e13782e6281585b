// The observations every export writes, checked against their published contract
// (schemas/json/observation.schema.json) before anything is written. exportWarehouse runs it for every
// format, before the format is asked to prepare: a format cannot skip it, and each writes the rows of the
// same observations resource (CSV, Parquet and JSON as they are, SDMX recoded).
import type { ErrorObject } from "ajv";
import { pushAll } from "../core/errors.ts";
import type { Warehouse } from "../core/duckdb.ts";
import { validatorFor } from "../manifest/validateJson.ts";
import { ExportValidationError, type RowProblem } from "./errors.ts";
import { queryJsonBatches, rowObject, type JsonResult } from "./jsonRows.ts";
import { observationsResource, type Catalog } from "./resources.ts";

/** The problems of one observation row against schemas/json/observation.schema.json, one per field. */
const rowProblems = (errors: ReadonlyArray<ErrorObject>, row: Record<string, unknown>, position: number): RowProblem[] => {
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

/** Validate observation rows against the published contract; `first` is the position of the first row. All problems, in row order. */
export const validateObservations = (data: JsonResult, first = 1): RowProblem[] => {
  const validate = validatorFor("observation");
  const problems: RowProblem[] = [];
  data.rows.forEach((r, i) => {
    const row = rowObject(data.columns, r);
    if (!validate(row)) pushAll(problems, rowProblems(validate.errors ?? [], row, first + i));
  });
  return problems;
};

/** Problems kept for the error (the rest are counted): a warehouse broken throughout stays in memory bounds. */
export const KEPT_PROBLEMS = 1000;

/**
 * Read the observations an export writes (--package applied), in the export's order, a batch at a time,
 * and throw ExportValidationError naming the row values that break the contract (the first KEPT_PROBLEMS,
 * and how many there are).
 */
export const assertObservationsValid = async (wh: Warehouse, catalog: Catalog, packages?: ReadonlyArray<string>): Promise<void> => {
  const problems: RowProblem[] = [];
  let total = 0;
  let first = 1;
  for await (const batch of queryJsonBatches(wh, observationsResource(catalog, packages).select)) {
    const found = validateObservations(batch, first);
    total += found.length;
    pushAll(problems, found.slice(0, Math.max(0, KEPT_PROBLEMS - problems.length)));
    first += batch.rows.length;
  }
  if (total > 0) throw new ExportValidationError(problems, total);
};
