// `--format github`: workflow commands that annotate the source CSV lines in a pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { escapeControls } from "../../pipelines/core/terminalText.ts";
import { isOpen, packageCountsText, type CheckReport } from "../model.ts";
import type { Severity } from "../types.ts";

/**
 * Escape a command's message: % and line breaks as the runner decodes them, and every other control
 * character written out (a label's escape sequence is shown in the log, never obeyed by a terminal).
 */
export const escapeData = (s: string): string => escapeControls(s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A"));

/** Escape a command property value: as data, plus ':' and ','. */
export const escapeProperty = (s: string): string => escapeData(s).replaceAll(":", "%3A").replaceAll(",", "%2C");

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/**
 * One annotation per open finding, at its first observation's file and line; a finding a correction
 * resolves is a notice of its own (titled "corrected"), with the correction's justification.
 */
export const renderGithub = (report: CheckReport): string => {
  const lines = report.findings
    .filter((f) => isOpen(f) || f.corrected)
    .map((f) => {
      const first = f.observations[0];
      const props = [
        ...(first !== undefined ? [`file=${escapeProperty(first.file)}`, `line=${first.line}`] : []),
        `title=${escapeProperty(`${f.check} (${f.id})${f.corrected ? " corrected" : ""}`)}`,
      ];
      const why = f.corrected ? ` [corrected: ${(f.corrections ?? []).map((c) => c.justification).join(" / ") || "resolved by the corrections"}]` : "";
      return `::${f.corrected ? "notice" : COMMAND[f.severity]} ${props.join(",")}::${escapeData(f.message + why)}`;
    });
  // several packages: a notice with each package's summary
  if (report.summary.packages.length > 1) {
    for (const p of report.summary.packages) lines.push(`::notice title=${escapeProperty(`checks of ${p.package}`)}::${escapeData(packageCountsText(p))}`);
  }
  return lines.map((l) => l + "\n").join("");
};
