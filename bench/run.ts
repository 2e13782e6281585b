// `npm run bench [-- --rows N] [--memory-limit 1GB] [--threads N] [--keep]`: a synthetic bilateral-flows
// package of N records (default 5 million) built and checked as any package is, against DuckDB alone
// reading the same file and computing the same comparisons. Progress on stderr; the last stdout line is
// {"rows", "seconds", "duckdb_seconds", "ratio", "peak_rss_mb", "planted", "found"}.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadKinds, runChecks } from "../checks/runner.ts";
import type { CheckKind } from "../checks/types.ts";
import { build } from "../pipelines/load/build.ts";
import { quoteLiteral, Warehouse } from "../pipelines/load/duckdb.ts";
import { plantedFound } from "./found.ts";
import { generate } from "./generate.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "5000000" },
    "memory-limit": { type: "string", default: "1GB" },
    threads: { type: "string" },
    keep: { type: "boolean", default: false },
    explain: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000) throw new Error(`--rows: a whole number of at least 1000, got ${values.rows}`);
// Every DuckDB database of this process (the build's, the checks', the baseline's) gets these bounds.
process.env["MP_DUCKDB_MEMORY_LIMIT"] = values["memory-limit"];
if (values.threads) process.env["MP_DUCKDB_THREADS"] = values.threads;

const log = (line: string) => process.stderr.write(line + "\n");
const since = (t: number) => (performance.now() - t) / 1000;
const checksFile = fileURLToPath(new URL("../checks/checks.json", import.meta.url));

/**
 * DuckDB alone: read the same files and compute what the checks compare, in plain SQL over the raw
 * columns: totals against their parts along both axes, the same figure twice, negative flows, year-on-
 * year factors, the two ends of a flow, partial periods, and the share of one statement.
 */
const baseline = async (inflows: string, outflows: string, share: { f: string; t: string; stated: number }): Promise<Record<string, number>> => {
  const wh = await Warehouse.open();
  try {
    const read = (file: string, area: string, partner: string) =>
      `read_csv(${quoteLiteral(file)}, header = true, auto_detect = false, columns = {'${area}': 'VARCHAR', '${partner}': 'VARCHAR', 'year': 'VARCHAR', 'sex': 'VARCHAR', 'value': 'DOUBLE'})`;
    await wh.run(`CREATE TEMP TABLE f AS SELECT * FROM ${read(inflows, "destination", "origin")}`);
    await wh.run(`CREATE TEMP TABLE o AS SELECT * FROM ${read(outflows, "origin", "destination")}`);
    const count = async (sql: string) => Number((await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${sql})`))[0]!.n);
    return {
      total_rows: await count(`SELECT destination, year, sex FROM f GROUP BY ALL
        HAVING abs(sum(value) FILTER (WHERE origin <> 'Total') - any_value(value) FILTER (WHERE origin = 'Total')) > 0.5 * count(*)`),
      total_columns: await count(`SELECT destination, origin, year FROM f GROUP BY ALL
        HAVING abs(sum(value) FILTER (WHERE sex <> 'T') - any_value(value) FILTER (WHERE sex = 'T')) > 1.5`),
      duplicates: await count(`SELECT destination, origin, year, sex FROM f GROUP BY ALL HAVING count(*) > 1 AND max(value) - min(value) > 1`),
      negative: await count(`SELECT * FROM f WHERE value < 0`),
      breaks: await count(`SELECT * FROM (
          SELECT value AS v, lead(value) OVER (PARTITION BY destination, origin, sex ORDER BY year) AS n FROM f
        ) WHERE greatest(abs(v), abs(n)) >= 100 AND v * n > 0 AND greatest(abs(v), abs(n)) > 3 * least(abs(v), abs(n))`),
      mirror: await count(`SELECT * FROM o JOIN f USING (origin, destination, year, sex) WHERE abs(o.value - f.value) > 0.1 * greatest(abs(o.value), abs(f.value)) + 1`),
      partial: await count(`SELECT * FROM o WHERE NOT regexp_full_match(year, '[0-9]{4}')`),
      share: await count(`SELECT * FROM (SELECT (SELECT value FROM f WHERE destination || ' / ' || origin || '/' || year || ' / ' || sex = ${quoteLiteral(share.f)}) /
          (SELECT value FROM f WHERE destination || ' / ' || origin || '/' || year || ' / ' || sex = ${quoteLiteral(share.t)}) AS s) WHERE abs(s * 100 - ${share.stated}) > 0.05`),
    };
  } finally {
    wh.close();
  }
};

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "mp-bench-"));
  try {
    let t = performance.now();
    log(`generating ${rows} records in ${dir} ...`);
    const g = generate(dir, rows);
    log(`generated ${g.rows} inflow records (${g.countries} countries x ${g.years.length} years x 3) in ${since(t).toFixed(1)} s`);

    const dbPath = join(dir, "warehouse", "bench.duckdb");
    t = performance.now();
    const built = await build({ sourcesDir: g.sourcesDir, dbPath, log });
    const buildSeconds = since(t);
    log(`build: ${buildSeconds.toFixed(2)} s, ${built.observations} observations`);

    writeFileSync(join(dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
    writeFileSync(join(dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    t = performance.now();
    // Explanations search the rows around a failure; hierarchy's enumerates subsets of every row of the
    // failing column, which at this size does not end. Detection is what is measured: off unless --explain.
    const kinds = new Map([...(await loadKinds())].map(([name, kind]): [string, CheckKind] => [name, values.explain ? kind : { ...kind, explain: undefined }]));
    const report = await runChecks({ dbPath, checksFile, waiversFile: join(dir, "waivers.csv"), correctionsFile: join(dir, "corrections.csv"), log, kinds });
    const checkSeconds = since(t);
    const found = plantedFound(g.planted, report.findings);
    log(`checks: ${checkSeconds.toFixed(2)} s, ${report.findings.length} finding(s); planted found: ${found.map((p) => p.id).join(", ") || "none"}`);
    for (const p of g.planted.filter((x) => !found.includes(x))) log(`  NOT FOUND: ${p.id} (${p.kind}): ${p.description}`);

    t = performance.now();
    const alone = await baseline(g.inflowsFile, join(g.packageDir, "tables", "outflows.csv"), g.share);
    const duckdbSeconds = since(t);
    log(`DuckDB alone: ${duckdbSeconds.toFixed(2)} s (${Object.entries(alone).map(([k, v]) => `${k} ${v}`).join(", ")})`);

    const seconds = buildSeconds + checkSeconds;
    const result = {
      rows: g.rows,
      seconds: Number(seconds.toFixed(2)),
      duckdb_seconds: Number(duckdbSeconds.toFixed(2)),
      ratio: Number((seconds / duckdbSeconds).toFixed(2)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      planted: g.planted.length,
      found: found.length,
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
};

await main();
