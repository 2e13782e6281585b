// What every chart builder returns, and helpers they share.
import type { TopLevelSpec } from "vega-lite";
import type { Warehouse } from "../core/duckdb.ts";

export type ChartKind = "time-series" | "dot-plot" | "parts";

/** A chart before rendering: its Vega-Lite specification and the words around it. */
export interface ChartSpec {
  /** unique in the report, [a-z0-9-] (the HTML id and the prefix of the SVG's ids) */
  readonly id: string;
  readonly kind: ChartKind;
  readonly title: string;
  /** one line under the title: unit, source, what is shown */
  readonly subtitle: string;
  /** under the chart: the explanation, or how to read it */
  readonly caption: string;
  /** the finding it illustrates (dot plots, parts) */
  readonly findingId?: string;
  /** the printed table it shows (time series) */
  readonly table?: { readonly package: string; readonly tableId: string };
  readonly spec: TopLevelSpec;
}

/** A chart rendered to inline SVG. */
export interface RenderedChart extends Omit<ChartSpec, "spec"> {
  readonly svg: string;
}

/** How a chart reads the warehouse: a query whose rows are decoded with a schema (Warehouse.rows). */
export type Query = Warehouse["rows"];

/** An HTML/SVG-safe id from any text. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "x";

/** Shorten a label to at most `max` characters, with an ellipsis. */
export const shorten = (s: string, max: number): string => ([...s].length > max ? [...s].slice(0, max - 1).join("").trimEnd() + "\u2026" : s);

/** Numbers as a statistical office prints them: 1,234,567; 0.5; 12.3 %. */
export const formatNumber = (x: number | null | undefined, baseUnit?: string | null): string => {
  if (x === null || x === undefined || Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x)) return x > 0 ? "+\u221e" : "\u2212\u221e";
  if (baseUnit === "ratio") return `${formatNumber(Math.round(x * 1e6) / 1e4)} %`;
  const rounded = Math.round(x * 1e4) / 1e4;
  const [int, frac] = Math.abs(rounded).toString().split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${rounded < 0 ? "\u2212" : ""}${grouped}${frac !== undefined ? "." + frac : ""}`;
};

/** "s-6.7-13 'Azerbaijanis deported from Armenia'" -> "Azerbaijanis deported from Armenia". */
export const innerLabel = (label: string): string => {
  const m = /^\S+ '(.+)'$/.exec(label);
  return m ? m[1]! : label;
};
