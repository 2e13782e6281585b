import { describe, expect, test } from "vitest";
import { escapeData, escapeProperty, renderGithub } from "../checks/findings/github.ts";
import { renderMarkdown } from "../checks/findings/markdown.ts";
import { sampleReport } from "./helpers/sampleReport.ts";

describe("github report", () => {
  test("one workflow command per open finding and a notice per corrected one, at its first observation, escaped", () => {
    expect(renderGithub(sampleReport)).toBe(
      "::error file=sources/demo/t01.csv,line=2,title=total-adds-up (sum-equals-0123456789ab)::Total 100 <> 60 + 30: 10%25 \"off\", see%0Aline 2 & 3 | here\n" +
        "::notice file=sources/demo/statements.csv,line=8,title=shares-in-range (fixed-bbbbbbbbbbbb)::no source cited\n" +
        // a finding a correction resolves: a notice of its own, with the justification
        "::notice file=sources/demo/statements.csv,line=9,title=shares-in-range (fixed-dddddddddddd) corrected::share below 0 [corrected: the dash is typographic]\n",
    );
  });

  test("escaping follows GitHub's rules: % \\r \\n in data; also : and , in properties", () => {
    expect(escapeData("50% a,b:c\r\nd")).toBe("50%25 a,b:c%0D%0Ad");
    expect(escapeProperty("50% a,b:c\r\nd")).toBe("50%25 a%2Cb%3Ac%0D%0Ad");
    // % first, so an escape is not escaped twice
    expect(escapeProperty("%3A")).toBe("%253A");
  });

  test("warnings are ::warning, a finding without observations has no file", () => {
    const report = {
      ...sampleReport,
      findings: [{ ...sampleReport.findings[1]!, waived: false, check: "a,b", observations: [] }],
    };
    expect(renderGithub(report)).toBe("::warning title=a%2Cb (fixed-aaaaaaaaaaaa)::share over 100\n");
  });

  test("a label's control characters are written out, never printed raw (only the line break between commands is)", () => {
    const hostile = "Rus\u0001\u0000sia\u001b[2J\u202e";
    const report = { ...sampleReport, findings: [{ ...sampleReport.findings[0]!, message: `total of ${hostile}` }] };
    const out = renderGithub(report);
    expect(out.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(out).toContain("total of Rus\\x01\\x00sia\\e[2J\\u202e");
    // the Markdown summary too (line breaks are its own)
    const md = renderMarkdown(report);
    expect(md.replaceAll("\n", "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(md).toContain("total of Rus\\\\x01\\\\x00sia\\\\e\\[2J\\\\u202e");
  });

  test("nothing to annotate: empty output", () => {
    expect(renderGithub({ ...sampleReport, findings: [] })).toBe("");
  });
});
