// The report page: one self-contained HTML document (inline CSS, inline SVG, no script, no external
// reference). Sections: summary, the tables over time, findings by check with their values side by side
// and their charts, waivers to review.
import { correctionLines, isOpen, registerRows, type CheckReport, type Finding, type FindingObservation } from "../../checks/model.ts";
import type { Severity } from "../../checks/types.ts";
import { type ChartKind, formatNumber, type RenderedChart } from "./chart.ts";
import { CHART_FONT } from "./vega.ts";
import { registerAnchor, registerSection, type RegisterRow } from "./register.ts";
import { STYLE } from "./style.ts";
import { count, esc, showControls } from "./text.ts";

export interface PackageInfo {
  readonly package: string;
  readonly title: string;
  readonly publisher: string;
  readonly pub_date: string;
  readonly sha256: string | null;
  readonly figures: number;
}

export interface PageInput {
  readonly report: CheckReport;
  readonly packages: ReadonlyArray<PackageInfo>;
  readonly charts: ReadonlyArray<RenderedChart>;
  /** where each observation of a finding is printed, shortly: "Table 1 'Russia' | '1995'" */
  readonly figureLabels: ReadonlyMap<string, string>;
  /** the register of estimates (estimates_register), in display order; none for an older warehouse */
  readonly register?: ReadonlyArray<RegisterRow>;
}

const KIND_NAMES: Record<ChartKind, [string, string]> = {
  "time-series": ["time series", "time series"],
  "dot-plot": ["dot plot of conflicting figures", "dot plots of conflicting figures"],
  parts: ["chart of parts against their total", "charts of parts against their totals"],
};

