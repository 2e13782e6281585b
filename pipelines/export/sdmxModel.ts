// The SDMX model of the observations, shared by the data (sdmx.ts) and the structure (sdmxStructure.ts).
// SDMX-CSV 1.0 (the CSV format of SDMX 2.1): one row per observation, DATAFLOW first, then the
// dimensions in key order, OBS_VALUE and the attributes at observation level. The structure (DSD, concept
// scheme, code lists, dataflow) is an SDMX-ML 2.1 message written beside the data (sdmxStructure.ts).
// - The series key holds the citation (SOURCE) and the frequency (FREQ): two sources giving the same
//   quantity are two series, and a series has one kind of period. A source that prints one quantity twice
//   for the same period (the same value or another) cannot be one dataset: the second printing goes to a
//   second dataset file (and so on, by obs_id), each with unique keys and every observation kept.
// - TIME_PERIOD in SDMX's formats: YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, YYYY-MM-DD for a day or an instant,
//   and start/duration (2005-01-01/P2Y) for any other range.
// - A figure printed without a single value (N/A, a range) keeps its row: empty OBS_VALUE, its OBS_STATUS
//   and the printed text in OBS_VALUE_PRINTED.
// - Codes: the warehouse's, upper-cased, anything but letters, digits and '_' as '_' (a second text that
//   gives the same code gets _2, _3); `_T` total, `_Z` not applicable (SDMX cross-domain conventions).
import type { Catalog, FieldInfo } from "./resources.ts";
import { packageFilter } from "./resources.ts";

export const AGENCY = "IOM";
export const DATAFLOW_ID = "MIGRATION_PROFILE";
export const DSD_ID = "DSD_MIGRATION_PROFILE";
export const SDMX_VERSION = "1.0";
export const DATAFLOW = `${AGENCY}:${DATAFLOW_ID}(${SDMX_VERSION})`;
export const SDMX_MEDIATYPE = "application/vnd.sdmx.data+csv; version=1.0.0";
export const STRUCTURE_MEDIATYPE = "application/vnd.sdmx.structure+xml; version=2.1";
/** The structure message's file name, beside the data files. */
export const STRUCTURE_FILE = "structure.xml";

/** A dimension or attribute: its concept, what it holds, and its code list (undefined: uncoded text). */
export interface SdmxComponent {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly codelist?: string;
  /** SDMX-ML TextFormat textType of an uncoded component */
  readonly textType?: "String" | "Integer" | "Double" | "ObservationalTimePeriod";
}

/** The dimensions in key order, TIME_PERIOD last. */
export const DIMENSIONS: ReadonlyArray<SdmxComponent> = [
  { id: "FREQ", name: "Frequency", description: "the length of the period: A year, S half-year, Q quarter, M month, D day or instant, _O another length (TIME_PERIOD is then a range)", codelist: "CL_FREQ" },
  { id: "REF_AREA", name: "Reference area", description: "the country the figure is about (ISO 3166-1 alpha-3)", codelist: "CL_AREA" },
  { id: "MEASURE", name: "Measure", description: "what is counted (measures.measure, upper-cased)", codelist: "CL_MEASURE" },
  { id: "DIRECTION", name: "Direction", description: "IN, OUT or NET seen from REF_AREA; _Z not applicable", codelist: "CL_DIRECTION" },
  { id: "COUNTERPART_AREA", name: "Counterpart area", description: "partner country or group; _T all, _Z not applicable", codelist: "CL_AREA" },
  { id: "BREAKDOWN", name: "Breakdown", description: "the breakdown key=value pairs (the code's name holds them as written); _T total", codelist: "CL_BREAKDOWN" },
  { id: "SOURCE", name: "Source", description: "the cited source of the figure (package:citation); _Z none cited", codelist: "CL_SOURCE" },
  { id: "TIME_PERIOD", name: "Time period", description: "SDMX time period: YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, YYYY-MM-DD, or start/duration for another range", textType: "ObservationalTimePeriod" },
];

export const PRIMARY_MEASURE: SdmxComponent = { id: "OBS_VALUE", name: "Observation value", description: "the value in the base unit (UNIT_MEASURE), corrected where sources/<package>/corrections.csv or checks/corrections.csv says so; empty when the figure has no single value", textType: "Double" };

