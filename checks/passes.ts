// The passes of a check run: the checks on the figures as printed and, with corrections, again on the
// corrected figures (the two at once), and what the two passes say together.
import * as Schema from "effect/Schema";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Warehouse } from "../pipelines/core/duckdb.ts";
import { observationsCleanSql } from "../pipelines/load/corrections.ts";
import { CheckSqlError } from "./errors.ts";
import type { CheckRun } from "./model.ts";
import { MATERIALIZED, runAll, type RawFinding } from "./runCheck.ts";
import type { CheckDeclaration, CheckKind } from "./types.ts";

export const DEFAULT_SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url));

/**
 * Up to this many observations, check_observations is computed once per pass into a temporary table of the
 * same name (which hides the view): each check query then binds a table instead of the stack of views and
 * macros, which costs more than running it on a few thousand figures. Larger warehouses keep the view, whose
 * filters each check pushes down to what it reads.
 */
export const SMALL_WAREHOUSE = 50_000;

/** observations_clean with nothing corrected (the build's own definition): the printed pass, rolled back after it. */
const PRINTED_CLEAN_VIEW = observationsCleanSql(false);

/** What the passes found together. */
export interface PassesResult {
  /** the corrected pass's findings and those a correction resolves (the printed pass's alone without corrections) */
  readonly findings: ReadonlyArray<RawFinding>;
  readonly runs: ReadonlyArray<CheckRun>;
  /** findings only the figures as printed give: a correction resolves them */
  readonly resolved: ReadonlyMap<string, RawFinding>;
  /** ids of findings only the corrected figures give: a correction may be wrong */
  readonly introduced: ReadonlySet<string>;
}

/** Run the selected checks once (`twoPasses` false) or on the printed and the corrected figures. */
export const runPasses = async (
  wh: Warehouse,
  kinds: ReadonlyMap<string, CheckKind>,
  selected: ReadonlyArray<CheckDeclaration>,
  o: { readonly sqlDir: string; readonly twoPasses: boolean; readonly small: boolean; readonly log: (line: string) => void },
): Promise<PassesResult> => {
  const { sqlDir, twoPasses, small, log } = o;
  // (the printed pass runs in a transaction that is rolled back: the build's observations_clean is
  // replaced by the figures as printed only for it, and stays whatever happens)
  let printed: Awaited<ReturnType<typeof runAll>>;
  let clean: Awaited<ReturnType<typeof runAll>> | undefined;
  // Two connections, whose queries run side by side: a check's query leaves a core idle while DuckDB
  // binds and plans it, and in the operators it runs on one thread; the other connection's query uses it
  // (a third off the checks at a million records, a sixth at five). The views and macros are created on
  // the first before the second starts, so both see them; what a check keeps (temporary tables,
  // variables) is its connection's own.
  await runSqlDir(wh, sqlDir);
  const other = await wh.connectAgain();
  try {
    if (twoPasses) {
      // The two passes at once, one on each connection (the printed one in its rolled-back transaction,
      // which the other does not see). Each pass's log is written after both, one pass after the other.
      const printedLog: string[] = [];
      const cleanLog: string[] = [];
      const settled = await Promise.allSettled([
        (async () => {
          await other.run("BEGIN TRANSACTION");
          try {
            await other.run(PRINTED_CLEAN_VIEW);
            await runSqlDir(other, sqlDir);
            await materializeSmall(other, small);
            return await runAll([other], kinds, selected, (l) => printedLog.push(l), "as printed");
          } finally {
            await other.run("ROLLBACK");
          }
        })(),
        (async () => {
          await materializeSmall(wh, small);
          return runAll([wh], kinds, selected, (l) => cleanLog.push(l), "corrected");
        })(),
      ]);
      for (const line of [...printedLog, ...cleanLog]) log(line);
      for (const s of settled) if (s.status === "rejected") throw s.reason;
      printed = (settled[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof runAll>>>).value;
      clean = (settled[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof runAll>>>).value;
    } else {
      // one pass, its checks shared by the two connections
      await Promise.all([materializeSmall(wh, small), materializeSmall(other, small)]);
      printed = await runAll([wh, other], kinds, selected, log, "");
    }
  } finally {
    other.close();
  }
  let findings = printed.findings;
  let runs = printed.runs;
  const resolved = new Map<string, RawFinding>();
  const introduced = new Set<string>();
  if (clean !== undefined) {
    const cleanIds = new Set(clean.findings.map((f) => f.id));
    const printedIds = new Set(printed.findings.map((f) => f.id));
    for (const f of printed.findings) if (!cleanIds.has(f.id)) resolved.set(f.id, f);
    for (const f of clean.findings) if (!printedIds.has(f.id)) introduced.add(f.id);
    findings = [...clean.findings, ...resolved.values()];
    runs = clean.runs.map((r, i) => {
      const extra = [...resolved.values()].filter((f) => f.check === r.id).length;
      return { ...r, findings: r.findings + extra, seconds: r.seconds + printed.runs[i]!.seconds };
    });
  }

  await dropMaterialized(wh);
  return { findings, runs, resolved, introduced };
};

const materializeSmall = async (wh: Warehouse, small: boolean): Promise<void> => {
  if (!small) return;
  // (a test's own checks/sql/ may not create the view)
  const view = await wh.rows(Schema.Struct({}), `SELECT 1 FROM duckdb_views() WHERE view_name = '${MATERIALIZED}' AND database_name = current_database() AND schema_name = 'main'`);
  if (view.length === 0) return;
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${MATERIALIZED} AS SELECT * FROM main.${MATERIALIZED}`);
};

const dropMaterialized = async (wh: Warehouse): Promise<void> => {
  await wh.run(`DROP TABLE IF EXISTS temp.main.${MATERIALIZED}`);
};

const runSqlDir = async (wh: Warehouse, dir: string): Promise<void> => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    const text = readFileSync(join(dir, name), "utf8");
    try {
      await wh.run(text);
    } catch (e) {
      throw new CheckSqlError(join(dir, name), (e as Error).message);
    }
  }
};
