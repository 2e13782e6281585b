import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { contracts, jsonSchemaText, type ContractName } from "../schemas/jsonSchemas.ts";

const dir = fileURLToPath(new URL("../schemas/json/", import.meta.url));

describe("schemas/json", () => {
  test.each(Object.keys(contracts) as ContractName[])("%s.schema.json is up to date (npm run schemas)", (name) => {
    expect(readFileSync(`${dir}${name}.schema.json`, "utf8")).toBe(jsonSchemaText(name));
  });

  test("holds a file for every contract and nothing else", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(contracts).map((n) => `${n}.schema.json`).sort());
  });
});
