// The contract between check kinds (which compile to SQL) and the runner (which runs them, explains,
// waives and reports). Checks are declared as data in checks/checks.json; nothing here names a figure.

import type * as Schema from "effect/Schema";

export type Severity = "error" | "warning" | "info";

/** One declared check (an entry of checks/checks.json). */
export interface CheckDeclaration {
  /** stable id, kebab-case, unique: part of every finding id */
  readonly id: string;
  /** one of the kinds in checks/kinds/ */
  readonly kind: string;
  readonly description: string;
  /** overrides the kind's default severity */
  readonly severity?: Severity;
  readonly enabled?: boolean;
  /** kind-specific parameters (tolerances, measure filters, factors, ...) */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * Every compiled check is one SQL query over the view `check_observations` (observations with corrections
 * applied and the interval [lo, hi] each value stands for) returning one row per failure with exactly
 * these columns. Zero rows is a pass. The query may be preceded by statements that set variables it
 * reads (`SET VARIABLE check_<kind>_<name> = (SELECT ...); SELECT ...`): a variable is a constant to the
 * query's planner, so a list of the few tables that matter prunes every other table from a scan. What
 * may be large goes to a temporary table instead (`CREATE OR REPLACE TEMP TABLE check_<kind>_<name>`):
 * a table spills to disk where a list cannot; the runner drops them after the query. Variables and
 * temporary tables belong to the connection, and a pass's checks run on two: a query may read only what
 * its own statements set.
 */
export interface FailureRow {
  /** stable key of what failed, e.g. 'azerbaijan-2008:t01/rows/CIS countries/1995' */
  readonly target: string;
  /** every observation compared, in display order (obs_id values) */
  readonly obs_ids: ReadonlyArray<string>;
  /** one-line message for people */
  readonly message: string;
  /** kind-specific figures as JSON text: {"total":..., "sum":..., "residual":..., "tolerance":...} */
  readonly details: string;
}

/** What a kind provides: SQL for a declaration, and optionally an explanation search for a failure. */
export interface CheckKind {
  readonly kind: string;
  readonly defaultSeverity: Severity;
  /** one line for the docs */
  readonly summary: string;
  /** the params' schema (checks/kinds/defineKind.ts): it generates the kind's part of schemas/json/checks.schema.json */
  readonly params?: Schema.Struct<Schema.Struct.Fields>;
  /** the schema of its failures' details (checks/kinds/<kind>/details.ts): the runner checks every failure against it */
  readonly details?: Schema.Top;
  /** Validate params; return problems as text, each naming the param (the runner reports them and exits 2). */
  validate(check: CheckDeclaration): string[];
  /** SQL returning FailureRow columns: target, obs_ids (VARCHAR[]), message, details (JSON or VARCHAR); see FailureRow for statements before it. */
  compile(check: CheckDeclaration): string;
  /**
   * Optional: look for an explanation of failures (e.g. which rows account for a residual). Gets all
   * failures of this check at once so that a common explanation across years can be preferred.
   */
  explain?(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, check: CheckDeclaration, failures: ReadonlyArray<FailureRow>): Promise<Map<string, string>>;
}
