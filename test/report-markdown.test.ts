import { describe, expect, test } from "vitest";
import { mdCell, renderMarkdown } from "../checks/findings/markdown.ts";
import { sampleReport } from "./helpers/sampleReport.ts";

const md = renderMarkdown(sampleReport);
const lines = md.split("\n");

/** The rows of the Markdown table whose header line is `header`. */
const tableAfter = (header: string): string[] => {
  const start = lines.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith("|"); i++) rows.push(lines[i]!);
  return rows;
};

describe("markdown report", () => {
  test("a summary table of counts", () => {
    expect(tableAfter("|  | Count |")).toEqual([
      "|  | Count |",
      "|---|---:|",
      "| Errors | 1 |",
      "| Warnings | 0 |",
      "| Infos | 1 |",
      "| Waived | 1 |",
      "| Corrected | 1 |",
      "| Findings | 4 |",
      "| Checks run | 4 |",
      "| Expired waivers | 1 |",
      "| Unmatched waivers | 1 |",
    ]);
  });

  test("a table of the checks run with open, waived and corrected findings", () => {
    expect(tableAfter("| Check | Kind | Severity | Findings | Waived | Corrected |")).toEqual([
      "| Check | Kind | Severity | Findings | Waived | Corrected |",
      "|---|---|---|---:|---:|---:|",
      "| total-adds-up | sum-equals | error | 1 | 0 | 0 |",
      "| shares-in-range | fixed | warning | 1 | 1 | 1 |",
      "| periods-consistent | fixed | warning | 0 | 0 | 0 |",
      "| no-&lt;xml>&-trouble | sum-equals | error | 0 | 0 | 0 |",
    ]);
    expect(md).toContain("### corrected error: share below 0\n\n`fixed-dddddddddddd`\n\n**Corrected:** demo:s-3 printed -16.2%, corrected to 16.2 by C. Editor on 2025-02-01 (sources/demo/corrections.csv:2): the dash is typographic\n");
  });

  test("a section per check and a values table per finding, cells escaped", () => {
    expect(lines.filter((l) => l.startsWith("## "))).toEqual([
      "## `total-adds-up`",
      "## `shares-in-range`",
      "## `periods-consistent`",
      "## `no-<xml>&-trouble`",
      "## Waivers to review",
    ]);
    const at = lines.indexOf("`sum-equals-0123456789ab`");
    expect(lines[at - 2]).toBe('### ❌ error: Total 100 &lt;> 60 + 30: 10% "off", see line 2 & 3 \\| here');
    expect(lines.slice(at + 2, at + 6)).toEqual([
      "| Label | Value | Unit | Period | Source | Where |",
      "|---|---:|---|---|---|---|",
      "| Total \\| 2006 | 100 | thousand persons | 2006 | State Statistical Committee, 2007 | sources/demo/t01.csv:2 |",
      "| Russia \\| 2006 | 60 (corrected: 70) | thousand persons | 2006 | State Statistical Committee, 2007 | sources/demo/t01.csv:3 |",
    ]);
    expect(lines[at + 7]).toBe("**Explanation:** Georgia, 2006 is printed as 30 but 40 would close the gap");
    expect(md).toContain("### waived warning: share over 100\n\n`fixed-aaaaaaaaaaaa` — waived by A. Reviewer on 2025-01-10: rounded in print\n");
    expect(md).toContain("## `periods-consistent`\n\nPeriods agree (kind `fixed`, severity warning)\n\nPassed.\n");
  });

  test("waivers to review", () => {
    expect(tableAfter("| Finding | Problem | Where | Author | Reason |").slice(2)).toEqual([
      "| sum-equals-0123456789ab | expired 2024-12-31 | checks/waivers.csv:3 | B. Reviewer | known |",
      "| fixed-cccccccccccc | matches no finding | checks/waivers.csv:4 | B. Reviewer | stale |",
    ]);
  });

  test("cell escaping", () => {
    expect(mdCell("a|b\nc\\d <x> &amp; & y")).toBe("a\\|b<br>c\\\\d &lt;x> &amp;amp; & y");
  });
});
