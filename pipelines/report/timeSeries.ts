// A line chart per printed table whose rows or columns are periods: one line per printed row (or column)
// of the other dimension, in the table's printed unit, one chart per unit when a table mixes units.
// Nothing here names a table: which tables qualify and which series they have comes from source_tables,
// table_hierarchy and observations_clean.
import * as Schema from "effect/Schema";
import type { TopLevelSpec } from "vega-lite";
import { type ChartSpec, type Query, shorten, slug } from "./chart.ts";
import { PALETTE } from "./vega.ts";

/** At most this many lines in one chart: the table's declared totals first, then the largest series. */
export const MAX_SERIES = 8;

const Row = Schema.Struct({
  package: Schema.String,
  table_id: Schema.String,
  number: Schema.String,
  title: Schema.String,
  unit_printed: Schema.NullOr(Schema.String),
  row_title: Schema.NullOr(Schema.String),
  row_dimension: Schema.String,
  column_dimension: Schema.String,
  source_printed: Schema.NullOr(Schema.String),
  row_label: Schema.NullOr(Schema.String),
  col_label: Schema.NullOr(Schema.String),
  part: Schema.NullOr(Schema.String),
  unit: Schema.NullOr(Schema.String),
  base_unit: Schema.NullOr(Schema.String),
  value: Schema.NullOr(Schema.Number),
  year: Schema.Number,
  period_text: Schema.NullOr(Schema.String),
  flagged: Schema.Boolean,
  flag: Schema.NullOr(Schema.String),
  is_total: Schema.Boolean,
});
type Row = typeof Row.Type;

const QUERY = `
SELECT o.package, o.table_id, st.number, st.title, st.unit_printed, st.row_title, st.row_dimension, st.column_dimension,
       st.source_printed, o.row_label, o.col_label, o.part, coalesce(o.unit, '') AS unit, o.base_unit, o.value,
       year(o.period_start)::INTEGER AS year, o.period_text,
       (o.is_estimate OR o.is_partial OR o.is_provisional) AS flagged,
       CASE WHEN o.is_partial THEN 'partial period' WHEN o.is_estimate THEN 'estimate' WHEN o.is_provisional THEN 'provisional' END AS flag,
       (o.part IS NULL OR lower(o.part) = 'total') AND EXISTS (
         SELECT 1 FROM table_hierarchy h
         WHERE h.package = o.package AND h.table_id = o.table_id
           AND h.axis = CASE WHEN st.column_dimension = 'period' THEN 'rows' ELSE 'columns' END
           AND h.total_label = CASE WHEN st.column_dimension = 'period' THEN o.row_label ELSE o.col_label END
       ) AS is_total
FROM observations_clean o
JOIN source_tables st ON st.package = o.package AND st.table_id = o.table_id
WHERE o.origin_kind = 'table'
  AND (st.row_dimension = 'period' OR st.column_dimension = 'period')
  AND o.period_start IS NOT NULL AND year(o.period_start) = year(o.period_end)
  AND NOT o.is_cumulative
ORDER BY o.package, try_cast(st.number AS INTEGER) NULLS LAST, st.number, o.table_id, o.line, o.col, o.part NULLS FIRST`;

/** The name of a series: the printed label of the dimension that is not the period, with its part. */
const seriesName = (r: Row): string => {
  const base = ((r.column_dimension === "period" ? r.row_label : r.col_label) ?? "").trim();
  if (r.part === null || r.part === "") return base || "(unlabelled)";
  return base.endsWith(":") ? `${base.slice(0, -1)}: ${r.part}` : `${base} (${r.part})`;
};

/** Legend labels at most `max` long, cut in the middle (series of one table often differ at the end), unique. */
export const displayNames = (names: ReadonlyArray<string>, max: number): Map<string, string> => {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of names) {
    const chars = [...n];
    let label = chars.length <= max ? n : `${chars.slice(0, Math.ceil(max * 0.55)).join("").trimEnd()}\u2026${chars.slice(chars.length - Math.floor(max * 0.45) + 1).join("").trimStart()}`;
    for (let i = 2; used.has(label); i++) label = `${shorten(label, max - 4)} (${i})`;
    used.add(label);
    out.set(n, label);
  }
  return out;
};

const capitalize = (s: string) => (s === "%" ? "Percent" : s.charAt(0).toUpperCase() + s.slice(1));

/** One chart specification per (table, unit) with at least two periods. */
export const timeSeriesCharts = async (query: Query): Promise<ChartSpec[]> => {
  const rows = await query(Row, QUERY);
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.package}\0${r.table_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const charts: ChartSpec[] = [];
  for (const tableRows of groups.values()) {
    const units = [...new Set(tableRows.map((r) => r.unit ?? ""))];
    for (const unit of units) {
      const chart = seriesChart(tableRows.filter((r) => (r.unit ?? "") === unit), units.length > 1);
      if (chart !== null) charts.push(chart);
    }
  }
  return charts;
};

