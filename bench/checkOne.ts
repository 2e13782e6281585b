// One check of the benchmark, in a process of its own (run by bench/run.ts): a check that runs out of
// memory or time is then reported as such while the others still run. Prints one JSON line: the
// seconds the check took, the observations each finding names (for counting planted discrepancies)
// and this process's peak memory.
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
  only: [values.only!],
  kinds,
});
process.stdout.write(
  JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    findings: report.findings.map((f) => ({ kind: f.kind, refs: f.observations.map((o) => o.ref) })),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
);
