// One run of the workspace on a generated package, in a process of its own (started by bench/run.ts):
// the build, then every check in one run as `npm start` makes them. Timed inside the process, so that
// Node's start-up is not counted; the process's peak memory is what the build and the checks needed.
// Prints one JSON line: build and check seconds, each check's seconds, the observations each finding
// names (for counting planted discrepancies), and the peak RSS; or why the checks failed.
import { parseArgs } from "node:util";
import { loadKinds, runChecks } from "../checks/runner.ts";
import type { CheckKind } from "../checks/types.ts";
import { build } from "../pipelines/load/build.ts";
import type { FoundFigures } from "./found.ts";

const { values } = parseArgs({
  options: {
    sources: { type: "string" },
    db: { type: "string" },
    checks: { type: "string" },
    waivers: { type: "string" },
    corrections: { type: "string" },
    explain: { type: "boolean", default: false },
  },
});

/** What one run measured. */
export interface OursResult {
  readonly build_seconds: number;
  readonly observations: number;
  readonly check_seconds: number;
  readonly checks: ReadonlyArray<{ id: string; kind: string; seconds: number; findings: number }>;
  readonly findings: ReadonlyArray<FoundFigures>;
  /** why the checks did not complete (each is then run alone by bench/run.ts, to say which) */
  readonly failed?: string;
  readonly peak_rss_mb: number;
  /** the peak when the build ended (the checks' own peak is peak_rss_mb when it is higher) */
  readonly build_peak_rss_mb: number;
  /** CPU seconds (user + system, every thread) of the build and the checks: less sensitive to other work on the machine than the wall clock */
  readonly cpu_seconds: number;
}

const log = (line: string) => process.stderr.write(line + "\n");
const since = (t: number) => (performance.now() - t) / 1000;
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpu0 = process.cpuUsage();
const cpu = () => {
  const u = process.cpuUsage(cpu0);
  return (u.user + u.system) / 1e6;
};

let t = performance.now();
const built = await build({ sourcesDir: values.sources!, dbPath: values.db!, log });
const buildSeconds = since(t);
const buildPeak = peak();
const buildCpu = cpu();
log(`build: ${buildSeconds.toFixed(2)} s (CPU ${buildCpu.toFixed(2)} s), ${built.observations} observations, peak ${buildPeak} MB`);
// Explanations search rows around each failure; the benchmark measures detection.
const kinds = new Map([...(await loadKinds())].map(([name, kind]): [string, CheckKind] => [name, values.explain ? kind : { ...kind, explain: undefined }]));
t = performance.now();
let result: OursResult;
try {
  const report = await runChecks({ dbPath: values.db!, checksFile: values.checks!, waiversFile: values.waivers!, correctionsFile: values.corrections!, kinds });
  const checkSeconds = since(t);
  for (const c of report.checks) log(`check ${c.id} (${c.kind}): ${c.findings} finding(s) in ${c.seconds.toFixed(2)} s`);
  log(`checks: ${checkSeconds.toFixed(2)} s in all (CPU ${(cpu() - buildCpu).toFixed(2)} s)`);
  result = {
    build_seconds: buildSeconds, observations: built.observations, check_seconds: checkSeconds,
    checks: report.checks.map((c) => ({ id: c.id, kind: c.kind, seconds: c.seconds, findings: c.findings })),
    findings: report.findings.map((f) => ({ kind: f.kind, refs: f.observations.map((o) => o.ref) })),
    peak_rss_mb: peak(),
    build_peak_rss_mb: buildPeak,
    cpu_seconds: cpu(),
  };
} catch (e) {
  const failed = String((e as Error).message ?? e).split("\n")[0]!.slice(0, 300);
  log(`checks: FAILED after ${since(t).toFixed(2)} s: ${failed}`);
  result = { build_seconds: buildSeconds, observations: built.observations, check_seconds: since(t), checks: [], findings: [], failed, peak_rss_mb: peak(), build_peak_rss_mb: buildPeak, cpu_seconds: cpu() };
}
process.stdout.write(JSON.stringify(result) + "\n");