const seriesChart = (rows: Row[], oneOfSeveralUnits: boolean): ChartSpec | null => {
  const first = rows[0]!;
  const withValues = rows.filter((r) => r.value !== null);
  const years = [...new Set(withValues.map((r) => r.year))].sort((a, b) => a - b);
  if (years.length < 2) return null;

  // Series in printed order; beyond MAX_SERIES keep the declared totals and the largest others.
  const order: string[] = [];
  const size = new Map<string, number>();
  const totals = new Set<string>();
  for (const r of rows) {
    const name = seriesName(r);
    if (!size.has(name)) order.push(name);
    size.set(name, (size.get(name) ?? 0) + Math.abs(r.value ?? 0));
    if (r.is_total) totals.add(name);
  }
  let shown = order;
  if (order.length > MAX_SERIES) {
    const keep = new Set(order.filter((n) => totals.has(n)).slice(0, MAX_SERIES));
    const rest = order.filter((n) => !keep.has(n)).sort((a, b) => size.get(b)! - size.get(a)! || order.indexOf(a) - order.indexOf(b));
    for (const n of rest) if (keep.size < MAX_SERIES) keep.add(n);
    shown = order.filter((n) => keep.has(n));
  }
  // Totals first, so that they take the darkest colours and head the legend.
  shown = [...shown.filter((n) => totals.has(n)), ...shown.filter((n) => !totals.has(n))];
  const shownSet = new Set(shown);
  const display = displayNames(shown, 44);
  const values = withValues
    .filter((r) => shownSet.has(seriesName(r)))
    .map((r) => ({ series: display.get(seriesName(r))!, year: r.year, value: r.value, flagged: r.flagged, total: totals.has(seriesName(r)) }));
  const domain = shown.map((n) => display.get(n)!);
  const colorScale = { domain, range: PALETTE.slice(0, domain.length) };
  const unit = first.unit ?? "";
  const yTitle = unit === "" ? "Value" : capitalize(unit);
  const x = {
    field: "year",
    type: "quantitative",
    title: "Year",
    scale: { zero: false, nice: false, padding: 14 },
    axis: { values: years, tickCount: years.length, tickMinStep: 0.01, format: "d", grid: false, labelAngle: 0, labelOverlap: true },
  } as const;
  const y = { field: "value", type: "quantitative", title: yTitle, axis: { format: ",~r", tickCount: 6 } } as const;
  const legend = { title: first.column_dimension === "period" ? (first.row_title ?? null) : null, orient: "right" };
  const spec = {
    width: 540,
    height: 250,
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#8a94a0", strokeWidth: 1 }, encoding: { y: { datum: 0, type: "quantitative" } } },
      {
        mark: { type: "line", interpolate: "linear" },
        encoding: {
          x,
          y,
          color: { field: "series", type: "nominal", scale: colorScale, sort: domain, legend },
          strokeWidth: { condition: { test: "datum.total", value: 3 }, value: 1.8 },
        },
      },
      {
        mark: { type: "point", filled: true, size: 42, strokeWidth: 1.6, opacity: 1 },
        encoding: {
          x,
          y,
          stroke: { field: "series", type: "nominal", scale: colorScale, sort: domain, legend },
          fill: { condition: { test: "datum.flagged", value: "#ffffff" }, field: "series", type: "nominal", scale: colorScale, sort: domain, legend },
        },
      },
    ],
  } as unknown as TopLevelSpec;

  const flagged = [...new Map(withValues.filter((r) => r.flagged && shownSet.has(seriesName(r))).map((r) => [r.period_text ?? String(r.year), r.flag])).entries()];
  const unitNote = unit === "" ? "" : `in ${unit}`;
  const shownNote = shown.length < order.length ? `${shown.length} of ${order.length} series: the declared totals and the largest` : `${order.length} series`;
  const subtitle = [unitNote, shownNote, first.source_printed ? `Source: ${first.source_printed}` : ""].filter((s) => s !== "").join(" \u00b7 ");
  const caption = [
    `Each line is a printed ${first.column_dimension === "period" ? "row" : "column"} of Table ${first.number}, plotted by year as printed${totals.size > 0 ? "; declared totals are drawn thicker" : ""}.`,
    flagged.length > 0 ? `Open markers: ${flagged.map(([p, f]) => (f === null || p.includes(f) ? p : `${p} (${f})`)).join(", ")}.` : "",
    rows.length > withValues.length ? `${rows.length - withValues.length} figure(s) printed as not available are left out.` : "",
  ]
    .filter((s) => s !== "")
    .join(" ");
  return {
    id: `ts-${slug(first.package)}-${slug(first.table_id)}${oneOfSeveralUnits ? `-${slug(unit || "none")}` : ""}`,
    kind: "time-series",
    title: `Table ${first.number}. ${first.title}${oneOfSeveralUnits ? ` (${unit || "no unit"})` : ""}`,
    subtitle,
    caption,
    table: { package: first.package, tableId: first.table_id },
    spec,
  };
};
