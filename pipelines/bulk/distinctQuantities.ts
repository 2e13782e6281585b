import type { BulkSpec } from "../manifest/bulkSpec.ts";
import type { CodedColumn, Mapped } from "./bulkStaging.ts";

/**
 * Whether no two records of a bulk file can be the same quantity: the same measure, area, direction,
 * counterpart, breakdown and year of the period (what the check of figures stated twice groups on, with
 * the year standing for any period in it). The build rejects two records with the same key; two records
 * with different keys differ in some key column, and they are different quantities when each key column
 * gives coordinates that no other column gives (the view observations takes each coordinate from the
 * first coded column that resolves it, else from the table) and gives them one to one: two of its values
 * never resolve to the same coordinates. A key column that resolves to no coordinate (a label only), or
 * two of whose values resolve alike ("Total" and "All", "2001" and "2001-Q1"), makes it false.
 */
export const distinctQuantities = (spec: Pick<BulkSpec, "rowKey" | "columnKey" | "breakdowns">, coded: ReadonlyArray<CodedColumn>): boolean => {
  const fields = ["measure", "ref_area", "direction", "counterpart", "period_end", ...spec.breakdowns.map((b) => `b_${b.key}`)];
  // (as observationsSql's field(): the first coded column that has the field gives it)
  const sourceOf = (field: string): CodedColumn | undefined => coded.find((k) => field in k.fields);
  const coordinate = (row: Mapped, field: string): string | number | boolean | null => {
    const v = row[field] ?? null;
    if (field === "direction") return v === "" ? null : v;
    if (field === "period_end") {
      // the year of the period's end, as period_year is computed from it
      const year = typeof v === "string" ? /^(\d{4})-\d{2}-\d{2}$/.exec(v)?.[1] : undefined;
      return year ?? `?${String(v)}`;
    }
    return v;
  };
  for (const column of new Set([...spec.rowKey, ...spec.columnKey])) {
    const k = coded.find((x) => x.column === column);
    if (k === undefined) return false;
    const own = fields.filter((f) => sourceOf(f) === k);
    if (own.length === 0) return false;
    const seen = new Set<string>();
    for (const row of k.rows) {
      const key = JSON.stringify(own.map((f) => coordinate(row, f)));
      if (seen.has(key)) return false;
      seen.add(key);
    }
  }
  return true;
};
