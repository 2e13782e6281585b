import { describe, expect, test } from "vitest";
import { renderJunit, xmlAttr, xmlText } from "../checks/findings/junit.ts";
import { sampleReport } from "./helpers/sampleReport.ts";

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

describe("junit report", () => {
  const xml = renderJunit(sampleReport);
  const root = parseXml(xml);

  test("is well-formed: a testsuite per kind, a testcase per check", () => {
    expect(root.name).toBe("testsuites");
    expect(root.attrs).toMatchObject({ tests: "4", failures: "2", errors: "0" });
    expect(root.children.map((s) => [s.name, s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ["testsuite", "fixed", "2", "1"],
      ["testsuite", "sum-equals", "2", "1"],
    ]);
    expect(root.children.map((s) => s.children.map((c) => [c.name, c.attrs.name, c.attrs.classname]))).toEqual([
      [["testcase", "shares-in-range", "checks.fixed"], ["testcase", "periods-consistent", "checks.fixed"]],
      [["testcase", "total-adds-up", "checks.sum-equals"], ["testcase", "no-<xml>&-trouble", "checks.sum-equals"]],
    ]);
  });

  test("a <failure> per unwaived finding: message attribute as is, values side by side in the body", () => {
    const failure = root.children[1]!.children[0]!.children[0]!;
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

  test("waived and corrected findings go to system-out, not counted as failures", () => {
    const shares = root.children[0]!.children[0]!;
    expect(shares.children.map((c) => [c.name, c.attrs.type])).toEqual([["failure", "info"], ["system-out", undefined]]);
    expect(shares.children[1]!.text).toContain("waived warning: fixed-aaaaaaaaaaaa: share over 100");
    expect(shares.children[1]!.text).toContain("waived by A. Reviewer on 2025-01-10: rounded in print");
    // a finding a correction resolves is shown there too, with its justification, and is no failure
    expect(shares.children[1]!.text).toContain("corrected error: fixed-dddddddddddd: share below 0");
    expect(shares.children[1]!.text).toContain("corrected: demo:s-3 printed -16.2%, corrected to 16.2 by C. Editor on 2025-02-01 (sources/demo/corrections.csv:2): the dash is typographic");
    expect(root.children[0]!.children[1]!.children).toEqual([]);
  });

  test("escaping", () => {
    expect(xmlText("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(xmlAttr(`"it's"\n\t<&>`)).toBe("&quot;it&apos;s&quot;&#10;&#9;&lt;&amp;&gt;");
    // characters XML cannot hold are dropped
    expect(xmlText("bell\u0007 nul\u0000 ok")).toBe("bell nul ok");
    const nasty = { ...sampleReport, findings: [{ ...sampleReport.findings[0]!, message: "]]> \u0001 </failure><x>" }] };
    expect(parseXml(renderJunit(nasty)).children[1]!.children[0]!.children[0]!.attrs.message).toBe("]]>  </failure><x>");
  });

  test("the parser used here rejects malformed XML", () => {
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a></b>')).toThrow();
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 & 2"/>')).toThrow();
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a>x < y</a>')).toThrow();
  });
});
