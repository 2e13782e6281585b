// `--format junit`: a testsuite per check kind, a testcase per check, a <failure> per unwaived finding.
// Waived and corrected findings go to the testcase's <system-out>, so CI shows them without counting them.
import { correctionLines, isOpen, type CheckReport, type Finding } from "../model.ts";
import { valuesText } from "./values.ts";

// XML 1.0 forbids most control characters even when escaped; drop them.
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escape text for element content. */
export const xmlText = (s: string): string =>
  s.replace(INVALID_XML, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Escape text for a double-quoted attribute (line breaks kept as character references). */
export const xmlAttr = (s: string): string =>
  xmlText(s).replaceAll('"', "&quot;").replaceAll("'", "&apos;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;").replaceAll("\t", "&#9;");

const findingBody = (f: Finding): string =>
  [
    `${f.id}: ${f.message}`,
    ...valuesText(f.observations),
    ...(f.explanation !== undefined ? [`explanation: ${f.explanation}`] : []),
    ...(f.waiver !== undefined ? [`waived by ${f.waiver.author} on ${f.waiver.date}: ${f.waiver.reason}`] : []),
    ...correctionLines(f).map((c) => `${f.corrected ? "corrected" : "with the correction"}: ${c}`),
  ].join("\n");

const time = (s: number) => s.toFixed(3);

/** Render a report as JUnit XML. */
export const renderJunit = (report: CheckReport): string => {
  const kinds = [...new Set(report.checks.map((c) => c.kind))].sort();
  const open = report.findings.filter(isOpen);
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="checks" tests="${report.checks.length}" failures="${open.length}" errors="0" skipped="0" time="${time(report.seconds)}">`,
  ];
  // several packages: each suite says how many of its open failures are each package's
  const byPackage = report.summary.packages.length > 1 ? report.summary.packages.map((p) => p.package) : [];
  for (const kind of kinds) {
    const checks = report.checks.filter((c) => c.kind === kind);
    const failures = open.filter((f) => f.kind === kind).length;
    const seconds = checks.reduce((t, c) => t + c.seconds, 0);
    out.push(`  <testsuite name="${xmlAttr(kind)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0" time="${time(seconds)}">`);
    if (byPackage.length > 0) {
      out.push(`    <properties>`);
      for (const p of byPackage) {
        const fs = report.findings.filter((f) => f.kind === kind && f.packages.includes(p));
        out.push(`      <property name="package ${xmlAttr(p)}" value="${fs.filter(isOpen).length} open, ${fs.filter((f) => f.waived && !f.corrected).length} waived, ${fs.filter((f) => f.corrected).length} corrected"/>`);
      }
      out.push(`    </properties>`);
    }
    for (const c of checks) {
      const findings = report.findings.filter((f) => f.check === c.id);
      const attrs = `name="${xmlAttr(c.id)}" classname="checks.${xmlAttr(kind)}" time="${time(c.seconds)}"`;
      if (findings.length === 0) {
        out.push(`    <testcase ${attrs}/>`);
        continue;
      }
      out.push(`    <testcase ${attrs}>`);
      for (const f of findings.filter(isOpen)) {
        out.push(`      <failure message="${xmlAttr(f.message)}" type="${f.severity}">${xmlText(findingBody(f))}</failure>`);
      }
      // acknowledged findings (waived, or resolved by a correction) are shown, not counted
      const acknowledged = findings.filter((x) => !isOpen(x));
      if (acknowledged.length > 0) out.push(`      <system-out>${xmlText(acknowledged.map((f) => `${f.corrected ? "corrected" : "waived"} ${f.severity}: ${findingBody(f)}`).join("\n\n"))}</system-out>`);
      out.push(`    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
};
