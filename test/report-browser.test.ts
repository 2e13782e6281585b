// The report in a real browser: Debian's headless Chromium, driven by playwright-core, opens the report
// of the real package from a file and finds every chart drawn, as many as the report says, no console
// error and no request beyond the file itself. Keeps a screenshot of the first screens in docs/report.png
// (shown in the README).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildReport, type BuiltReport } from "../pipelines/report/buildReport.ts";
import { realCheckedWarehouse, type RealCheckedWarehouse } from "./helpers/realReport.ts";
import { projectRoot } from "./helpers/workspace.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = join(projectRoot, "docs", "report.png");

let wh: RealCheckedWarehouse | undefined;
let built: BuiltReport;
let profile: string;
let context: BrowserContext | undefined;
let page: Page;
let reportUrl: string;
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const requests: string[] = [];
const failed: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser test needs Debian's Chromium. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  wh = await realCheckedWarehouse();
  built = await buildReport(wh.db, wh.report);
  const file = join(wh.dir, "report.html");
  writeFileSync(file, built.html);
  reportUrl = pathToFileURL(file).href;
  profile = mkdtempSync(join(tmpdir(), "mp-chromium-"));
  // A fresh profile of its own, so that nothing of another Chromium session is read or written.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? "failed"}`));
  await page.goto(reportUrl, { waitUntil: "load" });
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  wh?.cleanup();
});

test("every chart is drawn: an SVG with marks and a size, as many charts as the report says", async () => {
  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((f) => {
      const svg = f.querySelector(".chart-svg > svg");
      const box = svg?.getBoundingClientRect();
      return {
        id: f.id,
        kind: f.getAttribute("data-chart"),
        svg: svg !== null && svg !== undefined,
        marks: svg ? svg.querySelectorAll("path, rect, circle, line").length : 0,
        texts: svg ? svg.querySelectorAll("text").length : 0,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
      };
    }),
  );
  expect(charts.length).toBe(built.charts.length);
  for (const c of charts) {
    expect(c, c.id).toMatchObject({ svg: true });
    expect(c.marks, c.id).toBeGreaterThan(0);
    expect(c.texts, c.id).toBeGreaterThan(0);
    expect(c.width, c.id).toBeGreaterThan(200);
    expect(c.height, c.id).toBeGreaterThan(100);
  }
  const said = await page.$eval("main", (m) => Number(m.getAttribute("data-chart-count")));
  const text = await page.textContent("#chart-count");
  expect(said).toBe(charts.length);
  expect(Number(/^(\d+) charts?/.exec(text ?? "")?.[1])).toBe(charts.length);
  for (const kind of ["time-series", "dot-plot", "parts"]) expect(charts.some((c) => c.kind === kind), kind).toBe(true);
});

test("no console error, no script error, no request beyond the file itself", async () => {
  expect(consoleErrors).toEqual([]);
  expect(pageErrors).toEqual([]);
  expect(failed).toEqual([]);
  expect(requests).toEqual([reportUrl]);
});

test("the findings are on the page with their values", async () => {
  const ids = await page.$$eval("article.finding", (as) => as.map((a) => a.getAttribute("data-finding")));
  expect([...ids].sort()).toEqual(wh!.report.findings.map((f) => f.id).sort());
  const idps = await page.textContent(`#chart-dup-${wh!.report.findings.find((f) => f.kind === "duplicate" && f.message.startsWith("idps"))!.id}`);
  expect(idps).toContain("579,000");
});

test("a screenshot of the report's first screens is kept in docs/report.png", async () => {
  // The summary and the first chart: down to the end of the first time series.
  const first = await page.locator("#tables figure.chart").first().boundingBox();
  expect(first).not.toBeNull();
  const height = Math.min(2400, Math.ceil(first!.y + first!.height + 28));
  await page.setViewportSize({ width: 1280, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(join(projectRoot, "docs"), { recursive: true });
  const png = await page.screenshot({ path: SCREENSHOT, fullPage: false });
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.length).toBeGreaterThan(50_000);
});
