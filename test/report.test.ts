// The HTML report of the real package: every finding with its printed values, one chart per table with
// periods, per duplicate finding and per failing total, SVG inline, nothing external, deterministic.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { buildReport, type BuiltReport } from "../pipelines/report/buildReport.ts";
import { esc } from "../pipelines/report/text.ts";
import { reportCommand } from "../pipelines/cli/report.ts";
import { displayNames } from "../pipelines/report/timeSeries.ts";
import { measureText } from "../pipelines/report/vega.ts";
import { realCheckedWarehouse, type RealCheckedWarehouse } from "./helpers/realReport.ts";
import { projectRoot } from "./helpers/workspace.ts";

let wh: RealCheckedWarehouse;
let built: BuiltReport;

beforeAll(async () => {
  wh = await realCheckedWarehouse();
  built = await buildReport(wh.db, wh.report);
}, 180_000);
afterAll(() => wh?.cleanup());

const query = async (sql: string): Promise<Record<string, unknown>[]> => {
  const db = await Warehouse.open(wh.db, { access_mode: "READ_ONLY" });
  try {
    return await db.all(sql);
  } finally {
    db.close();
  }
};

describe("content", () => {
  test("every finding by id, with its message, waiver reason and every value as printed", () => {
    expect(wh.report.findings.length).toBeGreaterThan(0);
    for (const f of wh.report.findings) {
      expect(built.html).toContain(`id="finding-${f.id}"`);
      expect(built.html).toContain(esc(f.message));
      if (f.waiver !== undefined) expect(built.html).toContain(esc(f.waiver.reason));
      const card = built.html.slice(built.html.indexOf(`id="finding-${f.id}"`));
      const table = card.slice(0, card.indexOf("</table>"));
      for (const o of f.observations) {
        expect(table).toContain(`<td class="value">${esc(o.value ?? "")}`);
        expect(table).toContain(esc(`${o.file}:${o.line}`));
      }
    }
  });

  test("the summary counts by severity and the checks that ran", () => {
    const s = wh.report.summary;
    for (const [label, n] of [["Errors", s.errors], ["Warnings", s.warnings], ["Infos", s.infos], ["Waived", s.waived], ["Findings", s.total], ["Checks run", s.checks_run]] as const) {
      expect(built.html).toContain(`<div class="v">${n}</div><div class="k">${label}</div>`);
    }
    for (const c of wh.report.checks) expect(built.html).toContain(`<code>${esc(c.id)}</code>`);
  });

  test("a time series for every table with two or more periods, a dot plot per duplicate, a parts chart per failing total", async () => {
    const [{ n: tables }] = (await query(`
      SELECT count(DISTINCT (o.package, o.table_id))::INTEGER AS n FROM (
        SELECT o.package, o.table_id FROM observations_clean o JOIN source_tables st USING (package, table_id)
        WHERE (st.row_dimension = 'period' OR st.column_dimension = 'period') AND o.value IS NOT NULL AND NOT o.is_cumulative
          AND year(o.period_start) = year(o.period_end)
        GROUP BY ALL HAVING count(DISTINCT year(o.period_start)) >= 2) o`)) as [{ n: number }];
    const series = built.charts.filter((c) => c.kind === "time-series");
    expect(new Set(series.map((c) => `${c.table!.package}/${c.table!.tableId}`)).size).toBe(tables);
    const ids = (kinds: string[]) => wh.report.findings.filter((f) => kinds.includes(f.kind)).map((f) => f.id).sort();
    expect(built.charts.filter((c) => c.kind === "dot-plot").map((c) => c.findingId).sort()).toEqual(ids(["duplicate"]));
    expect(built.charts.filter((c) => c.kind === "parts").map((c) => c.findingId).sort()).toEqual(ids(["hierarchy", "statement_parts"]));
  });

  test("the Azerbaijan tables the issue names are charted: immigration by origin, net migration, remittances, flows with Russia", () => {
    const titles = built.charts.filter((c) => c.kind === "time-series").map((c) => c.title);
    expect(titles).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Table 1\. Immigration to Azerbaijan/),
      expect.stringMatching(/^Table 2\. Net migration/),
      expect.stringMatching(/^Table 4\. Amount of incoming migrant remittances/),
      expect.stringMatching(/^Table 8\. Migration between Azerbaijan and the Russian Federation/),
    ]));
    const idps = built.charts.find((c) => c.kind === "dot-plot" && c.title.startsWith("Internally displaced persons"));
    expect(idps?.svg).toContain("579,000");
    expect(idps?.svg).toContain("686,586");
    const mfa = built.charts.find((c) => c.kind === "parts" && c.findingId?.startsWith("statement_parts-"));
    expect(mfa?.caption).toMatch(/^Explanation found: .*686,586/);
    expect(mfa?.svg).toContain("the total implies 686,586");
  });

  test("each chart is an inline SVG with marks, its own ids, axis titles, and the page says how many there are", () => {
    expect(built.charts.length).toBeGreaterThan(0);
    for (const c of built.charts) {
      expect(built.html).toContain(c.svg);
      expect(c.svg).toMatch(/^<svg role="img" aria-label="/);
      expect(c.svg).toMatch(/<(path|rect|circle|line)\b/);
      expect(c.svg).toMatch(/role-axis-title/);
    }
    expect(built.html).toContain(`data-chart-count="${built.charts.length}"`);
    expect(built.html).toMatch(new RegExp(`<strong id="chart-count">${built.charts.length} charts`));
    const ids = [...built.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });
});

