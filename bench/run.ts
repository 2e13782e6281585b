// `npm run bench [-- --sizes 1e6,5e6,2e7,5e7 | --rows N] [--runs N] [--memory-limit 1GB] [--threads N]
// [--check-timeout 300] [--explain] [--keep]`: for each size, a synthetic bilateral-flows package of that
// many records (default 5 million) built and checked as any package is, against DuckDB alone reading the
// same file and computing the same comparisons. Progress on stderr; on stdout, a table of the cost at
// each size, then one JSON line per size: {"rows", "build_seconds", "check_seconds", "seconds",
// "duckdb_seconds", "ratio", "cpu_seconds", "duckdb_cpu_seconds", "cpu_ratio", "peak_rss_mb", "planted", "found", "failed_checks", "load"}. Exits 1 when a
// planted discrepancy is missed, a check fails or DuckDB alone fails, at any size.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { plantedFound, type FoundFigures } from "./found.ts";
import { generate } from "./generate.ts";
import type { OursResult } from "./ours.ts";

const USAGE = `usage: npm run bench -- [--sizes 1e6,5e6,2e7,5e7 | --rows N] [--runs N] [--memory-limit 1GB] [--threads N]
                     [--check-timeout 300] [--explain] [--keep]
  synthetic bulk packages of each size, built and checked, against DuckDB alone computing the same
  comparisons; a table and a JSON line per size on stdout; exit 1 when a planted discrepancy is missed
  or a check fails (docs/performance.md)`;
