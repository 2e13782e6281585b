// `npm run bench [-- --rows N] [--runs 3] [--memory-limit 1GB] [--threads N] [--check-timeout 300] [--explain] [--keep]`:
// a synthetic bilateral-flows package of N records (default 5 million) built and checked as any package
// is, against DuckDB alone reading the same file and computing the same comparisons. Progress on stderr;
// the last stdout line is {"rows", "seconds", "duckdb_seconds", "ratio", "peak_rss_mb", "planted", "found"}.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadKinds, runChecks } from "../checks/runner.ts";
import type { CheckKind } from "../checks/types.ts";
import { build } from "../pipelines/load/build.ts";
import { duckdbAlone } from "./baseline.ts";
import { plantedFound, type FoundFigures } from "./found.ts";
import { generate } from "./generate.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "5000000" },
    "memory-limit": { type: "string", default: "1GB" },
    threads: { type: "string" },
    "check-timeout": { type: "string", default: "300" },
    explain: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000) throw new Error(`--rows: a whole number of at least 1000, got ${values.rows}`);
const checkTimeout = Number(values["check-timeout"]);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a whole number of at least 1, got ${values.runs}`);
// Every DuckDB database of this process and its children (the build's, the checks', the baseline's).
process.env["MP_DUCKDB_MEMORY_LIMIT"] = values["memory-limit"];
if (values.threads) process.env["MP_DUCKDB_THREADS"] = values.threads;

const log = (line: string) => process.stderr.write(line + "\n");
const since = (t: number) => (performance.now() - t) / 1000;
const root = fileURLToPath(new URL("../", import.meta.url));
const checksFile = join(root, "checks", "checks.json");

interface CheckResult {
  readonly seconds: number;
  readonly checks: ReadonlyArray<{ id: string; kind: string; seconds: number; findings: number }>;
  readonly findings: ReadonlyArray<FoundFigures>;
  readonly peak_rss_mb: number;
}

/** Run the declared checks (or one) in a child process (bench/checkOne.ts): the result, or why there is none. */
const runCheck = (dir: string, dbPath: string, id?: string): CheckResult | { failed: string; seconds: number } => {
  const t = performance.now();
  const args = ["--import", "tsx", join(root, "bench", "checkOne.ts"), "--db", dbPath, "--checks", checksFile, "--waivers", join(dir, "waivers.csv"), "--corrections", join(dir, "corrections.csv"), ...(id !== undefined ? ["--only", id] : [])];
  if (values.explain) args.push("--explain");
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: checkTimeout * 1000, killSignal: "SIGKILL", maxBuffer: 1 << 28 });
  const seconds = since(t);
  if (r.error !== undefined || r.signal !== null) return { failed: r.signal === "SIGKILL" ? `no result after ${checkTimeout} s (stopped)` : String(r.error ?? r.signal), seconds };
  if (r.status !== 0) {
    const reason = r.stderr.split("\n").find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? r.stderr.trim().split("\n").at(-1) ?? `exit ${r.status}`;
    return { failed: reason.trim().slice(0, 200), seconds };
  }
  // the wall time of the whole process (start-up included), as a user waits for npm run check
  return { ...(JSON.parse(r.stdout.trim().split("\n").at(-1)!) as CheckResult), seconds };
};

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "mp-bench-"));
  try {
    let t = performance.now();
    log(`generating ${rows} records in ${dir} ...`);
    const g = generate(dir, rows);
    log(`generated ${g.rows} inflow records (${g.countries} countries x ${g.years.length} years x 3 sexes) in ${since(t).toFixed(1)} s`);

    writeFileSync(join(dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
    writeFileSync(join(dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    const declared = (JSON.parse(readFileSync(checksFile, "utf8")) as { checks: Array<{ id: string; kind: string; enabled?: boolean }> }).checks.filter((c) => c.enabled !== false);
    const dbPath = join(dir, "warehouse", "bench.duckdb");

    /** One build and check run, as npm start makes them: its seconds and what the checks found. */
    const buildAndCheck = async (): Promise<{ build: number; checks: number; found: number; childPeak: number }> => {
      rmSync(dbPath, { force: true });
      let t = performance.now();
      const built = await build({ sourcesDir: g.sourcesDir, dbPath, log });
      const buildSeconds = since(t);
      log(`build: ${buildSeconds.toFixed(2)} s, ${built.observations} observations`);
      // All checks in this process, as the build ran and as DuckDB alone runs below: what is timed is the
      // work (opening the warehouse, every check, looking up the figures of the findings, storing them),
      // not Node's start-up. Explanations search rows around each failure; the benchmark measures detection.
      let checkSeconds = 0;
      let childPeak = 0;
      const findings: FoundFigures[] = [];
      t = performance.now();
      const all = await runChecks({
        dbPath, checksFile, waiversFile: join(dir, "waivers.csv"), correctionsFile: join(dir, "corrections.csv"),
        kinds: new Map([...(await loadKinds())].map(([name, kind]): [string, CheckKind] => [name, values.explain ? kind : { ...kind, explain: undefined }])),
      }).catch((e: unknown) => ({ failed: String((e as Error).message ?? e).split("\n")[0]!.slice(0, 200) }));
      if (!("failed" in all)) {
        checkSeconds = since(t);
        findings.push(...all.findings.map((f) => ({ kind: f.kind, refs: f.observations.map((o) => o.ref) })));
        for (const c of all.checks) log(`check ${c.id} (${c.kind}): ${c.findings} finding(s) in ${c.seconds.toFixed(2)} s`);
        log(`checks: ${checkSeconds.toFixed(2)} s in all`);
      } else {
        // one process per check, to say which one fails; the sum of their times is the checks' time
        checkSeconds = since(t);
        log(`checks: FAILED after ${checkSeconds.toFixed(2)} s: ${all.failed}; running each check alone, in a process of its own`);
        for (const c of declared) {
          const r = runCheck(dir, dbPath, c.id);
          if ("failed" in r) {
            log(`check ${c.id} (${c.kind}): FAILED after ${r.seconds.toFixed(2)} s: ${r.failed}`);
            continue;
          }
          childPeak = Math.max(childPeak, r.peak_rss_mb);
          findings.push(...r.findings);
          log(`check ${c.id} (${c.kind}): ${r.findings.length} finding(s) in ${r.seconds.toFixed(2)} s, peak ${r.peak_rss_mb} MB`);
        }
      }
      const found = plantedFound(g.planted, findings);
      log(`checks: ${checkSeconds.toFixed(2)} s; planted found: ${found.map((p) => p.id).join(", ") || "none"}`);
      for (const p of g.planted.filter((x) => !found.includes(x))) log(`  NOT FOUND: ${p.id} (${p.kind}): ${p.description}`);
      return { build: buildSeconds, checks: checkSeconds, found: found.length, childPeak };
    };

    // Each side measured `runs` times, taking turns (drift on a shared machine falls on both), and the
    // median of each reported: one run alone varies by a tenth here from one minute to the next.
    const ours: Array<Awaited<ReturnType<typeof buildAndCheck>>> = [];
    const alone: number[] = [];
    for (let r = 1; r <= runs; r++) {
      log(`-- run ${r} of ${runs}`);
      ours.push(await buildAndCheck());
      t = performance.now();
      const counts = await duckdbAlone(g);
      alone.push(since(t));
      log(`DuckDB alone: ${alone.at(-1)!.toFixed(2)} s (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")})`);
    }
    const median = (xs: ReadonlyArray<number>): number => {
      const s = [...xs].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    const seconds = median(ours.map((o) => o.build + o.checks));
    const duckdbSeconds = median(alone);
    log(`build + checks: ${ours.map((o) => (o.build + o.checks).toFixed(2)).join(", ")} s (median ${seconds.toFixed(2)}); DuckDB alone: ${alone.map((x) => x.toFixed(2)).join(", ")} s (median ${duckdbSeconds.toFixed(2)})`);
    const result = {
      rows: g.rows,
      seconds: Number(seconds.toFixed(2)),
      duckdb_seconds: Number(duckdbSeconds.toFixed(2)),
      ratio: Number((seconds / duckdbSeconds).toFixed(2)),
      peak_rss_mb: Math.max(Math.round(process.resourceUsage().maxRSS / 1024), ...ours.map((o) => o.childPeak)),
      planted: g.planted.length,
      // every run must find every planted discrepancy
      found: Math.min(...ours.map((o) => o.found)),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
};

await main();
