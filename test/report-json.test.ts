import { describe, expect, test } from "vitest";
import { renderJson, toJsonReport } from "../checks/findings/json.ts";
import { validatorFor } from "../pipelines/manifest/validateJson.ts";
import { sampleReport } from "./helpers/sampleReport.ts";

describe("json report", () => {
  test("is exactly the findings contract, and valid against schemas/json/findings.schema.json", () => {
    const doc = JSON.parse(renderJson(sampleReport));
    expect(validatorFor("findings")(doc)).toBe(true);
    expect(Object.keys(doc)).toEqual(["summary", "findings", "waivers"]);
    expect(doc.summary).toEqual({ errors: 1, warnings: 0, infos: 1, waived: 1, corrected: 1, total: 4, checks_run: 4, expired_waivers: 1, unmatched_waivers: 1,
      packages: [{ package: "demo", errors: 1, warnings: 0, infos: 1, waived: 1, corrected: 1, total: 4 }] });
    expect(doc.findings[0]).toEqual({
      id: "sum-equals-0123456789ab",
      check: "total-adds-up",
      kind: "sum-equals",
      severity: "error",
      status: "open",
      waived: false,
      corrected: false,
      packages: ["demo"],
      message: 'Total 100 <> 60 + 30: 10% "off", see\nline 2 & 3 | here',
      explanation: "Georgia, 2006 is printed as 30 but 40 would close the gap",
      observations: [
        { ref: "demo:t01/Total/2006", label: "Total | 2006", value: "100", unit: "thousand persons", value_base: 100000, period: "2006", source: { citation: "ssc", printed: "State Statistical Committee, 2007" }, file: "sources/demo/t01.csv", line: 2, column: 3 },
        { ref: "demo:t01/Russia/2006", label: "Russia | 2006", value: "60", unit: "thousand persons", value_base: 70000, period: "2006", source: { citation: "ssc", printed: "State Statistical Committee, 2007" }, file: "sources/demo/t01.csv", line: 3, column: 3, corrected: 70 },
      ],
    });
    // no explanation: no key (not null); waived and corrected findings stay in the list, counted apart
    expect(doc.findings.map((f: Record<string, unknown>) => [f.id, f.status, f.waived, f.corrected, "explanation" in f])).toEqual([
      ["sum-equals-0123456789ab", "open", false, false, true],
      ["fixed-aaaaaaaaaaaa", "waived", true, false, false],
      ["fixed-bbbbbbbbbbbb", "open", false, false, false],
      ["fixed-dddddddddddd", "corrected", false, true, false],
    ]);
    expect(doc.findings[3].corrections).toEqual([
      { obs_id: "demo:s-3", original: "-16.2%", corrected: 16.2, justification: "the dash is typographic", author: "C. Editor", date: "2025-02-01", file: "sources/demo/corrections.csv", line: 2 },
    ]);
    expect(doc.findings[2].observations[0]).toMatchObject({ unit: null, period: null, value_base: null, source: null });
    expect(doc.waivers).toEqual({
      expired: [{ finding_id: "sum-equals-0123456789ab", reason: "known", author: "B. Reviewer", date: "2024-01-01", expires: "2024-12-31", matched: true, file: "checks/waivers.csv", line: 3 }],
      unmatched: [{ finding_id: "fixed-cccccccccccc", reason: "stale", author: "B. Reviewer", date: "2024-01-01", expires: null, matched: false, file: "checks/waivers.csv", line: 4 }],
    });
  });

  test("internal fields (target, details, waiver) stay out of the findings", () => {
    const doc = toJsonReport(sampleReport);
    for (const f of doc.findings) expect(Object.keys(f).filter((k) => ["target", "details", "waiver"].includes(k))).toEqual([]);
  });

  test("a report breaking its contract is not printed", () => {
    const bad = { ...sampleReport, findings: [{ ...sampleReport.findings[0]!, severity: "fatal" as never }] };
    expect(() => renderJson(bad)).toThrow(/breaks schemas\/json\/findings.schema.json: \/findings\/0\/severity must be equal to one of the allowed values/);
  });

  test("the schema accepts the minimal document of the contract and extra keys inside observations only", () => {
    const validate = validatorFor("findings");
    const summary = { errors: 0, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 0, checks_run: 0, expired_waivers: 0, unmatched_waivers: 0 };
    expect(validate({ summary, findings: [] })).toBe(true);
    const observation = { ref: "a", label: "A", value: "1", unit: null, value_base: 1, period: null, source: null, page: 12 };
    const finding = { id: "k-0123456789ab", check: "c", kind: "k", severity: "info", status: "open", waived: false, corrected: false, message: "m", observations: [observation] };
    expect(validate({ summary, findings: [finding] })).toBe(true);
    expect(validate({ summary, findings: [{ ...finding, extra: 1 }] })).toBe(false);
    expect(validate({ summary: { ...summary, errors: -1 }, findings: [] })).toBe(false);
    expect(validate({ summary, findings: [{ ...finding, status: "fixed" }] })).toBe(false);
  });
});
