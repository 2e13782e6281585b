// Build the report from a check run and the warehouse it ran on: query the chart data, render every chart
// to SVG, assemble the page.
import * as Schema from "effect/Schema";
import type { CheckReport } from "../../checks/model.ts";
import { assertNotBeingWritten } from "../load/buildLock.ts";
import { Warehouse } from "../core/duckdb.ts";
import type { ChartSpec, RenderedChart } from "./chart.ts";
import { dotPlotCharts } from "./dotPlot.ts";
import { type PackageInfo, renderPage } from "./html.ts";
import { readRegister } from "./register.ts";
import { partsCharts } from "./partsBar.ts";
import { timeSeriesCharts } from "./timeSeries.ts";
import { renderSvg } from "./vega.ts";

export interface BuiltReport {
  readonly html: string;
  readonly charts: ReadonlyArray<RenderedChart>;
}

const PackageRow = Schema.Struct({
  package: Schema.String,
  title: Schema.String,
  publisher: Schema.String,
  pub_date: Schema.String,
  sha256: Schema.NullOr(Schema.String),
  figures: Schema.Number,
});

const FigureLabel = Schema.Struct({ obs_id: Schema.String, figure_label: Schema.NullOr(Schema.String) });

/** Query the warehouse for what the page needs beyond the check report: packages, figure labels, chart data. */
const gather = async (dbPath: string, report: CheckReport) => {
  assertNotBeingWritten(dbPath);
  const wh = await Warehouse.openLocked(dbPath);
  try {
    const query = wh.rows.bind(wh);
    // the packages the report is of (all, or those --package selected)
    const selected = new Set(report.summary.packages.map((p) => p.package));
    const packages: PackageInfo[] = (await query(
      PackageRow,
      `SELECT p.package, p.title, p.publisher, p.pub_date, json_extract_string(p.provenance, '$.sha256') AS sha256,
              (SELECT count(*) FROM observations o WHERE o.package = p.package)::INTEGER AS figures
       FROM packages p ORDER BY p.package`,
    )).filter((p) => selected.size === 0 || selected.has(p.package));
    const refs = [...new Set(report.findings.flatMap((f) => f.observations.map((o) => o.ref)))].sort();
    const figureLabels = new Map<string, string>();
    for (let i = 0; i < refs.length; i += 500) {
      const chunk = refs.slice(i, i + 500);
      const rows = await query(FigureLabel, `SELECT obs_id, figure_label FROM check_observations WHERE obs_id IN (${chunk.map((_, j) => `$${j + 1}`).join(", ")})`, chunk);
      for (const r of rows) if (r.figure_label !== null) figureLabels.set(r.obs_id, r.figure_label);
    }
    const specs: ChartSpec[] = [...(await timeSeriesCharts(query)), ...(await dotPlotCharts(query)), ...(await partsCharts(query))]
      // a report of some packages (--package): their tables' charts and those of the findings it holds
      .filter((c) => selected.size === 0 || (c.table !== undefined ? selected.has(c.table.package) : c.findingId === undefined || report.findings.some((f) => f.id === c.findingId)));
    const register = await readRegister(wh, selected);
    return { packages, figureLabels, specs, register };
  } finally {
    wh.close();
  }
};

/**
 * The report of a check run as one self-contained HTML page. `report` is what runChecks returned for the
 * warehouse at `dbPath` (whose findings tables it wrote).
 */
export const buildReport = async (dbPath: string, report: CheckReport): Promise<BuiltReport> => {
  const { packages, figureLabels, specs, register } = await gather(dbPath, report);
  const charts: RenderedChart[] = [];
  for (const { spec, ...chart } of specs) {
    charts.push({ ...chart, svg: await renderSvg(spec, chart.id, `${chart.title}. ${chart.subtitle}`) });
  }
  return { html: renderPage({ report, packages, charts, figureLabels, register }), charts };
};
