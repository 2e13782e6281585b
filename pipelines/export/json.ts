// JSON: a file per resource, an array of row objects (keys in column order), the observations checked
// against their published contract (schemas/json/observation.schema.json) before anything is written.
import type { ErrorObject } from "ajv";
import { writeFileSync } from "node:fs";
import { pushAll } from "../core/errors.ts";
import { validatorFor } from "../manifest/validateJson.ts";
import { ExportValidationError, type RowProblem } from "./errors.ts";
import { writeEachResource, type ExportFormat } from "./format.ts";
import { jsonArrayText, queryJson, rowObject, type JsonResult } from "./jsonRows.ts";
import { discoverResources } from "./resources.ts";

/** The problems of one observation row against schemas/json/observation.schema.json, one per field. */
const rowProblems = (errors: ReadonlyArray<ErrorObject>, row: Record<string, unknown>, index: number): RowProblem[] => {
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
    row: index + 1,
    key: String(row.obs_id),
    field,
    value: row[field],
    expected: expected.join(" or "),
  }));
};

/** Validate every exported observation against the published contract; all problems, in row order. */
export const validateObservations = (data: JsonResult): RowProblem[] => {
  const validate = validatorFor("observation");
  const problems: RowProblem[] = [];
  data.rows.forEach((r, i) => {
    const row = rowObject(data.columns, r);
    if (!validate(row)) pushAll(problems, rowProblems(validate.errors ?? [], row, i));
  });
  return problems;
};

/** JSON: the resources of the CSV export as arrays of objects, JSON columns nested. */
export const jsonFormat: ExportFormat<"json"> = {
  name: "json",
  extension: "json",
  packageName: "migration-profile",
  summary: "a JSON array of row objects per table, the observations and the dimensions",
  prepare: async (ctx) => {
    const resources = await discoverResources(ctx.wh, ctx.catalog, ctx.packages);
    // every row is read, and the observations validated, before anything is written
    const data = new Map<string, JsonResult>();
    for (const r of resources) data.set(r.name, await queryJson(ctx.wh, r.select));
    const problems = validateObservations(data.get("observations")!);
    if (problems.length > 0) throw new ExportValidationError(problems);
    return {
      write: (dir) =>
        writeEachResource(ctx, resources, dir, { extension: "json", format: "json", mediatype: "application/json" }, async (r, file) => {
          const d = data.get(r.name)!;
          writeFileSync(file, jsonArrayText(d.columns, d.rows));
          return d.rows.length;
        }),
    };
  },
};
