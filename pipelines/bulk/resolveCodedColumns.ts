import * as Schema from "effect/Schema";
import { quoteIdent } from "../core/duckdb.ts";
import { cell } from "../core/sql.ts";
import type { BulkCoordinate } from "../manifest/bulkSpec.ts";
import { parsePeriod } from "../parse/periods.ts";
import { closest, isUnitFailure } from "../reference/units.ts";
import type { BulkResolvers } from "./bulkResolvers.ts";
import { MAX_DISTINCT, type BulkStaging, type CodedColumn, type Mapped } from "./bulkStaging.ts";
import type { ReadBulkFile } from "./readBulkFile.ts";

/** The coded columns of a file, resolved. */
export interface ResolvedColumns {
  readonly coded: CodedColumn[];
  /** the distinct values of each coded (or hierarchy) column, with the record where each first occurs */
  readonly valuesOf: Map<string, Array<{ v: string; first: number }>>;
  /** the columns whose every text is its own trimmed form, none empty (stored without trimming each) */
  readonly clean: Set<string>;
}

const DistinctValue = Schema.Struct({ v: Schema.String, first: Schema.NumberFromString, clean: Schema.Boolean });

/**
 * Coded values: distinct values of each column with a coordinate role (and each hierarchy column), the
 * record where each first occurs, resolved here and joined back as a table.
 */
