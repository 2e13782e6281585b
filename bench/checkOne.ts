// The checks of the benchmark in a process of their own (run by bench/run.ts): all of them, as
// `npm run check` runs them, or one (--only ID), so that a check that runs out of memory or time is
// reported as such while the others still run. Prints one JSON line: the seconds the run took, each
// check's seconds and findings, the observations each finding names (for counting planted
// discrepancies) and this process's peak memory.
import { parseArgs } from "node:util";
import { loadKinds, runChecks } from "../checks/runner.ts";
import type { CheckKind } from "../checks/types.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    checks: { type: "string" },
    waivers: { type: "string" },
    corrections: { type: "string" },
    only: { type: "string" },
    explain: { type: "boolean", default: false },
  },
});

// Explanations search the rows around a failure (hierarchy's enumerates subsets of every row of the
// failing column, which at millions of records does not end); the benchmark measures detection.
const kinds = new Map([...(await loadKinds())].map(([name, kind]): [string, CheckKind] => [name, values.explain ? kind : { ...kind, explain: undefined }]));
const started = performance.now();
const report = await runChecks({
  dbPath: values.db!,
  checksFile: values.checks!,
  waiversFile: values.waivers!,
  correctionsFile: values.corrections!,
  ...(values.only !== undefined ? { only: [values.only] } : {}),
  kinds,
});
process.stdout.write(
  JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    checks: report.checks.map((c) => ({ id: c.id, kind: c.kind, seconds: c.seconds, findings: c.findings })),
    findings: report.findings.map((f) => ({ kind: f.kind, refs: f.observations.map((o) => o.ref) })),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
);
