// A fixed check report for the report-format tests: an error with an explanation and text that needs
// escaping in every format, a waived warning, an info without a source, a passing check, and waivers
// that did not waive.
import type { CheckReport, FindingObservation } from "../../checks/model.ts";

const obs = (ref: string, label: string, value: string, line: number, extra: Partial<FindingObservation> = {}): FindingObservation => ({
  ref,
  label,
  value,
  unit: "thousand persons",
  value_base: Number(value) * 1000,
  period: "2006",
  source: { citation: "ssc", printed: "State Statistical Committee, 2007" },
  file: "sources/demo/t01.csv",
  line,
  column: 3,
  ...extra,
});

export const sampleReport: CheckReport = {
  summary: { errors: 1, warnings: 0, infos: 1, waived: 1, total: 3, checks_run: 4, expired_waivers: 1, unmatched_waivers: 1 },
  findings: [
    {
      id: "sum-equals-0123456789ab",
      check: "total-adds-up",
      kind: "sum-equals",
      severity: "error",
      target: "demo:t01/rows/Total/2006",
      waived: false,
      message: 'Total 100 <> 60 + 30: 10% "off", see\nline 2 & 3 | here',
      explanation: "Georgia, 2006 is printed as 30 but 40 would close the gap",
      details: { total: 100000, sum: 90000, residual: 10000 },
      observations: [obs("demo:t01/Total/2006", "Total | 2006", "100", 2), obs("demo:t01/Russia/2006", "Russia | 2006", "60", 3, { corrected: 70, value_base: 70000 })],
    },
    {
      id: "fixed-aaaaaaaaaaaa",
      check: "shares-in-range",
      kind: "fixed",
      severity: "warning",
      target: "a",
      waived: true,
      waiver: { finding_id: "fixed-aaaaaaaaaaaa", reason: "rounded in print", author: "A. Reviewer", date: "2025-01-10", expires: null, file: "checks/waivers.csv", line: 2 },
      message: "share over 100",
      details: {},
      observations: [obs("demo:s-1", "Emigrants, 2006", "101", 7, { unit: "%", value_base: 101, source: null, file: "sources/demo/statements.csv", column: 10 })],
    },
    {
      id: "fixed-bbbbbbbbbbbb",
      check: "shares-in-range",
      kind: "fixed",
      severity: "info",
      target: "b",
      waived: false,
      message: "no source cited",
      details: {},
      observations: [obs("demo:s-2", "Immigrants, 2006", "12.5", 8, { unit: null, period: null, value_base: null, source: null, file: "sources/demo/statements.csv", column: 10 })],
    },
  ],
  checks: [
    { id: "total-adds-up", kind: "sum-equals", description: "Totals equal the sum of their parts", severity: "error", findings: 1, seconds: 0.012 },
    { id: "shares-in-range", kind: "fixed", description: "Shares lie in [0, 100]", severity: "warning", findings: 2, seconds: 0.003 },
    { id: "periods-consistent", kind: "fixed", description: "Periods agree", severity: "warning", findings: 0, seconds: 0.001 },
    { id: "no-<xml>&-trouble", kind: "sum-equals", description: "Passes", severity: "error", findings: 0, seconds: 0 },
  ],
  waivers: {
    expired: [{ finding_id: "sum-equals-0123456789ab", reason: "known", author: "B. Reviewer", date: "2024-01-01", expires: "2024-12-31", file: "checks/waivers.csv", line: 3, matched: true }],
    unmatched: [{ finding_id: "fixed-cccccccccccc", reason: "stale", author: "B. Reviewer", date: "2024-01-01", expires: null, file: "checks/waivers.csv", line: 4, matched: false }],
  },
  seconds: 0.5,
};
