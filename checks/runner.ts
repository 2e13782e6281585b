// The check runner: read the configuration (pure), then load corrections, run checks/sql/, compile and
// run every enabled check, explain, waive, and store the findings in the warehouse.
import type { DuckDBValue } from "@duckdb/node-api";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ensureFreeSpace } from "../pipelines/core/fsErrors.ts";
import { fileURLToPath } from "node:url";
import { pushAll, InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { insertRows, openFailureReason, quoteIdent, Warehouse } from "../pipelines/core/duckdb.ts";
import { acquireBuildLock } from "../pipelines/load/buildLock.ts";
import { missingFromSchema } from "../pipelines/load/schema.ts";
import { closestKinds, readChecksFile, readCorrections, readWaivers, type Placed, type PlacedCheck } from "./config.ts";
import { locateInJson } from "../pipelines/manifest/validateJson.ts";
import { createLookupMacros } from "./lookups.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError, WarehouseReplacedError } from "./errors.ts";
import { findingId, packageOf, SEVERITY_RANK, summarize, type AppliedCorrection, type CheckReport, type CheckRun, type Finding, type FindingObservation, type Waiver, type WaiverStatus } from "./model.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "./types.ts";
import type { CorrectionRow, WaiverRow } from "../schemas/checks.ts";

export const DEFAULT_SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url));
const KINDS_MODULE = new URL("./kinds/index.ts", import.meta.url);

export interface RunChecksOptions {
  readonly dbPath: string;
  readonly checksFile: string;
  readonly waiversFile: string;
  readonly correctionsFile: string;
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
  const correctionsRead = readCorrections(opts.correctionsFile, opts.correctionsFile);
  const errors: InputError[] = [...checksRead.errors, ...waiversRead.errors, ...correctionsRead.errors];
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
    wh = await Warehouse.openLocked(opts.dbPath, { readOnly: false, settings: { preserve_insertion_order: "false" } });
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
    const own = await packageAcknowledgements(wh);
    const allWaivers = [...waiversRead.waivers, ...own.waivers];
    const allCorrections = [...correctionsRead.corrections, ...own.corrections];
    const ackErrors = [...own.errors, ...duplicatesAcross(allWaivers, "finding_id", "duplicate-waiver", "one waiver per finding"),
      ...duplicatesAcross(allCorrections, "obs_id", "duplicate-correction", "one correction per observation")];
    if (ackErrors.length > 0) throw new InputErrors(ackErrors);
    log(`read ${checksRead.checks.length} check(s), ${allWaivers.length} waiver(s), ${allCorrections.length} correction(s) in ${seconds(started).toFixed(2)} s`);
    await loadCorrections(wh, allCorrections);
    await createLookupMacros(wh);
    const sqlDir = opts.sqlDir ?? DEFAULT_SQL_DIR;
    await runSqlDir(wh, sqlDir);

