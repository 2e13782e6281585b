// A warehouse built by hand for runner tests: the real schema, one package, a citation and a few
// observations; and fake check kinds, so the runner is tested without the real ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insertRows, quoteLiteral, Warehouse } from "../../pipelines/core/duckdb.ts";
import { InputErrors } from "../../pipelines/core/errors.ts";
import { applyCorrections } from "../../pipelines/load/corrections.ts";
import { createWarehouseSchema } from "../../pipelines/load/schema.ts";
import { CORRECTION_COLUMNS, readCorrections } from "../../pipelines/manifest/corrections.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "../../checks/types.ts";

export interface SyntheticObservation {
  readonly obs_id: string;
  readonly value_text: string;
  readonly label?: string;
  readonly unit?: string;
  readonly multiplier?: number;
  readonly period_text?: string;
  readonly citation?: string | null;
  readonly line: number;
  readonly col?: number;
}

const CORRECTIONS_HEADER = CORRECTION_COLUMNS.join(",");

/** Total 100 = parts 60 + 30 (a residual of 10), printed in thousands, and a figure with no source. */
export const DEFAULT_OBSERVATIONS: ReadonlyArray<SyntheticObservation> = [
  { obs_id: "demo:t01/Total/2006", value_text: "100", label: "Total | 2006", line: 2 },
  { obs_id: "demo:t01/Russia/2006", value_text: "60", label: "Russia | 2006", line: 3 },
  { obs_id: "demo:t01/Georgia/2006", value_text: "30", label: "Georgia | 2006", line: 4 },
  { obs_id: "demo:s-1", value_text: "1.5", label: "Emigrants, 2006", unit: "%", multiplier: 1, citation: null, line: 7, col: 10 },
];

const observationRow = (o: SyntheticObservation) => {
  const value = Number(o.value_text);
  const multiplier = o.multiplier ?? 1000;
  return {
    obs_id: o.obs_id, package: "demo", origin_kind: o.obs_id.includes(":t") ? "table" : "statement",
    file: o.obs_id.includes(":t") ? "sources/demo/t01.csv" : "sources/demo/statements.csv", line: o.line, col: o.col ?? 3,
    cell_text: o.value_text, value_text: o.value_text, label: o.label ?? null, measure: "migrants", measure_kind: "flow",
    ref_area: "AZE", breakdown: "", period_text: o.period_text ?? "2006", value, unit: o.unit ?? "thousand persons", unit_assumed: false,
    multiplier, base_unit: "persons", value_base: value * multiplier, obs_status: "A", is_estimate: false, is_partial: false,
    is_provisional: false, is_cumulative: false, is_unofficial: false, citation: o.citation === undefined ? "ssc" : o.citation,
  };
};

/**
 * A temporary folder holding a warehouse file with `observations` and, as the build does, the
 * `corrections` (CSV lines without the header) applied; removed by cleanup().
 */
