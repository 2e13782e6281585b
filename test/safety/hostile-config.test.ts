// The hostile review's findings on the configuration, report and command side: a bad param in checks.json
// reported at the param itself, a number beyond a double reported as printed, a byte-order mark accepted
// at the start of every configuration file, control characters shown (not embedded) in the HTML report,
// impossible calendar dates refused by --today, and every export format refusing observations that break
// their published contract.
import { HtmlValidate } from "html-validate";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readChecksFile, readWaivers } from "../../checks/config.ts";
import { kinds } from "../../checks/kinds/index.ts";
import type { CheckReport } from "../../checks/model.ts";
import { checkCommand, checkRunArgs } from "../../pipelines/cli/check.ts";
import { importCommand } from "../../pipelines/cli/import.ts";
import { reportCommand } from "../../pipelines/cli/report.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { formatError } from "../../pipelines/core/errors.ts";
import { readCorrections } from "../../pipelines/manifest/corrections.ts";
import { ExportValidationError } from "../../pipelines/export/errors.ts";
import { exportWarehouse } from "../../pipelines/export/exportWarehouse.ts";
import { exportCommand } from "../../pipelines/cli/export.ts";
import { KEPT_PROBLEMS } from "../../pipelines/export/validateObservations.ts";
import { EXPORT_FORMATS } from "../../pipelines/export/formats.ts";
import { renderPage } from "../../pipelines/report/html.ts";
import { renderSvg } from "../../pipelines/report/vega.ts";
import { inProcess } from "../helpers/inProcess.ts";
import { tsvFormat } from "../helpers/tsvFormat.ts";
import { realWarehouse, type RealWarehouse } from "../helpers/realWarehouse.ts";
import { sampleReport } from "../helpers/sampleReport.ts";

