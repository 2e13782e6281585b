import type { Axis, Coordinates } from "../../schemas/descriptor.ts";

/** One printed figure before its meaning is parsed: where it stands and the coordinates it inherits. */
export interface RawFigure {
  readonly obsId: string;
  readonly tableId: string;
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly part: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly cellText: string;
  readonly valueText: string;
  readonly coordinates: Coordinates;
  /** obs id of the figure this share is a share of (packed cells) */
  readonly shareOf: string | null;
  /** where each coordinate was read: a row label (column 1), a column label (header), else the cell */
  readonly origins: Readonly<Partial<Record<keyof Coordinates, { file?: string; line: number; column: number }>>>;
}

/** Coordinates layered: a later layer's value wins, an undefined one is no value. */
export const merge = (...layers: ReadonlyArray<Coordinates | undefined>): Coordinates => {
  const out: Record<string, string> = {};
  for (const layer of layers) if (layer) for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  return out as Coordinates;
};

/** The coordinates a label of an axis gives its figures ("unmapped": a measure or breakdown axis that does not map it). */
export const axisCoordinates = (axis: Axis, label: string): Coordinates | "unmapped" => {
  const mapped = axis.labels?.[label];
  switch (axis.dimension) {
    case "counterpart":
      return merge({ counterpart: label }, mapped);
    case "period":
      return merge({ period: label }, mapped);
    case "measure":
    case "breakdown":
      return mapped === undefined ? "unmapped" : mapped;
    case "none":
      return mapped ?? {};
  }
};