export const syntheticWarehouse = async (
  observations: ReadonlyArray<SyntheticObservation> = DEFAULT_OBSERVATIONS,
  corrections: ReadonlyArray<string> = [],
): Promise<{ dir: string; db: string; cleanup: () => void }> => {
  const dir = mkdtempSync(join(tmpdir(), "mp-checks-"));
  const db = join(dir, "profile.duckdb");
  try {
    const correctionsFile = join(dir, "corrections.csv");
    writeFileSync(correctionsFile, [CORRECTIONS_HEADER, ...corrections].join("\n") + "\n");
    const read = readCorrections(correctionsFile, correctionsFile);
    if (read.errors.length > 0) throw new InputErrors(read.errors);
    const wh = await Warehouse.open(db);
    try {
      await createWarehouseSchema(wh);
      await insertRows(wh, "packages", ["package", "title", "publisher", "pub_date", "reporting_country", "descriptor_file"], [
        { package: "demo", title: "Demo profile", publisher: "IOM", pub_date: "2008", reporting_country: "AZE", descriptor_file: "sources/demo/descriptor.json" },
      ]);
      await insertRows(wh, "citations", ["package", "citation", "printed", "kind"], [
        { package: "demo", citation: "ssc", printed: "State Statistical Committee, 2007", kind: "national-statistics" },
      ]);
      const rows = observations.map(observationRow);
      await insertRows(wh, "observations_printed", Object.keys(rows[0]!), rows);
      await applyCorrections(wh, read.corrections);
      await wh.run("CHECKPOINT");
    } finally {
      wh.close();
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Check configuration files in `dir`; returns their paths. */
export const writeConfig = (
  dir: string,
  config: { checks: unknown; waivers?: string[]; corrections?: string[] },
): { checksFile: string; waiversFile: string; correctionsFile: string } => {
  const checksFile = join(dir, "checks.json");
  const waiversFile = join(dir, "waivers.csv");
  const correctionsFile = join(dir, "corrections.csv");
  writeFileSync(checksFile, typeof config.checks === "string" ? config.checks : JSON.stringify(config.checks, null, 2) + "\n");
  writeFileSync(waiversFile, ["finding_id,reason,author,date,expires", ...(config.waivers ?? [])].join("\n") + "\n");
  writeFileSync(correctionsFile, [CORRECTIONS_HEADER, ...(config.corrections ?? [])].join("\n") + "\n");
  return { checksFile, waiversFile, correctionsFile };
};

const sqlList = (ids: ReadonlyArray<string>) => `[${ids.map(quoteLiteral).join(", ")}]::VARCHAR[]`;

/** `sum-equals`: params.total (obs_id) must equal the sum of params.parts (obs_ids), in base units. */
export const sumEquals: CheckKind = {
  kind: "sum-equals",
  defaultSeverity: "error",
  summary: "a printed total equals the sum of its printed parts",
  validate: (check: CheckDeclaration) => {
    const p = check.params ?? {};
    const problems: string[] = [];
    if (typeof p.total !== "string") problems.push("params.total: an obs_id");
    if (!Array.isArray(p.parts) || p.parts.length === 0) problems.push("params.parts: a non-empty list of obs_ids");
    return problems;
  },
  compile: (check: CheckDeclaration) => {
    const total = check.params!.total as string;
    const parts = check.params!.parts as string[];
    return `WITH t AS (SELECT value_base AS total FROM observations_clean WHERE obs_id = ${quoteLiteral(total)}),
  p AS (SELECT sum(value_base) AS sum FROM observations_clean WHERE obs_id IN (${parts.map(quoteLiteral).join(", ")}))
SELECT ${quoteLiteral(total)} AS target, ${sqlList([total, ...parts])} AS obs_ids,
  'total ' || t.total || ' but the parts sum to ' || p.sum AS message,
  json_object('total', t.total, 'sum', p.sum, 'residual', t.total - p.sum)::VARCHAR AS details
FROM t, p WHERE abs(t.total - p.sum) > 0.5`;
  },
  explain: async (query, _check, failures: ReadonlyArray<FailureRow>) => {
    const [row] = await query("SELECT count(*)::INTEGER AS n FROM observations WHERE package = $1", ["demo"]);
    return new Map(failures.map((f) => [f.target, `${JSON.parse(f.details).residual} unaccounted for among ${row!.n} observations`]));
  },
};

/** `fixed`: one failure per params.targets entry, comparing params.obs (for ids, waivers and ordering). */
export const fixed: CheckKind = {
  kind: "fixed",
  defaultSeverity: "warning",
  summary: "fails with the given targets",
  validate: (check) => (Array.isArray(check.params?.targets) ? [] : ["params.targets: a list of target names"]),
  compile: (check) => {
    const targets = check.params!.targets as string[];
    const obs = (check.params!.obs as string[] | undefined) ?? ["demo:s-1"];
    if (targets.length === 0) return `SELECT NULL::VARCHAR AS target, NULL::VARCHAR[] AS obs_ids, NULL AS message, NULL AS details WHERE false`;
    return targets
      .map((t) => `SELECT ${quoteLiteral(t)} AS target, ${sqlList(obs)} AS obs_ids, ${quoteLiteral(`failed at ${t}`)} AS message, '{}' AS details`)
      .join("\nUNION ALL\n");
  },
};

/** `broken`: SQL that does not run. */
export const broken: CheckKind = {
  kind: "broken",
  defaultSeverity: "error",
  summary: "fails to run",
  validate: () => [],
  compile: () => "SELECT * FROM no_such_table",
};

export const fakeKinds: ReadonlyMap<string, CheckKind> = new Map([sumEquals, fixed, broken].map((k) => [k.kind, k]));
