// Two packages in one warehouse whose figures have the same ids (s-1, s-2): findings name each figure with
// its package, the summary is given per package in every format, and --package keeps one package's.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderGithub } from "../checks/findings/github.ts";
import { renderHuman } from "../checks/findings/human.ts";
import { renderJunit } from "../checks/findings/junit.ts";
import { renderMarkdown } from "../checks/findings/markdown.ts";
import { runChecks } from "../checks/runner.ts";
import { exportCommand } from "../pipelines/cli/export.ts";
import { reportCommand } from "../pipelines/cli/report.ts";
import { readFileSync } from "node:fs";
import { checkCommand } from "../pipelines/cli/check.ts";
import { build } from "../pipelines/load/build.ts";
import { renderPage } from "../pipelines/report/html.ts";
import { referenceDir, writePackage, type PackageSpec } from "./helpers/syntheticPackage.ts";

const pkg = (id: string, idps: string, forced: string): PackageSpec => ({
  id,
  citations: [{ id: "unhcr", printed: "UNHCR" }, { id: "gov", printed: "Government" }],
  statements: [
    { id: "s-1", label: "IDPs", measure: "idps", value: idps, period: "2006", unit: "persons", citation: "unhcr" },
    { id: "s-2", label: "Forced migrants", measure: "forced_migrants", value: forced, period: "2006", unit: "persons", citation: "gov" },
  ],
});

describe("several packages", () => {
  let dir: string;
  let files: { dbPath: string; checksFile: string; waiversFile: string; correctionsFile: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mp-packages-"));
    const sources = join(dir, "sources");
    mkdirSync(sources);
    cpSync(referenceDir, join(sources, "_reference"), { recursive: true });
    // pkg-a's IDPs exceed its own forced migrants; pkg-b's figures agree with each other and with pkg-a's
    // (the packages' figures are compared too: two publications about one country)
    writePackage(sources, pkg("pkg-a", "700,000", "650,000"));
    writePackage(sources, pkg("pkg-b", "600,000", "750,000"));
    const dbPath = join(dir, "profile.duckdb");
    await build({ sourcesDir: sources, dbPath });
    const checksFile = join(dir, "checks.json");
    writeFileSync(checksFile, JSON.stringify({ checks: [{ id: "related-measures", kind: "measure_relation", description: "parts of wholes" }] }));
    writeFileSync(join(dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
    writeFileSync(join(dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    files = { dbPath, checksFile, waiversFile: join(dir, "waivers.csv"), correctionsFile: join(dir, "corrections.csv") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names each figure with its package, and sums up each package", async () => {
    const r = await runChecks({ ...files, today: "2026-01-01" });
    expect(r.findings.map((f) => [f.target, f.packages])).toEqual([["pkg-a:s-1 > pkg-a:s-2", ["pkg-a"]]]);
    expect(r.findings[0]!.message).toMatch(/^pkg-a s-1 'IDPs' is 700,000 persons \(2006, unhcr\), more than pkg-a s-2 'Forced migrants' 650,000 persons/);
    expect(r.summary.packages).toEqual([
      { package: "pkg-a", errors: 0, warnings: 1, infos: 0, waived: 0, corrected: 0, total: 1 },
      { package: "pkg-b", errors: 0, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 0 },
    ]);
    expect(renderHuman(r)).toContain("pkg-a: 0 errors, 1 warning, 0 infos, 0 waived, 0 corrected — 1 finding\npkg-b: 0 errors, 0 warnings, 0 infos, 0 waived, 0 corrected — 0 findings\n");
    expect(renderMarkdown(r)).toContain("| pkg-a | 0 | 1 | 0 | 0 | 0 | 1 |");
    expect(renderJunit(r)).toContain(`<property name="package pkg-a" value="1 open, 0 waived, 0 corrected"/>`);
    expect(renderGithub(r)).toContain("::notice title=checks of pkg-b::0 errors, 0 warnings, 0 infos, 0 waived, 0 corrected — 0 findings\n");
    const html = renderPage({ report: r, packages: [], charts: [], figureLabels: new Map() });
    expect(html).toContain(`<tr><td><code>pkg-b</code></td><td class="num">0</td>`);
  });

  it("--package keeps the findings of one package", async () => {
    const b = await runChecks({ ...files, today: "2026-01-01", packages: ["pkg-b"] });
    expect(b.findings).toEqual([]);
    expect(b.summary.packages.map((p) => p.package)).toEqual(["pkg-b"]);
    const a = await runChecks({ ...files, today: "2026-01-01", packages: ["pkg-a"] });
    expect(a.findings.map((f) => f.target)).toEqual(["pkg-a:s-1 > pkg-a:s-2"]);
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    const args = ["--db", files.dbPath, "--checks", files.checksFile, "--waivers", files.waiversFile, "--corrections", files.correctionsFile];
    expect(await checkCommand([...args, "--package", "pkg-c"], io)).toBe(2);
    expect(out.join("")).toContain('unknown-package: "pkg-c" (expected a package of the warehouse: pkg-a, pkg-b)');
  });

  it("export --package writes one package's figures, tables, citations and findings", async () => {
    await runChecks({ ...files, today: "2026-01-01" });
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    const target = join(dir, "export-b");
    expect(await exportCommand(["--format", "csv", "--db", files.dbPath, "--out", target, "--package", "pkg-b"], io)).toBe(0);
    const obs = readFileSync(join(target, "observations.csv"), "utf8").trim().split("\n").slice(1);
    expect(obs.map((l) => l.split(",")[0])).toEqual(["pkg-b:s-1", "pkg-b:s-2"]);
    expect(readFileSync(join(target, "packages.csv"), "utf8")).not.toContain("pkg-a");
    expect(readFileSync(join(target, "citations.csv"), "utf8")).not.toContain("pkg-a");
    // pkg-a's finding is not pkg-b's
    expect(readFileSync(join(target, "findings.csv"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(await exportCommand(["--format", "csv", "--db", files.dbPath, "--out", join(dir, "export-c"), "--package", "pkg-c"], io)).toBe(2);
    expect(out.join("")).toContain('no package "pkg-c" in the warehouse (it holds pkg-a, pkg-b); nothing was written');
  });

  it("report --package is the report of one package", async () => {
    const out = join(dir, "report-a.html");
    const err: string[] = [];
    const args = ["--db", files.dbPath, "--checks", files.checksFile, "--waivers", files.waiversFile, "--corrections", files.correctionsFile, "--today", "2026-01-01"];
    expect(await reportCommand([...args, "--package", "pkg-a", "--out", out], { stderr: { write: (t: string) => err.push(t) } })).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h1>Synthetic profile pkg-a</h1>");
    expect(html).not.toContain("Synthetic profile pkg-b");
    expect(html).toContain('data-finding="measure_relation-');
  });
});
