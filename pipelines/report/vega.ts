// Vega-Lite specifications rendered to SVG strings in Node, when the report is built: no canvas, no
// browser, no network. Text widths come from a table of glyph advances of the report's chart font
// (Verdana / DejaVu Sans metrics) instead of vega's coarse estimate, so that axes and legends get the room
// their labels take.
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** The chart font: Verdana and DejaVu Sans share their metrics (both descend from Bitstream Vera). */
export const CHART_FONT = 'Verdana, "DejaVu Sans", "Bitstream Vera Sans", sans-serif';

/** Colours shared by the page and the charts. */
export const COLORS = {
  ink: "#1d2733",
  muted: "#5b6675",
  grid: "#e3e7ec",
  navy: "#1f3b73",
  accent: "#c8553d",
  part: "#8aa1bf",
  ok: "#2f7d4f",
} as const;

/** A categorical palette that prints and reads well: dark first (totals come first). */
export const PALETTE = ["#1f3b73", "#d1822b", "#2a8c82", "#b8474b", "#7d5ba6", "#6b8e23", "#c4a000", "#5b9bd5", "#8c564b", "#777777"];

// Advance widths (em) of DejaVu Sans / Verdana-like glyphs; others count as 0.62 em.
const ADVANCE: Record<string, number> = (() => {
  const table: Record<string, number> = {};
  const set = (chars: string, w: number) => {
    for (const c of chars) table[c] = w;
  };
  set("0123456789", 0.636);
  set(" ", 0.318);
  set(".,:;", 0.318);
  set("iljI'|!", 0.278);
  set("ft", 0.37);
  set("r", 0.411);
  set("()[]{}", 0.39);
  set("-", 0.361);
  set("/\\", 0.337);
  set("sz", 0.525);
  set("cJ", 0.55);
  set("kvxyL", 0.58);
  set("aeo", 0.615);
  set("bdghnpqu", 0.634);
  set("FPTZ", 0.61);
  set("ESY", 0.635);
  set("ABKRVX", 0.685);
  set("C", 0.698);
  set("HNU", 0.75);
  set("DGOQ", 0.78);
  set("mM", 0.87);
  set("w", 0.818);
  set("W", 0.989);
  set("%", 0.95);
  set("&", 0.78);
  set("+=<>~", 0.838);
  set("\u2013", 0.5);
  set("\u2014\u2026", 1.0);
  set("\u2018\u2019\"", 0.35);
  return table;
})();

/** The width in pixels of a line of text at a font size (bold is wider). */
export const measureText = (text: string, fontSize: number, bold = false): number => {
  let em = 0;
  for (const c of text) em += ADVANCE[c] ?? 0.62;
  return em * fontSize * (bold ? 1.1 : 1);
};

type TextItem = { fontSize?: number; fontWeight?: string | number; text?: unknown };
let metricsInstalled = false;
const installTextMetrics = () => {
  if (metricsInstalled) return;
  // vega exports textMetrics (untyped) so that a host can measure text itself, as vl-convert does.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const t = text === undefined || text === null ? (item.text ?? "") : text;
    const lines = Array.isArray(t) ? t.map(String) : [String(t)];
    const size = item.fontSize !== undefined && item.fontSize !== null ? Number(item.fontSize) || 0 : 11;
    const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
    return Math.max(0, ...lines.map((l) => measureText(l.trim(), size, bold)));
  };
  metricsInstalled = true;
};

/** The look of every chart: the page's font, quiet axes, light grid. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: "#ffffff",
  padding: 4,
  view: { stroke: null },
  axis: {
    labelColor: COLORS.muted,
    titleColor: COLORS.ink,
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: "bold",
    domainColor: "#9aa5b1",
    tickColor: "#9aa5b1",
    gridColor: COLORS.grid,
    labelLimit: 320,
  },
  legend: { labelColor: COLORS.ink, labelFontSize: 11, titleFontSize: 11, titleColor: COLORS.ink, labelLimit: 340, symbolSize: 80 },
  title: { color: COLORS.ink, fontSize: 13, anchor: "start" },
  text: { font: CHART_FONT },
} as const;

/** Thrown when vega or vega-lite reports an error or a warning while a chart is built. */
export class ChartRenderError extends Error {}