const parsed = (() => {
  try {
    return parseArgs({
      options: {
        rows: { type: "string" },
        sizes: { type: "string" },
        "memory-limit": { type: "string", default: "1GB" },
        threads: { type: "string" },
        "check-timeout": { type: "string", default: "300" },
        explain: { type: "boolean", default: false },
        runs: { type: "string" },
        keep: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
})();
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { values } = parsed;
const sizeOf = (text: string): number => {
  const n = Number(text.trim().replaceAll("_", ""));
  if (!Number.isInteger(n) || n < 1000) throw new Error(`a size is a whole number of records, at least 1000 (1e6 and 5_000_000 are read), got ${JSON.stringify(text)}`);
  return n;
};
const sizes = (values.sizes ?? values.rows ?? "5000000").split(",").map(sizeOf);
const checkTimeout = Number(values["check-timeout"]);
// Medians of three runs up to 5 million records; one run above, where one run takes minutes.
const runsAt = (rows: number): number => {
  if (values.runs === undefined) return rows <= 5_000_000 ? 3 : 1;
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a whole number of at least 1, got ${values.runs}`);
  return runs;
};
// Every DuckDB database of this process and its children (the build's, the checks', the baseline's).
process.env["MP_DUCKDB_MEMORY_LIMIT"] = values["memory-limit"];
if (values.threads) process.env["MP_DUCKDB_THREADS"] = values.threads;

const log = (line: string) => process.stderr.write(line + "\n");
const since = (t: number) => (performance.now() - t) / 1000;
const root = fileURLToPath(new URL("../", import.meta.url));
const checksFile = join(root, "checks", "checks.json");

/**
 * Run a script of bench/ in a process of its own: its last stdout line as JSON, or why there is none.
 * Its progress (stderr) is shown as it comes.
 */
const child = <T>(script: string, args: string[], timeoutSeconds?: number): Promise<T | { failed: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(root, "bench", script), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let stdout = "";
    let stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    p.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr = (stderr + d).slice(-20000);
      process.stderr.write(d);
    });
    let stopped = false;
    const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => {
      stopped = true;
      p.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    p.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (stopped) return resolve({ failed: `no result after ${timeoutSeconds} s (stopped)` });
      if (signal !== null) return resolve({ failed: `killed by ${signal}` });
      if (code !== 0) {
        const reason = stderr.split("\n").find((l) => /Error:/.test(l)) ?? stderr.trim().split("\n").at(-1) ?? `exit ${code}`;
        return resolve({ failed: reason.trim().slice(0, 300) });
      }
      resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as T);
    });
  });

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** The cost at one size, as printed in the JSON line. */
interface SizeResult {
  readonly rows: number;
  readonly runs: number;
  readonly build_seconds: number;
  readonly check_seconds: number;
  readonly seconds: number;
  readonly duckdb_seconds: number | null;
  readonly ratio: number | null;
  /** CPU seconds (user + system, every thread) of each side, and their ratio: on a shared machine the
   * wall clock counts the time each side waited for a core, the CPU time what it computed */
  readonly cpu_seconds: number;
  readonly duckdb_cpu_seconds: number | null;
  readonly cpu_ratio: number | null;
  readonly peak_rss_mb: number;
  readonly duckdb_peak_rss_mb: number | null;
  readonly planted: number;
  readonly found: number;
  readonly failed_checks: ReadonlyArray<string>;
  readonly duckdb_failed?: string;
  /** the machine's load average (1 minute) when the size started and when it ended */
  readonly load: readonly [number, number];
}

const measure = async (requested: number): Promise<SizeResult> => {
  const load0 = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), "mp-bench-"));
  try {
    let t = performance.now();
    log(`== ${requested} records: generating in ${dir} ...`);
    const g = generate(dir, requested);
    log(`generated ${g.rows} inflow records (${g.countries} countries x ${g.years.length} years x 3 sexes) in ${since(t).toFixed(1)} s`);
    const generatedFile = join(dir, "generated.json");
    writeFileSync(generatedFile, JSON.stringify(g));
    const waivers = join(dir, "waivers.csv");
    const corrections = join(dir, "corrections.csv");
    writeFileSync(waivers, "finding_id,reason,author,date,expires\n");
    writeFileSync(corrections, "obs_id,original,corrected,justification,author,date\n");
    const declared = (JSON.parse(readFileSync(checksFile, "utf8")) as { checks: Array<{ id: string; kind: string; enabled?: boolean }> }).checks.filter((c) => c.enabled !== false);
    const dbPath = join(dir, "warehouse", "bench.duckdb");

    /** One build and check run, as npm start makes them, in a process of its own. */
    const ours = async (): Promise<{ build: number; checks: number; cpu: number; found: number; peak: number; failed: string[] }> => {
      rmSync(dbPath, { force: true });
      const r = await child<OursResult>("ours.ts", ["--sources", g.sourcesDir, "--db", dbPath, "--checks", checksFile, "--waivers", waivers, "--corrections", corrections, ...(values.explain ? ["--explain"] : [])]);
      if ("failed" in r && !("build_seconds" in r)) {
        log(`build or checks: FAILED: ${r.failed}`);
        return { build: NaN, checks: NaN, cpu: NaN, found: 0, peak: 0, failed: [`build: ${r.failed}`] };
      }
      const run = r as OursResult;
      const findings: FoundFigures[] = [...run.findings];
      const failed: string[] = [];
      let peak = run.peak_rss_mb;
      if (run.failed !== undefined) {
        // one process per check, to say which fails (the run's time stays the failed run's)
        log(`running each check alone, in a process of its own`);
        for (const c of declared) {
          const one = await child<{ findings: FoundFigures[]; peak_rss_mb: number; seconds: number }>("checkOne.ts",
            ["--db", dbPath, "--checks", checksFile, "--waivers", waivers, "--corrections", corrections, "--only", c.id, ...(values.explain ? ["--explain"] : [])], checkTimeout);
          if ("failed" in one) {
            log(`check ${c.id} (${c.kind}): FAILED: ${one.failed}`);
            failed.push(`${c.id}: ${one.failed}`);
            continue;
          }
          peak = Math.max(peak, one.peak_rss_mb);
          findings.push(...one.findings);
          log(`check ${c.id} (${c.kind}): ${one.findings.length} finding(s) in ${one.seconds.toFixed(2)} s, peak ${one.peak_rss_mb} MB`);
        }
        if (failed.length === 0) failed.push(`all checks in one run: ${run.failed}`);
      }
      const found = plantedFound(g.planted, findings);
      log(`build ${run.build_seconds.toFixed(2)} s (peak ${run.build_peak_rss_mb} MB), checks ${run.check_seconds.toFixed(2)} s, CPU ${run.cpu_seconds.toFixed(2)} s, peak ${peak} MB; planted found: ${found.map((p) => p.id).join(", ") || "none"}`);
      for (const p of g.planted.filter((x) => !found.includes(x))) log(`  NOT FOUND: ${p.id} (${p.kind}): ${p.description}`);
      return { build: run.build_seconds, checks: run.check_seconds, cpu: run.cpu_seconds, found: found.length, peak, failed };
    };

    // Each side measured `runs` times, taking turns (drift on a shared machine falls on both), and the
    // median of each reported: one run alone varies by a tenth here from one minute to the next.
    const runs = runsAt(requested);
    const mine: Array<Awaited<ReturnType<typeof ours>>> = [];
    const alone: Array<{ seconds: number; cpu: number; peak: number } | { failed: string }> = [];
    for (let r = 1; r <= runs; r++) {
      log(`-- ${requested} records, run ${r} of ${runs} (load ${loadavg()[0]!.toFixed(2)})`);
      mine.push(await ours());
      const a = await child<{ seconds: number; cpu_seconds: number; counts: Record<string, number>; peak_rss_mb: number }>("alone.ts", ["--generated", generatedFile, "--db", join(dir, "alone.duckdb")]);
      if ("failed" in a) {
        log(`DuckDB alone: FAILED: ${a.failed}`);
        alone.push(a);
      } else {
        log(`DuckDB alone: ${a.seconds.toFixed(2)} s, CPU ${a.cpu_seconds.toFixed(2)} s, peak ${a.peak_rss_mb} MB (${Object.entries(a.counts).map(([k, v]) => `${k} ${v}`).join(", ")})`);
        alone.push({ seconds: a.seconds, cpu: a.cpu_seconds, peak: a.peak_rss_mb });
      }
    }
    const aloneOk = alone.filter((a): a is { seconds: number; cpu: number; peak: number } => !("failed" in a));
    const seconds = median(mine.map((o) => o.build + o.checks));
    const duckdbSeconds = aloneOk.length === alone.length ? median(aloneOk.map((a) => a.seconds)) : null;
    const cpuSeconds = median(mine.map((o) => o.cpu));
    const duckdbCpu = aloneOk.length === alone.length ? median(aloneOk.map((a) => a.cpu)) : null;
    const failedChecks = [...new Set(mine.flatMap((o) => o.failed))];
    const aloneFailed = alone.find((a): a is { failed: string } => "failed" in a);
    return {
      rows: g.rows,
      runs,
      build_seconds: round(median(mine.map((o) => o.build))),
      check_seconds: round(median(mine.map((o) => o.checks))),
      seconds: round(seconds),
      duckdb_seconds: duckdbSeconds === null ? null : round(duckdbSeconds),
      ratio: duckdbSeconds === null || !Number.isFinite(seconds) ? null : round(seconds / duckdbSeconds),
      cpu_seconds: round(cpuSeconds),
      duckdb_cpu_seconds: duckdbCpu === null ? null : round(duckdbCpu),
      cpu_ratio: duckdbCpu === null || !Number.isFinite(cpuSeconds) ? null : round(cpuSeconds / duckdbCpu),
      peak_rss_mb: Math.max(...mine.map((o) => o.peak)),
      duckdb_peak_rss_mb: aloneOk.length > 0 ? Math.max(...aloneOk.map((a) => a.peak)) : null,
      planted: g.planted.length,
      // every run must find every planted discrepancy
      found: Math.min(...mine.map((o) => o.found)),
      failed_checks: failedChecks,
      ...(aloneFailed !== undefined ? { duckdb_failed: aloneFailed.failed } : {}),
      load: [round(load0), round(loadavg()[0]!)],
    };
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
};

const results: SizeResult[] = [];
for (const size of sizes) {
  const r = await measure(size);
  results.push(r);
  log(JSON.stringify(r));
}

const fmt = (x: number | null, digits = 2) => (x === null || !Number.isFinite(x) ? "n/a" : x.toFixed(digits));
const lines = [
  "| records | runs | build s | checks s | build + checks s | DuckDB alone s | ratio | CPU s (ours / alone) | CPU ratio | peak RSS MB | planted / found | load (1 min) |",
  "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--|",
  ...results.map((r) =>
    `| ${r.rows.toLocaleString("en-US")} | ${r.runs} | ${fmt(r.build_seconds)} | ${fmt(r.check_seconds)} | ${fmt(r.seconds)} | ${fmt(r.duckdb_seconds)} | ${fmt(r.ratio)} | ${fmt(r.cpu_seconds)} / ${fmt(r.duckdb_cpu_seconds)} | ${fmt(r.cpu_ratio)} | ${r.peak_rss_mb} | ${r.planted} / ${r.found}${r.failed_checks.length > 0 ? ` (failed: ${r.failed_checks.map((f) => f.split(":")[0]).join(", ")})` : ""} | ${r.load[0].toFixed(1)} - ${r.load[1].toFixed(1)} |`),
];
process.stdout.write(lines.join("\n") + "\n");
for (const r of results) process.stdout.write(JSON.stringify(r) + "\n");
const bad = results.filter((r) => r.found < r.planted || r.failed_checks.length > 0 || r.duckdb_failed !== undefined);
for (const r of bad) log(`FAILED at ${r.rows} records: ${r.found} of ${r.planted} planted found${r.failed_checks.length > 0 ? `; failed: ${r.failed_checks.join("; ")}` : ""}${r.duckdb_failed !== undefined ? `; DuckDB alone: ${r.duckdb_failed}` : ""}`);
process.exitCode = bad.length > 0 ? 1 : 0;
