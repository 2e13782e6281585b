import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import { contracts, jsonSchemaFor, jsonSchemaText, type ContractName } from "../schemas/jsonSchemas.ts";
import { AJV_OPTIONS, validatorsModuleText } from "../schemas/validatorCode.ts";
import * as validators from "../schemas/validators.js";

const dir = fileURLToPath(new URL("../schemas/json/", import.meta.url));

describe("schemas/json", () => {
  test.each(Object.keys(contracts) as ContractName[])("%s.schema.json is up to date (npm run schemas)", (name) => {
    expect(readFileSync(`${dir}${name}.schema.json`, "utf8")).toBe(jsonSchemaText(name));
  });

  test("holds a file for every contract and nothing else", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(contracts).map((n) => `${n}.schema.json`).sort());
  });
});

describe("schemas/validators.js", () => {
  test("is what the generator writes (npm run schemas)", () => {
    expect(readFileSync(fileURLToPath(new URL("../schemas/validators.js", import.meta.url)), "utf8")).toBe(validatorsModuleText());
  });

  test("exports one validator per contract", () => {
    expect(Object.keys(validators).sort()).toEqual(Object.keys(contracts).sort());
  });

  // Rows of each kind that break the contract in several ways at once: the precompiled validator and
  // ajv compiling the JSON Schema now must accept and reject alike, with the same errors.
  const samples: Array<[ContractName, unknown]> = [
    ["waiver", { finding_id: "hierarchy-0123456789ab", reason: "r", author: "a", date: "2026-01-01", expires: "" }],
    ["waiver", { finding_id: "Not An Id", reason: "", author: "a", date: "1 May", extra: "x" }],
    ["correction", { obs_id: "x" }],
    ["descriptor", { id: 3, title: "t", tables: [{ id: "t1", file: 7 }], unknown_key: true }],
    ["checks", { checks: [{ id: "a", kind: "hierarchy", severity: "fatal" }] }],
    ["findings", { summary: {}, findings: [{}] }],
  ];
  test.each(samples)("%s: the same verdict and errors as ajv compiling the schema", (name, data) => {
    const fresh = new Ajv2020.default(AJV_OPTIONS).compile(jsonSchemaFor(name));
    const ok = fresh(data);
    const pre = validators[name];
    expect(pre(data)).toBe(ok);
    const strip = (errors: typeof fresh.errors) => (errors ?? []).map(({ instancePath, schemaPath, keyword, params, message, parentSchema }) => ({ instancePath, schemaPath, keyword, params, message, parentSchema }));
    expect(strip(pre.errors)).toEqual(strip(fresh.errors));
  });
});
