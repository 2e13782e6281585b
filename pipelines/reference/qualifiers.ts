/**
 * Words printed with a figure ("approximately", "up to", "more than") -> how they bound the true
 * value, read from `sources/_reference/qualifiers.csv` (columns `qualifier,bound,widen`).
 *
 * For a printed value v (and r, half its last printed digit), the true value x lies in:
 *
 * | bound    | interval                      | words                                               |
 * |----------|-------------------------------|-----------------------------------------------------|
 * | `point`  | [v - r, v + r]                | "" (none), cumulative                               |
 * | `approx` | [v - w·|v| - r, v + w·|v| + r]| approximately, about, around, some, estimate, ...   |
 * | `upper`  | [v - w·|v| - r, v + r]        | nearly, almost, close to (w 0.1); up to, at most, less than, under, as high as (w 1) |
 * | `lower`  | [v - r, v + w·|v| + r]        | just over (w 0.1); over, more than, exceeding, surpassing, at least (w inf) |
 * | `range`  | [low - r, high + r]           | between (the figure is a range "16 to 25")          |
 *
 * `widen` (w) is the relative tolerance a comparison should allow on the open side; `inf` in the
 * CSV means unbounded. "" (no qualifier) is a point. Words are matched case-insensitively with
 * whitespace collapsed.
 */
import type { InputError, ParseFailure } from "../core/errors.ts";
import { InputErrors } from "../core/errors.ts";
import { normalizeKey, parseReferenceNumber, readReferenceCsv, referencePath } from "./units.ts";

export const BOUNDS = ["point", "upper", "lower", "approx", "range"] as const;
export type Bound = (typeof BOUNDS)[number];

export interface QualifierInfo {
  readonly ok: true;
  /** the qualifier as written in qualifiers.csv */
  readonly qualifier: string;
  readonly bound: Bound;
  /** relative tolerance on the open side; Infinity for an unbounded side */
  readonly widen: number;
}

export const QUALIFIER_COLUMNS = ["qualifier", "bound", "widen"] as const;

export class QualifierRegistry {
  private constructor(private readonly byKey: ReadonlyMap<string, QualifierInfo>) {}

  /** The qualifiers of `file` (default: sources/_reference/qualifiers.csv), with every problem found. */
  static load(file: string = referencePath("qualifiers.csv")): { registry: QualifierRegistry; errors: InputError[] } {
    const { rows, errors } = readReferenceCsv(file, QUALIFIER_COLUMNS);
    const byKey = new Map<string, QualifierInfo>();
    for (const { line, fields } of rows) {
      const qualifier = normalizeKey(fields["qualifier"]!);
      const bound = fields["bound"]!.trim();
      const widen = parseReferenceNumber(fields["widen"]!);
      let ok = true;
      if (!(BOUNDS as readonly string[]).includes(bound)) {
        errors.push({ code: "invalid-bound", file, line, column: 2, cell: fields["bound"]!, expected: `one of ${BOUNDS.join(", ")}` });
        ok = false;
      }
      if (widen === null || widen < 0 || (bound === "upper" && widen > 1) || ((bound === "point" || bound === "range") && widen !== 0)) {
        errors.push({
          code: "invalid-widen",
          file,
          line,
          column: 3,
          cell: fields["widen"]!,
          expected: "a relative tolerance >= 0 (at most 1 for bound upper, 0 for point and range, inf for unbounded)",
        });
        ok = false;
      }
      if (ok && byKey.has(qualifier)) {
        errors.push({ code: "duplicate-qualifier", file, line, column: 1, cell: fields["qualifier"]!, expected: "a qualifier not already listed" });
        ok = false;
      }
      if (ok) byKey.set(qualifier, { ok: true, qualifier, bound: bound as Bound, widen: widen! });
    }
    return { registry: new QualifierRegistry(byKey), errors };
  }

  get size(): number {
    return this.byKey.size;
  }

  qualifiers(): QualifierInfo[] {
    return [...this.byKey.values()];
  }

  lookup(q: string): QualifierInfo | ParseFailure {
    const hit = this.byKey.get(normalizeKey(q));
    if (hit !== undefined) return hit;
    return {
      ok: false,
      code: "unknown-qualifier",
      expected: `one of ${[...this.byKey.keys()].map((k) => JSON.stringify(k)).join(", ")}`,
    };
  }
}

let shipped: QualifierRegistry | undefined;

/** The shipped vocabulary; a broken shipped file is broken infrastructure and throws InputErrors. */
export function defaultQualifiers(): QualifierRegistry {
  if (shipped === undefined) {
    const { registry, errors } = QualifierRegistry.load();
    if (errors.length > 0) throw new InputErrors(errors);
    shipped = registry;
  }
  return shipped;
}

/** How a qualifier bounds a value, or `unknown-qualifier` listing the known ones. */
export function lookupQualifier(q: string, registry: QualifierRegistry = defaultQualifiers()): QualifierInfo | ParseFailure {
  return registry.lookup(q);
}

/**
 * The interval the true value lies in (see the table above). For a single value pass it as both
 * `low` and `high`; `rounding` is half the last printed digit (rounding_base), 0 by default.
 */
export function qualifierInterval(
  q: Pick<QualifierInfo, "bound" | "widen">,
  low: number,
  high: number,
  rounding = 0,
): { low: number; high: number } {
  const spread = (v: number): number => (q.widen === Infinity ? Infinity : q.widen * Math.abs(v));
  switch (q.bound) {
    case "point":
    case "range":
      return { low: low - rounding, high: high + rounding };
    case "approx":
      return { low: low - spread(low) - rounding, high: high + spread(high) + rounding };
    case "upper":
      return { low: high - spread(high) - rounding, high: high + rounding };
    case "lower":
      return { low: low - rounding, high: low + spread(low) + rounding };
  }
}