const dir = mkdtempSync(join(tmpdir(), "mp-hostile-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOM = "\uFEFF";

/** checks.json with one series_break check whose params are `params` (one per line, 8 spaces in). */
const checksText = (params: string[]) => `{
  "checks": [
    {
      "id": "s",
      "kind": "series_break",
      "description": "d",
      "params": {
${params.map((p) => `        ${p}`).join(",\n")}
      }
    }
  ]
}
`;
const readChecks = (text: string) => {
  const file = join(dir, "checks.json");
  writeFileSync(file, text);
  return readChecksFile(file, "checks.json", kinds);
};

describe("checks.json params", () => {
  test("each bad param is reported at itself (the value, or the name of an unknown one), with its printed text", () => {
    const { errors } = readChecks(checksText(['"factor": 0.5e1', '"min_value": "x"', '"tolerence": 1', '"measures": ["idps", " "]', '"max_gap_years": 1.50']));
    expect(errors.map((e) => [e.line, e.column, e.code, e.cell, e.expected])).toEqual([
      [9, 22, "invalid-check-params", "x", 's: param min_value: Expected number, got "x"'],
      [10, 9, "invalid-check-params", "tolerence", "s: param tolerence is not a parameter of kind series_break (known: factor, max_gap_years, measure_kinds, measures, min_value)"],
      [11, 30, "invalid-check-params", " ", 's: param measures[1]: Expected a string matching the RegExp \\S, got " "'],
      // a number keeps its printed spelling
      [12, 26, "invalid-check-params", "1.50", "s: param max_gap_years: Expected an integer, got 1.50"],
    ]);
  });

  test("a number beyond a double is reported as printed, out of range (JSON.parse would make it Infinity)", () => {
    const { errors } = readChecks(checksText(['"factor": 1e400', '"min_value": -2E+999']));
    expect(errors.map((e) => [e.line, e.column, e.cell, e.expected])).toEqual([
      [8, 19, "1e400", "s: param factor: 1e400 is out of range (a number within ±1.7976931348623157e+308)"],
      [9, 22, "-2E+999", "s: param min_value: -2E+999 is out of range (a number within ±1.7976931348623157e+308)"],
    ]);
    expect(formatError(errors[0]!)).toBe('checks.json:8:19: invalid-check-params: "1e400" (expected s: param factor: 1e400 is out of range (a number within ±1.7976931348623157e+308))');
    // a literal of 5,000 digits: Infinity too, and cut in the message as in the cell
    const [long] = readChecks(checksText([`"factor": ${"9".repeat(5000)}`])).errors;
    expect(long!.cell).toBe("9".repeat(5000));
    expect(long!.expected.length).toBeLessThan(400);
    expect(long!.expected).toMatch(/^s: param factor: 9{10,}.* is out of range \(a number within ±1\.7976931348623157e\+308\)$/u);
    const [text] = readChecks(checksText([`"min_value": "${"x".repeat(5000)}"`])).errors;
    expect(text!.expected).toBe(`s: param min_value: Expected number, got "${"x".repeat(199)}… (5002 characters)`);
  });

  test("a good checks.json reads the same with a byte-order mark; later errors keep their place", () => {
    const good = checksText(['"factor": 4']);
    const plain = readChecks(good);
    const marked = readChecks(BOM + good);
    expect(plain.errors).toEqual([]);
    expect(marked).toEqual(plain);
    expect(marked.checks[0]!.check.params).toEqual({ factor: 4 });
    // the mark is not a column: the first line's positions are those an editor shows
    const bad = readChecks(`${BOM}{ "checks": [{ "id": "s", "kind": "series_breaks", "description": "d" }] }`);
    expect(bad.errors.map((e) => [e.line, e.column, e.code, e.cell])).toEqual([[1, 35, "unknown-check-kind", "series_breaks"]]);
  });

  test("waivers.csv and corrections.csv with a byte-order mark: the first column read by its name", () => {
    const waivers = join(dir, "waivers.csv");
    writeFileSync(waivers, `${BOM}finding_id,reason,author,date,expires\nduplicate-0123456789ab,known,A. Reviewer,2026-01-02,\n`);
    const w = readWaivers(waivers, "waivers.csv");
    expect(w.errors).toEqual([]);
    expect(w.waivers.map((x) => [x.line, x.row.finding_id])).toEqual([[2, "duplicate-0123456789ab"]]);
    const corrections = join(dir, "corrections.csv");
    writeFileSync(corrections, `${BOM}obs_id,original,corrected,justification,author,date\ndemo:t01/Russia/2006,5,6,misprint,A. Reviewer,2026-01-02\n`);
    const c = readCorrections(corrections, "corrections.csv");
    expect(c.errors).toEqual([]);
    expect(c.corrections.map((x) => [x.line, x.row.obs_id])).toEqual([[2, "demo:t01/Russia/2006"]]);
  });
});

describe("--today", () => {
  test.each(["2026-02-31", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"])("%s is refused by check, report and import: the option and the text named, exit 2", async (day) => {
    expect(checkRunArgs({ today: day })).toEqual({ error: `--today "${day}": not a calendar date (expected YYYY-MM-DD)` });
    const db = join(dir, "none.duckdb");
    for (const [name, command, args] of [
      ["check", checkCommand, ["--db", db]],
      ["report", reportCommand, ["--db", db, "--out", join(dir, "report.html")]],
      ["import", importCommand, [join(dir, "profile.txt"), "--out", join(dir, "draft")]],
    ] as const) {
      const ran = await inProcess(command, [...args, "--today", day]);
      expect([name, ran.status, ran.stderr]).toEqual([name, 2, `--today "${day}": not a calendar date (expected YYYY-MM-DD)\n`]);
    }
    expect(readdirSync(dir).filter((f) => f === "report.html" || f === "draft")).toEqual([]);
  });

  test("a leap day is a date", () => {
    expect(checkRunArgs({ today: "2024-02-29" })).toMatchObject({ today: "2024-02-29" });
  });
});

describe("HTML report", () => {
  // ESC sequences that clear a terminal, NUL, BEL, DEL, a C1 control and every bidirectional override/isolate
  const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u0000nul\u007f\u0085 \u202aa\u202bb\u202cc\u202dd\u202ee \u2066f\u2067g\u2068h\u2069";
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
  const SHOWN = "\\e]0;pwned\\x07\\e[2J\\x00nul\\x7f\\x85 \\u202aa\\u202bb\\u202cc\\u202dd\\u202ee \\u2066f\\u2067g\\u2068h\\u2069";

  test("control characters in labels, messages, waivers, charts and the title are written visibly; the page stays valid", async () => {
    const [first, ...rest] = sampleReport.findings;
    const report: CheckReport = {
      ...sampleReport,
      findings: [
        {
          ...first!,
          message: `Total ${HOSTILE}`,
          target: `t ${HOSTILE}`,
          observations: first!.observations.map((o) => ({ ...o, label: `${o.label} ${HOSTILE}`, unit: HOSTILE })),
        },
        ...rest,
      ],
      checks: sampleReport.checks.map((c) => ({ ...c, description: `${c.description} ${HOSTILE}` })),
      waivers: { ...sampleReport.waivers, unmatched: sampleReport.waivers.unmatched.map((w) => ({ ...w, reason: HOSTILE, author: HOSTILE })) },
    };
    const svg = await renderSvg(
      {
        data: { values: [{ label: `Russia ${HOSTILE}`, value: 5 }, { label: "Georgia", value: 3 }] },
        mark: "bar",
        encoding: { x: { field: "label", type: "nominal", title: `origin ${HOSTILE}` }, y: { field: "value", type: "quantitative" } },
      },
      "hostile",
      `A chart ${HOSTILE}`,
    );
    expect(svg).toMatch(CONTROL); // the renderer passes them through: the page must not
    const html = renderPage({
      report,
      packages: [{ package: "demo", title: `Profile ${HOSTILE}`, publisher: HOSTILE, pub_date: "2008", sha256: null, figures: 3 }],
      charts: [{ id: "hostile", kind: "parts", title: `Parts ${HOSTILE}`, subtitle: HOSTILE, caption: `Explanation found: ${HOSTILE}`, findingId: first!.id, svg }],
      figureLabels: new Map([[first!.observations[0]!.ref, `Table 1 ${HOSTILE}`]]),
    });
    expect(html).not.toMatch(CONTROL);
    expect(html).toContain(`Total ${SHOWN}`);
    expect(html).toContain(`Russia ${SHOWN}`);
    expect(html).toContain(`origin ${SHOWN}`);
    expect(html).toContain(`<td>${SHOWN}</td>`); // the waiver's reason
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    const result = await validator.validateString(html);
    expect(result.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`))).toEqual([]);
  }, 60_000);
});

describe("export validation", () => {
  // (a format that checks nothing itself)
  const tsv = tsvFormat;
  let real: RealWarehouse;
  let bad: string;
  beforeAll(async () => {
    real = realWarehouse("corrected");
    bad = join(real.dir, "bad.duckdb");
    copyFileSync(real.db, bad);
    const w = await Warehouse.open(bad);
    try {
      await w.run(`UPDATE observations_printed SET obs_status = 'Z' WHERE obs_id = 'azerbaijan-2008:t01/Russia/2006'`);
      await w.run("CHECKPOINT");
    } finally {
      w.close();
    }
  });
  afterAll(() => real.cleanup());

  test.each([...EXPORT_FORMATS.map((f) => f.name), "tsv"])("%s refuses an observation that breaks the contract, and writes nothing", async (format) => {
    const out = join(real.dir, `out-${format}`);
    const refused = await exportWarehouse({ dbPath: bad, outDir: out, format, formats: [...EXPORT_FORMATS, tsv] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ExportValidationError);
    expect((refused as ExportValidationError).problems.map((p) => [p.resource, p.key, p.field, p.value])).toEqual([
      ["observations", "azerbaijan-2008:t01/Russia/2006", "obs_status", "Z"],
    ]);
    expect(existsSync(out)).toBe(false);
    // the valid warehouse exports in every format
    expect((await exportWarehouse({ dbPath: real.db, outDir: out, format, formats: [...EXPORT_FORMATS, tsv] })).files.length).toBeGreaterThan(0);
  }, 60_000);

  test("a warehouse broken throughout: the first problems kept, all counted, the command says how many", async () => {
    const worse = join(real.dir, "worse.duckdb");
    copyFileSync(real.db, worse);
    const w = await Warehouse.open(worse);
    let rows = 0;
    try {
      await w.run("UPDATE observations_printed SET obs_status = 'Z', measure = '', file = ''");
      await w.run("CHECKPOINT");
      rows = ((await w.all("SELECT count(*)::INTEGER AS n FROM observations_clean"))[0] as { n: number }).n;
    } finally {
      w.close();
    }
    expect(3 * rows).toBeGreaterThan(KEPT_PROBLEMS);
    const refused = (await exportWarehouse({ dbPath: worse, outDir: join(real.dir, "worse"), format: "csv" }).catch((e: unknown) => e)) as ExportValidationError;
    expect([refused.problems.length, refused.total]).toEqual([KEPT_PROBLEMS, 3 * rows]);
    expect(refused.problems.at(-1)!.row).toBe(Math.ceil(KEPT_PROBLEMS / 3));
    const ran = await inProcess(exportCommand, ["--format", "sdmx", "--db", worse, "--out", join(real.dir, "worse")]);
    expect(ran.status).toBe(1);
    expect(ran.stderr.trim().split("\n").slice(-2)).toEqual([`... and ${3 * rows - 50} more`, `export failed: ${3 * rows} invalid value(s) against schemas/json/observation.schema.json; nothing was written`]);
    expect(existsSync(join(real.dir, "worse"))).toBe(false);
  }, 60_000);
});
