import type { Coordinates } from "../../schemas/descriptor.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import { sqlBool, sqlDate, sqlNum, sqlText } from "../core/sql.ts";
import { parsePeriod } from "../parse/periods.ts";
import { closest, isUnitFailure } from "../reference/units.ts";
import type { BulkMeasure, BulkResolvers } from "./bulkResolvers.ts";
import type { BulkStaging } from "./bulkStaging.ts";

/** The table's coordinates for those no column gives, resolved. */
export interface ConstantCoordinates {
  /** the SQL of each constant field, by the name of the mapping field it stands for */
  readonly constant: Record<string, string>;
  readonly constMeasure: BulkMeasure | undefined;
  readonly constUnit: { multiplier: number; baseUnit: string } | undefined;
  /** the reporter the table's citation names, when one citation covers the whole file */
  readonly citationReporter: string | null | undefined;
  readonly constReporter: string | null;
}

/** Constants: the table's coordinates, for the coordinates no column gives (errors point into the descriptor). */
export const resolveConstants = (s: BulkStaging, lookups: BulkResolvers): ConstantCoordinates => {
  const { ref, reportingCode, labels, descriptorError, coordinates: c } = s;
  const { table, spec } = s.source;
  const { citations, resolveReporter, measureOf, unitOf } = lookups;
  const asOf = s.pkg.descriptor.publication.date;
  const constant: Record<string, string> = {};
  const constError = (code: ErrorCode, coordinate: string, expected: string) => descriptorError(code, ["coordinates", coordinate], expected);
  const valueOfConstant = (coordinate: keyof Coordinates): string => (c[coordinate] ?? "").trim();
  let constMeasure: ReturnType<typeof measureOf>;
  if (spec.coordinate.measure === undefined) {
    constMeasure = measureOf(valueOfConstant("measure"));
    if (constMeasure === undefined) constError("unknown-measure", "measure", `a measure of sources/_reference/measures.csv or of the package's measures.csv (closest: ${closest(valueOfConstant("measure"), [...ref.measures.keys()], 3).join(", ")})`);
  }
  const constGeo = (coordinate: "ref_area" | "counterpart" | "reporter"): string | null => {
    const text = valueOfConstant(coordinate);
    if (text === "") return coordinate === "ref_area" ? reportingCode : null;
    const g = ref.countries.resolve(text);
    if (!g.ok) {
      constError(g.code, coordinate, g.expected);
      return null;
    }
    if (coordinate !== "reporter") labels.set(text, { code: g.code, kind: g.kind, matchedBy: g.matchedBy });
    return g.code;
  };
  if (spec.coordinate.ref_area === undefined) constant["ref_area"] = sqlText(constGeo("ref_area"));
  if (spec.coordinate.counterpart === undefined) {
    const code = constGeo("counterpart");
    constant["counterpart"] = sqlText(code);
    constant["counterpart_label"] = sqlText(code === null ? null : valueOfConstant("counterpart"));
  }
  if (spec.coordinate.direction === undefined) constant["direction"] = sqlText(valueOfConstant("direction") || null);
  if (spec.coordinate.period === undefined) {
    const text = valueOfConstant("period");
    const p = parsePeriod(text, { asOf });
    if (!p.ok) constError(p.code, "period", p.expected);
    else Object.assign(constant, {
      period_text: sqlText(text), period_start: sqlDate(p.start), period_end: sqlDate(p.end), p_estimate: sqlBool(p.estimate),
      p_partial: sqlBool(p.partial), p_provisional: sqlBool(p.provisional), p_cumulative: sqlBool(p.cumulative),
    });
  }
  let constUnit: { multiplier: number; baseUnit: string } | undefined;
  if (spec.coordinate.unit === undefined) {
    const { text, assumed, u } = unitOf(c.unit ?? table.unit);
    if (isUnitFailure(u)) descriptorError(u.code, c.unit !== undefined ? ["coordinates", "unit"] : assumed ? ["unit_assumed"] : ["unit"], u.expected);
    else {
      constUnit = { multiplier: u.multiplier, baseUnit: u.baseUnit };
      Object.assign(constant, { unit: sqlText(text), unit_assumed: sqlBool(assumed), multiplier: sqlNum(u.multiplier), u_base_unit: sqlText(u.baseUnit) });
    }
  }
  // the reporter the table's citation names, when one citation covers the whole file
  let citationReporter: string | null | undefined;
  if (spec.coordinate.citation === undefined) {
    const id = valueOfConstant("citation") || table.source.citation;
    const cit = citations.get(id);
    citationReporter = cit ? resolveReporter(cit.reporter) : null;
    // an unknown table citation is reported by the package normalization, once
    Object.assign(constant, { citation: sqlText(id), citation_year: cit && cit.year !== "" ? String(Number(cit.year)) : "CAST(NULL AS INTEGER)", c_reporter: sqlText(citationReporter) });
  }
  const constReporter = spec.coordinate.reporter === undefined && valueOfConstant("reporter") !== "" ? constGeo("reporter") : null;
  return { constant, constMeasure, constUnit, citationReporter, constReporter };
};
