import type { CitationRow } from "../../schemas/rows.ts";
import type { ParseFailure } from "../core/errors.ts";
import type { UnitInfo } from "../reference/units.ts";
import type { BulkStaging } from "./bulkStaging.ts";

/** A measure of the reference, as a bulk file's figures need it. */
export type BulkMeasure = { measure: string; kind: string; base_unit: string };

/** The lookups the coded columns and the table's constant coordinates share. */
export interface BulkResolvers {
  readonly citations: ReadonlyMap<string, CitationRow>;
  /** the country a citation's reporter names (null when blank or unknown) */
  readonly resolveReporter: (text: string) => string | null;
  readonly measureOf: (code: string) => BulkMeasure | undefined;
  /** a printed unit (blank: the table's assumed unit), resolved */
  readonly unitOf: (printed: string) => { text: string; assumed: boolean; u: UnitInfo | ParseFailure };
}

export const bulkResolvers = (s: BulkStaging): BulkResolvers => {
  const { pkg, ref } = s;
  const { table } = s.source;
  const citations = new Map(pkg.citations.map((c) => [c.row.id, c.row]));
  const resolveReporter = (text: string): string | null => {
    if (text.trim() === "") return null;
    const r = ref.countries.resolve(text);
    return r.ok ? r.code : null;
  };
  const measureOf = (code: string): BulkMeasure | undefined => {
    const m = ref.measures.get(code);
    return m === undefined ? undefined : { measure: m.measure, kind: m.kind, base_unit: m.base_unit };
  };
  const unitOf = (printed: string) => {
    const assumed = printed.trim() === "";
    const text = assumed ? (table.unit_assumed ?? "") : printed;
    const u = ref.units.resolve(text);
    return { text, assumed, u };
  };
  return { citations, resolveReporter, measureOf, unitOf };
};