describe("self-contained", () => {
  test("no external URL, script, stylesheet link or font: every src and href is a fragment", () => {
    const refs = [...built.html.matchAll(/\b(?:src|href|xlink:href|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r).toMatch(/^#/);
    expect(built.html).not.toMatch(/https?:/i);
    expect(built.html).not.toMatch(/<script|<link|<iframe|<img|@import|@font-face/i);
    expect([...built.html.matchAll(/url\(([^)]*)\)/g)].every((m) => m[1]!.startsWith("#"))).toBe(true);
  });

  test("deterministic: the same warehouse and check report render the same bytes", async () => {
    const again = await buildReport(wh.db, wh.report);
    expect(again.html).toBe(built.html);
  });
});

describe("npm run report", () => {
  test("writes the file atomically and says where; exit 2 without a warehouse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mp-report-"));
    try {
      const out = join(dir, "sub", "report.html");
      let stderr = "";
      const io = { stderr: { write: (s: string) => (stderr += s) }, quiet: true };
      const conf = ["--checks", join(projectRoot, "checks/checks.json"), "--waivers", join(projectRoot, "checks/waivers.csv"), "--corrections", join(projectRoot, "checks/corrections.csv"), "--today", "2026-01-01"];
      expect(await reportCommand(["--db", wh.db, "--out", out, ...conf], io)).toBe(0);
      expect(stderr).toMatch(new RegExp(`^report: ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(${built.charts.length} charts: `));
      expect(readFileSync(out, "utf8")).toBe(built.html);
      stderr = "";
      expect(await reportCommand(["--db", join(dir, "none.duckdb"), "--out", join(dir, "x.html"), ...conf], io)).toBe(2);
      expect(stderr).toMatch(/no warehouse at .*none\.duckdb: run npm run build first/);
      expect(existsSync(join(dir, "x.html"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("helpers", () => {
  test("legend labels are cut in the middle and stay unique", () => {
    const long = "Irregular crossing of the state border (including Azerbaijani citizens), Total";
    const names = displayNames([`${long} (women)`, `${long} (entering)`, "Total"], 44);
    expect([...names.values()]).toEqual(["Irregular crossing of the\u2026ns), Total (women)", "Irregular crossing of the\u2026, Total (entering)", "Total"]);
    for (const label of names.values()) expect([...label].length).toBeLessThanOrEqual(44);
    expect(new Set(names.values()).size).toBe(3);
  });

  test("text widths grow with the text and the font size", () => {
    expect(measureText("2006", 11)).toBeCloseTo(4 * 0.636 * 11);
    expect(measureText("WWW", 11)).toBeGreaterThan(measureText("iii", 11));
    expect(measureText("Total", 11, true)).toBeGreaterThan(measureText("Total", 11));
  });
});
