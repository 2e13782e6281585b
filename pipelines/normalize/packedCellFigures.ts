import type { Coordinates, Table } from "../../schemas/descriptor.ts";
import type { InputError } from "../core/errors.ts";
import { allMatches, firstMatch, type PackagePattern } from "../core/packagePattern.ts";
import { merge, type RawFigure } from "./rawFigure.ts";

/** A packed cell being split: its rule, its text, its id, where it stands and the coordinates it inherits. */
export interface PackedCell {
  readonly rule: NonNullable<Table["cells"]>[number];
  readonly cellText: string;
  readonly id: string;
  readonly where: Pick<RawFigure, "tableId" | "rowLabel" | "colLabel" | "file" | "line" | "column" | "cellText">;
  readonly coordinates: Coordinates;
  readonly origins: RawFigure["origins"];
  /** the record's line and the cell's column index (0-based, the row label's column being 0) */
  readonly r: { readonly line: number };
  readonly c: number;
}

/**
 * A packed cell -> its figures: one per part its rule's patterns match, and one per name-figure pair; text
 * no pattern reads is an error (nothing of a printed cell is dropped silently).
 */
export const packedCellFigures = (p: PackedCell, patternOf: (pattern: string) => PackagePattern | undefined, figures: RawFigure[], errors: InputError[]): void => {
  const { rule, cellText, id, where, coordinates, origins, r, c } = p;
  const { file } = where;
  const consumed: Array<[number, number]> = [];
  for (const part of rule.parts ?? []) {
    const re = patternOf(part.pattern);
    if (re === undefined) continue; // an invalid pattern, reported once at the descriptor
    const m = firstMatch(re, cellText);
    if (m === null || m.groups[1] === null || m.groups[1] === undefined) {
      errors.push({ code: "packed-cell-mismatch", file, line: r.line, column: c + 1, cell: cellText, expected: `a figure matching part "${part.name}" (${part.pattern})` });
      continue;
    }
    consumed.push([m.index, m.end]);
    figures.push({
      ...where,
      obsId: `${id}/${part.name}`,
      part: part.name,
      valueText: m.groups[1],
      coordinates: merge(coordinates, part.coordinates),
      shareOf: part.share_of !== undefined ? `${id}/${part.share_of}` : null,
      origins,
    });
  }
  if (rule.pairs !== undefined) {
    const re = patternOf(rule.pairs.pattern);
    for (const m of re !== undefined ? allMatches(re, cellText) : []) {
      if (m.end === m.index) break;
      const label = (m.groups[1] ?? "").trim();
      consumed.push([m.index, m.end]);
      const key = rule.pairs.label;
      const pairCoords: Coordinates =
        key === "breakdown" ? { breakdown: `${rule.pairs.key ?? "group"}=${label}` } : key === "period" ? { period: label } : { counterpart: label };
      figures.push({ ...where, obsId: `${id}/${label}`, part: label, valueText: m.groups[2] ?? "", coordinates: merge(coordinates, pairCoords), shareOf: null, origins: { ...origins, [key]: { line: r.line, column: c + 1 } } });
    }
  }
  let leftover = "";
  let pos = 0;
  for (const [s, e] of [...consumed].sort((a, b) => a[0] - b[0])) {
    if (s > pos) leftover += cellText.slice(pos, s);
    pos = Math.max(pos, e);
  }
  leftover += cellText.slice(pos);
  if (leftover.trim() !== "") {
    errors.push({ code: "unconsumed-text", file, line: r.line, column: c + 1, cell: cellText, expected: `every part of a packed cell read by a rule; left over: ${JSON.stringify(leftover.trim())}` });
  }
};
