// `--format junit`: a <testsuite> per check, a <testcase> per finding (a <failure> when open, <skipped>
// with the waiver's reason when waived, or with the correction's justification when a correction of a
// misprint resolves it) and one passing <testcase> for a check without findings.
// Per finding rather than per check: a check can have open and waived findings at once, which one
// testcase cannot show, and a finding's id is stable across runs, so CI histories follow each finding.
// Valid against Jenkins' junit-10.xsd (test/fixtures/junit-10.xsd): one outcome element per testcase,
// no `skipped` attribute on <testsuites>, and counts that add up (failures + skipped <= tests).
import { correctionLines, isOpen, type CheckReport, type CheckRun, type Finding } from "../model.ts";
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

// junit-10.xsd's SUREFIRE_TIME: digits and a decimal point
const time = (s: number) => Math.max(0, s).toFixed(3);

const testcase = (c: CheckRun, f: Finding): string[] => {
  const attrs = `name="${xmlAttr(f.id)}" classname="checks.${xmlAttr(c.kind)}.${xmlAttr(c.id)}"`;
  if (f.corrected) {
    const reason = `corrected: ${(f.corrections ?? []).map((c) => c.justification).join(" / ") || "resolved by the corrections"}`;
    return [`    <testcase ${attrs}>`, `      <skipped message="${xmlAttr(reason)}" type="corrected-${f.severity}">${xmlText(findingBody(f))}</skipped>`, `    </testcase>`];
  }
  if (f.waived) {
    const reason = f.waiver !== undefined ? `waived by ${f.waiver.author} on ${f.waiver.date}: ${f.waiver.reason}` : "waived";
    return [`    <testcase ${attrs}>`, `      <skipped message="${xmlAttr(reason)}" type="waived-${f.severity}">${xmlText(findingBody(f))}</skipped>`, `    </testcase>`];
  }
  return [`    <testcase ${attrs}>`, `      <failure message="${xmlAttr(f.message)}" type="${f.severity}">${xmlText(findingBody(f))}</failure>`, `    </testcase>`];
};

/** Render a report as JUnit XML. */
export const renderJunit = (report: CheckReport): string => {
  const suites = report.checks.map((c) => {
    const findings = report.findings.filter((f) => f.check === c.id);
    const failures = findings.filter(isOpen).length;
    return { c, findings, tests: Math.max(1, findings.length), failures, skipped: findings.length - failures };
  });
  const sum = (k: "tests" | "failures") => suites.reduce((n, s) => n + s[k], 0);
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="checks" tests="${sum("tests")}" failures="${sum("failures")}" errors="0" time="${time(report.seconds)}">`,
  ];
  // several packages: each suite says how many of its findings are each package's
  const packages = report.summary.packages.length > 1 ? report.summary.packages.map((p) => p.package) : [];
  for (const { c, findings, tests, failures, skipped } of suites) {
    out.push(`  <testsuite name="${xmlAttr(c.id)}" package="checks.${xmlAttr(c.kind)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(c.seconds)}">`);
    const byPackage = packages.map((p) => {
      const fs = findings.filter((f) => f.packages.includes(p));
      return `      <property name="package ${xmlAttr(p)}" value="${fs.filter(isOpen).length} open, ${fs.filter((f) => f.waived && !f.corrected).length} waived, ${fs.filter((f) => f.corrected).length} corrected"/>`;
    });
    out.push(`    <properties>`, `      <property name="kind" value="${xmlAttr(c.kind)}"/>`, `      <property name="severity" value="${c.severity}"/>`, `      <property name="description" value="${xmlAttr(c.description)}"/>`, ...byPackage, `    </properties>`);
    if (findings.length === 0) out.push(`    <testcase name="${xmlAttr(c.id)}" classname="checks.${xmlAttr(c.kind)}.${xmlAttr(c.id)}" time="${time(c.seconds)}"/>`);
    for (const f of findings) out.push(...testcase(c, f));
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
};
