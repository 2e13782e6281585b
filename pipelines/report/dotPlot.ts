// A dot plot per `duplicate` finding: the conflicting figures of one quantity side by side, one row per
// figure with its cited source and where it is printed, the dot at the value and a bar over the interval
// the figure stands for (rounding and qualifiers, check_observations.lo/hi).
import * as Schema from "effect/Schema";
import type { TopLevelSpec } from "vega-lite";
import { findingDetails } from "../../checks/kinds/details.ts";
import { DuplicateDetails } from "../../checks/kinds/duplicate/details.ts";
import { type ChartSpec, formatNumber, innerLabel, type Query, shorten, slug } from "./chart.ts";
import { COLORS } from "./vega.ts";
import { DuckDouble } from "../core/duckdb.ts";

const Row = Schema.Struct({
  id: Schema.String,
  check: Schema.String,
  kind: Schema.String,
  position: Schema.Number,
  figure_label: Schema.String,
  source_label: Schema.NullOr(Schema.String),
  value_text: Schema.NullOr(Schema.String),
  value_base: DuckDouble,
  lo: DuckDouble,
  hi: DuckDouble,
  qualifier: Schema.NullOr(Schema.String),
  period_text: Schema.NullOr(Schema.String),
  base_unit: Schema.NullOr(Schema.String),
  measure_label: Schema.NullOr(Schema.String),
  area: Schema.NullOr(Schema.String),
  details: Schema.Unknown,
});
type Row = typeof Row.Type;

const QUERY = `
SELECT f.id, f."check", f.kind, fo.position, co.figure_label, co.source_label, co.value_text, co.value_base, co.lo, co.hi, co.qualifier,
       co.period_text, co.base_unit, coalesce(m.label, co.measure) AS measure_label, coalesce(g.name, co.ref_area) AS area, f.details
FROM findings f
JOIN finding_observations fo ON fo.finding_id = f.id
JOIN check_observations co ON co.obs_id = fo.obs_id
LEFT JOIN measures m ON m.measure = co.measure
LEFT JOIN geography g ON g.code = co.ref_area
WHERE f.kind = 'duplicate'
ORDER BY f.id, fo.position`;

/** DuckDB DOUBLE as JSON: a number, or text for the infinities. */
export const toNumber = (v: unknown): number | null => {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v !== "") {
    const n = v === "inf" || v === "Infinity" ? Infinity : v === "-inf" || v === "-Infinity" ? -Infinity : Number(v);
    return Number.isNaN(n) ? null : n;
  }
  return null;
};

/** One chart specification per duplicate finding with at least two figures that have a value. */
export const dotPlotCharts = async (query: Query): Promise<ChartSpec[]> => {
  const rows = await query(Row, QUERY);
  const byFinding = new Map<string, Row[]>();
  for (const r of rows) byFinding.set(r.id, [...(byFinding.get(r.id) ?? []), r]);
  const charts: ChartSpec[] = [];
  for (const [id, figures] of byFinding) {
    const chart = dotPlot(id, figures);
    if (chart !== null) charts.push(chart);
  }
  return charts;
};

const dotPlot = (findingId: string, figures: Row[]): ChartSpec | null => {
  const points = figures
    .map((r) => ({ r, value: toNumber(r.value_base), lo: toNumber(r.lo), hi: toNumber(r.hi) }))
    .filter((p) => p.value !== null && Number.isFinite(p.value));
  if (points.length < 2) return null;
  const first = figures[0]!;
  const baseUnit = first.base_unit;
  const finite = points.flatMap((p) => [p.value!, ...[p.lo, p.hi].filter((x): x is number => x !== null && Number.isFinite(x))]);
  // loops, not Math.min(...finite): a spread of many values overflows the call stack
  const min = finite.reduce((a, b) => Math.min(a, b), Infinity);
  const max = finite.reduce((a, b) => Math.max(a, b), -Infinity);
  const pad = (max - min || Math.abs(max) || 1) * 0.15;
  const seen = new Map<string, number>();
  const values = points.map((p) => {
    let label = `${shorten(p.r.source_label ?? "source not cited", 58)}\n${shorten(innerLabel(p.r.figure_label), 50)}${p.r.period_text ? `, ${shorten(p.r.period_text, 24)}` : ""}`;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    if (n > 1) label += ` (${n})`;
    const lo = p.lo === null ? p.value! : Math.max(p.lo, min - pad);
    const hi = p.hi === null ? p.value! : Math.min(p.hi, max + pad);
    const printed = `${p.r.qualifier ? `${p.r.qualifier} ` : ""}${p.r.value_text ?? formatNumber(p.value, baseUnit)}`;
    return { label, value: p.value, lo, hi, interval: hi > lo, printed };
  });
  const labels = values.map((v) => v.label);
  const xTitle = `${first.measure_label ?? "Value"}${baseUnit && baseUnit !== "ratio" ? ` (${baseUnit})` : ""}`;
  const y = { field: "label", type: "nominal", title: null, sort: labels, axis: { labelExpr: "split(datum.label, '\\n')", labelLineHeight: 15, labelPadding: 8, ticks: false, domain: false, labelColor: COLORS.ink, labelLimit: 0 } } as const;
  const x = { type: "quantitative", title: xTitle, scale: { zero: false, nice: true, padding: 24 }, axis: { format: baseUnit === "ratio" ? ".1%" : ",~r", tickCount: 6, grid: true } } as const;
  const spec = {
    width: 420,
    height: { step: 52 },
    data: { values },
    layer: [
      { mark: { type: "rule", color: COLORS.grid, strokeWidth: 1 }, encoding: { y } },
      ...(values.some((v) => v.interval)
        ? [{ transform: [{ filter: "datum.interval" }], mark: { type: "rule", color: COLORS.part, strokeWidth: 6, strokeCap: "round", opacity: 0.8 }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } }]
        : []),
      { mark: { type: "point", filled: true, size: 110, color: COLORS.navy, opacity: 1 }, encoding: { y, x: { ...x, field: "value" } } },
      { mark: { type: "text", dy: -14, fontSize: 11, fontWeight: "bold", color: COLORS.ink }, encoding: { y, x: { ...x, field: "value" }, text: { field: "printed" } } },
    ],
  } as unknown as TopLevelSpec;

  const d = findingDetails(DuplicateDetails, first);
  const spread = d.spread ?? max - min;
  const rel = d.relative_difference !== null ? ` (${formatNumber(Math.round(d.relative_difference * 1000) / 10)} % of the largest)` : "";
  const sources = new Set(figures.map((r) => r.source_label ?? "")).size;
  const periods = [...new Set(figures.map((r) => r.period_text).filter((p): p is string => p !== null))];
  return {
    id: `dup-${slug(findingId)}`,
    kind: "dot-plot",
    title: `${first.measure_label ?? "One quantity"}, ${first.area ?? ""}${periods.length > 0 ? `, ${periods.join(" / ")}` : ""}`,
    subtitle: `${figures.length} figures from ${sources} source${sources === 1 ? "" : "s"}; spread ${formatNumber(spread, baseUnit)}${rel}`,
    caption: "Each dot is a figure as printed, at its value; a bar marks the interval a rounded or qualified figure stands for ('about', 'up to'). Figures whose intervals do not overlap disagree.",
    findingId,
    spec,
  };
};
