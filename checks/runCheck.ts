// One check run once: compile, run its SQL, hold its rows to the FailureRow contract (and its details to
// the kind's schema), explain, and give each failure its finding id.
import * as Schema from "effect/Schema";
import type { DuckDBValue } from "@duckdb/node-api";
import { pushAll } from "../pipelines/core/errors.ts";
import { quoteIdent, type Warehouse } from "../pipelines/core/duckdb.ts";
import { CheckRunError } from "./errors.ts";
import { decodeDetails } from "./kinds/details.ts";
import { findingId, type CheckRun, type Finding } from "./model.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "./types.ts";

/** A finding before its observations are looked up and waivers applied. */
export type RawFinding = Omit<Finding, "observations" | "waived" | "waiver" | "status" | "corrected" | "corrections" | "packages"> & { readonly obs_ids: ReadonlyArray<string> };

/** The table a small warehouse's check_observations is computed into for a pass (it hides the view). */
export const MATERIALIZED = "check_observations";

export const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Run every selected check once, each on the first of `connections` that is free (their queries run
 * side by side: planning, and the operators DuckDB runs on one thread, leave a core idle that the other
 * check's query uses); `pass` names the pass in the log when there are two. Findings, runs and log lines
 * come in the order of `selected` whatever order the checks end in; after a check fails no other starts,
 * and the first failure in that order is thrown.
 */
export const runAll = async (
  connections: ReadonlyArray<Warehouse>,
  kinds: ReadonlyMap<string, CheckKind>,
  selected: ReadonlyArray<CheckDeclaration>,
  log: (line: string) => void,
  pass: string,
): Promise<{ findings: RawFinding[]; runs: CheckRun[] }> => {
  type Done = { readonly found: RawFinding[]; readonly seconds: number } | { readonly error: unknown };
  const done: Array<Done | undefined> = selected.map(() => undefined);
  let next = 0;
  let logged = 0;
  let failed = false;
  const logDone = () => {
    for (let d = done[logged]; d !== undefined && !("error" in d); d = done[++logged]) {
      log(`check ${selected[logged]!.id}${pass !== "" ? ` (${pass})` : ""}: ${d.found.length === 0 ? "pass" : `${d.found.length} finding(s)`} (${d.seconds.toFixed(2)} s)`);
    }
  };
  await Promise.all(connections.map(async (wh) => {
    while (!failed && next < selected.length) {
      const i = next++;
      const check = selected[i]!;
      const t = performance.now();
      try {
        done[i] = { found: await runCheck(wh, kinds.get(check.kind)!, check), seconds: seconds(t) };
      } catch (error) {
        done[i] = { error };
        failed = true;
      }
      logDone();
    }
  }));
  const findings: RawFinding[] = [];
  const runs: CheckRun[] = [];
  for (const [i, d] of done.entries()) {
    if (d === undefined) continue;
    if ("error" in d) throw d.error;
    const check = selected[i]!;
    const kind = kinds.get(check.kind)!;
    runs.push({ id: check.id, kind: check.kind, description: check.description, severity: check.severity ?? kind.defaultSeverity, findings: d.found.length, seconds: d.seconds });
    pushAll(findings, d.found);
  }
  return { findings, runs };
};

/**
 * Drop the temporary tables a check made for its query (what may be large, a table where a list could not
 * spill), so that they hold neither memory nor disk during the checks after it.
 */
const dropTemporaryTables = async (wh: Warehouse): Promise<void> => {
  const made = await wh.rows(Schema.Struct({ name: Schema.String }), `SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name <> '${MATERIALIZED}'`);
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

/** Compile and run one check. */
export const runCheck = async (wh: Warehouse, kind: CheckKind, check: CheckDeclaration): Promise<RawFinding[]> => {
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
    // (in the printed pass's transaction, a failed statement aborts it: the drop then fails too, and its
    // error must not hide this one; the pass's rollback removes what the check made)
    await dropTemporaryTables(wh).catch(() => {});
    throw fail(`its SQL failed: ${(e as Error).message}`);
  }
  await dropTemporaryTables(wh);
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
