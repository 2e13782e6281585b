import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { kinds } from "../checks/kinds/index.ts";
import { checksSchemaText, contracts, jsonSchemaText, type ContractName } from "../schemas/jsonSchemas.ts";

const dir = fileURLToPath(new URL("../schemas/json/", import.meta.url));
const checksFile = fileURLToPath(new URL("../checks/checks.json", import.meta.url));

describe("schemas/json", () => {
  test.each(Object.keys(contracts) as ContractName[])("%s.schema.json is up to date (npm run schemas)", (name) => {
    const expected = name === "checks" ? checksSchemaText([...kinds.values()]) : jsonSchemaText(name);
    expect(readFileSync(`${dir}${name}.schema.json`, "utf8")).toBe(expected);
  });

  test("holds a file for every contract and nothing else", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(contracts).map((n) => `${n}.schema.json`).sort());
  });
});

describe("checks.schema.json: each kind's params, read back by ajv", () => {
  // the committed file, as an editor reads it through checks.json's $schema
  const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(`${dir}checks.schema.json`, "utf8")) as object);
  const real = JSON.parse(readFileSync(checksFile, "utf8")) as { $schema: string; checks: Array<Record<string, unknown>> };
  const withCheck = (check: Record<string, unknown>) => ({ checks: [check] });
  const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`));

  test("checks/checks.json names it and is valid against it", () => {
    expect(real.$schema).toBe("../schemas/json/checks.schema.json");
    expect(errorsOf(real)).toEqual([]);
  });

  test("every registered kind has its params, with a doc for each", () => {
    const schema = JSON.parse(readFileSync(`${dir}checks.schema.json`, "utf8")) as { $defs: Record<string, { properties: Record<string, { description?: string }> }> };
    for (const kind of kinds.values()) {
      const params = schema.$defs[`${kind.kind}.params`];
      expect(params, kind.kind).toBeDefined();
      expect(Object.keys(params!.properties).sort()).toEqual(Object.keys(kind.params!.fields).sort());
      for (const [name, p] of Object.entries(params!.properties)) expect(p.description, `${kind.kind}.${name}`).toMatch(/\w/);
    }
  });

  test("rejects an unknown param, a wrong type, a value out of range and an unknown kind", () => {
    const base = { id: "x", kind: "hierarchy", description: "d" };
    expect(errorsOf(withCheck({ ...base, params: { tolerance_rel: 0.01 } }))).toEqual([]);
    expect(errorsOf(withCheck({ ...base, params: { tolerence: 1 } }))).toContain('/checks/0/params additionalProperties {"additionalProperty":"tolerence"}');
    expect(errorsOf(withCheck({ ...base, params: { tolerance_rel: "1%" } }))).toContain('/checks/0/params/tolerance_rel type {"type":"number"}');
    expect(errorsOf(withCheck({ ...base, params: { max_rows: 2.5 } }))).toContain('/checks/0/params/max_rows type {"type":"integer"}');
    expect(errorsOf(withCheck({ ...base, params: { min_coverage: 2 } }))).toContain('/checks/0/params/min_coverage maximum {"comparison":"<=","limit":1}');
    expect(errorsOf(withCheck({ ...base, kind: "hierarchie" })).some((e) => e.startsWith("/checks/0/kind enum"))).toBe(true);
    // a param of another kind is not one of this kind's
    expect(errorsOf(withCheck({ ...base, params: { period_match: "year" } }))).toContain('/checks/0/params additionalProperties {"additionalProperty":"period_match"}');
    expect(errorsOf(withCheck({ ...base, kind: "duplicate", params: { period_match: "decade" } })).some((e) => e.startsWith("/checks/0/params/period_match enum"))).toBe(true);
    expect(errorsOf(withCheck({ ...base, kind: "period_trap", params: { rules: [] } }))).toContain('/checks/0/params/rules minItems {"limit":1}');
  });

  test("the runner's own decoding accepts every check of checks/checks.json", () => {
    for (const check of real.checks) {
      const kind = kinds.get(String(check["kind"]))!;
      expect(kind.validate(check as never), String(check["id"])).toEqual([]);
    }
  });
});
