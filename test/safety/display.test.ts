// Issue 10, outputs are safe to open: control characters from packages reach a terminal escaped (check's
// human format, sql's table output), and CSV exports prefix text a spreadsheet would run as a formula,
// read back with an independent CSV reader (papaparse); --no-formula-guard exports the text as stored.
import fc from "fast-check";
import Papa from "papaparse";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkCommand } from "../../pipelines/cli/check.ts";
import { sqlCommand } from "../../pipelines/cli/sql.ts";
import { escapeControls } from "../../pipelines/core/terminalText.ts";
import { exportCommand } from "../../pipelines/cli/export.ts";
import { FORMULA_GUARD_NOTE, formulaGuard, formulaGuardSql } from "../../pipelines/export/formulaGuard.ts";
import { insertRows, quoteIdent, quoteLiteral, Warehouse } from "../../pipelines/core/duckdb.ts";
import { fakeKinds, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";

const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\r\n::error file=x::fake\u202eevil";
const FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1", "\r=1", "-5", "-9,8", "- 5,1", "-", "plain"];

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
beforeAll(async () => {
  w = await syntheticWarehouse(FORMULAS.map((label, i) => ({ obs_id: `demo:t01/r${i}/2006`, value_text: String(i + 1), label, line: i + 2 })));
});
afterAll(() => w.cleanup());

const capture = () => {
  const text = { stdout: "", stderr: "" };
  return { text, io: { stdout: { write: (t: string) => ((text.stdout += t), true) }, stderr: { write: (t: string) => ((text.stderr += t), true) } } };
};

describe("terminal output", () => {
  test("escapeControls writes out every control character and leaves the rest", () => {
    expect(escapeControls(HOSTILE)).toBe("\\e]0;pwned\\x07\\e[2J\\r\\n::error file=x::fake\\u202eevil");
    expect(escapeControls("Ä – 1 200 €")).toBe("Ä – 1 200 €");
  });

  test("check's human format shows a hostile target and message escaped: no escape codes, no line a CI runner obeys", async () => {
    const config = writeConfig(w.dir, { checks: { checks: [{ id: "hostile", kind: "fixed", description: `desc ${HOSTILE}`, params: { targets: [HOSTILE], obs: ["demo:t01/r0/2006"] } }] } });
    const { text, io } = capture();
    expect(await checkCommand(["--db", w.db, "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile], { ...io, kinds: fakeKinds })).toBe(0);
    expect(text.stdout).toContain("failed at \\e]0;pwned\\x07\\e[2J ::error file=x::fake\\u202eevil");
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/u);
    expect(text.stdout).not.toMatch(/^::/mu);
  });

  test("sql's table output and its error messages show control characters escaped", async () => {
    const stdin = new PassThrough();
    stdin.end();
    const { text, io } = capture();
    expect(await sqlCommand(["--db", w.db, `SELECT ${quoteLiteral(HOSTILE)} AS ${quoteIdent(`col${HOSTILE}`)}`], { stdin, ...io })).toBe(0);
    expect(text.stdout).toContain("\\e]0;pwned\\x07\\e[2J\\r\\n::error file=x::fake\\u202eevil");
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/u);
    expect(text.stdout).not.toMatch(/^::/mu);
    const failed = capture();
    const stdin2 = new PassThrough();
    stdin2.end();
    expect(await sqlCommand(["--db", w.db, `SELECT * FROM ${quoteIdent(`no${HOSTILE}`)}`], { stdin: stdin2, ...failed.io })).toBe(1);
    expect(failed.text.stderr).toMatch(/\\(e|u001b)\]0;pwned/u);
    expect(failed.text.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/u);
  });
});

describe("CSV formula guard", () => {
  const exportLabels = async (out: string, extra: string[] = []) => {
    const { text, io } = capture();
    expect(await exportCommand(["--format", "csv", "--db", w.db, "--out", out, ...extra], io), text.stderr).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(out, "observations.csv"), "utf8"), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const byId = new Map(parsed.data.map((r) => [r["obs_id"], r["label"]]));
    return { labels: FORMULAS.map((_, i) => byId.get(`demo:t01/r${i}/2006`)), description: (JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8")) as { description: string }).description };
  };

  test("text that a spreadsheet would run gets a ' in front; numbers, a lone sign and plain text do not; the datapackage says so", async () => {
    const { labels, description } = await exportLabels(join(w.dir, "guarded"));
    expect(labels).toEqual([`'=HYPERLINK("http://x","click")`, "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'\t=1+1", "'\r=1", "-5", "-9,8", "- 5,1", "-", "plain"]);
    expect(description).toContain(FORMULA_GUARD_NOTE);
  });

  test("--no-formula-guard exports the text as stored, and the datapackage says that instead", async () => {
    const { labels, description } = await exportLabels(join(w.dir, "raw"), ["--no-formula-guard"]);
    expect(labels).toEqual(FORMULAS);
    expect(description).toContain("Exported with --no-formula-guard");
    expect(description).not.toContain(FORMULA_GUARD_NOTE);
  });

  test("the SQL guard and the TypeScript one agree on any text", async () => {
    const wh = await Warehouse.open();
    try {
      const texts = fc.sample(fc.oneof(fc.string(), fc.constantFrom(...FORMULAS), fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "- ", "+ "), fc.string()).map(([a, b]) => a + b), fc.double().map(String)), 400);
      await wh.run("CREATE TABLE texts (t VARCHAR)");
      await insertRows(wh, "texts", ["t"], texts.map((t) => ({ t })));
      const rows = await wh.all<{ t: string; g: string }>(`SELECT t, ${formulaGuardSql("t")} AS g FROM texts`);
      expect(rows).toHaveLength(texts.length);
      for (const r of rows) expect(r.g, JSON.stringify(r.t)).toBe(formulaGuard(r.t));
    } finally {
      wh.close();
    }
  });
});
