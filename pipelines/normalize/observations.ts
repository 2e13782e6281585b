import type { Coordinates, MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";
import type { Observation } from "../../schemas/rows.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import type { Reference } from "../manifest/loadReference.ts";
import { locateInJson } from "../manifest/validateJson.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { closest } from "../reference/units.ts";
import { isUnitFailure } from "../reference/units.ts";
import { baseValue } from "../parse/baseValue.ts";
import { parseNumber } from "../parse/numbers.ts";
import { parsePeriod } from "../parse/periods.ts";
import { lookupQualifier } from "../reference/qualifiers.ts";
import { tableFigures } from "./tableFigures.ts";

/**
 * Statements whose part_of references go round in a circle (a part of b, b part of a): each one on the
 * cycle is an error at its part_of cell, naming the cycle. A self-reference is reported by resolveRef.
 * Linear: every figure is walked once.
 */
const partOfCycles = (inputs: ReadonlyArray<FigureInput>, pkgId: string): InputError[] => {
  const byId = new Map(inputs.map((i) => [i.obsId, i]));
  const next = (i: FigureInput): FigureInput | undefined => {
    if (i.partOfRef === null || i.partOfRef.startsWith("measure:")) return undefined;
    const full = i.partOfRef.startsWith(`${pkgId}:`) ? i.partOfRef : `${pkgId}:${i.partOfRef}`;
    return full === i.obsId ? undefined : byId.get(full);
  };
  const state = new Map<string, "walking" | "done">();
  const errors: InputError[] = [];
  for (const start of inputs) {
    const path: FigureInput[] = [];
    let at: FigureInput | undefined = start;
    while (at !== undefined && !state.has(at.obsId)) {
      state.set(at.obsId, "walking");
      path.push(at);
      at = next(at);
    }
    if (at !== undefined && state.get(at.obsId) === "walking") {
      const cycle = path.slice(path.indexOf(at));
      const names = [...cycle, at].map((c) => c.obsId.slice(pkgId.length + 1)).join(" → ");
      for (const c of cycle) {
        errors.push({ code: "reference-cycle", file: c.file, line: c.line, column: c.columnOf("part_of"), cell: c.partOfRef ?? "", expected: `part_of references that end at a whole, not a cycle (${names})` });
      }
    }
    for (const p of path) state.set(p.obsId, "done");
  }
  return errors;
};

/** What a package contributes to the warehouse, normalized. */
export interface NormalizedPackage {
  readonly observations: Observation[];
  readonly hierarchy: Array<{ table_id: string; axis: string; total_label: string; part_label: string; complete: boolean; position: number; total_key: number | null; part_key: number | null }>;
  /** every geography label as printed, with its resolution */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  readonly referenceCountry: string;
  /** references into bulk tables (read later, by DuckDB): checked once those are loaded */
  readonly bulkRefs: Array<{ obsId: string; error: InputError }>;
}

/** The number format and missing markers of a package that declares none. */
export const DEFAULT_FORMAT: NumberFormatT = { decimal: ".", group: "," };
export const DEFAULT_MISSING: Readonly<Record<string, MissingMeaningT>> = { "": "missing", "-": "nil", "N/A": "not-available" };

/** Canonical breakdown: pairs sorted by key, whitespace trimmed. */
export const canonicalBreakdown = (text: string): string =>
  text
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => {
      const [k, ...v] = p.split("=");
      return `${k!.trim()}=${v.join("=").trim()}`;
    })
    .sort()
    .join(";");

interface FigureInput {
  readonly obsId: string;
  readonly originKind: "table" | "statement";
  readonly tableId: string | null;
  readonly rowLabel: string | null;
  readonly colLabel: string | null;
  readonly part: string | null;
  readonly statementId: string | null;
  readonly file: string;
  readonly line: number;
  /** columns of the coordinate fields for errors: for table cells every field points at the cell */
  readonly columnOf: (field: string) => number;
  /** table cells: where a coordinate came from (a row or column label), for errors about it */
  readonly origins?: Readonly<Partial<Record<string, { file?: string; line: number; column: number }>>>;
  readonly cellText: string;
  readonly valueText: string;
  readonly label: string;
  readonly section: string | null;
  readonly coordinates: Coordinates;
  readonly unitPrinted: string;
  readonly unitAssumed: string | null;
  readonly format: NumberFormatT;
  readonly missing: Readonly<Record<string, MissingMeaningT>>;
  readonly qualifier: string;
  readonly flags: ReadonlyArray<string>;
  readonly footnote: string | null;
  readonly numeratorRef: string | null;
  readonly denominatorRef: string | null;
  readonly partOfRef: string | null;
}

