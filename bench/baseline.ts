// DuckDB alone: the same files read and the same comparisons computed in plain SQL over the raw columns,
// the yardstick of the benchmark.
import { quoteLiteral, Warehouse } from "../pipelines/core/duckdb.ts";
import type { Generated } from "./generate.ts";

/**
 * DuckDB alone: read the same files and compute what the checks compare, in plain SQL over the raw
 * columns: totals against their parts along both axes, the same figure twice, negative flows, year-on-
 * year factors, the two ends of a flow, partial periods, and the share of one statement.
 */
export const duckdbAlone = async (g: Generated, opts: { dbPath?: string; log?: (line: string) => void } = {}): Promise<Record<string, number>> => {
  const { inflowsFile: inflows, outflowsFile: outflows, share } = g;
  // A database file where given (the bench's): what DuckDB holds of the files then lives in it, not in
  // memory, as the workspace's warehouse does, and DuckDB alone runs at every size under the same limit
  // (with an in-memory database it ran out of memory at 50 million records).
  // DuckDB's defaults (the run's memory limit and threads aside): what a statistician gets without tuning.
  const wh = await Warehouse.open(opts.dbPath ?? ":memory:");
  const log = opts.log ?? (() => {});
  let t = performance.now();
  const step = (what: string) => {
    log(`DuckDB alone: ${what} (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    t = performance.now();
  };
  try {
    const read = (file: string, area: string, partner: string) =>
      `read_csv(${quoteLiteral(file)}, header = true, auto_detect = false, columns = {'${area}': 'VARCHAR', '${partner}': 'VARCHAR', 'year': 'VARCHAR', 'sex': 'VARCHAR', 'value': 'DOUBLE'})`;
    await wh.run(`CREATE OR REPLACE TABLE f AS SELECT * FROM ${read(inflows, "destination", "origin")}`);
    await wh.run(`CREATE OR REPLACE TABLE o AS SELECT * FROM ${read(outflows, "origin", "destination")}`);
    step("read the files");
    const queries: Record<string, string> = {
      total_rows: `SELECT destination, year, sex FROM f GROUP BY ALL
        HAVING abs(sum(value) FILTER (WHERE origin <> 'Total') - any_value(value) FILTER (WHERE origin = 'Total')) > 0.5 * count(*)`,
      total_columns: `SELECT destination, origin, year FROM f GROUP BY ALL
        HAVING abs(sum(value) FILTER (WHERE sex <> 'T') - any_value(value) FILTER (WHERE sex = 'T')) > 1.5`,
      // (grouped on a hash of the four key columns: grouped on the columns themselves, 50 million rows of
      // text ran out of memory at 1 GB in three runs of four; a collision can only add a group to look at)
      duplicates: `SELECT hash(destination, origin, year, sex) FROM f GROUP BY ALL HAVING count(*) > 1 AND max(value) - min(value) > 1`,
      negative: `SELECT * FROM f WHERE value < 0`,
      breaks: `SELECT * FROM (
          SELECT value AS v, lead(value) OVER (PARTITION BY destination, origin, sex ORDER BY year) AS n FROM f
        ) WHERE greatest(abs(v), abs(n)) >= 100 AND v * n > 0 AND greatest(abs(v), abs(n)) > 3 * least(abs(v), abs(n))`,
      mirror: `SELECT * FROM o JOIN f USING (origin, destination, year, sex) WHERE abs(o.value - f.value) > 0.1 * greatest(abs(o.value), abs(f.value)) + 1`,
      partial: `SELECT * FROM o WHERE NOT regexp_full_match(year, '[0-9]{4}')`,
      share: `SELECT * FROM (SELECT (SELECT value FROM f WHERE destination || ' / ' || origin || '/' || year || ' / ' || sex = ${quoteLiteral(share.f)}) /
          (SELECT value FROM f WHERE destination || ' / ' || origin || '/' || year || ' / ' || sex = ${quoteLiteral(share.t)}) AS s) WHERE abs(s * 100 - ${share.stated}) > 0.05`,
    };
    const counts: Record<string, number> = {};
    for (const [name, sql] of Object.entries(queries)) {
      counts[name] = Number((await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${sql})`))[0]!.n);
      step(name);
    }
    return counts;
  } finally {
    wh.close();
  }
};
