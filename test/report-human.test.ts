import { describe, expect, test } from "vitest";
import { renderHuman, summaryLine } from "../checks/findings/human.ts";
import { sampleReport } from "./helpers/sampleReport.ts";

describe("human report", () => {
  test("grouped by check, values side by side, waivers to review, a summary line; no ANSI by default", () => {
    expect(renderHuman(sampleReport).split("\n")).toEqual([
      "total-adds-up (sum-equals, error) Totals equal the sum of their parts",
      '  ✗ error  Total 100 <> 60 + 30: 10% "off", see line 2 & 3 | here  sum-equals-0123456789ab',
      "      label                       value  unit              period  source                             where",
      "      Total | 2006                  100  thousand persons  2006    State Statistical Committee, 2007  sources/demo/t01.csv:2",
      "      Russia | 2006  60 (corrected: 70)  thousand persons  2006    State Statistical Committee, 2007  sources/demo/t01.csv:3",
      "      explanation: Georgia, 2006 is printed as 30 but 40 would close the gap",
      "",
      "shares-in-range (fixed, warning) Shares lie in [0, 100]",
      "  ~ waived warning  share over 100  fixed-aaaaaaaaaaaa",
      "      label            value  unit  period  source  where",
      "      Emigrants, 2006    101  %     2006            sources/demo/statements.csv:7",
      "      waived by A. Reviewer on 2025-01-10: rounded in print",
      "  i info  no source cited  fixed-bbbbbbbbbbbb",
      "      label             value  unit  period  source  where",
      "      Immigrants, 2006   12.5                        sources/demo/statements.csv:8",
      "  ~ corrected error  share below 0  fixed-dddddddddddd",
      "      label                                          value  unit  period  source                             where",
      "      Emigrants as a share, 2005  -16.2% (corrected: 16.2)  %     2006    State Statistical Committee, 2007  sources/demo/statements.csv:9",
      "      corrected: demo:s-3 printed -16.2%, corrected to 16.2 by C. Editor on 2025-02-01 (sources/demo/corrections.csv:2): the dash is typographic",
      "",
      "passed: periods-consistent, no-<xml>&-trouble",
      "",
      "expired waivers (they no longer waive; renew or remove them):",
      "  checks/waivers.csv:3  sum-equals-0123456789ab  expired 2024-12-31 (B. Reviewer: known)",
      "",
      "unmatched waivers (no finding has this id; remove them):",
      "  checks/waivers.csv:4  fixed-cccccccccccc  matches no finding (B. Reviewer: stale)",
      "",
      "1 error, 0 warnings, 1 info, 1 waived, 1 corrected — 4 findings from 4 checks; 1 expired waiver, 1 unmatched waiver",
      "",
    ]);
  });

  test("colour when asked: severities coloured, the text unchanged once codes are stripped", () => {
    const coloured = renderHuman(sampleReport, { color: true });
    expect(coloured).toContain("\u001b[31m✗ error\u001b[0m");
    expect(coloured).toContain("\u001b[36mi info\u001b[0m");
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(renderHuman(sampleReport));
  });

  test("a clean run", () => {
    const clean = { ...sampleReport, findings: [], checks: sampleReport.checks.map((c) => ({ ...c, findings: 0 })), summary: { ...sampleReport.summary, errors: 0, infos: 0, waived: 0, corrected: 0, total: 0, expired_waivers: 0, unmatched_waivers: 0 }, waivers: { expired: [], unmatched: [] } };
    expect(summaryLine(clean)).toBe("0 errors, 0 warnings, 0 infos, 0 waived, 0 corrected — 0 findings from 4 checks");
    expect(renderHuman(clean)).toBe("passed: total-adds-up, shares-in-range, periods-consistent, no-<xml>&-trouble\n\n0 errors, 0 warnings, 0 infos, 0 waived, 0 corrected — 0 findings from 4 checks\n");
  });
});
