// SDMX-CSV (the SDMX 2.1 CSV format, version 1.0): one row per observation with a value, the DATAFLOW
// first, then the dimensions, OBS_VALUE and the attributes. Codes are the warehouse's, upper-cased; `_Z`
// marks a dimension that does not apply, `_T` a total (SDMX cross-domain conventions).
import { quoteLiteral } from "../core/duckdb.ts";
import type { Catalog, FieldInfo, Resource } from "./resources.ts";

export const DATAFLOW = "IOM:MIGRATION_PROFILE(1.0)";
export const SDMX_MEDIATYPE = "application/vnd.sdmx.data+csv; version=1.0.0";

/** The SDMX-CSV columns, in order, with what each holds. */
export const SDMX_FIELDS: ReadonlyMap<string, FieldInfo> = new Map([
  ["DATAFLOW", { description: "agency:dataflow(version)" }],
  ["REF_AREA", { description: "dimension: the country the figure is about (ISO 3166-1 alpha-3)" }],
  ["MEASURE", { description: "dimension: measure code (measures.measure, upper-cased)" }],
  ["DIRECTION", { description: "dimension: IN, OUT or NET seen from REF_AREA; _Z not applicable" }],
  ["COUNTERPART_AREA", { description: "dimension: partner country or group code; _T total, _Z not applicable" }],
  ["BREAKDOWN", { description: "dimension: breakdown key=value pairs as KEY_VALUE, pairs joined by __; _T total" }],
  ["TIME_PERIOD", { description: "dimension: YYYY for a calendar year, YYYY-MM for a month, YYYY-MM-DD for an instant, start/end (ISO 8601 interval) otherwise" }],
  ["OBS_VALUE", { description: "the value in the base unit (UNIT_MEASURE), corrected where checks/corrections.csv says so" }],
  ["OBS_STATUS", { description: "A normal, E estimated, P provisional" }],
  ["UNIT_MEASURE", { description: "base unit: PERSONS, USD, RATIO, KM2, CASES, COUNT, RANK" }],
  ["UNIT_MULT", { description: "power of ten OBS_VALUE is multiplied by (always 0: values are in the base unit)" }],
  ["OBS_VALUE_PRINTED", { description: "the figure exactly as printed (its unit may differ from UNIT_MEASURE)" }],
  ["DECIMALS", { description: "decimals of OBS_VALUE the printed figure supports" }],
  ["QUALIFIER", { description: "qualifier word as printed (about, up to, over)" }],
  ["SOURCE", { description: "cited source id (citations.csv of the csv export)" }],
  ["REPORTER", { description: "country whose statistical system recorded the figure (ISO 3166-1 alpha-3)" }],
  ["OBS_REF", { description: "observation id (observations.obs_id)" }],
  ["COMMENT", { description: "why the printed figure was corrected" }],
]);

/** SDMX period text for [start, end]. */
const TIME_PERIOD = `CASE
    WHEN o.period_start IS NULL THEN NULL
    WHEN o.period_start = o.period_end THEN strftime(o.period_start, '%Y-%m-%d')
    WHEN month(o.period_start) = 1 AND day(o.period_start) = 1 AND o.period_end = make_date(year(o.period_start), 12, 31) THEN strftime(o.period_start, '%Y')
    WHEN day(o.period_start) = 1 AND o.period_end = last_day(o.period_start) THEN strftime(o.period_start, '%Y-%m')
    ELSE strftime(o.period_start, '%Y-%m-%d') || '/' || strftime(o.period_end, '%Y-%m-%d')
  END`;

/** Printed decimals shifted by the unit's power of ten (-9,8 thousand: 0; 2.2 %: 3); NULL for other multipliers. */
const DECIMALS = `CASE
    WHEN o.decimals IS NOT NULL AND o.multiplier > 0 AND abs(log10(o.multiplier) - round(log10(o.multiplier))) < 1e-9
    THEN greatest(0, o.decimals - round(log10(o.multiplier))::INTEGER)
  END`;

/** A code: upper case, anything but letters, digits and '_' as '_'. */
const code = (expr: string) => `upper(regexp_replace(${expr}, '[^A-Za-z0-9_]+', '_', 'g'))`;

/** The SDMX-CSV rows: observations with a value, ordered by series key, period and observation id. */
export const sdmxResource = (catalog: Catalog): Resource => ({
  name: "migration_profile",
  kind: "sdmx",
  title: `SDMX-CSV ${DATAFLOW}`,
  description: "Every observation with a value, in SDMX-CSV 1.0: dimensions, OBS_VALUE in the base unit (corrected) and attributes. Several sources can give a value for the same key: OBS_REF tells them apart.",
  select: `SELECT
  ${quoteLiteral(DATAFLOW)} AS DATAFLOW,
  o.ref_area AS REF_AREA,
  ${code("o.measure")} AS MEASURE,
  coalesce(upper(o.direction), '_Z') AS DIRECTION,
  CASE WHEN o.counterpart IS NULL THEN '_Z' WHEN o.counterpart = 'TOTAL' THEN '_T' ELSE ${code("o.counterpart")} END AS COUNTERPART_AREA,
  CASE WHEN o.breakdown = '' THEN '_T' ELSE ${code("replace(replace(o.breakdown, ';', '__'), '=', '_')")} END AS BREAKDOWN,
  ${TIME_PERIOD} AS TIME_PERIOD,
  printf('%.15g', o.value_base) AS OBS_VALUE,
  o.obs_status AS OBS_STATUS,
  ${code("o.base_unit")} AS UNIT_MEASURE,
  0 AS UNIT_MULT,
  o.value_text AS OBS_VALUE_PRINTED,
  ${DECIMALS} AS DECIMALS,
  nullif(o.qualifier, '') AS QUALIFIER,
  o.citation AS SOURCE,
  o.reporter AS REPORTER,
  o.obs_id AS OBS_REF,
  o.correction_justification AS COMMENT
FROM observations_clean AS o
WHERE o.value_base IS NOT NULL
ORDER BY REF_AREA, MEASURE, DIRECTION, COUNTERPART_AREA, BREAKDOWN, o.period_start, o.period_end, OBS_REF`,
  fields: SDMX_FIELDS,
});
