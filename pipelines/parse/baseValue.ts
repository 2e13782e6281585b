/**
 * A parsed figure in base units: the printed number times its unit's multiplier, with the rounding its
 * printed digits imply.
 */
import type { UnitInfo } from "../reference/units.ts";
import type { ParsedNumber } from "./numberTypes.ts";

export interface BaseValue {
  /** value * multiplier (null when the figure has no single value: missing marker or range) */
  readonly value_base: number | null;
  /** low and high of a range, in base units (null when not a range) */
  readonly low_base: number | null;
  readonly high_base: number | null;
  /** half of the last printed digit, in base units (null for missing / not-available markers) */
  readonly rounding_base: number | null;
  /** the base unit and multiplier actually applied (a printed % sign turns them into ratio, 0.01) */
  readonly base_unit: string;
  readonly multiplier: number;
}

/** Base units that count whole things: a whole number printed in them is exact, not rounded. */
export const COUNTABLE_BASE_UNITS: ReadonlySet<string> = new Set(["persons", "cases", "count", "rank"]);

/**
 * Half the last printed digit, in base units; 0 for a whole number of a countable unit printed in that
 * unit itself ("6,222" persons is exact, "-9,8" thousand persons stands for -9,750 to -9,850).
 */
const roundingOf = (parsed: ParsedNumber, multiplier: number, baseUnit: string): number => {
  const step = parsed.scale * multiplier;
  if (parsed.decimals === 0 && step === 1 && COUNTABLE_BASE_UNITS.has(baseUnit)) return 0;
  return clean(0.5 * 10 ** -parsed.decimals * step);
};

/** Remove binary floating-point noise (9.8 * 1000 = 9800.000000000002 -> 9800). */
const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)));

/**
 * A parsed figure in base units. A % sign printed with the figure means "per cent" whatever the
 * unit says: the figure is then a ratio with multiplier 0.01 (so "2.2 %" with unit "%" is not
 * divided twice, and "2.2 %" in a table whose assumed unit is persons becomes a ratio).
 *
 * rounding_base = 0.5 * 10^-decimals * scale * multiplier: "-9,8" thousand persons -> 50;
 * "2.2 %" -> 0.0005; "1.15 million" persons -> 5000; but 0 for a whole number of a countable unit
 * printed in that unit ("6,222" persons is exact). A nil marker ("-") is treated like a printed "0";
 * missing / not-available markers have no value and no rounding.
 */
export function baseValue(parsed: ParsedNumber, unit: UnitInfo): BaseValue {
  const percentUnit = unit.baseUnit === "ratio" && unit.multiplier === 0.01;
  const baseUnit = parsed.percent && !percentUnit ? "ratio" : unit.baseUnit;
  const multiplier = parsed.percent ? 0.01 : unit.multiplier;
  const times = (x: number | null): number | null => (x === null ? null : clean(x * multiplier));
  const noValue = parsed.missing === "missing" || parsed.missing === "not-available";
  return {
    value_base: times(parsed.value),
    low_base: times(parsed.low),
    high_base: times(parsed.high),
    rounding_base: noValue ? null : roundingOf(parsed, multiplier, baseUnit),
    base_unit: baseUnit,
    multiplier,
  };
}
