// The default report: findings grouped by check, values side by side, a summary line. ANSI colours only
// when asked (the CLI asks on a TTY without NO_COLOR).
import { escapeControls, mapStrings } from "../../pipelines/core/terminalText.ts";
import { correctionLines, isOpen, packageCountsText, registerRows, type CheckReport, type Finding, type WaiverStatus } from "../model.ts";
import type { Severity } from "../types.ts";
import { plural, valuesText } from "./values.ts";

export interface HumanOptions {
  readonly color?: boolean;
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ");

const ansi = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** The summary line: counts of unwaived findings by severity, waived, checks run, waiver problems. */
export const summaryLine = (report: CheckReport): string => {
  const s = report.summary;
  const parts = [
    `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "info")}, ${s.waived} waived, ${s.corrected} corrected`,
    `${plural(s.total, "finding")} from ${plural(s.checks_run, "check")}`,
  ];
  const waivers = [
    ...(s.expired_waivers > 0 ? [plural(s.expired_waivers, "expired waiver")] : []),
    ...(s.unmatched_waivers > 0 ? [plural(s.unmatched_waivers, "unmatched waiver")] : []),
  ];
  return parts.join(" — ") + (waivers.length > 0 ? `; ${waivers.join(", ")}` : "");
};

/** Render a report for people. */
export const renderHuman = (original: CheckReport, options: HumanOptions = {}): string => {
  // Text from packages goes to a terminal: line breaks become spaces (one line per item), other control
  // characters are shown escaped; only this renderer's own colours reach the terminal as codes.
  const report = mapStrings(original, (s) => escapeControls(s.replace(/\s*[\r\n]+\s*/gu, " ")));
  const on = options.color === true;
  const bold = ansi(on, "1");
  const dim = ansi(on, "2");
  const colour: Record<Severity, (s: string) => string> = { error: ansi(on, "31"), warning: ansi(on, "33"), info: ansi(on, "36") };
  const mark: Record<Severity, string> = { error: "✗", warning: "!", info: "i" };
  const out: string[] = [];

  const byCheck = new Map<string, Finding[]>();
  for (const f of report.findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  // Checks with unwaived findings first, in the findings' order (severity, check id); then waived-only ones.
  const order = [...byCheck.keys()].sort((a, b) => {
    const open = (id: string) => (byCheck.get(id)!.some(isOpen) ? 0 : 1);
    return open(a) - open(b);
  });
  for (const id of order) {
    const findings = byCheck.get(id)!;
    const run = report.checks.find((c) => c.id === id);
    out.push(`${bold(id)} ${dim(`(${findings[0]!.kind}, ${findings[0]!.severity})`)}${run !== undefined ? ` ${run.description}` : ""}`);
    for (const f of findings) {
      const head = f.corrected ? dim(`~ corrected ${f.severity}`) : f.waived ? dim(`~ waived ${f.severity}`) : colour[f.severity](`${mark[f.severity]} ${f.severity}`);
      out.push(`  ${head}  ${oneLine(f.message)}  ${dim(f.id)}`);
      for (const line of valuesText(f.observations, 48)) out.push(`      ${line}`);
      if (f.explanation !== undefined) out.push(`      ${bold("explanation:")} ${oneLine(f.explanation)}`);
      if (registerRows(f).length > 0) out.push(dim(`      register: ${registerRows(f).join("; ")}`));
      for (const c of correctionLines(f)) out.push(dim(`      ${f.corrected ? "corrected" : "with the correction"}: ${c}`));
      if (f.waiver !== undefined) {
        out.push(dim(`      waived by ${f.waiver.author} on ${f.waiver.date}${f.waiver.expires !== null ? ` until ${f.waiver.expires}` : ""}: ${f.waiver.reason}`));
      }
    }
    out.push("");
  }
  const passed = report.checks.filter((c) => c.findings === 0).map((c) => c.id);
  if (passed.length > 0) out.push(`${colour.info("passed:")} ${passed.join(", ")}`, "");

  const waiverLine = (w: WaiverStatus, what: string) => `  ${w.file}:${w.line}  ${w.finding_id}  ${what} (${w.author}: ${w.reason})`;
  if (report.waivers.expired.length > 0) {
    out.push(colour.warning("expired waivers (they no longer waive; renew or remove them):"));
    for (const w of report.waivers.expired) out.push(waiverLine(w, `expired ${w.expires}${w.matched ? "" : ", matches no finding"}`));
    out.push("");
  }
  if (report.waivers.unmatched.length > 0) {
    out.push(colour.warning("unmatched waivers (no finding has this id; remove them):"));
    for (const w of report.waivers.unmatched) out.push(waiverLine(w, "matches no finding"));
    out.push("");
  }
  // several packages: the summary of each, then the whole
  if (report.summary.packages.length > 1) {
    for (const p of report.summary.packages) out.push(`${p.package}: ${packageCountsText(p)}`);
  }
  const line = summaryLine(report);
  out.push(report.summary.errors > 0 ? colour.error(bold(line)) : report.summary.warnings > 0 ? colour.warning(line) : line);
  return out.join("\n") + "\n";
};