/** The attributes, all at observation level. */
export const ATTRIBUTES: ReadonlyArray<SdmxComponent> = [
  { id: "OBS_STATUS", name: "Observation status", description: "A normal, E estimated, P provisional, M missing (cannot exist), L missing (exists, not available)", codelist: "CL_OBS_STATUS" },
  { id: "UNIT_MEASURE", name: "Unit of measure", description: "the base unit of OBS_VALUE", codelist: "CL_UNIT" },
  { id: "UNIT_MULT", name: "Unit multiplier", description: "power of ten OBS_VALUE is multiplied by (always 0: values are in the base unit)", textType: "Integer" },
  { id: "DECIMALS", name: "Decimals", description: "decimals of OBS_VALUE the printed figure supports", textType: "Integer" },
  { id: "OBS_VALUE_PRINTED", name: "Value as printed", description: "the figure exactly as printed (its unit may differ from UNIT_MEASURE)", textType: "String" },
  { id: "QUALIFIER", name: "Qualifier", description: "qualifier word as printed (about, up to, over)", textType: "String" },
  { id: "REPORTER", name: "Reporting country", description: "the country whose statistical system recorded the figure", codelist: "CL_AREA" },
  { id: "OBS_REF", name: "Observation reference", description: "the observation id (observations.obs_id)", textType: "String" },
  { id: "COMMENT", name: "Comment", description: "why the printed figure was corrected", textType: "String" },
];

export const SDMX_FIELDS: ReadonlyMap<string, FieldInfo> = new Map<string, FieldInfo>([
  ["DATAFLOW", { description: "agency:dataflow(version)" }],
  ...[...DIMENSIONS, PRIMARY_MEASURE, ...ATTRIBUTES].map((c) => [c.id, { description: `${c.id === "OBS_VALUE" ? "primary measure" : DIMENSIONS.includes(c) ? "dimension" : "attribute"}: ${c.description}`, ...(c.id === "OBS_VALUE" ? { type: "number" } : {}) }] as const),
]);

/** The SDMX code of a text: upper case, runs of other characters than letters, digits and '_' as '_'. */
const sanitized = (expr: string) => `upper(regexp_replace(${expr}, '[^A-Za-z0-9_]+', '_', 'g'))`;

/** value -> code, unique per list: a second value sanitized to the same code gets _2, _3, ... */
const codeMap = (values: string) => `(
  SELECT v, c || CASE WHEN n > 1 THEN '_' || n ELSE '' END AS code
  FROM (SELECT v, c, row_number() OVER (PARTITION BY c ORDER BY v) AS n
        FROM (SELECT DISTINCT v, ${sanitized("v")} AS c FROM (${values}) WHERE v IS NOT NULL))
)`;

/** Printed decimals shifted by the unit's power of ten (-9,8 thousand: 0; 2.2 %: 3); NULL for other multipliers. */
const DECIMALS = `CASE
    WHEN o.decimals IS NOT NULL AND o.multiplier > 0 AND abs(log10(o.multiplier) - round(log10(o.multiplier))) < 1e-9
    THEN greatest(0, o.decimals - round(log10(o.multiplier))::INTEGER)
  END`;

/** FREQ from a period [s, e] (inclusive dates). */
const FREQ = (s: string, e: string) => `CASE
    WHEN ${s} IS NULL THEN NULL
    WHEN ${s} = ${e} THEN 'D'
    WHEN month(${s}) = 1 AND day(${s}) = 1 AND ${e} = make_date(year(${s}), 12, 31) THEN 'A'
    WHEN day(${s}) = 1 AND month(${s}) IN (1, 7) AND ${e} = last_day(${s} + INTERVAL 5 MONTH) THEN 'S'
    WHEN day(${s}) = 1 AND month(${s}) IN (1, 4, 7, 10) AND ${e} = last_day(${s} + INTERVAL 2 MONTH) THEN 'Q'
    WHEN day(${s}) = 1 AND ${e} = last_day(${s}) THEN 'M'
    ELSE '_O'
  END`;

/** ISO 8601 duration of [s, e]: whole years, else whole months, else days. */
const DURATION = (s: string, e: string) => `CASE
    WHEN (${s} + to_months(date_diff('month', ${s}, ${e} + 1)))::DATE = ${e} + 1
    THEN CASE WHEN date_diff('month', ${s}, ${e} + 1) % 12 = 0
              THEN 'P' || (date_diff('month', ${s}, ${e} + 1) // 12) || 'Y'
              ELSE 'P' || date_diff('month', ${s}, ${e} + 1) || 'M' END
    ELSE 'P' || (${e} - ${s} + 1) || 'D'
  END`;

/** TIME_PERIOD text for a period [s, e] of frequency f. */
const TIME_PERIOD = (f: string, s: string, e: string) => `CASE ${f}
    WHEN 'D' THEN strftime(${s}, '%Y-%m-%d')
    WHEN 'A' THEN strftime(${s}, '%Y')
    WHEN 'S' THEN strftime(${s}, '%Y') || '-S' || CASE WHEN month(${s}) = 1 THEN '1' ELSE '2' END
    WHEN 'Q' THEN strftime(${s}, '%Y') || '-Q' || quarter(${s})
    WHEN 'M' THEN strftime(${s}, '%Y-%m')
    WHEN '_O' THEN strftime(${s}, '%Y-%m-%d') || '/' || ${DURATION(s, e)}
  END`;

