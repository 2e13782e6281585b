// The JUnit report: its structure and counts on the sample report, and the report of the Azerbaijan
// package and of a package with hostile labels valid against Jenkins' junit-10.xsd (xmllint-wasm).
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { CheckReport } from "../checks/model.ts";
import { renderJunit, xmlAttr, xmlText } from "../checks/findings/junit.ts";
import { HOSTILE } from "./helpers/hostilePackage.ts";
import { sampleReport } from "./helpers/sampleReport.ts";
import { projectRoot } from "./helpers/workspace.ts";
import { validateAgainst } from "./helpers/xmlSchema.ts";
import { useCheckedWarehouses } from "./helpers/checkedWarehouses.ts";

const JENKINS_XSD = join(projectRoot, "test", "fixtures", "junit-10.xsd");

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const unescape = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

/**
 * A small well-formedness check and parser for the subset of XML the report uses (declaration, elements,
 * attributes, text; no comments, CDATA or DTD). Throws on anything malformed.
 */
const parseXml = (xml: string): XmlElement => {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  if (!decl.test(xml)) throw new Error("missing XML declaration");
  let rest = xml.replace(decl, "");
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const checkText = (t: string) => {
    if (/&(?!(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);)/.test(t)) throw new Error(`bare & in ${JSON.stringify(t)}`);
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(t)) throw new Error("control character");
  };
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    const text = lt < 0 ? rest : rest.slice(0, lt);
    checkText(text);
    if (text.trim() !== "") {
      if (stack.length === 0) throw new Error("text outside the root");
      stack[stack.length - 1]!.text += unescape(text);
    }
    if (lt < 0) break;
    rest = rest.slice(lt);
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
    if (close) {
      const open = stack.pop();
      if (open?.name !== close[1]) throw new Error(`</${close[1]}> closes <${open?.name}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const tag = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!tag) throw new Error(`malformed tag at ${JSON.stringify(rest.slice(0, 40))}`);
    const attrs: Record<string, string> = {};
    for (const m of tag[2]!.matchAll(/([A-Za-z_][\w.-]*)="([^"<]*)"/g)) {
      checkText(m[2]!);
      if (m[1]! in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]!] = unescape(m[2]!);
    }
    const el: XmlElement = { name: tag[1]!, attrs, children: [], text: "" };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else if (root === undefined) root = el;
    else throw new Error("two root elements");
    if (tag[3] !== "/") stack.push(el);
    rest = rest.slice(tag[0].length);
  }
  if (stack.length > 0 || root === undefined) throw new Error("unclosed elements");
  return root;
};

const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

/** The counts a JUnit file declares agree with its elements, at every level. */
const expectCountsAddUp = (root: XmlElement, report: CheckReport) => {
  const suites = root.children;
  for (const s of suites) {
    const cases = s.children.filter((c) => c.name === "testcase");
    expect(Number(s.attrs.tests), s.attrs.name).toBe(cases.length);
    expect(Number(s.attrs.failures), s.attrs.name).toBe(cases.filter((c) => c.children.some((x) => x.name === "failure")).length);
    expect(Number(s.attrs.skipped), s.attrs.name).toBe(cases.filter((c) => c.children.some((x) => x.name === "skipped")).length);
    expect(Number(s.attrs.failures) + Number(s.attrs.skipped)).toBeLessThanOrEqual(Number(s.attrs.tests));
    // one outcome per testcase
    for (const c of cases) expect(c.children.filter((x) => ["failure", "skipped", "error"].includes(x.name)).length).toBeLessThanOrEqual(1);
  }
  expect(Number(root.attrs.tests)).toBe(all(root, "testcase").length);
  expect(Number(root.attrs.failures)).toBe(all(root, "failure").length);
  expect(Number(root.attrs.failures)).toBeLessThanOrEqual(Number(root.attrs.tests));
  expect(all(root, "failure").length).toBe(report.findings.filter((f) => !f.waived && !f.corrected).length);
  expect(all(root, "skipped").length).toBe(report.findings.filter((f) => f.waived || f.corrected).length);
  expect(suites.map((s) => s.attrs.name)).toEqual(report.checks.map((c) => c.id));
};

describe("junit report", () => {
  const xml = renderJunit(sampleReport);
  const root = parseXml(xml);

  test("a testsuite per check, a testcase per finding, one passing testcase for a check without findings", () => {
    expect(root.name).toBe("testsuites");
    expect(root.attrs).toEqual({ name: "checks", tests: "6", failures: "2", errors: "0", time: "0.500" });
    expect(root.children.map((s) => [s.attrs.name, s.attrs.package, s.attrs.tests, s.attrs.failures, s.attrs.skipped])).toEqual([
      ["total-adds-up", "checks.sum-equals", "1", "1", "0"],
      ["shares-in-range", "checks.fixed", "3", "1", "2"],
      ["periods-consistent", "checks.fixed", "1", "0", "0"],
      ["no-<xml>&-trouble", "checks.sum-equals", "1", "0", "0"],
    ]);
    expect(root.children.map((s) => s.children.filter((c) => c.name === "testcase").map((c) => [c.attrs.name, c.attrs.classname, c.children.map((x) => x.name).join()]))).toEqual([
      [["sum-equals-0123456789ab", "checks.sum-equals.total-adds-up", "failure"]],
      [["fixed-aaaaaaaaaaaa", "checks.fixed.shares-in-range", "skipped"], ["fixed-bbbbbbbbbbbb", "checks.fixed.shares-in-range", "failure"], ["fixed-dddddddddddd", "checks.fixed.shares-in-range", "skipped"]],
      [["periods-consistent", "checks.fixed.periods-consistent", ""]],
      [["no-<xml>&-trouble", "checks.sum-equals.no-<xml>&-trouble", ""]],
    ]);
    expectCountsAddUp(root, sampleReport);
  });

  test("a <failure> per unwaived finding: message attribute as is, values side by side in the body", () => {
    const failure = root.children[0]!.children[1]!.children[0]!;
    expect(failure.name).toBe("failure");
    expect(failure.attrs).toEqual({ message: 'Total 100 <> 60 + 30: 10% "off", see\nline 2 & 3 | here', type: "error" });
    expect(failure.text.split("\n")).toEqual([
      'sum-equals-0123456789ab: Total 100 <> 60 + 30: 10% "off", see',
      "line 2 & 3 | here",
      "label                       value  unit              period  source                             where",
      "Total | 2006                  100  thousand persons  2006    State Statistical Committee, 2007  sources/demo/t01.csv:2",
      "Russia | 2006  60 (corrected: 70)  thousand persons  2006    State Statistical Committee, 2007  sources/demo/t01.csv:3",
      "explanation: Georgia, 2006 is printed as 30 but 40 would close the gap",
    ]);
  });

  test("a finding a correction resolves is <skipped> with the correction's justification, not a failure", () => {
    const skipped = root.children[1]!.children[3]!.children[0]!;
    expect(skipped.name).toBe("skipped");
    expect(skipped.attrs).toEqual({ message: "corrected: the dash is typographic", type: "corrected-error" });
    expect(skipped.text).toContain("corrected: demo:s-3 printed -16.2%, corrected to 16.2 by C. Editor on 2025-02-01 (sources/demo/corrections.csv:2): the dash is typographic");
  });

  test("a waived finding is <skipped> with the waiver's reason, not a failure", () => {
    const skipped = root.children[1]!.children[1]!.children[0]!;
    expect(skipped.name).toBe("skipped");
    expect(skipped.attrs).toEqual({ message: "waived by A. Reviewer on 2025-01-10: rounded in print", type: "waived-warning" });
    expect(skipped.text).toContain("fixed-aaaaaaaaaaaa: share over 100");
  });

  test("the check's kind, severity and description as properties", () => {
    expect(root.children[0]!.children[0]!.children.map((p) => [p.attrs.name, p.attrs.value])).toEqual([
      ["kind", "sum-equals"],
      ["severity", "error"],
      ["description", "Totals equal the sum of their parts"],
    ]);
  });

  test("escaping", () => {
    expect(xmlText("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(xmlAttr(`"it's"\n\t<&>`)).toBe("&quot;it&apos;s&quot;&#10;&#9;&lt;&amp;&gt;");
    // characters XML cannot hold are dropped
    expect(xmlText("bell\u0007 nul\u0000 ok")).toBe("bell nul ok");
    const nasty = { ...sampleReport, findings: [{ ...sampleReport.findings[0]!, message: "]]> \u0001 </failure><x>" }] };
    expect(parseXml(renderJunit(nasty)).children[0]!.children[1]!.children[0]!.attrs.message).toBe("]]>  </failure><x>");
  });

  test("the parser used here rejects malformed XML", () => {
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a></b>')).toThrow();
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 & 2"/>')).toThrow();
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a>x < y</a>')).toThrow();
  });
});

describe("valid against Jenkins' junit-10.xsd (xmllint-wasm)", () => {
  const w = useCheckedWarehouses();

  test("the validator rejects what the schema forbids (a skipped count on <testsuites>, a testcase without a name)", async () => {
    const bad = renderJunit(sampleReport).replace('<testsuites name="checks"', '<testsuites name="checks" skipped="1"');
    expect((await validateAgainst(bad, JENKINS_XSD)).valid).toBe(false);
    const noName = renderJunit(sampleReport).replace('<testcase name="periods-consistent"', "<testcase");
    expect((await validateAgainst(noName, JENKINS_XSD)).errors.join()).toMatch(/name/);
  });

  test("the sample report", async () => {
    expect(await validateAgainst(renderJunit(sampleReport), JENKINS_XSD)).toEqual({ valid: true, errors: [] });
  });

  test("the Azerbaijan package's report: valid, counts add up, waived findings skipped", async () => {
    const xml = renderJunit(w.real.report);
    expect(await validateAgainst(xml, JENKINS_XSD)).toEqual({ valid: true, errors: [] });
    const root = parseXml(xml);
    expectCountsAddUp(root, w.real.report);
    expect(all(root, "skipped").length).toBeGreaterThan(0);
  });

  test("the hostile package's report: valid, labels and the waiver's reason read back intact", async () => {
    const xml = renderJunit(w.hostile.report);
    expect(await validateAgainst(xml, JENKINS_XSD)).toEqual({ valid: true, errors: [] });
    const root = parseXml(xml);
    expectCountsAddUp(root, w.hostile.report);
    const skipped = all(root, "skipped");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.attrs.message).toBe(`waived by Ä. Reviewer, "QA" on 2025-12-01: ${HOSTILE.reason}`);
    const failures = all(root, "failure");
    // in check order, as the suites are
    const open = w.hostile.report.checks.flatMap((c) => w.hostile.report.findings.filter((f) => f.check === c.id && !f.waived));
    expect(failures.map((f) => f.attrs.message)).toEqual(open.map((f) => f.message));
    expect(failures.some((f) => f.text.includes(HOSTILE.women))).toBe(true);
  });
});
