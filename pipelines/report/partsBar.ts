// A bar chart per `hierarchy` and `statement_parts` finding: each part as printed, the sum of the parts
// and the printed total, with the intervals qualified figures stand for, the value the total implies for
// an uncertain part, and the explanation the check found as the caption.
import * as Schema from "effect/Schema";
import type { TopLevelSpec } from "vega-lite";
import { findingDetails } from "../../checks/kinds/details.ts";
import { HierarchyDetails } from "../../checks/kinds/hierarchy/details.ts";
import { StatementPartsDetails } from "../../checks/kinds/statement_parts/details.ts";
import { type ChartSpec, formatNumber, innerLabel, type Query, shorten, slug } from "./chart.ts";
import { COLORS } from "./vega.ts";

const FindingRow = Schema.Struct({
  id: Schema.String,
  check: Schema.String,
  kind: Schema.Literals(["hierarchy", "statement_parts"]),
  details: Schema.Unknown,
  explanation: Schema.NullOr(Schema.String),
  table_number: Schema.NullOr(Schema.String),
  total_label: Schema.NullOr(Schema.String),
});
type FindingRow = typeof FindingRow.Type;

const FigureRow = Schema.Struct({
  finding_id: Schema.String,
  obs_id: Schema.String,
  value_text: Schema.NullOr(Schema.String),
  qualifier: Schema.NullOr(Schema.String),
});
type FigureRow = typeof FigureRow.Type;

const FINDINGS = `
SELECT f.id, f."check", f.kind, f.details, f.explanation, st.number AS table_number, t.figure_label AS total_label
FROM findings f
LEFT JOIN source_tables st ON st.package = (f.details->>'package') AND st.table_id = (f.details->>'table_id')
LEFT JOIN finding_observations fo ON fo.finding_id = f.id AND fo.position = 1
LEFT JOIN check_observations t ON t.obs_id = fo.obs_id
WHERE f.kind IN ('hierarchy', 'statement_parts')
ORDER BY f.id`;

const FIGURES = `
SELECT fo.finding_id, o.obs_id, o.value_text, o.qualifier
FROM finding_observations fo
JOIN findings f ON f.id = fo.finding_id
JOIN observations o ON o.obs_id = fo.obs_id
WHERE f.kind IN ('hierarchy', 'statement_parts')
ORDER BY fo.finding_id, fo.position`;

/** A part as both kinds' details give it: a hierarchy part names its figures, a statement part is one. */
interface Part {
  readonly label: string | null;
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly printed?: string | null;
  readonly qualifier?: string | null;
  readonly obs_id?: string;
  readonly obs_ids?: ReadonlyArray<string>;
}

/** What a parts chart reads of a finding's details, from either kind's (decoded) details. */
interface PartsDetails {
  readonly baseUnit: string | null;
  readonly parts: ReadonlyArray<Part>;
  readonly total: number | null;
  readonly totalLo: number | null;
  readonly totalHi: number | null;
  readonly sum: number | null;
  readonly sumLo: number | null;
  readonly sumHi: number | null;
  readonly residual: number | null;
  /** the value the total implies for the uncertain part, and that part */
  readonly implied: number | null;
  readonly uncertainObsId: string | null;
  /** a table's rule: where it is */
  readonly rule: { readonly tableId: string; readonly totalLabel: string; readonly otherLabel: string } | null;
}

const partsDetails = (f: FindingRow): PartsDetails => {
  if (f.kind === "hierarchy") {
    const d = findingDetails(HierarchyDetails, f);
    const sum = d.failure === "sum" ? d : null;
    return {
      baseUnit: d.base_unit, parts: d.parts ?? [], total: d.total, totalLo: sum?.total_lo ?? null, totalHi: sum?.total_hi ?? null,
      sum: d.sum, sumLo: sum?.sum_lo ?? null, sumHi: sum?.sum_hi ?? null, residual: sum?.residual ?? null, implied: null, uncertainObsId: null,
      rule: { tableId: d.table_id, totalLabel: d.total_label, otherLabel: d.other_label },
    };
  }
  const d = findingDetails(StatementPartsDetails, f);
  if (d.failure === "missing") {
    return { baseUnit: null, parts: [], total: null, totalLo: null, totalHi: null, sum: null, sumLo: null, sumHi: null, residual: null, implied: null, uncertainObsId: null, rule: null };
  }
  return {
    baseUnit: d.base_unit, parts: d.parts ?? [], total: d.total, totalLo: d.total_lo, totalHi: d.total_hi, sum: d.sum, sumLo: d.sum_lo, sumHi: d.sum_hi,
    residual: d.residual, implied: d.implied_part, uncertainObsId: d.uncertain_part?.obs_id ?? null, rule: null,
  };
};

/** One chart specification per hierarchy or statement_parts finding with at least one part printed. */
export const partsCharts = async (query: Query): Promise<ChartSpec[]> => {
  const findings = await query(FindingRow, FINDINGS);
  const figures = await query(FigureRow, FIGURES);
  const printed = new Map<string, FigureRow>();
  for (const f of figures) printed.set(f.obs_id, f);
  const charts: ChartSpec[] = [];
  for (const f of findings) {
    const chart = partsChart(f, printed);
    if (chart !== null) charts.push(chart);
  }
  return charts;
};

const shown = (qualifier: string | null | undefined, text: string | null | undefined, value: number, baseUnit: string | null): string =>
  `${qualifier ? `${qualifier} ` : ""}${text ?? formatNumber(value, baseUnit)}`;

