import type { Observation } from "../../schemas/rows.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { trimBom } from "../core/readCsv.ts";
import type { Reference } from "../manifest/loadReference.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { baseValue } from "../parse/baseValue.ts";
import { parseNumber } from "../parse/numbers.ts";
import { parsePeriod } from "../parse/periods.ts";
import { lookupQualifier } from "../reference/qualifiers.ts";
import { closest, isUnitFailure } from "../reference/units.ts";
import { canonicalBreakdown } from "./defaults.ts";
import type { FigureInput } from "./figureInputs.ts";
import type { figureRefs } from "./figureRefs.ts";
import type { PackageContext } from "./packageContext.ts";

/** What one figure is normalized with, and where its errors and geography labels go. */
export interface ObservationContext {
  readonly pkg: SourcePackage;
  readonly ref: Reference;
  readonly p: PackageContext;
  readonly errors: InputError[];
  /** every geography label as printed, with its resolution */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  /** the errors reported so far (a bad label is reported once, not once per cell) */
  readonly reported: Set<string>;
  readonly resolveRef: ReturnType<typeof figureRefs>["resolveRef"];
  /** the number of a row or column label of a table (assigned in order of first appearance) */
  readonly labelKey: (tableId: string | null, axis: "rows" | "columns", label: string | null, assign: boolean) => number | null;
}

/**
 * One figure -> its observation: resolve its measure, countries, period, number, qualifier, unit, citation,
 * reporter and references. Undefined when any of them fails (the errors say why).
 */