/** "26 charts: 9 time series, 2 dot plots of conflicting figures, 15 charts of parts against their totals". */
export const chartCountText = (charts: ReadonlyArray<RenderedChart>): string => {
  const parts = (Object.keys(KIND_NAMES) as ChartKind[])
    .map((k) => [k, charts.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => count(n, ...KIND_NAMES[k]));
  return `${count(charts.length, "chart", "charts")}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
};


const SEVERITIES: ReadonlyArray<Severity> = ["error", "warning", "info"];

const chartFigure = (c: RenderedChart): string =>
  `<figure class="chart" id="chart-${esc(c.id)}" data-chart="${esc(c.kind)}">
<div class="chart-head"><span class="chart-title">${esc(c.title)}</span><span class="chart-sub">${esc(c.subtitle)}</span></div>
<div class="chart-svg">${showControls(c.svg)}</div>
<figcaption${c.caption.startsWith("Explanation found:") ? ` class="explained"><strong>Explanation found:</strong>${esc(c.caption.slice("Explanation found:".length))}` : `>${esc(c.caption)}`}</figcaption>
</figure>`;

const valueCell = (o: FindingObservation): string =>
  `${esc(o.value ?? "")}${o.corrected !== undefined ? `<span class="corrected">corrected: ${esc(String(o.corrected))}</span>` : ""}`;

const sourceText = (o: FindingObservation): string => (o.source === null ? "not cited" : (o.source.printed ?? o.source.citation));

/** The figures side by side; a source shared by every figure is said once, above the table. */
const valuesTable = (f: Finding, labels: ReadonlyMap<string, string>): string => {
  const sources = [...new Set(f.observations.map(sourceText))];
  const shared = sources.length === 1 && f.observations.length > 1;
  const head = `<tr><th>Figure</th><th class="num">Value as printed</th><th>Unit</th><th>Period</th>${shared ? "" : "<th>Source</th>"}<th>Where</th></tr>`;
  const rows = f.observations.map(
    (o) =>
      `<tr><td title="${esc(o.label)}">${esc(labels.get(o.ref) ?? o.label)}</td><td class="value">${valueCell(o)}</td><td>${esc(o.unit ?? "")}</td><td class="period">${esc(o.period ?? "")}</td>${shared ? "" : `<td class="src">${esc(sourceText(o))}</td>`}<td class="where">${esc(`${o.file}:${o.line}`)}</td></tr>`,
  );
  return `${shared ? `<p class="shared-source">Source of every figure: <span>${esc(sources[0]!)}</span></p>` : ""}<table class="values"><thead>${head}</thead><tbody>
${rows.join("\n")}
</tbody></table>`;
};

/** Links to the register rows of a finding's figures: " · register: AZE idps in 2006". */
const registerLinks = (f: Finding): string => {
  const rows = registerRows(f);
  return rows.length === 0 ? "" : ` · register: ${rows.map((q) => `<a href="#${registerAnchor(q)}">${esc(q)}</a>`).join(", ")}`;
};

const findingCard = (f: Finding, charts: ReadonlyArray<RenderedChart>, labels: ReadonlyMap<string, string>): string => {
  const w = f.waiver;
  return `<article class="finding ${f.severity}${isOpen(f) ? "" : " is-waived"}" id="finding-${esc(f.id)}" data-finding="${esc(f.id)}" data-status="${esc(f.status)}">
<h4><span class="badge ${f.severity}">${f.severity}</span>${f.corrected ? `<span class="badge corrected">corrected</span>` : f.waived ? `<span class="badge waived">waived</span>` : ""}${esc(f.message)}</h4>
<p class="fid">Finding <code>${esc(f.id)}</code> · target <code>${esc(f.target)}</code>${registerLinks(f)}</p>
${f.explanation !== undefined && !charts.some((c) => c.caption.includes(f.explanation!)) ? `<div class="note explanation"><strong>Explanation found:</strong> ${esc(f.explanation)}</div>` : ""}
${correctionLines(f).map((c) => `<div class="note correction"><strong>${f.corrected ? "Corrected" : "With the correction"}:</strong> ${esc(c)}</div>`).join("\n")}
${w !== undefined ? `<div class="note waiver"><strong>Waived</strong> by ${esc(w.author)} on ${esc(w.date)}${w.expires !== null ? ` (until ${esc(w.expires)})` : ""}: ${esc(w.reason)} <span class="where">(${esc(`${w.file}:${w.line}`)})</span></div>` : ""}
<div class="body"><div class="values">${valuesTable(f, labels)}</div>${charts.map(chartFigure).join("\n")}</div>
</article>`;
};

/** Longest <title> text: browsers cut longer ones, and html-validate's recommended preset (long-title) rejects them. */
export const MAX_TITLE = 70;
const TITLE_SUFFIX = " – consistency report";

/**
 * The page's <title>: the publication first (what tells tabs apart), then what the page is, cut with an
 * ellipsis so that the escaped text stays within MAX_TITLE characters.
 */
export const pageTitle = (publication: string): string => {
  const chars = [...publication.replaceAll(/\s+/gu, " ").trim()];
  const fits = (n: number) => esc(chars.slice(0, n).join("") + (n < chars.length ? "…" : "") + TITLE_SUFFIX).length <= MAX_TITLE;
  let n = chars.length;
  while (n > 0 && !fits(n)) n--;
  return chars.slice(0, n).join("").trimEnd() + (n < chars.length ? "…" : "") + TITLE_SUFFIX;
};

/** The whole page. Deterministic: the same report and warehouse give the same bytes. */
export const renderPage = ({ report, packages, charts, figureLabels, register = [] }: PageInput): string => {
  const s = report.summary;
  const byFinding = new Map<string, RenderedChart[]>();
  for (const c of charts) if (c.findingId !== undefined) byFinding.set(c.findingId, [...(byFinding.get(c.findingId) ?? []), c]);
  const findingIds = new Set(report.findings.map((f) => f.id));
  const series = charts.filter((c) => c.findingId === undefined || !findingIds.has(c.findingId));
  const title = packages.length === 1 ? packages[0]!.title : `${packages.length} Migration Profiles`;
  const figures = packages.reduce((n, p) => n + p.figures, 0);
  const checksWithFindings = report.checks.filter((c) => report.findings.some((f) => f.check === c.id));
  const passed = report.checks.filter((c) => !report.findings.some((f) => f.check === c.id));

  const tiles = [
    ["error", "Errors", s.errors],
    ["warning", "Warnings", s.warnings],
    ["info", "Infos", s.infos],
    ["waived", "Waived", s.waived],
    ["corrected", "Corrected", s.corrected],
    ["total", "Findings", s.total],
    ["checks", "Checks run", s.checks_run],
  ] as const;
  const verdict =
    s.errors > 0
      ? `<div class="verdict fail">${count(s.errors, "unwaived error", "unwaived errors")}: the checks fail.</div>`
      : `<div class="verdict">No unwaived error: the checks pass${s.warnings + s.infos > 0 ? ` with ${[s.warnings > 0 ? count(s.warnings, "warning", "warnings") : "", s.infos > 0 ? count(s.infos, "info", "infos") : ""].filter((x) => x).join(" and ")} to read` : ""}.</div>`;

  const checksTable = `<table class="checks"><thead><tr><th>Check</th><th>Kind</th><th>Severity</th><th>What it checks</th><th class="num">Open</th><th class="num">Waived</th><th class="num">Corrected</th><th>Result</th></tr></thead><tbody>
${report.checks
  .map((c) => {
    const fs = report.findings.filter((f) => f.check === c.id);
    const open = fs.filter(isOpen).length;
    const corrected = fs.filter((f) => f.corrected).length;
    const result = fs.length === 0 ? `<span class="pass">pass</span>` : `<a href="#check-${esc(c.id)}">${count(fs.length, "finding", "findings")}</a>`;
    return `<tr><td><code>${esc(c.id)}</code></td><td>${esc(c.kind)}</td><td>${esc(c.severity)}</td><td>${esc(c.description)}</td><td class="num">${open}</td><td class="num">${fs.length - open - corrected}</td><td class="num">${corrected}</td><td>${result}</td></tr>`;
  })
  .join("\n")}
</tbody></table>`;

  const findingsSection = checksWithFindings
    .map((c) => {
      const fs = report.findings.filter((f) => f.check === c.id);
      const sev = SEVERITIES.map((v) => [v, fs.filter((f) => isOpen(f) && f.severity === v).length] as const).filter(([, n]) => n > 0);
      const waived = fs.filter((f) => f.waived && !f.corrected).length;
      const corrected = fs.filter((f) => f.corrected).length;
      return `<div class="check-head" id="check-${esc(c.id)}"><h3><code>${esc(c.id)}</code> · ${count(fs.length, "finding", "findings")}</h3>
<p>${esc(c.description)} Kind <code>${esc(c.kind)}</code>, severity ${esc(c.severity)}; ${[...sev.map(([v, n]) => `${n} open ${v}${n === 1 ? "" : "s"}`), waived > 0 ? `${waived} waived` : "", corrected > 0 ? `${corrected} corrected` : ""].filter((x) => x).join(", ")}.</p></div>
${fs.map((f) => findingCard(f, byFinding.get(f.id) ?? [], figureLabels)).join("\n")}`;
    })
    .join("\n");

  const waivers = [
    ...report.waivers.expired.map((w) => [w.finding_id, `expired ${w.expires}${w.matched ? "" : ", matches no finding"}`, `${w.file}:${w.line}`, w.author, w.reason]),
    ...report.waivers.unmatched.map((w) => [w.finding_id, "matches no finding", `${w.file}:${w.line}`, w.author, w.reason]),
  ];

  const toc = [
    ["summary", "Summary", ""],
    ["tables", "Tables over time", String(series.length)],
    ["findings", "Findings by check", String(s.total)],
    ...(register.length > 0 ? [["register", "Register of estimates", String(new Set(register.map((r) => r.quantity)).size)]] : []),
    ...(waivers.length > 0 ? [["waivers", "Waivers to review", String(waivers.length)]] : []),
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(pageTitle(title))}</title>
<style>${STYLE}
svg text{font-family:${CHART_FONT}}
</style>
</head>
<body>
<header class="masthead"><div class="wrap">
<p class="kicker">Migration Profile data workspace · Consistency report</p>
<h1>${esc(title)}</h1>
<p class="meta">${packages.map((p) => esc(`${p.publisher}, ${p.pub_date}`)).join(" · ")} · ${formatNumber(figures)} printed figures · ${count(s.checks_run, "check", "checks")}</p>
</div></header>
<nav class="toc" aria-label="Contents"><ol>${toc.map(([id, name, n]) => `<li><a href="#${id}">${esc(name!)}</a>${n !== "" ? ` <span class="n">(${n})</span>` : ""}</li>`).join("")}</ol></nav>
<main class="wrap" data-chart-count="${charts.length}">
<section class="part" id="summary">
<h2>Summary</h2>
${verdict}
<div class="tiles">${tiles.map(([k, label, v]) => `<div class="tile ${k}"><div class="v">${v}</div><div class="k">${label}</div></div>`).join("")}</div>
<p class="lead">${count(s.total, "finding", "findings")} from ${count(s.checks_run, "check", "checks")}; ${s.waived} acknowledged with a reason in a <code>waivers.csv</code>${s.corrected > 0 ? `, ${s.corrected} resolved by a correction of a misprint (<code>corrections.csv</code>)` : ""}. This report has <strong id="chart-count">${esc(chartCountText(charts))}</strong>.${s.expired_waivers + s.unmatched_waivers > 0 ? ` ${count(s.expired_waivers + s.unmatched_waivers, "waiver needs", "waivers need")} review.` : ""}</p>
${
  s.packages.length > 1
    ? `<table class="checks packages"><thead><tr><th>Package</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Infos</th><th class="num">Waived</th><th class="num">Corrected</th><th class="num">Findings</th></tr></thead><tbody>
${s.packages.map((p) => `<tr><td><code>${esc(p.package)}</code></td>${[p.errors, p.warnings, p.infos, p.waived, p.corrected, p.total].map((n) => `<td class="num">${n}</td>`).join("")}</tr>`).join("\n")}
</tbody></table>`
    : ""
}
${checksTable}
</section>
<section class="part" id="tables">
<h2>Tables over time</h2>
<p class="lead">Every printed table whose rows or columns are periods, one line per printed row or column, in the table's printed unit.</p>
<div class="series-grid">
${series.map(chartFigure).join("\n")}
</div>
</section>
<section class="part" id="findings">
<h2>Findings by check</h2>
<p class="lead">Each finding with the figures it compares side by side: the value as printed, its unit, period and cited source, and the file and line of the source package where it is transcribed.${passed.length > 0 ? ` Passed: ${passed.map((c) => `<code>${esc(c.id)}</code>`).join(", ")}.` : ""}</p>
${findingsSection}
</section>
${
  register.length > 0
    ? `<section class="part" id="register">
<h2>Register of estimates</h2>
<p class="lead">Every quantity stated by two or more sources, or under related measures (<code>sources/_reference/measure-relations.csv</code>): an area, a family of related measures, a direction and a year, with each estimate, its definition, date and source, and the spread between estimates of the same measure and breakdown. Findings link to the rows of the figures they compare.</p>
${registerSection(register)}
</section>`
    : ""
}
${
  waivers.length > 0
    ? `<section class="part" id="waivers"><h2>Waivers to review</h2><table><thead><tr><th>Finding</th><th>Problem</th><th>Where</th><th>Author</th><th>Reason</th></tr></thead><tbody>
${waivers.map((r) => `<tr>${r.map((c) => `<td>${esc(c ?? "")}</td>`).join("")}</tr>`).join("\n")}
</tbody></table></section>`
    : ""
}
<footer>Built by <code>npm run report</code> from the warehouse; charts are Vega-Lite specifications rendered to SVG when the report was built. Sources: ${packages
    .map((p) => `${esc(p.title)} (<code>${esc(p.package)}</code>${p.sha256 ? `, source text sha256 <code>${esc(p.sha256.slice(0, 16))}</code>` : ""})`)
    .join("; ")}.</footer>
</main>
</body>
</html>
`;
};