export const resolveCodedColumns = async (s: BulkStaging, read: ReadBulkFile, lookups: BulkResolvers): Promise<ResolvedColumns> => {
  const { wh, file, errors, labels, report, raw, ref, reportingCode, ordinal } = s;
  const { table, spec } = s.source;
  const { columnOf, at } = read;
  const { citations, resolveReporter, measureOf, unitOf } = lookups;
  // (clean: every text of the column is its own trimmed form, none empty: stored without trimming each)
  const clean = new Set<string>();
  const distinct = async (column: string): Promise<Array<{ v: string; first: number }> | undefined> => {
    const rows = await wh.rows(
      DistinctValue,
      // grouped as read, then trimmed: the trim runs once per distinct text, not once per record
      `SELECT ${cell("g", "v")} AS v, min(g.first)::BIGINT AS first, bool_and(g.v IS NOT NULL AND g.v = ${cell("g", "v")}) AS clean
       FROM (SELECT r.${quoteIdent(column)} AS v, min(r.rowid) AS first FROM ${quoteIdent(raw)} r GROUP BY 1) g
       GROUP BY 1 ORDER BY 2 LIMIT ${MAX_DISTINCT + 1}`,
    );
    if (rows.length > MAX_DISTINCT) {
      errors.push({ code: "too-many-values", file, line: 1, column: columnOf(column), cell: column, expected: `at most ${MAX_DISTINCT} distinct values in a column with the role(s) of a coded coordinate` });
      return undefined;
    }
    if (rows.every((r) => r.clean)) clean.add(column);
    // a label with a zero byte cannot be written into the SQL of the views: an error at its first record
    for (const r of rows) {
      if (r.v.includes("\u0000")) errors.push({ code: "nul-in-text", ...at(column, r.first), cell: r.v, expected: "text without a zero byte" });
    }
    return rows.map((r) => ({ v: r.v, first: r.first }));
  };

  const asOf = s.pkg.descriptor.publication.date;
  const coded: CodedColumn[] = [];
  const valuesOf = new Map<string, Array<{ v: string; first: number }>>();
  for (const { name, roles } of spec.columns) {
    const coordinates = roles.filter((r) => r !== "value" && r !== "ignore");
    const inHierarchy = spec.hierarchy.some((h) => h.column === name);
    if (coordinates.length === 0 && !inHierarchy) continue;
    const values = await distinct(name);
    if (values === undefined) continue;
    valuesOf.set(name, values);
    if (coordinates.length === 0) continue;
    const fields: CodedColumn["fields"] = {};
    const rows: Mapped[] = values.map(({ v }) => ({ v }));
    for (const role of coordinates) {
      values.forEach(({ v, first }, i) => {
        const row = rows[i]!;
        const where = at(name, first);
        switch (role as BulkCoordinate) {
          case "ref_area":
          case "counterpart":
          case "reporter": {
            if (v === "") {
              row[role] = role === "ref_area" ? reportingCode : null;
              if (role === "counterpart") row["counterpart_label"] = null;
              break;
            }
            const g = ref.countries.resolve(v);
            if (!g.ok) {
              report({ code: g.code, ...where, cell: v, expected: g.expected });
              break;
            }
            if (role !== "reporter") labels.set(v, { code: g.code, kind: g.kind, matchedBy: g.matchedBy });
            row[role] = g.code;
            if (role === "counterpart") row["counterpart_label"] = v;
            break;
          }
          case "period": {
            const p = parsePeriod(v, { asOf });
            if (!p.ok) {
              report({ code: p.code, ...where, cell: v, expected: p.expected });
              break;
            }
            Object.assign(row, { period_text: v, period_start: p.start, period_end: p.end, p_estimate: p.estimate, p_partial: p.partial, p_provisional: p.provisional, p_cumulative: p.cumulative });
            break;
          }
          case "measure": {
            const m = measureOf(v);
            if (m === undefined) {
              report({ code: "unknown-measure", ...where, cell: v, expected: `a measure of sources/_reference/measures.csv or of the package's measures.csv (closest: ${closest(v, [...ref.measures.keys()], 3).join(", ")})` });
              break;
            }
            Object.assign(row, { measure: m.measure, measure_kind: m.kind, m_base_unit: m.base_unit });
            break;
          }
          case "direction":
            if (!["in", "out", "net", ""].includes(v)) report({ code: "invalid-direction", ...where, cell: v, expected: "in, out, net or blank" });
            else row["direction"] = v === "" ? null : v;
            break;
          case "unit": {
            const { text, assumed, u } = unitOf(v);
            if (isUnitFailure(u)) {
              report({ code: u.code, ...where, cell: text, expected: u.expected });
              break;
            }
            Object.assign(row, { unit: text, unit_assumed: assumed, multiplier: u.multiplier, u_base_unit: u.baseUnit });
            break;
          }
          case "citation": {
            const id = v === "" ? table.source.citation : v;
            const cit = citations.get(id);
            if (cit === undefined) {
              report({ code: "unknown-citation", ...where, cell: v, expected: `a citation id of citations.csv (closest: ${closest(v, [...citations.keys()], 3).join(", ")})` });
              break;
            }
            Object.assign(row, { citation: id, citation_year: cit.year === "" ? null : Number(cit.year), c_reporter: resolveReporter(cit.reporter) });
            break;
          }
        }
      });
      if (role.startsWith("breakdown:")) {
        const b = spec.breakdowns.find((x) => x.column === name)!;
        values.forEach(({ v, first }, i) => {
          if (v !== "" && !/^[^;=]+$/u.test(v)) report({ code: "invalid-breakdown", ...at(name, first), cell: v, expected: "a breakdown value without ';' or '='" });
          rows[i]![`b_${b.key}`] = v === "" || v === b.total ? null : `${b.key}=${v}`;
        });
        fields[`b_${b.key}`] = "VARCHAR";
      }
    }
    for (const role of coordinates) addRoleFields(fields, role);
    coded.push({ column: name, roles: coordinates, table: `bulk_map_${ordinal}_${coded.length}`, fields, rows });
  }
  return { coded, valuesOf, clean };
};

/** The columns (and their types) of the mapping table that a coordinate role fills. */
const addRoleFields = (fields: CodedColumn["fields"], role: string): void => {
  switch (role) {
    case "ref_area":
    case "reporter":
      fields[role] = "VARCHAR";
      break;
    case "counterpart":
      Object.assign(fields, { counterpart: "VARCHAR", counterpart_label: "VARCHAR" });
      break;
    case "period":
      Object.assign(fields, { period_text: "VARCHAR", period_start: "DATE", period_end: "DATE", p_estimate: "BOOLEAN", p_partial: "BOOLEAN", p_provisional: "BOOLEAN", p_cumulative: "BOOLEAN" });
      break;
    case "measure":
      Object.assign(fields, { measure: "VARCHAR", measure_kind: "VARCHAR", m_base_unit: "VARCHAR" });
      break;
    case "direction":
      fields["direction"] = "VARCHAR";
      break;
    case "unit":
      Object.assign(fields, { unit: "VARCHAR", unit_assumed: "BOOLEAN", multiplier: "DOUBLE", u_base_unit: "VARCHAR" });
      break;
    case "citation":
      Object.assign(fields, { citation: "VARCHAR", citation_year: "INTEGER", c_reporter: "VARCHAR" });
      break;
  }
};
