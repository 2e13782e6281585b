// The check runner: read the configuration (pure), then check that the corrections are those the build
// applied, run checks/sql/, compile and run every enabled check (on the figures as printed, then on the
// corrected ones), explain, waive, and store the findings in the warehouse.
import type { ErrorCode } from "../pipelines/core/errorCodes.ts";
import type { DuckDBValue } from "@duckdb/node-api";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ensureFreeSpace } from "../pipelines/core/fsErrors.ts";
import { fileURLToPath } from "node:url";
import { pushAll, InputErrors, type InputError } from "../pipelines/core/errors.ts";
import * as Schema from "effect/Schema";
import { openFailureReason, quoteIdent, Warehouse } from "../pipelines/core/duckdb.ts";
import { acquireBuildLock } from "../pipelines/load/buildLock.ts";
import { missingFromSchema } from "../pipelines/load/schema.ts";
import { closestKinds, readChecksFile, readWaivers, type PlacedCheck } from "./config.ts";
import { readCorrections, readPackageCorrections } from "../pipelines/manifest/corrections.ts";
import type { Located } from "../pipelines/manifest/validateRows.ts";
import { observationsById } from "./findingObservations.ts";
import { storeFindings } from "./storeFindings.ts";
import { applyWaivers } from "./waivers.ts";
import { locateInJson } from "../pipelines/manifest/validateJson.ts";
import { createLookupMacros } from "./lookups.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError, WarehouseReplacedError } from "./errors.ts";
import { findingId, packageOf, SEVERITY_RANK, summarize, type AppliedCorrection, type CheckReport, type CheckRun, type Finding } from "./model.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "./types.ts";
import { decodeDetails } from "./kinds/details.ts";
import type { CorrectionRow, WaiverRow } from "../schemas/checks.ts";
import { observationsCleanSql } from "../pipelines/load/corrections.ts";

export const DEFAULT_SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url));
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
   * up to this many observations, each pass reads check_observations from a temporary table and the two
   * passes run at once (default 50,000); above it, the view and one pass after the other
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

