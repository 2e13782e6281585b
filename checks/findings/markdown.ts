// `--format markdown`: a summary table, then a section per check with a values table per finding
// (for a CI job summary or a pull-request comment).
import { escapeControls, mapStrings } from "../../pipelines/core/terminalText.ts";
import { correctionLines, isOpen, registerRows, type CheckReport, type Finding } from "../model.ts";
import type { Severity } from "../types.ts";
import { observationCells, VALUE_COLUMNS } from "./values.ts";

// Characters that open inline markup in CommonMark and GitHub-flavoured Markdown (emphasis, code, links,
// raw HTML and entities, strikethrough, math) and the table's pipe; each is backslash-escaped, which both
// render as the character itself.
const MARKUP = /[\\`*_[\]<>&|~$!]/g;

/** Escape a table cell: markup characters, pipes, and line breaks as <br> (GitHub renders the tag). */
export const mdCell = (s: string): string => s.replace(MARKUP, "\\$&").replaceAll(/\r?\n/g, "<br>");

/**
 * Escape inline text outside tables: line breaks become spaces (a heading is one line), and what would
 * open a block at the start of a paragraph (#, -, +, =, "1.") is escaped too.
 */
const mdText = (s: string): string =>
  s.replace(MARKUP, "\\$&").replaceAll(/\r?\n/g, " ").replace(/^(\s*)([#+=-])/u, "$1\\$2").replace(/^(\s*\d+)([.)])/u, "$1\\$2");

const table = (header: ReadonlyArray<string>, align: ReadonlyArray<"l" | "r">, rows: ReadonlyArray<ReadonlyArray<string>>): string[] => [
  `| ${header.join(" | ")} |`,
  `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`,
  ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
];

const ICON: Record<Severity, string> = { error: "❌", warning: "⚠️", info: "ℹ️" };

const findingLines = (f: Finding): string[] => [
  `### ${f.corrected ? "corrected" : f.waived ? "waived" : ICON[f.severity]} ${f.severity}: ${mdText(f.message)}`,
  "",
  `\`${f.id}\`${f.waiver !== undefined ? ` — waived by ${mdText(f.waiver.author)} on ${f.waiver.date}: ${mdText(f.waiver.reason)}` : ""}`,
  ...correctionLines(f).flatMap((c) => ["", `**${f.corrected ? "Corrected" : "With the correction"}:** ${mdText(c)}`]),
  "",
  ...table(
    VALUE_COLUMNS.map((c) => c[0]!.toUpperCase() + c.slice(1)),
    ["l", "r", "l", "l", "l", "l"],
    f.observations.map((o) => {
      const c = observationCells(o);
      return VALUE_COLUMNS.map((k) => c[k]);
    }),
  ),
  ...(f.explanation !== undefined ? ["", `**Explanation:** ${mdText(f.explanation)}`] : []),
  ...(registerRows(f).length > 0 ? ["", `**Register of estimates:** ${mdText(registerRows(f).join("; "))}`] : []),
  "",
];

/** Render a report as GitHub-flavoured Markdown. */
export const renderMarkdown = (original: CheckReport): string => {
  // (read in a terminal or a CI log as often as rendered: control characters from packages are written
  // out, line breaks kept for the cells' <br>)
  const report = mapStrings(original, (t) => escapeControls(t.replaceAll("\r\n", "\n"), true));
  const s = report.summary;
  const out: string[] = [
    "# Consistency checks",
    "",
    ...table(["", "Count"], ["l", "r"], [
      ["Errors", String(s.errors)],
      ["Warnings", String(s.warnings)],
      ["Infos", String(s.infos)],
      ["Waived", String(s.waived)],
      ["Corrected", String(s.corrected)],
      ["Findings", String(s.total)],
      ["Checks run", String(s.checks_run)],
      ["Expired waivers", String(s.expired_waivers)],
      ["Unmatched waivers", String(s.unmatched_waivers)],
    ]),
    "",
    ...(s.packages.length > 1
      ? [...table(["Package", "Errors", "Warnings", "Infos", "Waived", "Corrected", "Findings"], ["l", "r", "r", "r", "r", "r", "r"],
          s.packages.map((p) => [p.package, ...[p.errors, p.warnings, p.infos, p.waived, p.corrected, p.total].map(String)])), ""]
      : []),
    ...table(["Check", "Kind", "Severity", "Findings", "Waived", "Corrected"], ["l", "l", "l", "r", "r", "r"],
      report.checks.map((c) => {
        const fs = report.findings.filter((f) => f.check === c.id);
        return [c.id, c.kind, c.severity, String(fs.filter(isOpen).length), String(fs.filter((f) => f.waived && !f.corrected).length), String(fs.filter((f) => f.corrected).length)];
      })),
    "",
  ];
  for (const c of report.checks) {
    const findings = report.findings.filter((f) => f.check === c.id);
    out.push(`## \`${c.id}\``, "", `${mdText(c.description)} (kind \`${c.kind}\`, severity ${c.severity})`, "");
    if (findings.length === 0) out.push("Passed.", "");
    for (const f of findings) out.push(...findingLines(f));
  }
  const waivers = [
    ...report.waivers.expired.map((w) => [w.finding_id, `expired ${w.expires}${w.matched ? "" : ", matches no finding"}`, `${w.file}:${w.line}`, w.author, w.reason]),
    ...report.waivers.unmatched.map((w) => [w.finding_id, "matches no finding", `${w.file}:${w.line}`, w.author, w.reason]),
  ];
  if (waivers.length > 0) {
    out.push("## Waivers to review", "", ...table(["Finding", "Problem", "Where", "Author", "Reason"], ["l", "l", "l", "l", "l"], waivers), "");
  }
  return out.join("\n");
};