const partsChart = (f: FindingRow, printed: ReadonlyMap<string, FigureRow>): ChartSpec | null => {
  const d = partsDetails(f);
  const baseUnit = d.baseUnit;
  const parts = d.parts
    .map((p) => ({ p, value: p.value }))
    .filter((x): x is { p: Part; value: number } => x.value !== null && Number.isFinite(x.value));
  if (parts.length === 0) return null;
  const total = d.total;
  const sum = d.sum ?? parts.reduce((s, x) => s + x.value, 0);

  type Bar = { key: string; label: string; role: "part" | "sum" | "total"; value: number; lo: number; hi: number; text: string; order: number };
  const bars: Bar[] = [];
  const used = new Set<string>();
  const add = (label: string, role: Bar["role"], value: number, lo: number | null, hi: number | null, text: string) => {
    let key = shorten(label, 46);
    for (let n = 2; used.has(key); n++) key = `${shorten(label, 42)} (${n})`;
    used.add(key);
    bars.push({ key, label, role, value, lo: lo !== null && Number.isFinite(lo) ? lo : value, hi: hi !== null && Number.isFinite(hi) ? hi : value, text, order: bars.length });
  };
  for (const { p, value } of parts) {
    const ref = p.obs_id ?? p.obs_ids?.[0];
    const fig = ref !== undefined ? printed.get(ref) : undefined;
    add(innerLabel(p.label ?? ref ?? "part"), "part", value, p.lo, p.hi, shown(p.qualifier ?? fig?.qualifier, p.printed ?? fig?.value_text, value, baseUnit));
  }
  add(`Sum of the ${parts.length} part${parts.length === 1 ? "" : "s"}`, "sum", sum, d.sumLo, d.sumHi, formatNumber(sum, baseUnit));
  if (total !== null) add("Total as printed", "total", total, d.totalLo, d.totalHi, formatNumber(total, baseUnit));

  // The value the total implies for an uncertain part ("up to 700,000"), when the check computed it.
  const implied = d.implied;
  const uncertain = d.uncertainObsId;
  const impliedAt = implied !== null && uncertain !== null ? parts.findIndex(({ p }) => p.obs_id === uncertain) : -1;
  const marks = impliedAt >= 0 ? [{ key: bars[impliedAt]!.key, value: implied! }] : [];
  if (impliedAt >= 0) {
    const bar = bars[impliedAt]!;
    bars[impliedAt] = { ...bar, text: `${bar.text}  \u25c6 the total implies ${formatNumber(implied, baseUnit)}` };
  }

  const values = bars.map((b) => ({ ...b, interval: b.hi > b.lo, labelAt: Math.max(b.value, b.hi, 0) }));
  const domainKeys = bars.map((b) => b.key);
  const y = { field: "key", type: "nominal", title: null, sort: domainKeys, axis: { ticks: false, domain: false, labelColor: COLORS.ink, labelPadding: 6 } } as const;
  const xScale = { zero: true, nice: true } as const;
  const x = { type: "quantitative", title: baseUnit ? baseUnit.charAt(0).toUpperCase() + baseUnit.slice(1) : "Value", scale: xScale, axis: { format: baseUnit === "ratio" ? ".1%" : ",~r", tickCount: 5, grid: true } } as const;
  const colour = { field: "role", type: "nominal", scale: { domain: ["part", "sum", "total"], range: [COLORS.part, COLORS.navy, COLORS.accent] }, legend: null } as const;
  const spec = {
    width: 380,
    height: { step: 24 },
    layer: [
      {
        data: { values },
        layer: [
          { mark: { type: "bar", height: { band: 0.62 } }, encoding: { y, x: { ...x, field: "value" }, color: colour } },
          ...(values.some((v) => v.interval)
            ? [{ transform: [{ filter: "datum.interval" }], mark: { type: "rule", color: COLORS.ink, strokeWidth: 1.5, yOffset: 9 }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } },
                { transform: [{ filter: "datum.interval" }], mark: { type: "tick", color: COLORS.ink, thickness: 1.5, size: 6, yOffset: 9 }, encoding: { y, x: { ...x, field: "lo" } } },
                { transform: [{ filter: "datum.interval" }], mark: { type: "tick", color: COLORS.ink, thickness: 1.5, size: 6, yOffset: 9 }, encoding: { y, x: { ...x, field: "hi" } } }]
            : []),
          { mark: { type: "text", align: "left", dx: 5, fontSize: 10.5, color: COLORS.ink }, encoding: { y, x: { ...x, field: "labelAt" }, text: { field: "text" } } },
        ],
      },
      ...(marks.length > 0
        ? [
            {
              data: { values: marks },
              mark: { type: "point", shape: "diamond", filled: true, size: 110, color: COLORS.accent, stroke: "#ffffff", strokeWidth: 1, opacity: 1 },
              encoding: { y, x: { ...x, field: "value" } },
            },
          ]
        : []),
      { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#6b7684" }, encoding: { x: { ...x, field: "zero" } } },
    ],
  } as unknown as TopLevelSpec;

  const where =
    d.rule !== null
      ? `Table ${f.table_number ?? d.rule.tableId} '${d.rule.totalLabel}', ${d.rule.otherLabel}`
      : innerLabel(f.total_label ?? "Total");
  const residual = d.residual;
  return {
    id: `parts-${slug(f.id)}`,
    kind: "parts",
    title: `${where}: the parts against the total`,
    subtitle: [
      total !== null ? `printed total ${formatNumber(total, baseUnit)}` : "total not printed",
      `parts add up to ${formatNumber(sum, baseUnit)}`,
      residual !== null ? `residual ${formatNumber(residual, baseUnit)}` : "",
      values.some((v) => v.interval) ? "a line under a bar: the interval a qualified figure stands for" : "",
    ]
      .filter((s) => s !== "")
      .join("; "),
    caption: f.explanation !== null && f.explanation !== "" ? `Explanation found: ${f.explanation}` : "No explanation found by the check.",
    findingId: f.id,
    spec,
  };
};
