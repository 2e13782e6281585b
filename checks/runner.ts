// The check runner: read the configuration (pure), then check that the corrections are those the build
// applied, run checks/sql/, compile and run every enabled check, explain, waive, and store the findings.
import type { DuckDBValue } from "@duckdb/node-api";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { Schema } from "effect";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { missingFromSchema } from "../pipelines/load/schema.ts";
import { readCorrections } from "../pipelines/manifest/corrections.ts";
import type { Located } from "../pipelines/manifest/validateRows.ts";
import { readChecksFile, readWaivers } from "./config.ts";
import { createLookupMacros } from "./lookups.ts";
import { CheckRunError, CheckSqlError, NoKindsError, NoWarehouseError, OutdatedWarehouseError, WarehouseOpenError } from "./errors.ts";
import { findingId, SEVERITY_RANK, summarize, type CheckReport, type CheckRun, type Finding } from "./model.ts";
import { observationsById } from "./findingObservations.ts";
import { storeFindings } from "./storeFindings.ts";
import { applyWaivers } from "./waivers.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "./types.ts";
import type { CorrectionRow } from "../schemas/checks.ts";

export const DEFAULT_SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url));
const KINDS_MODULE = new URL("./kinds/index.ts", import.meta.url);

export interface RunChecksOptions {
  readonly dbPath: string;
  readonly checksFile: string;
  readonly waiversFile: string;
  /** the corrections the warehouse was built with (compared, never applied); none when absent */
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
  const correctionsRead = opts.correctionsFile === undefined ? { corrections: [], errors: [] } : readCorrections(opts.correctionsFile, opts.correctionsFile);
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
  log(`read ${checksRead.checks.length} check(s), ${waiversRead.waivers.length} waiver(s), ${correctionsRead.corrections.length} correction(s) in ${seconds(started).toFixed(2)} s`);

  let wh: Warehouse;
  try {
    wh = await Warehouse.open(opts.dbPath);
  } catch (e) {
    throw new WarehouseOpenError(opts.dbPath, (e as Error).message.split("\n")[0] ?? String(e));
  }
  try {
    const missing = await missingFromSchema(wh);
    if (missing.length > 0) throw new OutdatedWarehouseError(opts.dbPath, missing);
    await compareCorrections(wh, correctionsRead.corrections, opts.correctionsFile ?? "(no corrections file)");
    await createLookupMacros(wh);
    await runSqlDir(wh, opts.sqlDir ?? DEFAULT_SQL_DIR);

    const findings: RawFinding[] = [];
    const runs: CheckRun[] = [];
    for (const check of selected) {
      const kind = kinds.get(check.kind)!;
      const t = performance.now();
      const found = await runCheck(wh, kind, check);
      runs.push({ id: check.id, kind: check.kind, description: check.description, severity: check.severity ?? kind.defaultSeverity, findings: found.length, seconds: seconds(t) });
      findings.push(...found);
      log(`check ${check.id}: ${found.length === 0 ? "pass" : `${found.length} finding(s)`} (${seconds(t).toFixed(2)} s)`);
    }

    const observed = await observationsById(wh, [...new Set(findings.flatMap((f) => f.obs_ids))]);
    const { waived, waivers } = applyWaivers(
      findings.map((f) => f.id),
      waiversRead.waivers,
      today,
      opts.only === undefined,
    );
    const complete = findings
      .map(({ obs_ids, ...f }): Finding => {
        const waiver = waived.get(f.id);
        const observations = obs_ids.map((ref) => {
          const full = observed.get(ref);
          if (full === undefined) throw new CheckRunError(f.check, f.kind, `target ${JSON.stringify(f.target)} names observation ${JSON.stringify(ref)}, which is not in observations`);
          return full;
        });
        return { ...f, waived: waiver !== undefined, ...(waiver !== undefined ? { waiver } : {}), observations };
      })
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.check, b.check) || cmp(a.target, b.target));

    await storeFindings(wh, complete);
    await wh.run("CHECKPOINT");
    const report: CheckReport = {
      summary: summarize(complete, runs.length, waivers),
      findings: complete,
      checks: runs,
      waivers,
      seconds: seconds(started),
    };
    log(`ran ${runs.length} check(s) in ${report.seconds.toFixed(2)} s`);
    return report;
  } finally {
    wh.close();
  }
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const BuiltCorrection = Schema.Struct({ obs_id: Schema.String, corrected: Schema.Number, justification: Schema.String });

/**
 * The corrections file must be the one the warehouse was built with: the build applies corrections, the
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
      cell: `${read.length} correction(s) in the file, ${built.length} in the warehouse`,
      expected: "the corrections the warehouse was built with: build again after editing them (npm run build -- --corrections FILE)",
    },
  ]);
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

const parseDetails = (details: unknown): unknown => {
  if (typeof details !== "string") return details ?? null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
};

/** A finding before its observations are looked up and waivers applied. */
type RawFinding = Omit<Finding, "observations" | "waived" | "waiver"> & { readonly obs_ids: ReadonlyArray<string> };

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