/**
 * Turn a package's tables and statements into observations: resolve countries, measures, units,
 * periods, numbers, qualifiers and citations. Every problem is collected with its file, line and column.
 */
export const normalizePackage = (pkg: SourcePackage, ref: Reference): { normalized: NormalizedPackage; errors: InputError[] } => {
  const errors: InputError[] = [];
  const d = pkg.descriptor;
  const asOf = d.publication.date;
  const locate = (path: ReadonlyArray<string | number>, atKey = false) => ({ file: pkg.descriptorFile, ...locateInJson(pkg.descriptorText, path, atKey) });
  const labels = new Map<string, { code: string; kind: string; matchedBy: string }>();

  const reporting = ref.countries.resolve(d.publication.reporting_country);
  if (!reporting.ok) {
    errors.push({ code: reporting.code, ...locate(["publication", "reporting_country"]), expected: reporting.expected });
  }
  const reportingCode = reporting.ok ? reporting.code : "UNKNOWN";

  const citations = new Map(pkg.citations.map((c) => [c.row.id, c]));
  const footnotes = new Map(pkg.footnotes.map((f) => [f.row.mark, f]));
  const seenCitation = new Set<string>();
  for (const c of pkg.citations) {
    if (seenCitation.has(c.row.id)) errors.push({ code: "duplicate-id", file: c.file, line: c.line, column: c.columnOf("id"), cell: c.row.id, expected: "each citation id once" });
    seenCitation.add(c.row.id);
  }
  const citationErr = (file: string, line: number, column: number, id: string): InputError => ({
    code: "unknown-citation",
    file,
    line,
    column,
    cell: id,
    expected: `a citation id of citations.csv (closest: ${closest(id, [...citations.keys()], 3).join(", ")})`,
  });
  for (const f of pkg.footnotes) {
    if (f.row.citation !== "" && !citations.has(f.row.citation)) errors.push(citationErr(f.file, f.line, f.columnOf("citation"), f.row.citation));
  }
  const reporterCode = (text: string, file: string, line: number, column: number): string | null => {
    if (text.trim() === "") return null;
    const r = ref.countries.resolve(text);
    if (!r.ok) {
      errors.push({ code: r.code, file, line, column, cell: text, expected: r.expected });
      return null;
    }
    return r.code;
  };
  const citationReporter = new Map<string, string | null>();
  for (const c of pkg.citations) citationReporter.set(c.row.id, reporterCode(c.row.reporter, c.file, c.line, c.columnOf("reporter")));

  const inputs: FigureInput[] = [];
  const rules: Array<Omit<NormalizedPackage["hierarchy"][number], "total_key" | "part_key">> = [];
  // Each table's number for every row and column label its figures carry, in order of first appearance
  // (observations.row_key and col_key: the checks group and join on them rather than on the labels).
  const labelKeys = new Map<string, { rows: Map<string, number>; columns: Map<string, number> }>();
  const labelKey = (tableId: string | null, axis: "rows" | "columns", label: string | null, assign: boolean): number | null => {
    if (tableId === null || label === null) return null;
    let t = labelKeys.get(tableId);
    if (t === undefined) labelKeys.set(tableId, (t = { rows: new Map(), columns: new Map() }));
    const keys = t[axis];
    let k = keys.get(label);
    if (k === undefined && assign) keys.set(label, (k = keys.size + 1));
    return k ?? null;
  };

  // Tables -> figures.
  for (const { table, index, csv } of pkg.tables) {
    const { figures, errors: tErrors } = tableFigures(pkg.id, table, csv, locate, index);
    pushAll(errors, tErrors);
    if (!citations.has(table.source.citation)) {
      errors.push({ code: "unknown-citation", ...locate(["tables", index, "source", "citation"]), expected: `a citation id of citations.csv (closest: ${closest(table.source.citation, [...citations.keys()], 3).join(", ")})` });
    }
    (table.footnotes ?? []).forEach((mark, k) => {
      if (!footnotes.has(mark)) errors.push({ code: "unknown-footnote", ...locate(["tables", index, "footnotes", k]), expected: "a footnote mark of footnotes.csv" });
    });
    (table.hierarchy ?? []).forEach((rule) =>
      rule.parts.forEach((part, position) =>
        rules.push({ table_id: table.id, axis: rule.axis, total_label: rule.total, part_label: part, complete: rule.complete ?? true, position }),
      ),
    );
    const format = table.number_format ?? d.defaults?.number_format ?? DEFAULT_FORMAT;
    const missing = { ...DEFAULT_MISSING, ...(d.defaults?.missing ?? {}), ...(table.missing ?? {}) };
    const footnoteFlags = (table.footnotes ?? []).flatMap((m) => (footnotes.get(m)?.row.flags ?? "").split(";").filter((x) => x !== ""));
    for (const f of figures) {
      inputs.push({
        obsId: f.obsId,
        originKind: "table",
        tableId: f.tableId,
        rowLabel: f.rowLabel,
        colLabel: f.colLabel,
        part: f.part,
        statementId: null,
        file: f.file,
        line: f.line,
        columnOf: () => f.column,
        origins: f.origins,
        cellText: f.cellText,
        valueText: f.valueText,
        label: `${table.title}: ${f.rowLabel} | ${f.colLabel}${f.part ? ` | ${f.part}` : ""}`,
        section: table.section ?? null,
        coordinates: { citation: table.source.citation, ...f.coordinates },
        unitPrinted: f.coordinates.unit ?? table.unit,
        unitAssumed: table.unit_assumed ?? null,
        format,
        missing,
        qualifier: "",
        flags: footnoteFlags,
        footnote: (table.footnotes ?? []).join(";") || null,
        numeratorRef: null,
        denominatorRef: f.shareOf,
        partOfRef: null,
      });
    }
  }

  // Bulk tables are read by DuckDB when the build loads them; their citation and footnotes are checked here.
  for (const { table, index } of pkg.bulkTables) {
    if (!citations.has(table.source.citation)) {
      errors.push({ code: "unknown-citation", ...locate(["tables", index, "source", "citation"]), expected: `a citation id of citations.csv (closest: ${closest(table.source.citation, [...citations.keys()], 3).join(", ")})` });
    }
    (table.footnotes ?? []).forEach((mark, k) => {
      if (!footnotes.has(mark)) errors.push({ code: "unknown-footnote", ...locate(["tables", index, "footnotes", k]), expected: "a footnote mark of footnotes.csv" });
    });
  }

  // Statements -> figures.
  const statementIds = new Set<string>();
  for (const s of pkg.statements) {
    const r = s.row;
    if (statementIds.has(r.id)) errors.push({ code: "duplicate-id", file: s.file, line: s.line, column: s.columnOf("id"), cell: r.id, expected: "each statement id once" });
    statementIds.add(r.id);
  }
  for (const s of pkg.statements) {
    const r = s.row;
    const fn = r.footnote !== "" ? footnotes.get(r.footnote) : undefined;
    if (r.footnote !== "" && fn === undefined) {
      errors.push({ code: "unknown-footnote", file: s.file, line: s.line, column: s.columnOf("footnote"), cell: r.footnote, expected: "a footnote mark of footnotes.csv" });
    }
    const citation = r.citation !== "" ? r.citation : (fn?.row.citation ?? "");
    inputs.push({
      obsId: `${pkg.id}:${r.id}`,
      originKind: "statement",
      tableId: null,
      rowLabel: null,
      colLabel: null,
      part: null,
      statementId: r.id,
      file: s.file,
      line: s.line,
      columnOf: s.columnOf,
      cellText: r.value,
      valueText: r.value,
      label: r.label,
      section: r.section,
      coordinates: {
        measure: r.measure,
        ref_area: r.ref_area,
        direction: r.direction,
        counterpart: r.counterpart,
        breakdown: r.breakdown,
        period: r.period,
        citation,
      },
      unitPrinted: r.unit,
      unitAssumed: null,
      format: d.defaults?.number_format ?? DEFAULT_FORMAT,
      missing: { ...DEFAULT_MISSING, ...(d.defaults?.missing ?? {}) },
      qualifier: r.qualifier,
      flags: [...r.flags.split(";"), ...(fn?.row.flags ?? "").split(";")].filter((x) => x !== ""),
      footnote: r.footnote || null,
      numeratorRef: r.numerator || null,
      denominatorRef: r.denominator || null,
      partOfRef: r.part_of || null,
    });
  }

  const ids = new Set<string>();
  for (const i of inputs) {
    if (ids.has(i.obsId)) {
      errors.push({ code: "duplicate-figure", file: i.file, line: i.line, column: i.columnOf("value"), cell: i.cellText, expected: `one figure per id; ${i.obsId} is produced twice (a repeated label in a packed cell?)` });
    }
    ids.add(i.obsId);
  }
  const bulkRefs: NormalizedPackage["bulkRefs"] = [];
  const bulkPrefixes = pkg.bulkTables.map(({ table }) => `${pkg.id}:${table.id}/`);
  const resolveRef = (text: string | null, input: FigureInput, field: string): string | null => {
    if (text === null) return null;
    if (text.startsWith("measure:")) {
      const m = text.slice("measure:".length);
      if (!ref.measures.has(m)) errors.push({ code: "unknown-measure", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: `measure:CODE with a code of measures.csv` });
      return text;
    }
    const full = text.startsWith(`${pkg.id}:`) ? text : `${pkg.id}:${text}`;
    // a statement that is its own numerator, denominator or part compares a figure with itself
    if (full === input.obsId) {
      errors.push({ code: "self-reference", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: `a ${field} other than the statement itself` });
      return null;
    }
    if (!ids.has(full) && bulkPrefixes.some((p) => full.startsWith(p))) {
      bulkRefs.push({
        obsId: full,
        error: { code: "unknown-ref", file: input.file, line: input.line, column: input.columnOf(field), cell: text, expected: "a cell of the bulk table: TABLEID/ROW LABEL/COLUMN LABEL, the labels being the values of bulk.row_key and bulk.column_key joined by ' / '" },
      });
      return full;
    }
    if (!ids.has(full)) {
      errors.push({
        code: "unknown-ref",
        file: input.file,
        line: input.line,
        column: input.columnOf(field),
        cell: text,
        expected: `a statement id, a table cell TABLEID/ROW/COLUMN or measure:CODE (closest: ${closest(full, [...ids], 3).map((x) => x.slice(pkg.id.length + 1)).join(", ")})`,
      });
      return null;
    }
    return full;
  };

  pushAll(errors, partOfCycles(inputs, pkg.id));

  const observations: Observation[] = [];
  const reported = new Set<string>();
  for (const input of inputs) {
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

    if (failed || errors.length > before || measure === undefined || !period.ok || !number.ok || isUnitFailure(unit) || !qualifier.ok || refArea === null) continue;

    const base = baseValue(number, unit);
    if (base.base_unit !== measure.base_unit) {
      err("unit-mismatch", "unit", unitText, `a unit in ${measure.base_unit} for measure ${measure.measure} (the unit converts to ${base.base_unit})`);
      continue;
    }
    const flags = new Set(input.flags);
    const isEstimate = period.estimate || flags.has("estimate") || qualifier.qualifier === "estimate";
    const isProvisional = period.provisional || flags.has("provisional");
    const obsStatus =
      number.missing === "missing" ? "M" : number.missing === "not-available" ? "L" : isEstimate ? "E" : isProvisional ? "P" : "A";
    const origin = direction === "in" ? counterpart?.code ?? null : direction === "out" ? refArea : null;
    const destination = direction === "in" ? refArea : direction === "out" ? counterpart?.code ?? null : null;
    const citationRow = citations.get(citation)?.row;

    observations.push({
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
      value_text: input.valueText,
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
    });
  }
  // a rule's labels numbered as the figures' (NULL: no figure carries the label)
  const hierarchy = rules.map((r) => {
    const axis = r.axis === "rows" ? "rows" : "columns";
    return { ...r, total_key: labelKey(r.table_id, axis, r.total_label, false), part_key: labelKey(r.table_id, axis, r.part_label, false) };
  });
  return { normalized: { observations, hierarchy, labels, referenceCountry: reportingCode, bulkRefs }, errors };
};
