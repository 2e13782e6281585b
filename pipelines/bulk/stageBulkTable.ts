import type { Coordinates } from "../../schemas/descriptor.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { insertRows, quoteIdent, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import type { BulkSource, SourcePackage } from "../manifest/readPackage.ts";
import type { Reference } from "../manifest/loadReference.ts";
import { locateInJson } from "../manifest/validateJson.ts";
import { canonicalBreakdown, DEFAULT_FORMAT, DEFAULT_MISSING } from "../normalize/observations.ts";
import { parsePeriod } from "../parse/periods.ts";
import { baseValue } from "../parse/baseValue.ts";
import { closest, isUnitFailure } from "../reference/units.ts";
import type { BulkCoordinate } from "../manifest/bulkSpec.ts";
import { hierarchySql } from "./hierarchySql.ts";
import { numberSql } from "./numberSql.ts";
import { MAX_REJECTS, placeCsvRecords, placeParquetRecords } from "./placeRecords.ts";
import { cell, sqlBool, sqlDate, sqlList, sqlNum, sqlText } from "../core/sql.ts";

/** What staging a bulk file found, and the SQL that loads it once the whole build has no error. */
export interface StagedBulkTable {
  readonly errors: InputError[];
  /** every country label of the file as printed, with its resolution (for geography_labels) */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  /** INSERT INTO table_hierarchy ... (one per rule) */
  readonly load: ReadonlyArray<string>;
  /**
   * The SELECT of this table's part of the view observations: every column of observations computed
   * from the narrow stored figures (bulk_figures_N) and the mapping tables (bulk_map_N_K). Empty when
   * staging failed.
   */
  readonly observations: string;
  /** the table of the stored figures (bulk_figures_N); empty when staging failed */
  readonly figures: string;
  /** a query of the file's column labels (col_label), each once, in the order of their first line */
  readonly columnLabels: string;
  /**
   * A query of the figures of this file that `ids` name (obs_id, package, table_id, line, col), found by
   * their key values (an id is split on the values each key column has), or null when no id can name one.
   */
  readonly locate: (ids: ReadonlyArray<string>) => string | null;
  /** DROP the temporary tables */
  readonly cleanup: ReadonlyArray<string>;
}

/** Labels, periods and other coded values resolved in TypeScript: a few thousand at most. */
const MAX_DISTINCT = 100_000;
/**
 * A coded column with at most this many values is stored as an ENUM and what its values resolve to is
 * looked up in lists written into the view (unused columns cost nothing); with more, the view joins its
 * mapping table.
 */
const MAX_INLINE = 4096;
/** MAX_INLINE, or MP_BULK_INLINE_MAX when set (0: every coded column joined). */
const maxInline = (): number => {
  const v = Number(process.env["MP_BULK_INLINE_MAX"]);
  return process.env["MP_BULK_INLINE_MAX"] !== undefined && Number.isInteger(v) && v >= 0 ? v : MAX_INLINE;
};
/** Errors of one code reported per file; the rest are counted in one line. */
const MAX_ERRORS_PER_CODE = 100;


/** One value of a coded column and what it resolved to, as the SQL of its mapping table row. */
type Mapped = Record<string, string | number | boolean | null>;

interface CodedColumn {
  readonly column: string;
  readonly roles: ReadonlyArray<string>;
  /** mapping table: v -> one column per field */
  readonly table: string;
  readonly fields: Record<string, "VARCHAR" | "DOUBLE" | "DATE" | "BOOLEAN" | "INTEGER">;
  readonly rows: Mapped[];
}

/**
 * Read a bulk file into a temporary table with DuckDB's own reader (rejected records kept), check every
 * value the way the printed-table path does (country labels, periods, measures, units and citations are
 * few: their distinct values are resolved in TypeScript and joined back as tables; figures are parsed in
 * SQL), and compile the statements that load it into observations and table_hierarchy.
 */
