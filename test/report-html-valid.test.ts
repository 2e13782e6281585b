// The HTML report valid under html-validate's recommended preset, on the Azerbaijan package and on a
// package with hostile labels; the <title> kept within the preset's 70 characters.
import { HtmlValidate } from "html-validate";
import { describe, expect, test } from "vitest";
import { buildReport } from "../pipelines/report/buildReport.ts";
import { MAX_TITLE, pageTitle } from "../pipelines/report/html.ts";
import { esc } from "../pipelines/report/text.ts";
import { useCheckedWarehouses } from "./helpers/checkedWarehouses.ts";

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
const problems = async (html: string): Promise<string[]> =>
  (await validator.validateString(html)).results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));

const w = useCheckedWarehouses();

describe("html-validate, recommended preset", () => {
  test("the validator rejects a title over 70 characters", async () => {
    expect(await problems(`<!DOCTYPE html><html lang="en"><head><title>${"x".repeat(71)}</title></head><body></body></html>`)).toEqual([
      expect.stringMatching(/^long-title /u),
    ]);
  });

  test("the Azerbaijan package's report", async () => {
    expect(await problems((await buildReport(w.real.db, w.real.report)).html)).toEqual([]);
  }, 60_000);

  test("the hostile package's report", async () => {
    const html = (await buildReport(w.hostile.db, w.hostile.report)).html;
    expect(await problems(html)).toEqual([]);
    expect(html).toContain(esc(w.hostile.report.findings[1]!.message));
  }, 60_000);
});

describe("the page title", () => {
  test("the publication first, cut with an ellipsis to fit", () => {
    expect(pageTitle("Short profile")).toBe("Short profile – consistency report");
    const long = pageTitle("Migration in the Republic of Azerbaijan: A Country Profile 2008");
    expect(long).toBe("Migration in the Republic of Azerbaijan: A Count… – consistency report");
    expect([...long]).toHaveLength(MAX_TITLE);
  });

  test("the escaped text fits, whatever the characters (entities, astral letters)", () => {
    for (const t of ["&".repeat(100), "<b>".repeat(40), "𝔄".repeat(80), "a\n\nb  c"]) {
      const title = pageTitle(t);
      expect(esc(title).length, t).toBeLessThanOrEqual(MAX_TITLE);
      expect(title.endsWith(" – consistency report")).toBe(true);
    }
    expect(pageTitle("a\n\nb  c")).toBe("a b c – consistency report");
  });
});
