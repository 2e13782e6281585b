// The catalog of error codes is the one list: docs/source-format.md shows it as generated, and every code
// of the catalog is one the code can emit (an error with a code not in it does not compile).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ERROR_CODES } from "../pipelines/core/errorCodes.ts";
import { SOURCE_FORMAT_DOC, withErrorCodes } from "../pipelines/core/errorCodesDoc.ts";
import { contracts } from "../schemas/jsonSchemas.ts";
import { projectRoot } from "./helpers/workspace.ts";

const sourcesOf = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourcesOf(p) : p.endsWith(".ts") ? [p] : [];
  });

describe("error codes", () => {
  test("docs/source-format.md lists exactly the catalog (npm run docs writes it)", () => {
    const page = readFileSync(SOURCE_FORMAT_DOC, "utf8");
    expect(withErrorCodes(page)).toBe(page);
    for (const code of Object.keys(ERROR_CODES)) expect(page).toContain(`| \`${code}\` |`);
  });

  test("every code of the catalog is written somewhere in the product code", () => {
    const text = [...sourcesOf(join(projectRoot, "pipelines")), ...sourcesOf(join(projectRoot, "checks"))]
      .filter((f) => !f.endsWith("errorCodes.ts"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    // invalid-<contract> is written once, as a template, for every row contract
    const templated = new Set(Object.keys(contracts).map((c) => `invalid-${c}`));
    const unused = Object.keys(ERROR_CODES).filter((code) => !templated.has(code) && !text.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });

  test("each entry says what went wrong and what to do", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(info.title.length, code).toBeGreaterThan(5);
      expect(info.fix.length, code).toBeGreaterThan(5);
    }
  });
});
