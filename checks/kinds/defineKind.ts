// One registration helper for every kind: the params decoded once by the kind's schema (validation for
// the runner, typed params with defaults for the kind's SQL and explanation), and the query wrapped the
// same way for every kind (statements before it, the FailureRow columns, a stable order).
import type * as Schema from "effect/Schema";
import type { CheckDeclaration, CheckKind, FailureRow, Severity } from "../types.ts";
import { decodeParams, type ParamsSchema } from "./params.ts";

/** What a kind's SQL needs: statements run before its query (variables, temporary tables) and the query. */
export interface CompiledQuery {
  /** statements, each ending with `;` and a newline, that set what the query reads (see FailureRow) */
  readonly before?: string;
  /** the failure rows: target, obs_ids, message, details, and the columns `orderBy` sorts on */
  readonly query: string;
}

/** How an explanation queries the warehouse: SQL with $1.. parameters, rows as objects. */
export type KindQuery = Parameters<NonNullable<CheckKind["explain"]>>[0];

/** A kind as written: its params schema and functions of the decoded params. */
export interface KindDefinition<F extends Schema.Struct.Fields, D extends Schema.Top> {
  readonly kind: string;
  readonly defaultSeverity: Severity;
  /** one line for the docs */
  readonly summary: string;
  readonly params: ParamsSchema<F>;
  /** the schema of the details its SQL writes (checks/kinds/<kind>/details.ts) */
  readonly details: D;
  readonly compile: (params: ParamsSchema<F>["Type"], check: CheckDeclaration) => CompiledQuery;
  /** the order of the failure rows (columns of the query), ending with target so that it is total */
  readonly orderBy: string;
  readonly explain?: (
    query: KindQuery,
    params: ParamsSchema<F>["Type"],
    check: CheckDeclaration,
    failures: ReadonlyArray<FailureRow>,
  ) => Promise<Map<string, string>>;
}

/** The CheckKind the runner registers, from a kind's definition. */
export const defineKind = <F extends Schema.Struct.Fields, D extends Schema.Top>(def: KindDefinition<F, D>): CheckKind => {
  // compile and explain run only after validate passed: a problem then is a broken contract, thrown
  const decoded = (check: CheckDeclaration): ParamsSchema<F>["Type"] => {
    const r = decodeParams(def.params, check);
    if (!r.ok) throw new Error(`${check.id}: ${r.problems.join("; ")} (run validate first)`);
    return r.params;
  };
  const { explain } = def;
  return {
    kind: def.kind,
    defaultSeverity: def.defaultSeverity,
    summary: def.summary,
    params: def.params,
    details: def.details,
    validate: (check) => {
      const r = decodeParams(def.params, check);
      return r.ok ? [] : r.problems;
    },
    compile: (check) => {
      const { before, query } = def.compile(decoded(check), check);
      return `${before ?? ""}SELECT target, obs_ids::VARCHAR[] AS obs_ids, message, details FROM (${query}\n) ORDER BY ${def.orderBy}`;
    },
    ...(explain !== undefined ? { explain: (query, check, failures) => explain(query, decoded(check), check, failures) } : {}),
  };
};
