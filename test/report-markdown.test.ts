// The Markdown report: its layout on the sample report, and every cell and heading rendered by an
// independent CommonMark + GFM-tables renderer (markdown-it, raw HTML on as on GitHub) back to exactly the
// text it escapes, on the sample, the Azerbaijan and the hostile reports.
import MarkdownIt from "markdown-it";
import { describe, expect, test } from "vitest";
import type { CheckReport } from "../checks/model.ts";
import { mdCell, renderMarkdown } from "../checks/findings/markdown.ts";
import { observationCells, VALUE_COLUMNS } from "../checks/findings/values.ts";
import { HOSTILE } from "./helpers/hostilePackage.ts";
import { sampleReport } from "./helpers/sampleReport.ts";
import { useCheckedWarehouses } from "./helpers/checkedWarehouses.ts";

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
      "| no-\\<xml\\>\\&-trouble | sum-equals | error | 0 | 0 | 0 |",
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
    expect(lines[at - 2]).toBe('### ❌ error: Total 100 \\<\\> 60 + 30: 10% "off", see line 2 \\& 3 \\| here');
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
    expect(mdCell("a|b\nc\\d <x> &amp; & y *z* _w_ `v` [l](u) ~~s~~ $m$")).toBe(
      "a\\|b<br>c\\\\d \\<x\\> \\&amp; \\& y \\*z\\* \\_w\\_ \\`v\\` \\[l\\](u) \\~\\~s\\~\\~ \\$m\\$",
    );
  });
});

// markdown-it with GitHub's settings that matter here: raw HTML allowed (for <br>), GFM tables and strikethrough.
const markdownIt = new MarkdownIt({ html: true });
type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

/** The text an inline token renders to; any markup it opened shows as «type», so a comparison fails. */
const inlineText = (t: Token): string =>
  (t.children ?? [])
    .map((c) =>
      c.type === "text" ? c.content
      : c.type === "softbreak" || (c.type === "html_inline" && c.content === "<br>") ? "\n"
      : c.type === "code_inline" ? `«code:${c.content}»`
      : `«${c.type}»`,
    )
    .join("");

/** Cells and headings of a rendered Markdown text. */
const rendered = (md: string): { tables: string[][][]; headings: string[] } => {
  const tables: string[][][] = [];
  const headings: string[] = [];
  let inTable = false;
  let heading = false;
  for (const t of markdownIt.parse(md, {})) {
    if (t.type === "table_open") (inTable = true), tables.push([]);
    else if (t.type === "table_close") inTable = false;
    else if (t.type === "tr_open") tables.at(-1)!.push([]);
    else if (t.type === "heading_open") heading = true;
    else if (t.type === "heading_close") heading = false;
    else if (t.type === "inline" && inTable) tables.at(-1)!.at(-1)!.push(inlineText(t));
    else if (t.type === "inline" && heading) headings.push(inlineText(t));
  }
  return { tables, headings };
};

/** What each findings' values table must render to: its cells as the report holds them (trimmed as Markdown trims). */
const expectedValueTables = (report: CheckReport): string[][][] =>
  report.checks.flatMap((c) =>
    report.findings
      .filter((f) => f.check === c.id)
      .map((f) => [VALUE_COLUMNS.map((k) => k[0]!.toUpperCase() + k.slice(1)), ...f.observations.map((o) => VALUE_COLUMNS.map((k) => observationCells(o)[k].trim()))]),
  );

const expectRendersIntact = (report: CheckReport) => {
  const { tables, headings } = rendered(renderMarkdown(report));
  // the summary, the checks, a values table per finding, then the waivers to review
  const checks = tables[1]!;
  expect(checks.slice(1)).toEqual(
    report.checks.map((c) => {
      const fs = report.findings.filter((f) => f.check === c.id);
      return [c.id, c.kind, c.severity, String(fs.filter((f) => !f.waived && !f.corrected).length), String(fs.filter((f) => f.waived && !f.corrected).length), String(fs.filter((f) => f.corrected).length)];
    }),
  );
  expect(tables.slice(2, 2 + report.findings.length)).toEqual(expectedValueTables(report));
  const waivers = [...report.waivers.expired, ...report.waivers.unmatched];
  if (waivers.length > 0) expect(tables.at(-1)!.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual(waivers.map((w) => [w.finding_id, w.author, w.reason.trim()]));
  const findingHeadings = headings.filter((h) => !h.startsWith("«code:") && h !== "Consistency checks" && h !== "Waivers to review");
  expect(findingHeadings).toEqual(
    report.checks.flatMap((c) =>
      report.findings.filter((f) => f.check === c.id).map((f) => `${f.corrected ? "corrected" : f.waived ? "waived" : { error: "❌", warning: "⚠️", info: "ℹ️" }[f.severity]} ${f.severity}: ${f.message.replaceAll(/\r?\n/g, " ").trim()}`),
    ),
  );
};

describe("markdown-it renders every cell and heading back to its text", () => {
  const w = useCheckedWarehouses();

  test("the comparison sees markup: an unescaped cell renders as emphasis, code or a link", () => {
    const { tables } = rendered("| a | b |\n|---|---|\n| *x* | [l](u) `c` |\n");
    expect(tables[0]![1]).toEqual(["«em_open»x«em_close»", "«link_open»l«link_close» «code:c»"]);
  });

  test("the sample report", () => expectRendersIntact(sampleReport));
  test("the Azerbaijan package's report", () => expectRendersIntact(w.real.report));
  test("the hostile package's report, its labels in the cells", () => {
    expectRendersIntact(w.hostile.report);
    const cells = rendered(renderMarkdown(w.hostile.report)).tables.flat(2);
    for (const label of [HOSTILE.total, HOSTILE.men, HOSTILE.women, HOSTILE.source, HOSTILE.other]) expect(cells.some((c) => c.includes(label)), label).toBe(true);
  });
});