/**
 * The common table expressions both the data and the structure read: `o__` the observations, a code map
 * per coded text, `codes__` every code of every list with its name, `keyed__` the SDMX fields of each
 * observation and `rows__` with the dataset number each goes to.
 */
export const sdmxCtes = (catalog: Catalog, packages?: ReadonlyArray<string>): string => `
o__ AS (
  SELECT o.*,
    ${FREQ("o.period_start", "o.period_end")} AS freq__,
    CASE WHEN o.citation IS NULL THEN NULL ELSE o.package || ':' || o.citation END AS source__
  FROM observations_clean AS o
  WHERE ${packageFilter(packages, "o.package")}
),
breakdowns__ AS ${codeMap(`SELECT breakdown AS v FROM o__ WHERE breakdown <> ''`)},
sources__ AS ${codeMap(`SELECT source__ AS v FROM o__`)},
areas__ AS ${codeMap(`SELECT ref_area AS v FROM o__ UNION SELECT counterpart FROM o__ WHERE counterpart <> 'TOTAL' UNION SELECT reporter FROM o__`)},
measures__ AS ${codeMap(`SELECT measure AS v FROM o__`)},
units__ AS ${codeMap(`SELECT base_unit AS v FROM o__`)},
codes__ AS (
  SELECT 'CL_AREA' AS list, a.code, coalesce(g.name, a.v) AS name FROM areas__ AS a LEFT JOIN geography AS g ON g.code = a.v
  UNION ALL SELECT 'CL_AREA', '_T', 'All areas' WHERE EXISTS (SELECT 1 FROM o__ WHERE counterpart = 'TOTAL')
  UNION ALL SELECT 'CL_AREA', '_Z', 'Not applicable'
  UNION ALL SELECT 'CL_MEASURE', m.code, coalesce(d.label, m.v) FROM measures__ AS m LEFT JOIN measures AS d ON d.measure = m.v
  UNION ALL SELECT 'CL_BREAKDOWN', code, v FROM breakdowns__
  UNION ALL SELECT 'CL_BREAKDOWN', '_T', 'Total (no breakdown)'
  UNION ALL SELECT 'CL_SOURCE', s.code, coalesce(c.printed, s.v) FROM sources__ AS s LEFT JOIN citations AS c ON c.package || ':' || c.citation = s.v
  UNION ALL SELECT 'CL_SOURCE', '_Z', 'No source cited'
  UNION ALL SELECT 'CL_UNIT', code, v FROM units__
),
keyed__ AS (
  SELECT
    o.freq__ AS FREQ,
    ra.code AS REF_AREA,
    me.code AS MEASURE,
    coalesce(upper(o.direction), '_Z') AS DIRECTION,
    CASE WHEN o.counterpart IS NULL THEN '_Z' WHEN o.counterpart = 'TOTAL' THEN '_T' ELSE ca.code END AS COUNTERPART_AREA,
    CASE WHEN o.breakdown = '' THEN '_T' ELSE bd.code END AS BREAKDOWN,
    coalesce(so.code, '_Z') AS SOURCE,
    ${TIME_PERIOD("o.freq__", "o.period_start", "o.period_end")} AS TIME_PERIOD,
    o.value_base AS OBS_VALUE,
    o.obs_status AS OBS_STATUS,
    un.code AS UNIT_MEASURE,
    0 AS UNIT_MULT,
    ${DECIMALS} AS DECIMALS,
    o.value_text AS OBS_VALUE_PRINTED,
    nullif(o.qualifier, '') AS QUALIFIER,
    rp.code AS REPORTER,
    o.obs_id,
    o.correction_justification AS COMMENT,
    o.period_start, o.period_end
  FROM o__ AS o
  LEFT JOIN areas__ AS ra ON ra.v = o.ref_area
  LEFT JOIN areas__ AS ca ON ca.v = o.counterpart
  LEFT JOIN areas__ AS rp ON rp.v = o.reporter
  LEFT JOIN measures__ AS me ON me.v = o.measure
  LEFT JOIN breakdowns__ AS bd ON bd.v = o.breakdown
  LEFT JOIN sources__ AS so ON so.v = o.source__
  LEFT JOIN units__ AS un ON un.v = o.base_unit
),
rows__ AS (
  SELECT *, obs_id AS OBS_REF,
    row_number() OVER (PARTITION BY FREQ, REF_AREA, MEASURE, DIRECTION, COUNTERPART_AREA, BREAKDOWN, SOURCE, TIME_PERIOD ORDER BY obs_id) AS dataset__
  FROM keyed__
)`;
