// What the check kinds share: the SQL pieces every compiled check uses. Params come from checks.json,
// decoded by each kind's schema (params.ts); nothing here is concatenated into SQL unquoted.
import { quoteLiteral } from "../../pipelines/core/duckdb.ts";
import type { Tolerance } from "./params.ts";

/** A number as a DOUBLE literal. */
export const sqlNumber = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `CAST(${String(n)} AS DOUBLE)`;
};

/** A string as a quoted literal. */
export const sqlString = (s: string): string => quoteLiteral(s);

/** `(x IN ('a', 'b'))`, or TRUE when there is no list (no filter). */
export const sqlIn = (expr: string, values: ReadonlyArray<string> | null | undefined): string =>
  values === null || values === undefined ? "TRUE" : `(${expr} IN (${values.map(quoteLiteral).join(", ")}))`;

/** The tolerance allowed between two figures: abs + rel * the larger magnitude. */
export const sqlTolerance = (p: Tolerance, ...magnitudes: string[]): string =>
  `(${sqlNumber(p.tolerance_abs)} + ${sqlNumber(p.tolerance_rel)} * greatest(${magnitudes.map((m) => `coalesce(abs(${m}), 0)`).join(", ")}))`;

/** A figure's value for messages: in its printed unit (the base value beside when that unit scales it), or its range. */
export const sqlShown = (alias: string): string =>
  `CASE WHEN ${alias}.value_base IS NOT NULL THEN check_fmt_printed(${alias}.value_base, ${alias}.base_unit, ${alias}.unit, ${alias}.multiplier)
        WHEN ${alias}.lo IS NOT NULL THEN check_fmt(${alias}.lo, ${alias}.base_unit) || ' to ' || check_fmt(${alias}.hi, ${alias}.base_unit)
        ELSE coalesce(${alias}.missing, 'missing') END`;

/** A figure's value with its qualifier, for messages: "up to 700,000". */
export const sqlShownQualified = (alias: string): string =>
  `(CASE WHEN ${alias}.qualifier IS NOT NULL AND ${alias}.qualifier_bound <> 'point' THEN ${alias}.qualifier || ' ' ELSE '' END || ${sqlShown(alias)})`;

/** A readable key segment: '-' for NULL or ''. */
export const sqlKeyPart = (expr: string): string => `coalesce(nullif(${expr}, ''), '-')`;

/** The period of a figure as a stable key: '2006' for a calendar year, else 'start..end' (or the day). */
export const sqlPeriodKey = (alias: string): string =>
  `CASE WHEN ${alias}.is_full_year THEN CAST(${alias}.period_year AS VARCHAR)
        WHEN ${alias}.period_start = ${alias}.period_end THEN CAST(${alias}.period_start AS VARCHAR)
        ELSE coalesce(CAST(${alias}.period_start AS VARCHAR), '?') || '..' || coalesce(CAST(${alias}.period_end AS VARCHAR), '?') END`;

/** A figure's period for messages: the period as printed, else its key. */
export const sqlPeriodShown = (alias: string): string => `coalesce(${alias}.period_text, ${sqlPeriodKey(alias)})`;

/** One figure as a JSON-able struct for details. */
export const sqlFigureStruct = (alias: string): string =>
  `{'obs_id': ${alias}.obs_id, 'label': ${alias}.figure_label, 'value': check_num(${alias}.value_base), 'lo': check_num(${alias}.lo), 'hi': check_num(${alias}.hi),
    'printed': ${alias}.value_text, 'qualifier': ${alias}.qualifier, 'period': ${alias}.period_text, 'citation': ${alias}.citation, 'source': ${alias}.source_label}`;

/** Display order of figures: as printed, file by file, line by line. */
export const sqlDisplayOrder = (alias: string): string => `${alias}.file, ${alias}.line, ${alias}.col, ${alias}.obs_id`;

/** Numbers for explanations (TypeScript side): 6,002 / -0.4 / 2.2 %. */
export const formatNumber = (x: number, baseUnit?: string | null): string => {
  if (!Number.isFinite(x)) return x > 0 ? "+inf" : "-inf";
  const nf = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
  if (baseUnit === "ratio") return `${nf.format(x * 100)} %`;
  return nf.format(Math.abs(x) < 0.00005 ? 0 : x);
};

/**
 * The columns that identify one figure without its obs_id, all cheap to read: a table cell is its file
 * position (one file per table) and part, a statement its id. Compiled checks find failures on cheap
 * columns first and join back on these to read obs_id, labels and printed text only for the failures.
 */
export const ROW_KEY: ReadonlyArray<string> = ["package", "table_id", "statement_id", "part", "line", "col"];

