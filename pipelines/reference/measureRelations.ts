// How measures relate, declared once as data (sources/_reference/measure-relations.csv), as groups.csv
// does for countries: which measure counts a part of which (IDPs of forced migrants, the employed of the
// labour force), and which rate or share is a count per another measure (net migration per head of the
// population). The checks compare figures across measures and sources by these relations only.
import type { ErrorCode } from "../core/errorCodes.ts";
import { existsSync } from "node:fs";
import type { MeasureRow } from "../../schemas/rows.ts";
import type { InputError } from "../core/errors.ts";
import { readCsvObjects } from "../core/readCsv.ts";

export const MEASURE_RELATION_COLUMNS = ["measure", "related", "relation", "denominator", "note"] as const;

/**
 * part_of: every figure of `measure` counts people (or things) all counted by `related` for the same area
 * and time; registered_of: the same, `measure` being those registered among `related`'s estimate;
 * rate_of: `measure` is `related` divided by `denominator`.
 */
export const RELATIONS = ["part_of", "registered_of", "rate_of"] as const;
export type Relation = (typeof RELATIONS)[number];

/** One row of measure-relations.csv, validated. */
export interface MeasureRelation {
  readonly measure: string;
  readonly related: string;
  readonly relation: Relation;
  /** rate_of only: the measure the rate is per */
  readonly denominator: string | null;
  readonly note: string;
  readonly line: number;
}

/** Measure kinds whose figures are counts of something, so that a part cannot exceed its whole. */
export const COUNTABLE_KINDS: ReadonlyArray<string> = ["stock", "flow", "count", "amount"];

/**
 * Read and validate measure-relations.csv against the measures: known measures, a known relation, a
 * part and its whole of countable kinds in one base unit, a rate in ratio whose numerator and denominator
 * share a unit, each pair once, and no measure part of itself through a chain of relations.
 */
export const readMeasureRelations = (
  path: string,
  file: string,
  measures: ReadonlyMap<string, MeasureRow>,
): { relations: MeasureRelation[]; errors: InputError[] } => {
  // Optional: a reference folder without the file declares no relations (older folders stay valid).
  if (!existsSync(path)) return { relations: [], errors: [] };
  const read = readCsvObjects(path, file, MEASURE_RELATION_COLUMNS);
  const errors: InputError[] = [...read.errors];
  const relations: MeasureRelation[] = [];
  const seen = new Map<string, number>();
  for (const r of read.rows) {
    const v = r.values;
    const before = errors.length;
    const err = (column: string, code: ErrorCode, expected: string) =>
      errors.push({ code, file, line: r.line, column: r.columnOf(column), cell: v[column] ?? "", expected });
    const known = (column: "measure" | "related" | "denominator") => {
      const code = (v[column] ?? "").trim();
      if (!measures.has(code)) err(column, "unknown-measure", "a measure of measures.csv");
      return measures.get(code);
    };
    const m = known("measure");
    const rel = known("related");
    const relation = (v["relation"] ?? "").trim();
    if (!(RELATIONS as ReadonlyArray<string>).includes(relation)) err("relation", "invalid-measure-relation", `one of ${RELATIONS.join(", ")}`);
    const denominator = (v["denominator"] ?? "").trim();
    let den: MeasureRow | undefined;
    if (relation === "rate_of") {
      den = known("denominator");
      if (m !== undefined && !["share", "rate"].includes(m.kind)) err("measure", "invalid-measure-relation", `rate_of: a measure of kind share or rate (${m.measure} is ${m.kind})`);
      if (m !== undefined && m.base_unit !== "ratio") err("measure", "invalid-measure-relation", `rate_of: a measure in ratio (${m.measure} is in ${m.base_unit})`);
      if (rel !== undefined && den !== undefined && rel.base_unit !== den.base_unit) {
        err("denominator", "invalid-measure-relation", `a measure in ${rel.base_unit}, the unit of ${rel.measure} (${den.measure} is in ${den.base_unit})`);
      }
    } else if (relation !== "") {
      if (denominator !== "") err("denominator", "invalid-measure-relation", `blank: only rate_of has a denominator`);
      for (const [column, row] of [["measure", m], ["related", rel]] as const) {
        if (row !== undefined && !COUNTABLE_KINDS.includes(row.kind)) err(column, "invalid-measure-relation", `${relation}: a measure of kind ${COUNTABLE_KINDS.join(", ")} (${row.measure} is ${row.kind})`);
      }
      if (m !== undefined && rel !== undefined && m.base_unit !== rel.base_unit) err("related", "invalid-measure-relation", `a measure in ${m.base_unit}, the unit of ${m.measure} (${rel.measure} is in ${rel.base_unit})`);
      if (m !== undefined && m.measure === rel?.measure) err("related", "invalid-measure-relation", "another measure than the first column");
    }
    const key = `${(v["measure"] ?? "").trim()}\0${(v["related"] ?? "").trim()}\0${relation}`;
    const first = seen.get(key);
    if (first !== undefined) err("related", "duplicate-measure-relation", `each relation once (also on line ${first})`);
    else seen.set(key, r.line);
    if (errors.length === before) {
      relations.push({ measure: m!.measure, related: rel!.measure, relation: relation as Relation, denominator: den?.measure ?? null, note: (v["note"] ?? "").trim(), line: r.line });
    }
  }
  // A part of itself through a chain (a part_of b, b part_of a) would make every figure of both a part of
  // the other: a cycle is an error on the row that closes it.
  const wholes = new Map<string, string[]>();
  for (const r of relations.filter((x) => x.relation !== "rate_of")) {
    const reaches = (from: string, target: string, path = new Set<string>()): boolean =>
      from === target || (!path.has(from) && (wholes.get(from) ?? []).some((w) => reaches(w, target, path.add(from))));
    if (reaches(r.related, r.measure)) {
      errors.push({ code: "measure-relation-cycle", file, line: r.line, column: 2, cell: r.related, expected: `a measure ${r.measure} is not already a whole of (the relations would make each a part of the other)` });
    } else wholes.set(r.measure, [...(wholes.get(r.measure) ?? []), r.related]);
  }
  return { relations: errors.length === 0 ? relations : relations.filter((r) => !errors.some((e) => e.line === r.line)), errors };
};
