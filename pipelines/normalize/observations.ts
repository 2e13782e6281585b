import type { Observation } from "../../schemas/rows.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import type { Reference } from "../manifest/loadReference.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { checkBulkTables, statementInputs, tableInputs, type FigureInput, type HierarchyRule } from "./figureInputs.ts";
import { figureRefs, partOfCycles, type BulkRefs } from "./figureRefs.ts";
import { observationOf } from "./observationOf.ts";
import { packageContext } from "./packageContext.ts";

/** What a package contributes to the warehouse, normalized. */
export interface NormalizedPackage {
  readonly observations: Observation[];
  readonly hierarchy: Array<{ table_id: string; axis: string; total_label: string; part_label: string; complete: boolean; position: number; total_key: number | null; part_key: number | null }>;
  /** every geography label as printed, with its resolution */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  readonly referenceCountry: string;
  /** references into bulk tables (read later, by DuckDB): checked once those are loaded */
  readonly bulkRefs: BulkRefs;
}

/**
 * Turn a package's tables and statements into observations: resolve countries, measures, units,
 * periods, numbers, qualifiers and citations. Every problem is collected with its file, line and column.
 */
export const normalizePackage = (pkg: SourcePackage, ref: Reference): { normalized: NormalizedPackage; errors: InputError[] } => {
  const errors: InputError[] = [];
  const p = packageContext(pkg, ref, errors);
  const labels = new Map<string, { code: string; kind: string; matchedBy: string }>();

  const inputs: FigureInput[] = [];
  const rules: HierarchyRule[] = [];
  // Each table's number for every row and column label its figures carry, in order of first appearance
  // (observations.row_key and col_key: the checks group and join on them rather than on the labels).
  const labelKeys = new Map<string, { rows: Map<string, number>; columns: Map<string, number> }>();
  const labelKey = (tableId: string | null, axis: "rows" | "columns", label: string | null, assign: boolean): number | null => {
    if (tableId === null || label === null) return null;
    let t = labelKeys.get(tableId);
    if (t === undefined) labelKeys.set(tableId, (t = { rows: new Map(), columns: new Map() }));
    const keys = t[axis];
    let k = keys.get(label);
    if (k === undefined && assign) keys.set(label, (k = keys.size + 1));
    return k ?? null;
  };

  tableInputs(pkg, p, errors, inputs, rules);
  checkBulkTables(pkg, p, errors);
  statementInputs(pkg, p, errors, inputs);
  const { resolveRef, bulkRefs } = figureRefs(pkg, ref, inputs, errors);

  pushAll(errors, partOfCycles(inputs, pkg.id));

  const observations: Observation[] = [];
  const reported = new Set<string>();
  for (const input of inputs) {
    const observation = observationOf(input, { pkg, ref, p, errors, labels, reported, resolveRef, labelKey });
    if (observation !== undefined) observations.push(observation);
  }
  // a rule's labels numbered as the figures' (NULL: no figure carries the label)
  const hierarchy = rules.map((r) => {
    const axis = r.axis === "rows" ? "rows" : "columns";
    return { ...r, total_key: labelKey(r.table_id, axis, r.total_label, false), part_key: labelKey(r.table_id, axis, r.part_label, false) };
  });
  return { normalized: { observations, hierarchy, labels, referenceCountry: p.reportingCode, bulkRefs }, errors };
};
