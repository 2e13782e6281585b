import type { Coordinates, MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { closest } from "../reference/units.ts";
import { DEFAULT_FORMAT, DEFAULT_MISSING } from "./defaults.ts";
import type { PackageContext } from "./packageContext.ts";
import { tableFigures } from "./tableFigures.ts";

/** One figure of a table or a statement, as printed, with where it stands and what it inherits. */
export interface FigureInput {
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

/** One total-part pair of a table's hierarchy, by label. */
export type HierarchyRule = { table_id: string; axis: string; total_label: string; part_label: string; complete: boolean; position: number };

/** Tables -> figures: each cell of each printed table (the table's citation, footnotes and hierarchy checked). */
export const tableInputs = (pkg: SourcePackage, p: PackageContext, errors: InputError[], inputs: FigureInput[], rules: HierarchyRule[]): void => {
  const d = pkg.descriptor;
  const { locate, citations, footnotes } = p;
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
};

/** Bulk tables are read by DuckDB when the build loads them; their citation and footnotes are checked here. */
export const checkBulkTables = (pkg: SourcePackage, p: PackageContext, errors: InputError[]): void => {
  const { locate, citations, footnotes } = p;
  for (const { table, index } of pkg.bulkTables) {
    if (!citations.has(table.source.citation)) {
      errors.push({ code: "unknown-citation", ...locate(["tables", index, "source", "citation"]), expected: `a citation id of citations.csv (closest: ${closest(table.source.citation, [...citations.keys()], 3).join(", ")})` });
    }
    (table.footnotes ?? []).forEach((mark, k) => {
      if (!footnotes.has(mark)) errors.push({ code: "unknown-footnote", ...locate(["tables", index, "footnotes", k]), expected: "a footnote mark of footnotes.csv" });
    });
  }
};

/** Statements -> figures: each statement once (a repeated id is an error), its footnote's citation and flags inherited. */
export const statementInputs = (pkg: SourcePackage, p: PackageContext, errors: InputError[], inputs: FigureInput[]): void => {
  const d = pkg.descriptor;
  const { footnotes } = p;
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
};
