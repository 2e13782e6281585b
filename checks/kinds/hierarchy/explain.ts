// hierarchy's explanation search: which rows of the table account for a failing sum's residual.
import type { CheckDeclaration, FailureRow } from "../../types.ts";
import { formatNumber } from "../common.ts";
import type { KindQuery } from "../defineKind.ts";
import { decodeDetails } from "../details.ts";
import { HierarchyDetails, type HierarchySumDetails } from "./details.ts";

/** A candidate row of the explanation search: its label, value in the failing column and sign. */
interface Candidate {
  readonly label: string;
  readonly value: number;
  readonly rounding: number;
  /** +1: a row the rule does not list but the total may include; -1: a part the total may leave out */
  readonly sign: 1 | -1;
}

interface Match {
  readonly rows: ReadonlyArray<Candidate>;
  readonly deviation: number;
  readonly key: string;
}

const subsets = <T>(items: ReadonlyArray<T>, maxSize: number): T[][] => {
  const out: T[][] = [];
  const rec = (start: number, acc: T[]) => {
    if (acc.length > 0) out.push([...acc]);
    if (acc.length === maxSize) return;
    for (let i = start; i < items.length; i++) {
      acc.push(items[i]!);
      rec(i + 1, acc);
      acc.pop();
    }
  };
  rec(0, []);
  return out;
};

const matchKey = (rows: ReadonlyArray<Candidate>): string => rows.map((r) => `${r.sign > 0 ? "+" : "-"}${r.label}`).join("\u0000");

/** The words for a rule's axis: its labels are rows (the other axis columns), or the other way round. */
const nouns = (axis: string): { one: string; other: string } => (axis === "columns" ? { one: "column", other: "row" } : { one: "row", other: "column" });

const describe = (rows: ReadonlyArray<Candidate>, unit: string | null, axis: string): string => {
  const { one } = nouns(axis);
  const plus = rows.filter((r) => r.sign > 0);
  const minus = rows.filter((r) => r.sign < 0);
  const labels = (rs: ReadonlyArray<Candidate>) => rs.map((r) => r.label).join(" + ");
  const values = (rs: ReadonlyArray<Candidate>) => rs.map((r) => formatNumber(r.value, unit)).join(" + ");
  const parts: string[] = [];
  if (plus.length > 0) parts.push(`${labels(plus)} (${values(plus)})`);
  if (minus.length > 0) parts.push(`minus ${minus.length > 1 ? "(" : ""}${labels(minus)}${minus.length > 1 ? ")" : ""} (${values(minus)})`);
  const why: string[] = [];
  if (plus.length > 0) why.push(plus.length === 1 ? `a ${one} the rule does not list` : `${one}s the rule does not list`);
  if (minus.length > 0) why.push(minus.length === 1 ? "a part the total leaves out" : "parts the total leaves out");
  return `${parts.join(" ")}: ${why.join(" and ")}`;
};

const where = (other: string): string => (/^\d{4}$/.test(other) ? other : `'${other}'`);

/**
 * For each failing sum, search the rows of the same table (other rows along the axis, and the parts
 * themselves) for a set of 1..max_rows whose values in that column account for the residual; across the
 * failing columns of one rule, prefer the set of labels that fits the most columns.
 */
