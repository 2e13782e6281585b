// What the number parser reads with and answers (see numbers.ts).

/** The decimal mark and thousands separator of a table or package. */
export interface NumberFormat {
  readonly decimal: string;
  readonly group: string;
}

export type MissingMeaning = "nil" | "missing" | "not-available";

export interface ParsedNumber {
  readonly ok: true;
  /** null for missing / not-available markers and for ranges */
  readonly value: number | null;
  /** the ends of a range ("16 to 25"); null otherwise */
  readonly low: number | null;
  readonly high: number | null;
  /** decimals printed in the figure ("1.15 million": 2, "6,222": 0, "-9,8": 1) */
  readonly decimals: number;
  /** multiplier of a scale word inside the figure ("1.15 million": 1e6); already applied to value */
  readonly scale: number;
  /** the figure carried a % sign */
  readonly percent: boolean;
  readonly missing: MissingMeaning | null;
}
