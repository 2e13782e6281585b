import type { ContractName } from "../../schemas/jsonSchemas.ts";
import type { InputError } from "../core/errors.ts";
import { validatorFor } from "./validateJson.ts";

/** A CSV row with where it stands. */
export interface Located<T> {
  readonly file: string;
  readonly line: number;
  readonly row: T;
  /** 1-based column of a field in the file */
  readonly columnOf: (name: string) => number;
}

/** Validate CSV rows (objects of strings) against a row contract with ajv; invalid rows are reported and dropped. */
export const validateRows = (
  rows: ReadonlyArray<{ line: number; values: Record<string, string>; columnOf: (name: string) => number }>,
  file: string,
  contract: ContractName,
): { rows: Located<unknown>[]; errors: InputError[] } => {
  const validate = validatorFor(contract);
  const errors: InputError[] = [];
  const out: Located<unknown>[] = [];
  for (const r of rows) {
    if (validate(r.values)) {
      out.push({ file, line: r.line, row: r.values, columnOf: r.columnOf });
      continue;
    }
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      if (e.keyword === "anyOf" || e.keyword === "oneOf") continue;
      const field = e.instancePath.split("/")[1] ?? "";
      if (seen.has(field)) continue;
      seen.add(field);
      const schema = e.parentSchema as { description?: string } | undefined;
      const expected =
        e.keyword === "enum"
          ? `one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`
          : e.keyword === "minLength"
            ? "a value (this column may not be blank)"
            : (schema?.description ?? e.message ?? e.keyword);
      errors.push({ code: `invalid-${contract}`, file, line: r.line, column: r.columnOf(field), cell: r.values[field] ?? "", expected: `${field}: ${expected}` });
    }
  }
  return { rows: out, errors };
};