    // The checks run on the figures as printed; with corrections they run again on the corrected figures.
    // A finding only the printed figures give is one a correction resolves (reported as corrected, with
    // its justification); the corrected figures' findings are the open ones, and one only they give is a
    // correction that is itself wrong. (With no correction, one pass: observations_clean is observations
    // as printed, with no join on obs_id, which a bulk file's figures compute.)
    const twoPasses = allCorrections.length > 0 && sqlDir === DEFAULT_SQL_DIR;
    if (sqlDir === DEFAULT_SQL_DIR) await wh.run(PRINTED_CLEAN_VIEW);
    const printed = await runAll(wh, kinds, selected, log, twoPasses ? "as printed" : "");
    let findings = printed.findings;
    let runs = printed.runs;
    const resolved = new Map<string, RawFinding>();
    const introduced = new Set<string>();
    if (twoPasses) {
      await runSqlDir(wh, sqlDir);
      const clean = await runAll(wh, kinds, selected, log, "corrected");
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

/** observations_clean with nothing corrected: the figures as printed. */
const PRINTED_CLEAN_VIEW = `CREATE OR REPLACE VIEW observations_clean AS
SELECT o.*, o.value AS value_printed, o.value_base AS value_base_printed, false AS corrected, CAST(NULL AS VARCHAR) AS correction_justification
FROM observations o`;

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

/**
 * The corrections.csv and waivers.csv of each package's folder (beside its descriptor), where they exist.
 * A correction there naming another package's figure is an error.
 */
const packageAcknowledgements = async (wh: Warehouse): Promise<{ corrections: Placed<CorrectionRow>[]; waivers: Placed<WaiverRow>[]; errors: InputError[] }> => {
  const packages = await wh.all<{ package: string; descriptor_file: string }>("SELECT package, descriptor_file FROM packages ORDER BY package");
  const corrections: Placed<CorrectionRow>[] = [];
  const waivers: Placed<WaiverRow>[] = [];
  const errors: InputError[] = [];
  for (const p of packages) {
    const dir = dirname(p.descriptor_file);
    const cFile = join(dir, "corrections.csv").split("\\").join("/");
    const wFile = join(dir, "waivers.csv").split("\\").join("/");
    if (existsSync(cFile)) {
      const read = readCorrections(cFile, cFile);
      errors.push(...read.errors);
      for (const c of read.corrections) {
        if (!c.row.obs_id.startsWith(`${p.package}:`)) {
          errors.push({ code: "correction-of-another-package", file: cFile, line: c.line, column: c.columnOf("obs_id"), cell: c.row.obs_id, expected: `a figure of package ${p.package} (${p.package}:...); a correction of several publications belongs in checks/corrections.csv` });
        } else corrections.push(c);
      }
    }
    if (existsSync(wFile)) {
      const read = readWaivers(wFile, wFile);
      errors.push(...read.errors);
      waivers.push(...read.waivers);
    }
  }
  return { corrections, waivers, errors };
};

/** A key acknowledged in two files (each file checks its own rows): an error at the second. */
const duplicatesAcross = <T extends Record<string, string>>(rows: ReadonlyArray<Placed<T>>, key: keyof T & string, code: string, expected: string): InputError[] => {
  const first = new Map<string, Placed<T>>();
  const errors: InputError[] = [];
  for (const r of rows) {
    const seen = first.get(r.row[key]!);
    if (seen === undefined) first.set(r.row[key]!, r);
    else if (seen.file !== r.file) errors.push({ code, file: r.file, line: r.line, column: r.columnOf(key), cell: r.row[key]!, expected: `${expected} (also ${seen.file}:${seen.line})` });
  }
  return errors;
};

/** Replace the corrections table with every acknowledged correction, each checked against its observation. */
const loadCorrections = async (wh: Warehouse, corrections: ReadonlyArray<Placed<CorrectionRow>>): Promise<void> => {
  const errors: InputError[] = [];
  for (const c of corrections) {
    const file = c.file;
    const [obs] = await wh.all<{ value_text: string | null }>("SELECT value_text FROM observations WHERE obs_id = $1", [c.row.obs_id]);
    if (obs === undefined) {
      errors.push({ code: "unknown-observation", file, line: c.line, column: c.columnOf("obs_id"), cell: c.row.obs_id, expected: "an obs_id of the warehouse (npm run sql -- \"SELECT obs_id FROM observations\")" });
    } else if ((obs.value_text ?? "").trim() !== c.row.original.trim()) {
      errors.push({ code: "original-mismatch", file, line: c.line, column: c.columnOf("original"), cell: c.row.original, expected: `the value as printed: ${JSON.stringify(obs.value_text)}` });
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  await wh.run("BEGIN TRANSACTION");
  try {
    await wh.run("DELETE FROM corrections");
    await insertRows(wh, "corrections", ["obs_id", "original", "corrected", "justification", "author", "date"],
      corrections.map(({ row }) => ({ ...row, corrected: Number(row.corrected) })));
    await wh.run("COMMIT");
  } catch (e) {
    await wh.run("ROLLBACK");
    throw e;
  }
};

const runSqlDir = async (wh: Warehouse, dir: string): Promise<void> => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    try {
      await wh.run(readFileSync(join(dir, name), "utf8"));
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
  const made = await wh.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary`);
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

interface ObservationRow {
  obs_id: string;
  label: string | null;
  row_label: string | null;
  col_label: string | null;
  value_text: string | null;
  unit: string | null;
  value_base: number | null;
  period_text: string | null;
  citation: string | null;
  printed: string | null;
  file: string;
  line: number;
  col: number;
  corrected: boolean;
  value: number | null;
}

/** The printed figures behind obs_ids, with their cited source and corrections applied to value_base. */
const observationsById = async (wh: Warehouse, ids: ReadonlyArray<string>): Promise<Map<string, FindingObservation>> => {
  const out = new Map<string, FindingObservation>();
  // (a warehouse built before the register existed has no such view: its findings point nowhere)
  const [hasRegister] = await wh.all<{ n: bigint | number }>(`SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'estimates_register' AND NOT internal`);
  const registerOf = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await wh.all<ObservationRow & Record<string, unknown>>(
      // observations_clean alone: the printed columns as in observations, value and value_base corrected
      // (a join of the two would compute the ids of every figure on both sides)
      `SELECT c.obs_id, c.label, c.row_label, c.col_label, c.value_text, c.unit, c.value_base, c.period_text, c.citation, ci.printed,
              c.file, c.line, c.col, c.corrected, c.value
       FROM (SELECT * FROM observations_clean WHERE obs_id IN (${chunk.map((_, j) => `$${j + 1}`).join(", ")})) c
       LEFT JOIN citations ci ON ci.package = c.package AND ci.citation = c.citation`,
      [...chunk],
    );
    if (Number(hasRegister?.n ?? 0) > 0) {
      const marks = chunk.map((_, j) => `$${j + 1}`).join(", ");
      for (const r of await wh.all<{ obs_id: string; quantity: string }>(`SELECT obs_id, quantity FROM estimates_register WHERE obs_id IN (${marks})`, [...chunk])) {
        registerOf.set(r.obs_id, r.quantity);
      }
    }
    for (const r of rows) {
      const register = registerOf.get(r.obs_id);
      const label = r.label ?? ([r.row_label, r.col_label].filter((x) => x !== null && x !== "").join(" | ") || r.obs_id);
      out.set(r.obs_id, {
        ref: r.obs_id,
        label,
        value: r.value_text,
        unit: r.unit,
        value_base: typeof r.value_base === "number" && Number.isFinite(r.value_base) ? r.value_base : null,
        period: r.period_text,
        source: r.citation === null ? null : { citation: r.citation, printed: r.printed },
        file: r.file,
        line: r.line,
        column: r.col,
        ...(r.corrected && typeof r.value === "number" ? { corrected: r.value } : {}),
        ...(register !== undefined ? { register } : {}),
      });
    }
  }
  return out;
};

/**
 * Match waivers to findings by id. An expired waiver (expires < today) does not waive; a waiver naming no
 * finding is unmatched (reported only when every enabled check ran, else it may belong to one that did not).
 */
export const applyWaivers = (
  findingIds: ReadonlyArray<string>,
  rows: ReadonlyArray<Placed<{ finding_id: string; reason: string; author: string; date: string; expires: string }>>,
  today: string,
  reportUnmatched: boolean,
): { waived: Map<string, Waiver>; waivers: CheckReport["waivers"] } => {
  const ids = new Set(findingIds);
  const waived = new Map<string, Waiver>();
  const expired: WaiverStatus[] = [];
  const unmatched: WaiverStatus[] = [];
  for (const { row, file, line } of rows) {
    const waiver: Waiver = { finding_id: row.finding_id, reason: row.reason, author: row.author, date: row.date, expires: row.expires === "" ? null : row.expires, file, line };
    const matched = ids.has(row.finding_id);
    if (waiver.expires !== null && waiver.expires < today) expired.push({ ...waiver, matched });
    else if (matched) waived.set(row.finding_id, waiver);
    else if (reportUnmatched) unmatched.push({ ...waiver, matched });
  }
  return { waived, waivers: { expired, unmatched } };
};

/** Replace the findings tables with this run's findings. */
const storeFindings = async (wh: Warehouse, findings: ReadonlyArray<Finding>): Promise<void> => {
  await wh.run(`CREATE OR REPLACE TABLE findings (
  id          VARCHAR PRIMARY KEY,
  "check"     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  target      VARCHAR NOT NULL,
  severity    VARCHAR NOT NULL,
  waived      BOOLEAN NOT NULL,
  message     VARCHAR NOT NULL,
  explanation VARCHAR,
  details     JSON
)`);
  await wh.run(`CREATE OR REPLACE TABLE finding_observations (
  finding_id  VARCHAR NOT NULL,
  position    INTEGER NOT NULL,
  obs_id      VARCHAR NOT NULL,
  PRIMARY KEY (finding_id, position)
)`);
  await wh.run(`COMMENT ON TABLE findings IS 'Findings of the last npm run check (checks/checks.json); waived: acknowledged in checks/waivers.csv'`);
  await wh.run(`COMMENT ON TABLE finding_observations IS 'The observations each finding compares, in display order (position from 1)'`);
  await insertRows(wh, "findings", ["id", "check", "kind", "target", "severity", "waived", "message", "explanation", "details"],
    findings.map((f) => ({ ...f, explanation: f.explanation ?? null, details: JSON.stringify(f.details ?? null) })));
  await insertRows(wh, "finding_observations", ["finding_id", "position", "obs_id"],
    findings.flatMap((f) => f.observations.map((o, i) => ({ finding_id: f.id, position: i + 1, obs_id: o.ref }))));
};