// Charts of one kind differ mostly in their data: vega-lite compiles each shape (the specification with
// its inline data and description left out) once and vega parses it once, and each chart gets the
// parsed dataflow with its own data and description put back. Vega-lite and vega's parser pass inline
// values through without reading them, and equal datasets of a chart share one placeholder, as
// vega-lite merges equal datasets.
const PLACEHOLDER = "\u0000mp-chart-data";
const parsedShapes = new Map<string, string>();

const parseShared = (spec: TopLevelSpec, logger: object, problems: ReadonlyArray<string>): object => {
  const datasets: unknown[] = [];
  const indexOf = new Map<string, number>();
  const shape = JSON.stringify(spec, (key, v: unknown) => {
    if (key === "description" && typeof v === "string") return PLACEHOLDER;
    if (key === "data" && typeof v === "object" && v !== null && Array.isArray((v as { values?: unknown }).values)) {
      const values = (v as { values: unknown[] }).values;
      const text = JSON.stringify(values);
      let i = indexOf.get(text);
      if (i === undefined) {
        i = datasets.length;
        datasets.push(values);
        indexOf.set(text, i);
      }
      return { ...v, values: [{ [PLACEHOLDER]: i }] };
    }
    return v;
  });
  let compiled = parsedShapes.get(shape);
  if (compiled === undefined) {
    const before = problems.length;
    compiled = JSON.stringify(vega.parse(compile(JSON.parse(shape) as TopLevelSpec, { logger: logger as never }).spec));
    // (a shape that warned fails its chart; it is compiled again, and fails, for every chart of it)
    if (problems.length === before) parsedShapes.set(shape, compiled);
  }
  const description = (spec as { description?: string }).description;
  return JSON.parse(compiled, (_key, v: unknown) => {
    if (v === PLACEHOLDER) return description;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "object" && v[0] !== null && PLACEHOLDER in v[0]) {
      return datasets[(v[0] as Record<string, number>)[PLACEHOLDER]!];
    }
    return v;
  }) as object;
};

/** Make every id of an SVG unique to its chart (several SVGs share one HTML document). */
const prefixIds = (svg: string, prefix: string): string =>
  svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);

/**
 * Render a Vega-Lite specification to an SVG string for inline use in HTML: ids prefixed with `idPrefix`,
 * no XML namespace declarations (inline SVG needs none), the description as aria-label. Deterministic.
 * Warnings of vega-lite or vega fail the render: a chart that renders with a warning is a chart that
 * silently lost something.
 */
export const renderSvg = async (spec: TopLevelSpec, idPrefix: string, description: string): Promise<string> => {
  installTextMetrics();
  const problems: string[] = [];
  const logger = {
    level(_?: number) {
      return logger as never;
    },
    error: (...args: readonly unknown[]) => (problems.push(args.map(String).join(" ")), logger),
    warn: (...args: readonly unknown[]) => (problems.push(args.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec as { config?: object }).config }, description } as TopLevelSpec;
  const parsed = parseShared(withConfig, logger, problems);
  vega.resetSVGDefIds();
  const view = new vega.View(parsed as vega.Runtime, { renderer: "none", logger: logger as never, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    if (problems.length > 0) throw new ChartRenderError(`chart ${idPrefix}: ${problems.join("; ")}`);
    return prefixIds(svg, idPrefix)
      .replace(/ xmlns="[^"]*"/, "")
      .replace(/ xmlns:xlink="[^"]*"/, "")
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(description)}" `);
  } finally {
    view.finalize();
  }
};

const escapeAttr = (s: string): string => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
