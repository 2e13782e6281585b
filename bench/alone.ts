// DuckDB alone on a generated package, in a process of its own (started by bench/run.ts): the yardstick,
// timed inside the process like the workspace's run. Reads the generator's description of the package
// (--generated, a JSON file), keeps what it reads in a database file of its own (--db, removed after)
// and prints one JSON line: seconds, what each comparison counted, peak RSS.
import { readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { duckdbAlone } from "./baseline.ts";
import type { Generated } from "./generate.ts";

const { values } = parseArgs({ options: { generated: { type: "string" }, db: { type: "string" } } });
const g = JSON.parse(readFileSync(values.generated!, "utf8")) as Generated;
const t = performance.now();
const cpu0 = process.cpuUsage();
let counts: Record<string, number>;
try {
  counts = await duckdbAlone(g, { dbPath: values.db!, log: (line) => process.stderr.write(line + "\n") });
} finally {
  for (const f of [values.db!, `${values.db!}.wal`]) rmSync(f, { force: true });
}
const seconds = (performance.now() - t) / 1000;
// (user + system seconds of every thread: what the comparisons cost whatever else the machine runs)
const used = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ seconds, cpu_seconds: (used.user + used.system) / 1e6, counts, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }) + "\n");