const seconds = (since: number) => (performance.now() - since) / 1000;

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
  try {
    identity = fileIdentity(opts.dbPath);
    // writable (corrections, views, findings) but closed: no file outside the warehouse, no extension
    // Every check's rows are sorted where order matters (ORDER BY, then in TypeScript): DuckDB need not
    // keep the order of what it reads, which lets its operators stream and spill with less memory.
    // A small warehouse is checked on one thread: its queries are planning and a few thousand rows, which
    // threads only slow down with their coordination (about a third of each query's time).
    const oneThread: Record<string, string> = statSync(opts.dbPath).size <= SMALL_WAREHOUSE_BYTES ? { threads: "1" } : {};
    wh = await Warehouse.openLocked(opts.dbPath, { readOnly: false, settings: { preserve_insertion_order: "false", ...oneThread } });
  } catch (e) {
    release();
    throw new WarehouseOpenError(opts.dbPath, openFailureReason(e, opts.dbPath));
  }
  try {
    const missing = await missingFromSchema(wh);
    if (missing.length > 0) throw new OutdatedWarehouseError(opts.dbPath, missing);
    const loaded = (await wh.all<{ package: string }>("SELECT package FROM packages ORDER BY package")).map((r) => r.package);
    const unknown = (opts.packages ?? []).filter((p) => !loaded.includes(p));
    if (unknown.length > 0) {
      throw new InputErrors(unknown.map((p) => ({ code: "unknown-package", file: opts.dbPath, line: 0, column: 0, cell: p, expected: `a package of the warehouse: ${loaded.join(", ") || "none is loaded"}` })));
    }
    await checkMeasureParams(wh, checksRead.checks.filter((c) => selected.includes(c.check)), opts.checksFile);
    // Each package's own acknowledgements (sources/<package>/corrections.csv and waivers.csv) beside the
    // shared ones of checks/: a correction there may only name that package's figures.
    const packageRows = await wh.all<{ package: string; descriptor_file: string }>("SELECT package, descriptor_file FROM packages ORDER BY package");
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
    const small = (await wh.all<{ n: bigint }>("SELECT count(*) AS n FROM observations"))[0]!.n <= BigInt(opts.smallWarehouse ?? SMALL_WAREHOUSE);
    // (the printed pass runs in a transaction that is rolled back: the build's observations_clean is
    // replaced by the figures as printed only for it, and stays whatever happens)
    let printed: Awaited<ReturnType<typeof runAll>>;
    let clean: Awaited<ReturnType<typeof runAll>> | undefined;
    if (twoPasses && small) {
      // A small warehouse runs both passes at once, each on its own connection (the printed one in its
      // rolled-back transaction, which the other does not see): their queries are mostly DuckDB planning,
      // one thread each. Each pass's log is written after both, in the order of one pass after the other.
      await runSqlDir(wh, sqlDir);
      const other = await wh.connectAgain();
      try {
        const printedLog: string[] = [];
        const cleanLog: string[] = [];
        const settled = await Promise.allSettled([
          (async () => {
            await other.run("BEGIN TRANSACTION");
            try {
              await other.run(PRINTED_CLEAN_VIEW);
              await runSqlDir(other, sqlDir);
              await materializeSmall(other, small);
              return await runAll(other, kinds, selected, (l) => printedLog.push(l), "as printed");
            } finally {
              await other.run("ROLLBACK");
            }
          })(),
          (async () => {
            await materializeSmall(wh, small);
            return runAll(wh, kinds, selected, (l) => cleanLog.push(l), "corrected");
          })(),
        ]);
        for (const line of [...printedLog, ...cleanLog]) log(line);
        for (const s of settled) if (s.status === "rejected") throw s.reason;
        printed = (settled[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof runAll>>>).value;
        clean = (settled[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof runAll>>>).value;
      } finally {
        other.close();
      }
    } else if (twoPasses) {
      await wh.run("BEGIN TRANSACTION");
      try {
        await wh.run(PRINTED_CLEAN_VIEW);
        await runSqlDir(wh, sqlDir);
        await materializeSmall(wh, small);
        printed = await runAll(wh, kinds, selected, log, "as printed");
      } finally {
        await wh.run("ROLLBACK");
      }
    } else {
      await runSqlDir(wh, sqlDir);
      await materializeSmall(wh, small);
      printed = await runAll(wh, kinds, selected, log, "");
    }
    let findings = printed.findings;
    let runs = printed.runs;
    const resolved = new Map<string, RawFinding>();
    const introduced = new Set<string>();
    if (twoPasses) {
      if (clean === undefined) {
        await runSqlDir(wh, sqlDir);
        await materializeSmall(wh, small);
        clean = await runAll(wh, kinds, selected, log, "corrected");
      }
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
    await storeFindings(wh, complete);
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

/** A file's identity (device and inode): a build renames a new file into place, which changes it. */
const fileIdentity = (path: string): string => {
  const st = statSync(path, { bigint: true });
  return `${st.dev}:${st.ino}`;
};

/**
 * A check limited to measures (`params.measures`) or measure kinds (`params.measure_kinds`) the warehouse
 * does not know would find nothing and report "pass": each unknown one is a configuration error at its place.
 */
const checkMeasureParams = async (wh: Warehouse, checks: ReadonlyArray<PlacedCheck>, file: string): Promise<void> => {
  const rows = await wh.all<{ measure: string; kind: string }>(`SELECT measure, kind FROM measures`);
  const known = { measures: new Set(rows.map((r) => r.measure)), measure_kinds: new Set(rows.map((r) => r.kind)) };
  const errors: InputError[] = [];
  let text: string | undefined;
  for (const { check, index } of checks) {
    for (const key of ["measures", "measure_kinds"] as const) {
      const list = check.params?.[key];
      if (!Array.isArray(list)) continue;
      list.forEach((m, k) => {
        if (typeof m !== "string" || known[key].has(m)) return;
        text ??= readFileSync(file, "utf8");
        const near = closestKinds(m, known[key]);
        errors.push({
          code: key === "measures" ? "unknown-measure" : "unknown-measure-kind",
          file,
          ...locateInJson(text, ["checks", index, "params", key, k]),
          cell: m,
          expected: `check ${check.id}: a ${key === "measures" ? "measure" : "measure kind"} of the warehouse (sources/_reference/measures.csv)${near.length > 0 ? `; closest: ${near.join(", ")}` : ""}`,
        });
      });
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** observations_clean with nothing corrected (the build's own definition): the printed pass, rolled back after it. */
const PRINTED_CLEAN_VIEW = observationsCleanSql(false);

/** Run every selected check once; `pass` names the pass in the log when there are two. */
const runAll = async (
  wh: Warehouse,
  kinds: ReadonlyMap<string, CheckKind>,
  selected: ReadonlyArray<CheckDeclaration>,
  log: (line: string) => void,
  pass: string,
): Promise<{ findings: RawFinding[]; runs: CheckRun[] }> => {
  const findings: RawFinding[] = [];
  const runs: CheckRun[] = [];
  for (const check of selected) {
    const kind = kinds.get(check.kind)!;
    const t = performance.now();
    const found = await runCheck(wh, kind, check);
    runs.push({ id: check.id, kind: check.kind, description: check.description, severity: check.severity ?? kind.defaultSeverity, findings: found.length, seconds: seconds(t) });
    pushAll(findings, found);
    log(`check ${check.id}${pass !== "" ? ` (${pass})` : ""}: ${found.length === 0 ? "pass" : `${found.length} finding(s)`} (${seconds(t).toFixed(2)} s)`);
  }
  return { findings, runs };
};

/** The waivers.csv of each package's folder (beside its descriptor), where it exists. */
const packageWaivers = (packages: ReadonlyArray<{ package: string; descriptor_file: string }>): { waivers: Located<WaiverRow>[]; errors: InputError[] } => {
  const waivers: Located<WaiverRow>[] = [];
  const errors: InputError[] = [];
  for (const p of packages) {
    const wFile = join(dirname(p.descriptor_file), "waivers.csv").split("\\").join("/");
    if (existsSync(wFile)) {
      const read = readWaivers(wFile, wFile);
      pushAll(errors, read.errors);
      pushAll(waivers, read.waivers);
    }
  }
  return { waivers, errors };
};

/** A key acknowledged in two files (each file checks its own rows): an error at the second. */
const duplicatesAcross = <T extends Record<string, string>>(rows: ReadonlyArray<Located<T>>, key: keyof T & string, code: ErrorCode, expected: string): InputError[] => {
  const first = new Map<string, Located<T>>();
  const errors: InputError[] = [];
  for (const r of rows) {
    const seen = first.get(r.row[key]!);
    if (seen === undefined) first.set(r.row[key]!, r);
    else if (seen.file !== r.file) errors.push({ code, file: r.file, line: r.line, column: r.columnOf(key), cell: r.row[key]!, expected: `${expected} (also ${seen.file}:${seen.line})` });
  }
  return errors;
};

const BuiltCorrection = Schema.Struct({ obs_id: Schema.String, corrected: Schema.Number, justification: Schema.String });

/**
 * The corrections files must be those the warehouse was built with: the build applies corrections, the
 * check only reads them, so a file edited since the build is reported (run the build again).
 */
const compareCorrections = async (wh: Warehouse, corrections: ReadonlyArray<Located<CorrectionRow>>, file: string): Promise<void> => {
  const key = (r: { obs_id: string; corrected: number; justification: string }) => JSON.stringify([r.obs_id, r.corrected, r.justification]);
  const built = (await wh.rows(BuiltCorrection, "SELECT obs_id, corrected, justification FROM corrections")).map(key).sort();
  const read = corrections.map(({ row }) => key({ obs_id: row.obs_id, corrected: Number(row.corrected), justification: row.justification })).sort();
  if (JSON.stringify(built) === JSON.stringify(read)) return;
  throw new InputErrors([
    {
      code: "corrections-not-built",
      file,
      line: 0,
      column: 0,
      cell: `${read.length} correction(s) in the files, ${built.length} in the warehouse`,
      expected: "the corrections the warehouse was built with: build again after editing them (npm run build -- --corrections FILE)",
    },
  ]);
};

/**
 * Up to this many observations, check_observations is computed once per pass into a temporary table of the
 * same name (which hides the view): each check query then binds a table instead of the stack of views and
 * macros, which costs more than running it on a few thousand figures. Larger warehouses keep the view, whose
 * filters each check pushes down to what it reads.
 */
const SMALL_WAREHOUSE = 50_000;
/** (the file's size, known before it is opened, when the threads are set) */
const SMALL_WAREHOUSE_BYTES = 32 * 2 ** 20;
const MATERIALIZED = "check_observations";

const materializeSmall = async (wh: Warehouse, small: boolean): Promise<void> => {
  if (!small) return;
  // (a test's own checks/sql/ may not create the view)
  const view = await wh.all(`SELECT 1 FROM duckdb_views() WHERE view_name = '${MATERIALIZED}' AND database_name = current_database() AND schema_name = 'main'`);
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

/**
 * Drop the temporary tables a check made for its query (what may be large, a table where a list could not
 * spill), so that they hold neither memory nor disk during the checks after it.
 */
const dropTemporaryTables = async (wh: Warehouse): Promise<void> => {
  const made = await wh.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name <> '${MATERIALIZED}'`);
  for (const { name } of made) await wh.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(name)}`);
};

const parseDetails = (details: unknown): unknown => {
  if (typeof details !== "string") return details ?? null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
};

/** A finding before its observations are looked up and waivers applied. */
type RawFinding = Omit<Finding, "observations" | "waived" | "waiver" | "status" | "corrected" | "corrections" | "packages"> & { readonly obs_ids: ReadonlyArray<string> };

/** Compile and run one check. */
const runCheck = async (wh: Warehouse, kind: CheckKind, check: CheckDeclaration): Promise<RawFinding[]> => {
  const fail = (reason: string) => new CheckRunError(check.id, check.kind, reason);
  let sql: string;
  try {
    sql = kind.compile(check);
  } catch (e) {
    throw fail(`compile threw: ${(e as Error).message}`);
  }
  let rows: Record<string, unknown>[];
  try {
    rows = await wh.all(sql);
  } catch (e) {
    throw fail(`its SQL failed: ${(e as Error).message}`);
  } finally {
    await dropTemporaryTables(wh);
  }
  const failures: FailureRow[] = rows.map((r, i) => {
    const { target, obs_ids, message, details } = r;
    if (typeof target !== "string" || target === "") throw fail(`row ${i + 1}: target must be non-empty text`);
    if (!Array.isArray(obs_ids) || !obs_ids.every((x) => typeof x === "string")) throw fail(`row ${i + 1} (${target}): obs_ids must be a VARCHAR[]`);
    if (typeof message !== "string") throw fail(`row ${i + 1} (${target}): message must be text`);
    return { target, obs_ids, message, details: typeof details === "string" ? details : JSON.stringify(details ?? null) };
  });
  const targets = new Set<string>();
  for (const f of failures) {
    if (targets.has(f.target)) throw fail(`target ${JSON.stringify(f.target)} returned twice (finding ids would collide)`);
    targets.add(f.target);
    // details are read by explanations, charts and exports: they must be what the kind's schema says
    if (kind.details !== undefined) {
      const d = decodeDetails(kind.details, f.details);
      if (!d.ok) throw fail(`target ${JSON.stringify(f.target)}: its details do not match the kind's details schema (${d.problems.join("; ")})`);
    }
  }
  let explanations = new Map<string, string>();
  if (kind.explain !== undefined && failures.length > 0) {
    const query = (text: string, params?: unknown[]) => wh.all(text, params as DuckDBValue[] | undefined);
    try {
      explanations = await kind.explain(query, check, failures);
    } catch (e) {
      throw fail(`explain threw: ${(e as Error).message}`);
    }
  }
  const severity = check.severity ?? kind.defaultSeverity;
  return failures.map((f) => {
    const explanation = explanations.get(f.target);
    return {
      id: findingId(check.kind, check.id, f.target),
      check: check.id,
      kind: check.kind,
      severity,
      target: f.target,
      message: f.message,
      ...(explanation !== undefined && explanation !== "" ? { explanation } : {}),
      details: parseDetails(f.details),
      obs_ids: f.obs_ids,
    };
  });
};