export const observationOf = (input: FigureInput, o: ObservationContext): Observation | undefined => {
  const { pkg, ref, errors, labels, reported, resolveRef, labelKey } = o;
  const { asOf, reportingCode, citations, citationErr, reporterCode, citationReporter } = o.p;
  const c = input.coordinates;
  const before = errors.length;
  const err = (code: ErrorCode, field: string, cell: string, expected: string) => {
    const at = input.origins?.[field] ?? { line: input.line, column: input.columnOf(field) };
    const e = { code, file: "file" in at && at.file ? at.file : input.file, line: at.line, column: at.column, cell, expected };
    // A bad row or column label would otherwise be reported once per cell.
    const key = `${e.file}:${e.line}:${e.column}:${code}:${cell}`;
    if (!reported.has(key)) {
      reported.add(key);
      errors.push(e);
    }
    failed = true;
  };
  let failed = false;

  const measureCode = c.measure ?? "";
  const measure = ref.measures.get(measureCode);
  if (measure === undefined) {
    err("unknown-measure", "measure", measureCode, `a measure of sources/_reference/measures.csv or of the package's measures.csv (closest: ${closest(measureCode, [...ref.measures.keys()], 3).join(", ")})`);
  }

  const geo = (text: string, field: string): { code: string; label: string } | null => {
    const r = ref.countries.resolve(text);
    if (!r.ok) {
      err(r.code, field, text, r.expected);
      return null;
    }
    labels.set(text, { code: r.code, kind: r.kind, matchedBy: r.matchedBy });
    return { code: r.code, label: text };
  };
  const refArea = c.ref_area && c.ref_area.trim() !== "" ? geo(c.ref_area, "ref_area")?.code ?? null : reportingCode;
  const counterpart = c.counterpart && c.counterpart.trim() !== "" ? geo(c.counterpart, "counterpart") : null;
  const direction = c.direction ? c.direction : null;

  const period = parsePeriod(c.period ?? "", { asOf });
  if (!period.ok) err(period.code, "period", c.period ?? "", period.expected);

  const number = parseNumber(input.valueText, input.format, input.missing, ref.numberWords);
  if (!number.ok) err(number.code, "value", input.valueText, number.expected);

  const qualifier = lookupQualifier(input.qualifier, ref.qualifiers);
  if (!qualifier.ok) err(qualifier.code, "qualifier", input.qualifier, qualifier.expected);

  const unitAssumed = input.unitPrinted.trim() === "" && !(number.ok && number.percent);
  const unitText = number.ok && number.percent && input.unitPrinted.trim() === "" ? "%" : unitAssumed ? (input.unitAssumed ?? "") : input.unitPrinted;
  const unit = ref.units.resolve(unitText);
  if (isUnitFailure(unit)) err(unit.code, "unit", unitText, unit.expected);

  const citation = c.citation ?? "";
  if (input.originKind === "statement" && citation !== "" && !citations.has(citation)) {
    errors.push(citationErr(input.file, input.line, input.columnOf("citation"), citation));
  }
  const reporter = c.reporter ? reporterCode(c.reporter, input.file, input.line, input.columnOf("reporter")) : (citationReporter.get(citation) ?? null);

  const numeratorRef = resolveRef(input.numeratorRef, input, "numerator");
  const denominatorRef = resolveRef(input.denominatorRef, input, "denominator");
  const partOfRef = resolveRef(input.partOfRef, input, "part_of");

  if (failed || errors.length > before || measure === undefined || !period.ok || !number.ok || isUnitFailure(unit) || !qualifier.ok || refArea === null) return undefined;

  const base = baseValue(number, unit);
  if (base.base_unit !== measure.base_unit) {
    err("unit-mismatch", "unit", unitText, `a unit in ${measure.base_unit} for measure ${measure.measure} (the unit converts to ${base.base_unit})`);
    return undefined;
  }
  const flags = new Set(input.flags);
  const isEstimate = period.estimate || flags.has("estimate") || qualifier.qualifier === "estimate";
  const isProvisional = period.provisional || flags.has("provisional");
  const obsStatus =
    number.missing === "missing" ? "M" : number.missing === "not-available" ? "L" : isEstimate ? "E" : isProvisional ? "P" : "A";
  const origin = direction === "in" ? counterpart?.code ?? null : direction === "out" ? refArea : null;
  const destination = direction === "in" ? refArea : direction === "out" ? counterpart?.code ?? null : null;
  const citationRow = citations.get(citation)?.row;

  return {
    obs_id: input.obsId,
    package: pkg.id,
    origin_kind: input.originKind,
    table_id: input.tableId,
    row_label: input.rowLabel,
    col_label: input.colLabel,
    part: input.part,
    statement_id: input.statementId,
    file: input.file,
    line: input.line,
    col: input.columnOf("value"),
    cell_text: input.cellText,
    // (the figure as a bulk file's is stored: without a byte-order mark around it; cell_text keeps the cell)
    value_text: trimBom(input.valueText),
    label: input.label,
    section: input.section,
    measure: measure.measure,
    measure_kind: measure.kind,
    ref_area: refArea,
    direction,
    counterpart: counterpart?.code ?? null,
    counterpart_label: counterpart?.label ?? null,
    origin,
    destination,
    breakdown: canonicalBreakdown(c.breakdown ?? ""),
    period_text: c.period ?? null,
    period_start: period.start,
    period_end: period.end,
    value: number.value === null ? null : number.percent ? number.value : number.value,
    value_low: number.low,
    value_high: number.high,
    decimals: number.decimals,
    unit: unitText,
    unit_assumed: unitAssumed,
    multiplier: base.multiplier,
    base_unit: base.base_unit,
    value_base: base.value_base,
    rounding_base: base.rounding_base,
    obs_status: obsStatus,
    missing: number.missing,
    is_estimate: isEstimate,
    is_partial: period.partial || flags.has("partial"),
    is_provisional: isProvisional,
    is_cumulative: period.cumulative || flags.has("cumulative") || qualifier.qualifier === "cumulative",
    is_unofficial: flags.has("unofficial") || qualifier.qualifier === "unofficial",
    qualifier: qualifier.qualifier === "" ? null : qualifier.qualifier,
    citation: citation === "" ? null : citation,
    citation_year: citationRow && citationRow.year !== "" ? Number(citationRow.year) : null,
    reporter,
    footnote: input.footnote,
    numerator_ref: numeratorRef,
    denominator_ref: denominatorRef,
    part_of_ref: partOfRef,
    row_key: labelKey(input.tableId, "rows", input.rowLabel, true),
    col_key: labelKey(input.tableId, "columns", input.colLabel, true),
  };
};