export const explainHierarchy = async (
  query: KindQuery,
  params: { readonly max_rows: number; readonly max_candidates: number },
  _check: CheckDeclaration,
  failures: ReadonlyArray<FailureRow>,
): Promise<Map<string, string>> => {
  const maxRows = params.max_rows;
  const maxCandidates = params.max_candidates;
  const out = new Map<string, string>();
  const byRule = new Map<string, Array<{ failure: FailureRow; d: typeof HierarchySumDetails.Type }>>();
  for (const failure of failures) {
    const decoded = decodeDetails(HierarchyDetails, failure.details);
    if (!decoded.ok) throw new Error(`${failure.target}: details do not decode (${decoded.problems.join("; ")})`);
    const d = decoded.details;
    if (d.failure !== "sum") continue;
    const key = JSON.stringify([d.package, d.table_id, d.axis, d.total_label]);
    byRule.set(key, [...(byRule.get(key) ?? []), { failure, d }]);
  }
  for (const group of byRule.values()) {
    const d0 = group[0]!.d;
    const { package: pkg, table_id: table, axis, total_label: total } = d0;
    const rules = (await query(`SELECT total_label, part_label FROM table_hierarchy WHERE package = $1 AND table_id = $2 AND axis = $3`, [pkg, table, axis])) as Array<{ total_label: string; part_label: string }>;
    const parts = new Set(rules.filter((r) => r.total_label === total).map((r) => r.part_label));
    // totals above this one (they contain it) are no candidates
    const ancestors = new Set<string>();
    const climb = (label: string) => {
      for (const r of rules) if (r.part_label === label && !ancestors.has(r.total_label)) (ancestors.add(r.total_label), climb(r.total_label));
    };
    climb(total);
    const perFailure: Array<{ failure: FailureRow; other: string; residual: number; unit: string | null; matches: Match[]; tooMany: number | null }> = [];
    // The rows of every failing column of this rule, in one query (each query reads the labels of the whole
    // table). The axis is known here: its columns are named, so the filter is a plain IN list DuckDB can
    // push down.
    const [labelCol, otherCol] = axis === "rows" ? ["row_label", "col_label"] : ["col_label", "row_label"];
    const others = [...new Set(group.map(({ d }) => d.other_label))];
    const fetched = (await query(
      `SELECT ${otherCol} AS other, base_unit AS unit, ${labelCol} AS label,
              sum(value_base) AS value, sum(coalesce(rounding_base, 0)) AS rounding, min(line) AS l, min(col) AS c
       FROM check_observations
       WHERE package = $1 AND table_id = $2 AND ${otherCol} IN (${others.map((_, i) => `$${i + 3}`).join(", ")})
         AND measure_kind NOT IN ('share', 'rate') AND value_base IS NOT NULL
       GROUP BY 1, 2, 3 ORDER BY l, c, label`,
      [pkg, table, ...others],
    )) as Array<{ other: string; unit: string | null; label: string; value: number; rounding: number }>;
    for (const { failure, d } of group) {
      const other = d.other_label;
      const unit = d.base_unit;
      // (null: no finite residual, nothing to search for)
      const residual = d.residual ?? NaN;
      const tolerance = d.tolerance ?? NaN;
      // this column's rows in the unit of the comparison, in print order
      const rows = fetched.filter((r) => r.other === other && (r.unit ?? null) === unit);
      const candidates: Candidate[] = rows
        .filter((r) => r.label !== total && !ancestors.has(r.label))
        .map((r) => ({ label: r.label, value: Number(r.value), rounding: Number(r.rounding), sign: parts.has(r.label) ? -1 : 1 }));
      const matches: Match[] = [];
      // subsets of up to max_rows of n rows grow as n^max_rows: beyond max_candidates, no search
      const tooMany = candidates.length > maxCandidates ? candidates.length : null;
      if (tooMany === null && Number.isFinite(residual) && Number.isFinite(tolerance)) {
        for (const set of subsets(candidates, maxRows)) {
          const explained = set.reduce((s, r) => s + r.sign * r.value, 0);
          const deviation = Math.abs(residual - explained);
          if (deviation <= tolerance + set.reduce((s, r) => s + r.rounding, 0) + 1e-9) matches.push({ rows: set, deviation, key: matchKey(set) });
        }
      }
      matches.sort((a, b) => a.deviation - b.deviation || a.rows.length - b.rows.length || a.key.localeCompare(b.key));
      perFailure.push({ failure, other, residual, unit, matches, tooMany });
    }
    // the set that fits the most failing columns of this rule (then the closest fit, then the fewest rows)
    const common = new Map<string, { count: number; deviation: number; size: number }>();
    for (const f of perFailure) {
      for (const m of f.matches) {
        const c = common.get(m.key) ?? { count: 0, deviation: 0, size: m.rows.length };
        common.set(m.key, { count: c.count + 1, deviation: c.deviation + m.deviation, size: c.size });
      }
    }
    const best = [...common.entries()]
      .filter(([, c]) => c.count >= 2)
      .sort(([ka, a], [kb, b]) => b.count - a.count || a.deviation - b.deviation || a.size - b.size || ka.localeCompare(kb))[0];
    const { one, other: across } = nouns(axis);
    for (const f of perFailure) {
      const lead = `the residual ${formatNumber(f.residual, f.unit)} in ${where(f.other)}`;
      const shared = best ? f.matches.find((m) => m.key === best[0]) : undefined;
      if (shared !== undefined) {
        const others = perFailure.filter((g) => g !== f && g.matches.some((m) => m.key === best![0])).map((g) => where(g.other));
        out.set(f.failure.target, `${lead} equals ${describe(shared.rows, f.unit, axis)}; the same ${one}s account for the residual in ${others.length} other ${across}${others.length === 1 ? "" : "s"} of this rule (${others.join(", ")})`);
      } else if (f.matches.length > 0) {
        const m = f.matches[0]!;
        const alternatives = f.matches.length - 1;
        out.set(f.failure.target, `${lead} equals ${describe(m.rows, f.unit, axis)}${alternatives > 0 ? ` (${alternatives} other set${alternatives === 1 ? "" : "s"} of ${one}s also fit within rounding)` : ""}`);
      } else if (f.tooMany !== null) {
        out.set(f.failure.target, `${lead}: too many ${one}s to search for an explanation (${f.tooMany})`);
      } else {
        out.set(f.failure.target, `no set of up to ${maxRows} ${one}s of the table accounts for ${lead}`);
      }
    }
  }
  return out;
};