/**
 * The row keys (ROW_KEY) of the figures whose obs_id is in `ids` (a query of one column): printed figures
 * by their stored id, bulk figures through figure_refs (every bulk figure a statement names, placed by
 * the build). A bulk figure's id is computed from its labels: finding ids in check_observations would
 * compute it for every figure of every bulk file. Corrections change values, never ids or places.
 */
export const sqlKeysOfIds = (ids: string): string => `(
  SELECT ${ROW_KEY.join(", ")} FROM observations_printed WHERE obs_id IN (${ids})
  UNION ALL
  SELECT package, table_id, CAST(NULL AS VARCHAR) AS statement_id, CAST(NULL AS VARCHAR) AS part, line, col FROM figure_refs WHERE obs_id IN (${ids})
)`;

/**
 * `alias.line` within the lines a variable spans: the variable (set before the query) is a list of
 * structs with first_line and last_line. A constant range, which DuckDB pushes into the scan of every
 * branch of the observations view, so a large file is read only where the list's figures are.
 */
export const sqlLineInSpan = (alias: string, variable: string): string =>
  `${alias}.line BETWEEN list_min(list_transform(getvariable('${variable}'), x -> x.first_line)) AND list_max(list_transform(getvariable('${variable}'), x -> x.last_line))`;

/** The row key of `alias` as select items, each named `prefix` + column. */
export const sqlRowKey = (alias: string, prefix = ""): string => ROW_KEY.map((c) => `${alias}.${c} AS ${prefix}${c}`).join(", ");

/**
 * `alias` is the figure whose row key `keyAlias` holds (columns `prefix` + column). Only line is compared
 * with =: DuckDB pushes the keys' range (or list) of lines into the scan, into every branch of the
 * observations view, but gives up when a compared column is a constant of a branch (a bulk file's
 * package, table or column).
 */
export const sqlSameRow = (alias: string, keyAlias: string, prefix = ""): string =>
  ROW_KEY.map((c) => (c === "line" ? `${alias}.${c} = ${keyAlias}.${prefix}${c}` : `${alias}.${c} IS NOT DISTINCT FROM ${keyAlias}.${prefix}${c}`)).join(" AND ");

/**
 * A relation known to be small (failures, references, candidates), for joining with check_observations.
 * DuckDB estimates the cardinality of joins of derived tables far above their size, and may then build
 * its hash table on check_observations instead (millions of rows, gigabytes); rows collected into one
 * list and unnested again are estimated at one row. The relation's columns keep their names.
 */
export const sqlFew = (query: string): string => `(SELECT unnest(few__) FROM (SELECT unnest(list(t__)) AS few__ FROM (${query}) t__))`;

/**
 * A figure's value for messages in the unit it was printed in ("-9,8 thousand persons", "about 2 million
 * persons", "2.2 %"), with the base value beside when the printed unit scales it ("= -9,800 persons").
 * A corrected figure says so: "-16.2% (corrected to 16.2)".
 */
export const sqlShownPrinted = (alias: string): string =>
  `(CASE WHEN ${alias}.qualifier IS NOT NULL AND ${alias}.qualifier_bound <> 'point' AND NOT contains(lower(coalesce(${alias}.value_text, '')), lower(${alias}.qualifier)) THEN ${alias}.qualifier || ' ' ELSE '' END
    || CASE WHEN ${alias}.value_text IS NULL THEN ${sqlShown(alias)}
            WHEN ${alias}.unit IS NULL OR ${alias}.unit = '' OR contains(${alias}.value_text, '%') THEN trim(${alias}.value_text)
            ELSE trim(${alias}.value_text) || ' ' || ${alias}.unit END
    || CASE WHEN ${alias}.value_base IS NOT NULL AND coalesce(${alias}.multiplier, 1) <> 1 AND ${alias}.base_unit IS DISTINCT FROM 'ratio'
            THEN ' = ' || check_fmt(${alias}.value_base, ${alias}.base_unit) || ' ' || ${alias}.base_unit ELSE '' END
    || CASE WHEN coalesce(${alias}.corrected, false) THEN ' (corrected to ' || check_fmt(${alias}.value, NULL) || ')' ELSE '' END)`;

/** The direction of a figure as compared across sources: a stock with none is the stock in its area. */
export const sqlDirectionKey = (alias: string): string =>
  `CASE WHEN ${alias}.direction IS NULL AND ${alias}.measure_kind = 'stock' THEN 'in' ELSE ${alias}.direction END`;

/** A figure's source for messages: its citation, else where it is printed. */
export const sqlSourceShort = (alias: string): string => `coalesce(${alias}.citation, 'no cited source')`;
