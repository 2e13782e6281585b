// The check runner: read the configuration (pure), then check that the corrections are those the build
// applied, run checks/sql/, compile and run every enabled check (on the figures as printed, then on the
// corrected ones), explain, waive, and store the findings in the warehouse.
import * as Schema from "effect/Schema";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFreeSpace } from "../pipelines/core/fsErrors.ts";
import { InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { openFailureReason, Warehouse } from "../pipelines/core/duckdb.ts";
import { acquireBuildLock } from "../pipelines/load/buildLock.ts";
import { countObservations, missingFromSchema } from "../pipelines/load/schema.ts";
import { readCorrections, readPackageCorrections } from "../pipelines/manifest/corrections.ts";
import { readChecksFile, readWaivers } from "./config.ts";
import { CheckRunError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError, WarehouseReplacedError } from "./errors.ts";
import { observationsById } from "./findingObservations.ts";
import { createLookupMacros } from "./lookups.ts";
import { packageOf, SEVERITY_RANK, summarize, type AppliedCorrection, type CheckReport, type Finding } from "./model.ts";
import { DEFAULT_SQL_DIR, runPasses, SMALL_WAREHOUSE } from "./passes.ts";
import { checkMeasureParams, compareCorrections, duplicatesAcross, fileIdentity, packageWaivers } from "./preflight.ts";
import { seconds } from "./runCheck.ts";
import { storeFindings } from "./storeFindings.ts";
import type { CheckKind } from "./types.ts";
import { applyWaivers } from "./waivers.ts";

export { DEFAULT_SQL_DIR } from "./passes.ts";
const KINDS_MODULE = new URL("./kinds/index.ts", import.meta.url);

export interface RunChecksOptions {
  readonly dbPath: string;
  readonly checksFile: string;
  readonly waiversFile: string;
  /**
   * the shared corrections file the warehouse was built with (compared with what the build stored, never
   * applied: the build creates observations_clean); none when absent
   */
  readonly correctionsFile?: string | undefined;
  /** YYYY-MM-DD; waivers expiring before it no longer waive (default: today, local time) */
  readonly today?: string;
  /** run only these check ids (disabled ones included); unmatched waivers are then not reported */
  readonly only?: ReadonlyArray<string>;
  /** the kind registry (default: `kinds` of checks/kinds/index.ts); tests inject fakes */
  readonly kinds?: ReadonlyMap<string, CheckKind>;
  /** SQL run before the checks, in file-name order (default: checks/sql/) */
  readonly sqlDir?: string;
  /** progress and timings (stderr in the CLI) */
  readonly log?: (line: string) => void;
  /**
   * report only the findings of these packages (a finding comparing figures of several counts in each);
   * the checks still run over every package, and unmatched waivers are then not reported
   */
  readonly packages?: ReadonlyArray<string>;
  /**
   * up to this many observations, each pass reads check_observations from a temporary table and DuckDB
   * runs on one thread (default 50,000); above it, the view and every core
   */
  readonly smallWarehouse?: number;
  /** free bytes required beside the warehouse before anything is written (default: 16 MiB + a tenth of its size) */
  readonly minFreeBytes?: number;
}

/** Today's date in local time, YYYY-MM-DD. */
export const localToday = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;

/** The registry of checks/kinds/index.ts, loaded lazily so that the runner works while kinds are written. */
export const loadKinds = async (): Promise<ReadonlyMap<string, CheckKind>> => {
  if (!existsSync(fileURLToPath(KINDS_MODULE))) throw new NoKindsError("the file does not exist");
  const mod = (await import(KINDS_MODULE.href)) as { kinds?: unknown };
  if (!(mod.kinds instanceof Map)) throw new NoKindsError("no `kinds` Map exported");
  return mod.kinds as ReadonlyMap<string, CheckKind>;
};

/**
 * Run the checks against a built warehouse. Throws InputErrors for bad configuration (checks.json,
 * waivers.csv, corrections.csv: each error names file, line and column), NoWarehouseError when the
 * warehouse is missing, and CheckRunError when a kind breaks its contract. Findings are returned and
 * stored in the warehouse tables `findings` and `finding_observations`.
 */
export const runChecks = async (opts: RunChecksOptions): Promise<CheckReport> => {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const today = opts.today ?? localToday();
  // The first thing to fix comes first: without a warehouse nothing else matters yet.
  if (!existsSync(opts.dbPath)) throw new NoWarehouseError(opts.dbPath);
  const kinds = opts.kinds ?? (await loadKinds());

  // Parse: everything that can be checked without the warehouse, all errors at once.
  const checksRead = readChecksFile(opts.checksFile, opts.checksFile, kinds);
  const waiversRead = readWaivers(opts.waiversFile, opts.waiversFile);
  // the shared corrections, read again for their places (the build applied them; they are compared below)
  const sharedCorrections = opts.correctionsFile === undefined ? { corrections: [], errors: [] } : readCorrections(opts.correctionsFile, opts.correctionsFile);
  const errors: InputError[] = [...checksRead.errors, ...waiversRead.errors, ...sharedCorrections.errors];
  const declared = new Set(checksRead.checks.map((c) => c.check.id));
  for (const id of opts.only ?? []) {
    if (checksRead.errors.length === 0 && !declared.has(id)) {
      errors.push({ code: "unknown-check", file: opts.checksFile, line: 0, column: 0, cell: id, expected: `a check id declared in ${opts.checksFile}` });
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  const selected = checksRead.checks
    .map((c) => c.check)
    .filter((c) => (opts.only !== undefined ? opts.only.includes(c.id) : c.enabled !== false));

  // A full disk must be caught here: DuckDB failing to write its log can abort the whole process.
  ensureFreeSpace(dirname(resolve(opts.dbPath)), opts.minFreeBytes ?? 16 * 2 ** 20 + Math.ceil(statSync(opts.dbPath).size / 10));
  // The check holds the warehouse's lock while it runs: a build can neither replace the file under it nor
  // start before its findings are stored, so the findings belong to the file they were computed from.
  const release = acquireBuildLock(opts.dbPath, "check");
  let wh: Warehouse;
  let identity: string;
  // (decided once the warehouse is open, before its configuration is locked)
  let small = false;
  try {
    identity = fileIdentity(opts.dbPath);
    // writable (corrections, views, findings) but closed: no file outside the warehouse, no extension
    // Every check's rows are sorted where order matters (ORDER BY, then in TypeScript): DuckDB need not
    // keep the order of what it reads, which lets its operators stream and spill with less memory.
    // A small warehouse is checked on one thread: its queries are planning and a few thousand rows, which
    // threads only slow down with their coordination (about a third of each query's time). Small is counted
    // in observations, not bytes: a bulk file of a million records is a file of a few megabytes.
    wh = await Warehouse.openLocked(opts.dbPath, {
      readOnly: false,
      settings: { preserve_insertion_order: "false" },
      beforeLock: async (w) => {
        // (undefined: a warehouse of an earlier version, reported once it is open)
        const observations = await countObservations(w);
        small = observations !== undefined && observations <= (opts.smallWarehouse ?? SMALL_WAREHOUSE);
        if (small) await w.run("SET threads = 1");
      },
    });
  } catch (e) {
    release();
    throw new WarehouseOpenError(opts.dbPath, openFailureReason(e, opts.dbPath));
  }
  try {
    const missing = await missingFromSchema(wh);
    if (missing.length > 0) throw new OutdatedWarehouseError(opts.dbPath, missing);
    const loaded = (await wh.rows(Schema.Struct({ package: Schema.String }), "SELECT package FROM packages ORDER BY package")).map((r) => r.package);
    const unknown = (opts.packages ?? []).filter((p) => !loaded.includes(p));
    if (unknown.length > 0) {
      throw new InputErrors(unknown.map((p) => ({ code: "unknown-package", file: opts.dbPath, line: 0, column: 0, cell: p, expected: `a package of the warehouse: ${loaded.join(", ") || "none is loaded"}` })));
    }
    await checkMeasureParams(wh, checksRead.checks.filter((c) => selected.includes(c.check)), opts.checksFile, kinds);
    // Each package's own acknowledgements (sources/<package>/corrections.csv and waivers.csv) beside the
    // shared ones of checks/: a correction there may only name that package's figures.
    const packageRows = await wh.rows(Schema.Struct({ package: Schema.String, descriptor_file: Schema.String }), "SELECT package, descriptor_file FROM packages ORDER BY package");
    const own = packageWaivers(packageRows);
    const allWaivers = [...waiversRead.waivers, ...own.waivers];
    // The corrections are the build's (it created observations_clean from them): read again from the same
    // files for their places, they must be those the build stored.
    const correctionsRead = readPackageCorrections(sharedCorrections.corrections, packageRows.map((p) => ({ id: p.package, dir: dirname(p.descriptor_file) })));
    const allCorrections = correctionsRead.corrections;
    const ackErrors = [...own.errors, ...correctionsRead.errors, ...duplicatesAcross(allWaivers, "finding_id", "duplicate-waiver", "one waiver per finding")];
    if (ackErrors.length > 0) throw new InputErrors(ackErrors);
    await compareCorrections(wh, allCorrections, opts.correctionsFile ?? "(no corrections file)");
    log(`read ${checksRead.checks.length} check(s), ${allWaivers.length} waiver(s), ${allCorrections.length} correction(s) in ${seconds(started).toFixed(2)} s`);
    await createLookupMacros(wh);
    const sqlDir = opts.sqlDir ?? DEFAULT_SQL_DIR;

    // The checks run on the figures as printed; with corrections they run again on the corrected figures.
    // A finding only the printed figures give is one a correction resolves (reported as corrected, with
    // its justification); the corrected figures' findings are the open ones, and one only they give is a
    // correction that is itself wrong. (With no correction, one pass: the build's observations_clean is then
    // observations as printed.) The printed pass reads the figures as printed through check_observations
    // (checks/sql/ builds it on observations_clean), pointed at printed_clean for that pass.
    const twoPasses = allCorrections.length > 0 && sqlDir === DEFAULT_SQL_DIR;
    const { findings, runs: passRuns, resolved, introduced } = await runPasses(wh, kinds, selected, { sqlDir, twoPasses, small, log });
    let runs = passRuns;
    const observed = await observationsById(wh, [...new Set(findings.flatMap((f) => f.obs_ids))]);
    const { waived, waivers } = applyWaivers(
      findings.map((f) => f.id),
      allWaivers,
      today,
      opts.only === undefined && opts.packages === undefined,
    );
    const correctionOf = new Map(allCorrections.map((c): [string, AppliedCorrection] => [c.row.obs_id, {
      obs_id: c.row.obs_id, original: c.row.original, corrected: Number(c.row.corrected), justification: c.row.justification,
      author: c.row.author, date: c.row.date, file: c.file, line: c.line,
    }]));
    const complete = findings
      .map(({ obs_ids, ...f }): Finding => {
        const observations = obs_ids.map((ref) => {
          const full = observed.get(ref);
          if (full === undefined) throw new CheckRunError(f.check, f.kind, `target ${JSON.stringify(f.target)} names observation ${JSON.stringify(ref)}, which is not in observations`);
          return full;
        });
        const corrections = obs_ids.flatMap((ref) => correctionOf.get(ref) ?? []);
        const packages = [...new Set(obs_ids.map(packageOf))].sort();
        if (resolved.has(f.id)) {
          return { ...f, status: "corrected", waived: false, corrected: true, corrections, observations, packages };
        }
        const waiver = waived.get(f.id);
        const note = introduced.has(f.id)
          ? `only the corrected figures give this finding: ${corrections.length > 0 ? `the correction of ${corrections.map((c) => c.obs_id).join(", ")} may be wrong` : "a correction may be wrong"}`
          : undefined;
        return {
          ...f,
          ...(note !== undefined ? { explanation: f.explanation === undefined ? note : `${note}; ${f.explanation}` } : {}),
          status: waiver !== undefined ? "waived" : "open",
          waived: waiver !== undefined,
          corrected: false,
          ...(waiver !== undefined ? { waiver } : {}),
          ...(note !== undefined ? { corrections } : {}),
          observations,
          packages,
        };
      })
      .filter((f) => opts.packages === undefined || f.packages.some((p) => opts.packages!.includes(p)))
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.check, b.check) || cmp(a.target, b.target));

    // (with --package, each check's count is of the findings reported)
    if (opts.packages !== undefined) runs = runs.map((r) => ({ ...r, findings: complete.filter((f) => f.check === r.id).length }));
    // Checked again (a build of an older version, or a hand, may ignore the lock): findings go only into
    // the file they were computed from.
    if (fileIdentity(opts.dbPath) !== identity) throw new WarehouseReplacedError(opts.dbPath);
    // One transaction: the findings tables are replaced whole, and their statements share one sync of the log.
    await wh.run("BEGIN TRANSACTION");
    try {
      await storeFindings(wh, complete);
      await wh.run("COMMIT");
    } catch (e) {
      await wh.run("ROLLBACK").catch(() => {});
      throw e;
    }
    await wh.run("CHECKPOINT");
    const report: CheckReport = {
      summary: summarize(complete, runs.length, waivers, opts.packages ?? loaded),
      findings: complete,
      checks: runs,
      waivers,
      seconds: seconds(started),
    };
    log(`ran ${runs.length} check(s) in ${report.seconds.toFixed(2)} s`);
    return report;
  } finally {
    try {
      wh.close();
    } finally {
      release();
    }
  }
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