export const stageBulkTable = async (
  wh: Warehouse,
  pkg: SourcePackage,
  source: BulkSource,
  ref: Reference,
  reportingCode: string,
  ordinal: number,
  log: (line: string) => void = () => {},
): Promise<StagedBulkTable> => {
  const { table, spec, file, path, index: tableIndex } = source;
  let clock = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    log(`  ${file}: ${what} (${((now - clock) / 1000).toFixed(2)} s)`);
    clock = now;
  };
  const d = pkg.descriptor;
  const errors: InputError[] = [];
  const labels = new Map<string, { code: string; kind: string; matchedBy: string }>();
  const raw = `bulk_raw_${ordinal}`;
  const rejects = `bulk_rejects_${ordinal}`;
  const scans = `bulk_scans_${ordinal}`;
  const linesTable = `bulk_lines_${ordinal}`;
  const figures = `bulk_figures_${ordinal}`;
  const cleanup = [raw, rejects, scans, linesTable].map((t) => `DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
  const stored: string[] = [];
  const locate = (p: ReadonlyArray<string | number>) => ({ file: pkg.descriptorFile, ...locateInJson(pkg.descriptorText, ["tables", tableIndex, ...p]) });
  const types: string[] = [];
  const fail = (): StagedBulkTable => ({
    errors, labels, load: [], observations: "", figures: "", columnLabels: "", locate: () => null,
    cleanup: [...cleanup, ...stored.map((t) => `DROP TABLE IF EXISTS main.${quoteIdent(t)}`), ...types.map((t) => `DROP TYPE IF EXISTS main.${quoteIdent(t)}`)],
  });

  // Read: every column as text, in the file's order.
  let names: string[];
  try {
    if (spec.format === "csv") {
      names = [...source.header];
      const columns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ")}}`;
      await wh.run(
        `CREATE TEMP TABLE ${quoteIdent(raw)} AS SELECT * FROM read_csv($1, header = true, auto_detect = false, delim = ${quoteLiteral(spec.delimiter)},
           quote = '"', escape = '"', columns = ${columns}, store_rejects = true, rejects_table = ${quoteLiteral(rejects)},
           rejects_scan = ${quoteLiteral(scans)}, rejects_limit = ${MAX_REJECTS}, strict_mode = true, encoding = 'utf-8')`,
        [path],
      );
    } else {
      const described = await wh.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet($1)`, [path]);
      names = described.map((c) => c.column_name);
      const expected = spec.columns.map((c) => c.name);
      names.forEach((n, i) => {
        if (!expected.includes(n)) errors.push({ code: "extra-label", file, line: 0, column: i + 1, cell: n, expected: `one of the columns of bulk.columns in the descriptor: ${expected.join(", ")}` });
      });
      for (const n of expected) if (!names.includes(n)) errors.push({ code: "missing-label", file, line: 0, column: names.length + 1, cell: names.join(","), expected: `a column named ${n}` });
      if (errors.length > 0) return fail();
      await wh.run(`CREATE TEMP TABLE ${quoteIdent(raw)} AS SELECT ${names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR) AS ${quoteIdent(n)}`).join(", ")} FROM read_parquet($1)`, [path]);
    }
  } catch (e) {
    const message = ((e as Error).message ?? String(e)).split("\n")[0]!;
    errors.push({ code: "unreadable-file", file, line: 0, column: 0, cell: message.slice(0, 200), expected: `a ${spec.format === "csv" ? "CSV" : "Parquet"} file DuckDB can read` });
    return fail();
  }
  const columnOf = (name: string): number => names.indexOf(name) + 1;
  const [{ n: accepted }] = (await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(raw)}`)) as [{ n: number }];
  step(`read ${accepted} records`);

  const reported = new Map<string, number>();
  const report = (e: InputError): void => {
    const n = (reported.get(e.code) ?? 0) + 1;
    reported.set(e.code, n);
    if (n <= MAX_ERRORS_PER_CODE) errors.push(e);
  };

  // Lines: where each record DuckDB returned stands in the file, and what it rejected.
  const placed = spec.format === "csv" ? await placeCsvRecords(wh, { rejects, linesTable, path, file, accepted, columnOf }) : placeParquetRecords();
  for (const e of placed.rejected) report(e);
  const { lineOf } = placed;
  step("placed records on their lines");
  const descriptorError = (code: ErrorCode, p: ReadonlyArray<string | number>, expected: string): void => {
    errors.push({ code, ...locate(p), expected });
  };

  // Coded values: distinct values of each column with a coordinate role (and each hierarchy column), the
  // record where each first occurs, resolved here and joined back as a table.
  // (clean: every text of the column is its own trimmed form, none empty: stored without trimming each)
  const clean = new Set<string>();
  const distinct = async (column: string): Promise<Array<{ v: string; first: number }> | undefined> => {
    const rows = await wh.all<{ v: string; first: number; clean: boolean }>(
      // grouped as read, then trimmed: the trim runs once per distinct text, not once per record
      `SELECT ${cell("g", "v")} AS v, min(g.first)::BIGINT AS first, bool_and(g.v IS NOT NULL AND g.v = ${cell("g", "v")}) AS clean
       FROM (SELECT r.${quoteIdent(column)} AS v, min(r.rowid) AS first FROM ${quoteIdent(raw)} r GROUP BY 1) g
       GROUP BY 1 ORDER BY 2 LIMIT ${MAX_DISTINCT + 1}`,
    );
    if (rows.length > MAX_DISTINCT) {
      errors.push({ code: "too-many-values", file, line: 1, column: columnOf(column), cell: column, expected: `at most ${MAX_DISTINCT} distinct values in a column with the role(s) of a coded coordinate` });
      return undefined;
    }
    if (rows.every((r) => r.clean)) clean.add(column);
    return rows.map((r) => ({ v: r.v, first: Number(r.first) }));
  };

  const citations = new Map(pkg.citations.map((c) => [c.row.id, c.row]));
  const resolveReporter = (text: string): string | null => {
    if (text.trim() === "") return null;
    const r = ref.countries.resolve(text);
    return r.ok ? r.code : null;
  };
  const c = table.coordinates ?? ({} as Coordinates);
  const asOf = d.publication.date;
  const coded: CodedColumn[] = [];
  const valuesOf = new Map<string, Array<{ v: string; first: number }>>();
  const constant: Record<string, string> = {};
  const at = (column: string, first: number) => ({ file, line: lineOf(first), column: columnOf(column) });

  const measureOf = (code: string): { measure: string; kind: string; base_unit: string } | undefined => {
    const m = ref.measures.get(code);
    return m === undefined ? undefined : { measure: m.measure, kind: m.kind, base_unit: m.base_unit };
  };
  const unitOf = (printed: string) => {
    const assumed = printed.trim() === "";
    const text = assumed ? (table.unit_assumed ?? "") : printed;
    const u = ref.units.resolve(text);
    return { text, assumed, u };
  };

  for (const { name, roles } of spec.columns) {
    const coordinates = roles.filter((r) => r !== "value" && r !== "ignore");
    const inHierarchy = spec.hierarchy.some((h) => h.column === name);
    if (coordinates.length === 0 && !inHierarchy) continue;
    const values = await distinct(name);
    if (values === undefined) continue;
    valuesOf.set(name, values);
    if (coordinates.length === 0) continue;
    const fields: CodedColumn["fields"] = {};
    const rows: Mapped[] = values.map(({ v }) => ({ v }));
    for (const role of coordinates) {
      values.forEach(({ v, first }, i) => {
        const row = rows[i]!;
        const where = at(name, first);
        switch (role as BulkCoordinate) {
          case "ref_area":
          case "counterpart":
          case "reporter": {
            if (v === "") {
              row[role] = role === "ref_area" ? reportingCode : null;
              if (role === "counterpart") row["counterpart_label"] = null;
              break;
            }
            const g = ref.countries.resolve(v);
            if (!g.ok) {
              report({ code: g.code, ...where, cell: v, expected: g.expected });
              break;
            }
            if (role !== "reporter") labels.set(v, { code: g.code, kind: g.kind, matchedBy: g.matchedBy });
            row[role] = g.code;
            if (role === "counterpart") row["counterpart_label"] = v;
            break;
          }
          case "period": {
            const p = parsePeriod(v, { asOf });
            if (!p.ok) {
              report({ code: p.code, ...where, cell: v, expected: p.expected });
              break;
            }
            Object.assign(row, { period_text: v, period_start: p.start, period_end: p.end, p_estimate: p.estimate, p_partial: p.partial, p_provisional: p.provisional, p_cumulative: p.cumulative });
            break;
          }
          case "measure": {
            const m = measureOf(v);
            if (m === undefined) {
              report({ code: "unknown-measure", ...where, cell: v, expected: `a measure of sources/_reference/measures.csv or of the package's measures.csv (closest: ${closest(v, [...ref.measures.keys()], 3).join(", ")})` });
              break;
            }
            Object.assign(row, { measure: m.measure, measure_kind: m.kind, m_base_unit: m.base_unit });
            break;
          }
          case "direction":
            if (!["in", "out", "net", ""].includes(v)) report({ code: "invalid-direction", ...where, cell: v, expected: "in, out, net or blank" });
            else row["direction"] = v === "" ? null : v;
            break;
          case "unit": {
            const { text, assumed, u } = unitOf(v);
            if (isUnitFailure(u)) {
              report({ code: u.code, ...where, cell: text, expected: u.expected });
              break;
            }
            Object.assign(row, { unit: text, unit_assumed: assumed, multiplier: u.multiplier, u_base_unit: u.baseUnit });
            break;
          }
          case "citation": {
            const id = v === "" ? table.source.citation : v;
            const cit = citations.get(id);
            if (cit === undefined) {
              report({ code: "unknown-citation", ...where, cell: v, expected: `a citation id of citations.csv (closest: ${closest(v, [...citations.keys()], 3).join(", ")})` });
              break;
            }
            Object.assign(row, { citation: id, citation_year: cit.year === "" ? null : Number(cit.year), c_reporter: resolveReporter(cit.reporter) });
            break;
          }
        }
      });
      if (role.startsWith("breakdown:")) {
        const b = spec.breakdowns.find((x) => x.column === name)!;
        values.forEach(({ v, first }, i) => {
          if (v !== "" && !/^[^;=]+$/u.test(v)) report({ code: "invalid-breakdown", ...at(name, first), cell: v, expected: "a breakdown value without ';' or '='" });
          rows[i]![`b_${b.key}`] = v === "" || v === b.total ? null : `${b.key}=${v}`;
        });
        fields[`b_${b.key}`] = "VARCHAR";
      }
    }
    for (const role of coordinates) {
      switch (role) {
        case "ref_area":
        case "reporter":
          fields[role] = "VARCHAR";
          break;
        case "counterpart":
          Object.assign(fields, { counterpart: "VARCHAR", counterpart_label: "VARCHAR" });
          break;
        case "period":
          Object.assign(fields, { period_text: "VARCHAR", period_start: "DATE", period_end: "DATE", p_estimate: "BOOLEAN", p_partial: "BOOLEAN", p_provisional: "BOOLEAN", p_cumulative: "BOOLEAN" });
          break;
        case "measure":
          Object.assign(fields, { measure: "VARCHAR", measure_kind: "VARCHAR", m_base_unit: "VARCHAR" });
          break;
        case "direction":
          fields["direction"] = "VARCHAR";
          break;
        case "unit":
          Object.assign(fields, { unit: "VARCHAR", unit_assumed: "BOOLEAN", multiplier: "DOUBLE", u_base_unit: "VARCHAR" });
          break;
        case "citation":
          Object.assign(fields, { citation: "VARCHAR", citation_year: "INTEGER", c_reporter: "VARCHAR" });
          break;
      }
    }
    coded.push({ column: name, roles: coordinates, table: `bulk_map_${ordinal}_${coded.length}`, fields, rows });
  }

  step(`resolved the values of ${coded.length} coded column(s)`);
  // Constants: the table's coordinates, for the coordinates no column gives.
  const constError = (code: ErrorCode, coordinate: string, expected: string) => descriptorError(code, ["coordinates", coordinate], expected);
  const givenBy = (role: BulkCoordinate): CodedColumn | undefined => coded.find((k) => k.roles.includes(role));
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

  // Units against measures: every combination that occurs.
  const measureColumn = givenBy("measure");
  const unitColumn = givenBy("unit");
  if (constMeasure !== undefined && constUnit !== undefined && constMeasure.base_unit !== constUnit.baseUnit) {
    descriptorError("unit-mismatch", ["unit"], `a unit in ${constMeasure.base_unit} for measure ${constMeasure.measure} (the unit converts to ${constUnit.baseUnit})`);
  } else if (measureColumn !== undefined || unitColumn !== undefined) {
    const mCol = spec.coordinate.measure;
    const uCol = spec.coordinate.unit;
    const pairs = await wh.all<{ m: string; u: string; first: number }>(
      `SELECT ${mCol ? cell("r", mCol) : "''"} AS m, ${uCol ? cell("r", uCol) : "''"} AS u, min(r.rowid)::BIGINT AS first FROM ${quoteIdent(raw)} r GROUP BY 1, 2 ORDER BY 3 LIMIT ${MAX_DISTINCT}`,
    );
    for (const { m, u, first } of pairs) {
      const measure = mCol ? measureOf(m) : constMeasure;
      const unit = uCol ? unitOf(u) : undefined;
      const base = unit ? (isUnitFailure(unit.u) ? undefined : unit.u.baseUnit) : constUnit?.baseUnit;
      if (measure !== undefined && base !== undefined && measure.base_unit !== base) {
        report({ code: "unit-mismatch", ...at(uCol ?? mCol!, Number(first)), cell: uCol ? u : m, expected: `a unit in ${measure.base_unit} for measure ${measure.measure} (the unit converts to ${base})` });
      }
    }
  }

  // Figures: parsed in SQL; those that are neither a number nor a declared marker are errors.
  const format = table.number_format ?? d.defaults?.number_format ?? DEFAULT_FORMAT;
  const missing = { ...DEFAULT_MISSING, ...(d.defaults?.missing ?? {}), ...(table.missing ?? {}) };
  const num = numberSql(format, missing);
  // The stored figures: the key and coded columns as read (trimmed), where each record stands in the
  // file, the printed figure and what it parses to; the file's order kept (no join).
  const keptColumns = names.filter((n) => spec.rowKey.includes(n) || spec.columnKey.includes(n) || coded.some((k) => k.column === n));
  const c_ = (name: string) => `c${names.indexOf(name)}`;
  // coded columns with few values: an ENUM of the values in the order of the mapping's rows
  const enumOf = new Map<string, string>();
  const inline = maxInline();
  for (const [i, k] of coded.entries()) {
    if (k.rows.length === 0 || k.rows.length > inline) continue;
    const type = `bulk_enum_${ordinal}_${i}`;
    types.push(type);
    await wh.run(`CREATE TYPE main.${quoteIdent(type)} AS ENUM (${k.rows.map((r) => quoteLiteral(String(r["v"]))).join(", ")})`);
    enumOf.set(k.column, type);
  }
  /** a stored column's text */
  const text = (alias: string, name: string) => (enumOf.has(name) ? `CAST(${alias}.${c_(name)} AS VARCHAR)` : `${alias}.${c_(name)}`);
  /** the pieces of a stored record's row or column label: its key columns' texts, ' / ' between them */
  const labelParts = (alias: string, key: ReadonlyArray<string>): string[] => key.flatMap((k, i) => (i === 0 ? [text(alias, k)] : ["' / '", text(alias, k)]));
  /**
   * Texts joined in one concat(): a chain of || builds every intermediate string (twice as slow over
   * millions of rows). A stored key text is never NULL (read as '' when empty), so concat's NULL as ''
   * changes nothing.
   */
  const joined = (parts: ReadonlyArray<string>): string => (parts.length === 1 ? parts[0]! : `concat(${parts.join(", ")})`);
  /** a stored record's row or column label: its key columns' texts joined by ' / ' */
  const label = (alias: string, key: ReadonlyArray<string>) => joined(labelParts(alias, key));
  const valueText = `coalesce(r.${quoteIdent(spec.value)}, '')`;
  // a coded column whose texts are all their own trimmed form is cast as read (trimming each of millions
  // of texts costs more than the cast)
  const stored_ = (n: string) => (clean.has(n) ? `r.${quoteIdent(n)}` : cell("r", n));
  stored.push(figures);
  await wh.run(`CREATE TABLE main.${quoteIdent(figures)} AS
${num.parse(
  `SELECT ${[...keptColumns.map((n) => `${enumOf.has(n) ? `CAST(${stored_(n)} AS main.${quoteIdent(enumOf.get(n)!)})` : cell("r", n)} AS ${c_(n)}`), `CAST(${placed.lineSql} AS INTEGER) AS line`, `${valueText} AS value_text`].join(", ")}
  FROM ${quoteIdent(raw)} r ${placed.lineJoin}`,
  [...keptColumns.map(c_), "line"],
)}`);
  await wh.run(`COMMENT ON TABLE main.${quoteIdent(figures)} IS ${quoteLiteral(`The figures of ${file} as stored: key columns as read, line, figure as printed (NULL where its value prints it) and parsed (observations computes every column from them)`)}`);
  step("parsed the figures");
  const bad = await wh.all<{ line: number; v: string; n: number }>(
    `SELECT f.line, ${num.printed("f")} AS v, count(*) OVER ()::INTEGER AS n FROM main.${quoteIdent(figures)} f
     WHERE f.value IS NULL AND f.missing IS NULL ORDER BY f.line LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  const numberExpected = `a number such as ${format.group === "" ? "1234" : `1${format.group}234`} or -9${format.decimal}8 (decimal mark '${format.decimal}', ${format.group === "" ? "no thousands separator" : `thousands separator '${format.group}'`}), or one of the missing markers ${Object.keys(missing).map((m) => JSON.stringify(m)).join(", ")}`;
  for (const b of bad) report({ code: "unparseable-number", file, line: Number(b.line), column: columnOf(spec.value), cell: b.v, expected: numberExpected });
  if (bad.length > 0 && bad[0]!.n > bad.length) reported.set("unparseable-number", bad[0]!.n);
  // as in a printed table: a figure beyond 15 significant digits would be stored rounded, so it is refused
  const long = await wh.all<{ line: number; v: string; n: number }>(
    `SELECT f.line, ${num.printed("f")} AS v, count(*) OVER ()::INTEGER AS n FROM main.${quoteIdent(figures)} f
     WHERE f.long_digits AND NOT (f.decimals = 0 AND abs(f.value) <= ${Number.MAX_SAFE_INTEGER}) ORDER BY f.line LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  for (const b of long) {
    report({ code: "number-beyond-precision", file, line: Number(b.line), column: columnOf(spec.value), cell: b.v, expected: `a figure of at most 15 significant digits, or an integer of at most ${Number.MAX_SAFE_INTEGER}: the warehouse stores figures as 64-bit floating point numbers, which would round this one` });
  }
  if (long.length > 0 && long[0]!.n > long.length) reported.set("number-beyond-precision", long[0]!.n);

  step("checked the figures");
  // Hierarchy rules: the total and each listed part occur in the file.
  for (const rule of spec.hierarchy) {
    const values = new Set((valuesOf.get(rule.column) ?? []).map((v) => v.v));
    if (values.size === 0) continue;
    const where = ["bulk", "hierarchy", rule.index];
    const expected = `a value of column ${rule.column} in ${file}`;
    if (!values.has(rule.total)) descriptorError("unknown-label", [...where, "total"], expected);
    if (rule.parts !== "*") rule.parts.forEach((p, k) => values.has(p) || descriptorError("unknown-label", [...where, "parts", k], expected));
    rule.except.forEach((p, k) => values.has(p) || descriptorError("unknown-label", [...where, "except", k], expected));
  }

  // One figure per row and column label: the same key twice is two figures with one id.
  const keyColumns = [...spec.rowKey, ...spec.columnKey];
  // First whether every key hashes apart, counting distinct 64-bit hashes only (a file without
  // duplicates, the usual case, costs a fifth of what finding where each repeat is costs); then, only if
  // some hashes repeat, where: grouped by the keys themselves, so that a collision is never a duplicate
  // and never hides one. (As stored: an ENUM's code stands for its text one to one.)
  const storedKeys = keyColumns.map((k) => `f.${c_(k)}`).join(", ");
  const keyHash = `hash(${storedKeys})`;
  const [{ unique }] = (await wh.all<{ unique: boolean }>(
    `SELECT count(DISTINCT ${keyHash}) = count(*) AS unique FROM main.${quoteIdent(figures)} f`,
  )) as [{ unique: boolean }];
  const dups = unique ? [] : await wh.all<{ first: number; last: number; n: number }>(
    `SELECT first::BIGINT AS first, last::BIGINT AS last, count(*) OVER ()::INTEGER AS n FROM (
       SELECT min(f.rowid) AS first, max(f.rowid) AS last FROM main.${quoteIdent(figures)} f GROUP BY ${storedKeys} HAVING count(*) > 1
     ) ORDER BY last LIMIT ${MAX_ERRORS_PER_CODE}`,
  );
  for (const x of dups) {
    const rows = await wh.all<{ rl: string; cl: string; v: string; line: number }>(
      `SELECT ${label("f", spec.rowKey)} AS rl, ${label("f", spec.columnKey)} AS cl, ${num.printed("f")} AS v, f.line FROM main.${quoteIdent(figures)} f WHERE f.rowid IN ($1, $2) ORDER BY f.rowid`,
      [Number(x.first), Number(x.last)],
    );
    if (rows.length !== 2) continue; // (a bug, not bad input: both records were just grouped)
    const row = rows[1]!;
    report({ code: "duplicate-figure", file, line: Number(row.line), column: columnOf(spec.value), cell: row.v, expected: `one figure per row and column label; ${pkg.id}:${table.id}/${row.rl}/${row.cl} is also on line ${Number(rows[0]!.line)}` });
  }
  if (dups.length > 0 && dups[0]!.n > dups.length) reported.set("duplicate-figure", dups[0]!.n);

  step("checked for duplicate labels");
  for (const [code, n] of reported) {
    if (n > MAX_ERRORS_PER_CODE) errors.push({ code: "too-many-errors", file, line: 0, column: 0, cell: code, expected: `${n - MAX_ERRORS_PER_CODE} more ${code} error(s) in this file, not listed` });
  }
  if (errors.length > 0) return fail();

  // Mapping tables.
  for (const k of coded) {
    const fieldNames = Object.keys(k.fields);
    stored.push(k.table);
    await wh.run(`CREATE TABLE main.${quoteIdent(k.table)} (v VARCHAR, ${fieldNames.map((f) => `${quoteIdent(f)} ${k.fields[f]}`).join(", ")})`);
    await insertRows(wh, k.table, ["v", ...fieldNames], k.rows);
    await wh.run(`COMMENT ON TABLE main.${quoteIdent(k.table)} IS ${quoteLiteral(`The values of column ${k.column} of ${file} and what each resolves to`)}`);
  }

  // The observations: every column computed from the stored figures and the mapping tables.
  const field = (name: string): string => {
    const k = coded.find((x) => name in x.fields);
    if (k !== undefined && enumOf.has(k.column)) {
      const type = k.fields[name]!;
      return `${sqlList(k.rows.map((r) => r[name] ?? null), type)}[enum_code(r.${c_(k.column)}) + 1]`;
    }
    if (k !== undefined) return `${quoteIdent(`m${coded.indexOf(k)}`)}.${quoteIdent(name)}`;
    const v = constant[name];
    if (v === undefined) throw new Error(`bulk: no value for ${name}`); // a bug, not bad input
    return v;
  };
  const footnoteFlags = new Set((table.footnotes ?? []).flatMap((m) => (pkg.footnotes.find((f) => f.row.mark === m)?.row.flags ?? "").split(";").filter((x) => x !== "")));
  const tableBreakdown = canonicalBreakdown(c.breakdown ?? "")
    .split(";")
    .filter((p) => p !== "" && !spec.breakdowns.some((b) => p.startsWith(`${b.key}=`)));
  const pairs = [...tableBreakdown.map((p) => ({ key: p.split("=")[0]!, sql: quoteLiteral(p) })), ...spec.breakdowns.map((b) => ({ key: b.key, sql: field(`b_${b.key}`) }))]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.sql);
  const measureSql = measureColumn ? { measure: field("measure"), kind: field("measure_kind") } : { measure: sqlText(constMeasure?.measure), kind: sqlText(constMeasure?.kind) };
  const reporterSql = ((): string => {
    if (spec.coordinate.reporter === undefined) return constReporter !== null ? sqlText(constReporter) : field("c_reporter");
    const k = coded.find((x) => "reporter" in x.fields)!;
    if (!enumOf.has(k.column) || citationReporter === undefined) return `coalesce(${field("reporter")}, ${field("c_reporter")})`;
    // One citation for the file: its reporter folded into the column's list, one lookup per record and
    // not a coalesce; and where every value reports its own area (a country's records of its own
    // arrivals), the very expression of ref_area, so that comparing the two costs nothing.
    const values = k.rows.map((r) => (r["reporter"] as string | null | undefined) ?? citationReporter ?? null);
    if (coded.find((x) => "ref_area" in x.fields) === k && k.rows.every((r, i) => r["ref_area"] === values[i])) return field("ref_area");
    return `${sqlList(values, "VARCHAR")}[enum_code(r.${c_(k.column)}) + 1]`;
  })();
  const estimate = `(${field("p_estimate")} OR ${sqlBool(footnoteFlags.has("estimate"))})`;
  const provisional = `(${field("p_provisional")} OR ${sqlBool(footnoteFlags.has("provisional"))})`;
  const multiplier = field("multiplier");
  // rounding: half the last printed digit in base units (0 for whole counts), as baseValue computes it,
  // for 0..30 decimals and each unit of the file
  const baseUnitSql = unitColumn ? field("u_base_unit") : sqlText(constUnit!.baseUnit);
  const units = unitColumn
    ? [...new Map(unitColumn.rows.map((r) => [`${r["multiplier"]} ${r["u_base_unit"]}`, { multiplier: Number(r["multiplier"]), baseUnit: String(r["u_base_unit"]) }])).values()]
    : [constUnit!];
  const roundings = (u: { multiplier: number; baseUnit: string }) =>
    sqlList(Array.from({ length: 31 }, (_, dec) => baseValue({ ok: true, value: 0, low: null, high: null, decimals: dec, scale: 1, percent: false, missing: null }, { unit: "", ...u }).rounding_base), "DOUBLE");
  const roundingSql = (decimals: string) =>
    units.length === 0 // a file without records
      ? "CAST(NULL AS DOUBLE)"
      : `CASE ${units.map((u) => `WHEN ${multiplier} = ${sqlNum(u.multiplier)} AND ${baseUnitSql} = ${quoteLiteral(u.baseUnit)} THEN list_extract(${roundings(u)}, ${decimals} + 1)`).join(" ")} END`;
  // value * multiplier without binary noise, as units.ts's clean() (15 significant digits)
  const baseSql = (value: string, long: string) =>
    `CASE WHEN ${value} IS NULL OR ${value} = 0 OR (${multiplier} = 1 AND NOT ${long}) THEN ${value} * ${multiplier} ELSE CAST(printf('%.15g', ${value} * ${multiplier}) AS DOUBLE) END`;

  // row_key and col_key: the key columns' ENUM codes packed into one number, one per label (grouping on
  // it is grouping on the label, without building the text). Only where every key column of the axis is
  // an ENUM, no value holds '/' (so that one label is one combination of values) and the numbers stay
  // exact in a double; elsewhere NULL, and the checks use the labels.
  const packedKey = (key: ReadonlyArray<string>): ((code: (column: string) => string) => string) | null => {
    const sizes = key.map((k) => (enumOf.has(k) ? coded.find((x) => x.column === k)!.rows.length : 0));
    if (sizes.some((n) => n === 0) || sizes.reduce((a, n) => a * n, 1) > Number.MAX_SAFE_INTEGER) return null;
    if (key.some((k) => (valuesOf.get(k) ?? []).some((v) => v.v.includes("/")))) return null;
    return (code) => key.reduce((acc, k, i) => (i === 0 ? `CAST(${code(k)} AS BIGINT)` : `(${acc}) * ${sizes[i]} + ${code(k)}`), "");
  };
  const rowKeyOf = packedKey(spec.rowKey);
  const colKeyOf = packedKey(spec.columnKey);
  const storedCode = (alias: string, k: string) => `enum_code(${alias}.${c_(k)})`;

  // Stored columns are named c0, c1, ... (a file may name a column anything, even like ours).
  const joins = coded.flatMap((k, i) => (enumOf.has(k.column) ? [] : [`JOIN main.${quoteIdent(k.table)} ${quoteIdent(`m${i}`)} ON ${quoteIdent(`m${i}`)}.v = r.${c_(k.column)}`])).join("\n  ");
  const base = `${pkg.id}:${table.id}/`;
  const rowText = label("r", spec.rowKey);
  const colText = label("r", spec.columnKey);
  const observations = `
SELECT
  ${joined([quoteLiteral(base), ...labelParts("r", spec.rowKey), "'/'", ...labelParts("r", spec.columnKey)])},
  ${quoteLiteral(pkg.id)}, 'table', ${quoteLiteral(table.id)}, ${rowText}, ${colText}, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
  ${quoteLiteral(file)}, r.line, ${columnOf(spec.value)}, ${num.printed("r")}, ${num.printed("r")},
  ${joined([quoteLiteral(`${table.title}: `), ...labelParts("r", spec.rowKey), "' | '", ...labelParts("r", spec.columnKey)])}, ${sqlText(table.section ?? null)},
  ${measureSql.measure}, ${measureSql.kind}, ${field("ref_area")}, nullif(${field("direction")}, ''), ${field("counterpart")}, ${field("counterpart_label")},
  CASE nullif(${field("direction")}, '') WHEN 'in' THEN ${field("counterpart")} WHEN 'out' THEN ${field("ref_area")} END,
  CASE nullif(${field("direction")}, '') WHEN 'in' THEN ${field("ref_area")} WHEN 'out' THEN ${field("counterpart")} END,
  ${pairs.length === 0 ? "''" : `concat_ws(';', ${pairs.join(", ")})`},
  ${field("period_text")}, ${field("period_start")}, ${field("period_end")},
  r.value, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), r.decimals,
  ${field("unit")}, ${field("unit_assumed")}, ${multiplier}, ${baseUnitSql},
  ${baseSql("r.value", "r.long_digits")},
  CASE WHEN r.missing IN ('missing', 'not-available') THEN NULL ELSE ${roundingSql("r.decimals")} END,
  CASE WHEN r.missing = 'missing' THEN 'M' WHEN r.missing = 'not-available' THEN 'L' WHEN ${estimate} THEN 'E' WHEN ${provisional} THEN 'P' ELSE 'A' END,
  r.missing, ${estimate}, (${field("p_partial")} OR ${sqlBool(footnoteFlags.has("partial"))}), ${provisional},
  (${field("p_cumulative")} OR ${sqlBool(footnoteFlags.has("cumulative"))}), ${sqlBool(footnoteFlags.has("unofficial"))},
  CAST(NULL AS VARCHAR), ${field("citation")}, ${field("citation_year")}, ${reporterSql}, ${sqlText((table.footnotes ?? []).join(";") || null)},
  CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
  ${rowKeyOf?.((k) => storedCode("r", k)) ?? "CAST(NULL AS BIGINT)"}, ${colKeyOf?.((k) => storedCode("r", k)) ?? "CAST(NULL AS BIGINT)"}
FROM main.${quoteIdent(figures)} r
  ${joins}`;
  const load: string[] = [];

  // table_hierarchy: one INSERT per rule
  for (const rule of spec.hierarchy) {
    const keyOf = rule.axis === "rows" ? rowKeyOf : colKeyOf;
    load.push(hierarchySql(pkg.id, table.id, spec, rule, `main.${quoteIdent(figures)}`, text, (alias, name) => `${alias}.${c_(name)}`,
      keyOf === null ? null : { keyOf, code: storedCode, codeOfText: (t, name) => `enum_code(CAST(${t} AS main.${quoteIdent(enumOf.get(name)!)}))` }));
  }
  // grouped by the stored columns (codes), then by label: two keys may print as one label
  const columnLabels = `SELECT col_label FROM (
  SELECT ${label("r", spec.columnKey)} AS col_label, min(r.line) AS first FROM main.${quoteIdent(figures)} r GROUP BY ${spec.columnKey.map((k) => `r.${c_(k)}`).join(", ")}
) GROUP BY col_label ORDER BY min(first)`;
  // An id is base + the row key's values joined by ' / ' + '/' + the column key's: every way of splitting
  // it into values the key columns have (a value may itself hold ' / ').
  const keyValues = keyColumns.map((k) => new Set((valuesOf.get(k) ?? []).map((v) => v.v)));
  const splits = (suffix: string): string[][] => {
    const found: string[][] = [];
    const walk = (i: number, at: number, acc: string[]): void => {
      if (i === keyColumns.length) {
        if (at === suffix.length + 1) found.push([...acc]); // (the last value ends the id)
        return;
      }
      const sep = i === keyColumns.length - 1 ? null : i === spec.rowKey.length - 1 ? "/" : " / ";
      const ends: number[] = [];
      if (sep === null) ends.push(suffix.length);
      else for (let e = suffix.indexOf(sep, at); e !== -1; e = suffix.indexOf(sep, e + 1)) ends.push(e);
      for (const e of ends) {
        const v = suffix.slice(at, e);
        if (!keyValues[i]!.has(v)) continue;
        acc.push(v);
        walk(i + 1, e + (sep === null ? 1 : sep.length), acc);
        acc.pop();
      }
    };
    walk(0, 0, []);
    return found;
  };
  const locateFigures = (ids: ReadonlyArray<string>): string | null => {
    const tuples = ids.filter((id) => id.startsWith(base)).flatMap((id) => splits(id.slice(base.length)).map((vs) => [id, ...vs]));
    if (tuples.length === 0) return null;
    const keyOf = (k: string, j: number) => (enumOf.has(k) ? `CAST(k.k${j} AS main.${quoteIdent(enumOf.get(k)!)})` : `k.k${j}`);
    return `SELECT k.id AS obs_id, ${quoteLiteral(pkg.id)} AS package, ${quoteLiteral(table.id)} AS table_id, f.line, ${columnOf(spec.value)} AS col
FROM (VALUES ${tuples.map((t) => `(${t.map(quoteLiteral).join(", ")})`).join(", ")}) k(id, ${keyColumns.map((_, j) => `k${j}`).join(", ")})
JOIN main.${quoteIdent(figures)} f ON ${keyColumns.map((k, j) => `f.${c_(k)} = ${keyOf(k, j)}`).join(" AND ")}`;
  };
  return { errors, labels, load, observations, figures, columnLabels, locate: locateFigures, cleanup };
};
