import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport, Finding } from "../checks/model.ts";
import { renderPage } from "../pipelines/report/html.ts";
import { registerAnchor, type RegisterRow } from "../pipelines/report/register.ts";
import { renderHuman } from "../checks/findings/human.ts";
import { renderMarkdown } from "../checks/findings/markdown.ts";
import { buildSynthetic, type SyntheticWarehouse } from "./helpers/syntheticPackage.ts";

// Who says how many IDPs: two agencies for one quantity, a related measure (forced migrants) of another,
// and figures no other source states (which the register leaves out).
describe("estimates_register", () => {
  let w: SyntheticWarehouse;
  beforeAll(async () => {
    w = await buildSynthetic({
      id: "reg",
      citations: [{ id: "unhcr", printed: "UNHCR yearbook" }, { id: "idmc", printed: "IDMC" }, { id: "gov", printed: "Government" }],
      statements: [
        { id: "s-1", measure: "idps", value: "686,586", period: "end of 2006", unit: "persons", citation: "unhcr" },
        { id: "s-2", measure: "idps", value: "579,000", period: "2006", unit: "persons", citation: "idmc" },
        { id: "s-3", measure: "forced_migrants", value: "989,586", period: "2006", unit: "persons", citation: "gov" },
        // one source, one measure: no one to compare with
        { id: "s-4", measure: "remittances_inflow", value: "693", period: "2006", unit: "Million USD", citation: "gov" },
        { id: "s-5", measure: "idps", value: "600,000", period: "2001", unit: "persons", citation: "gov" },
        // another area's IDPs are another quantity
        { id: "s-6", measure: "idps", ref_area: "Georgia", value: "250,000", period: "2006", unit: "persons", citation: "unhcr" },
      ],
    });
  });
  afterAll(() => w?.close());

  it("lists every estimate of a quantity stated by two sources or under related measures, with the spread", async () => {
    const rows = await w.wh.all(
      `SELECT quantity, obs_id, measure, citation, n_sources, n_measures, n_estimates_same, spread, round(relative_spread, 4) AS rel
       FROM estimates_register ORDER BY quantity, obs_id`,
    );
    expect(rows.map((r) => [r["quantity"], r["obs_id"], r["citation"], Number(r["n_sources"]), Number(r["n_measures"]), Number(r["n_estimates_same"]), r["spread"], r["rel"]])).toEqual([
      ["AZE forced_migrants+population_of_concern in 2006", "reg:s-1", "unhcr", 3, 2, 2, 107586, 0.1567],
      ["AZE forced_migrants+population_of_concern in 2006", "reg:s-2", "idmc", 3, 2, 2, 107586, 0.1567],
      ["AZE forced_migrants+population_of_concern in 2006", "reg:s-3", "gov", 3, 2, 1, 0, 0],
    ]);
  });

  it("links a finding to its register row in the report and shows the row", () => {
    const register: RegisterRow[] = [
      { quantity: "AZE idps in 2006", package: "reg", measure: "idps", definition: "Internally displaced persons", breakdown: "", counterpart: null, obs_id: "reg:s-1", printed_label: "IDPs", value_text: "686,586", unit: "persons", qualifier: null, value_base: 686586, base_unit: "persons", period_text: "end of 2006", citation: "unhcr", source: "UNHCR yearbook", n_estimates_same: 2, spread: 107586, relative_spread: 0.1567, file: "s.csv", line: 2 },
    ];
    const finding: Finding = {
      id: "duplicate-000000000000", check: "same", kind: "duplicate", severity: "warning", target: "t", status: "open", waived: false, corrected: false, message: "m", details: null,
      packages: ["reg"], observations: [{ ref: "reg:s-1", label: "IDPs", value: "686,586", unit: "persons", value_base: 686586, period: "end of 2006", source: null, file: "s.csv", line: 2, column: 1, register: "AZE idps in 2006" }],
    };
    const report: CheckReport = {
      summary: { errors: 0, warnings: 1, infos: 0, waived: 0, corrected: 0, total: 1, checks_run: 1, expired_waivers: 0, unmatched_waivers: 0, packages: [] },
      findings: [finding], checks: [{ id: "same", kind: "duplicate", description: "d", severity: "warning", findings: 1, seconds: 0 }],
      waivers: { expired: [], unmatched: [] }, seconds: 0,
    };
    const html = renderPage({ report, packages: [], charts: [], figureLabels: new Map(), register });
    expect(registerAnchor("AZE idps in 2006")).toBe("register-aze-idps-in-2006");
    expect(html).toContain(`register: <a href="#register-aze-idps-in-2006">AZE idps in 2006</a>`);
    expect(html).toContain(`<h3 id="register-aze-idps-in-2006">AZE idps in 2006</h3>`);
    expect(html).toContain("107,586 (15.7 %)");
    // the text formats name the row too
    expect(renderHuman(report)).toContain("      register: AZE idps in 2006\n");
    expect(renderMarkdown(report)).toContain("**Register of estimates:** AZE idps in 2006");
  });
});
