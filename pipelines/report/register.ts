// The register of estimates on the report page: the rows of the view estimates_register, decoded, and
// their section, a table per quantity, each estimate with its definition, value, date and source.
import * as Schema from "effect/Schema";
import { NumberFromDuckDouble, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import { formatNumber } from "./chart.ts";
import { count, esc } from "./text.ts";

/** A row of the view estimates_register, as the page shows it. */
export const RegisterRow = Schema.Struct({
  quantity: Schema.String,
  package: Schema.String,
  measure: Schema.String,
  definition: Schema.String,
  breakdown: Schema.String,
  counterpart: Schema.NullOr(Schema.String),
  obs_id: Schema.String,
  printed_label: Schema.NullOr(Schema.String),
  value_text: Schema.NullOr(Schema.String),
  unit: Schema.NullOr(Schema.String),
  qualifier: Schema.NullOr(Schema.String),
  value_base: Schema.NullOr(NumberFromDuckDouble),
  base_unit: Schema.NullOr(Schema.String),
  period_text: Schema.NullOr(Schema.String),
  citation: Schema.NullOr(Schema.String),
  source: Schema.NullOr(Schema.String),
  n_estimates_same: Schema.Number,
  spread: Schema.NullOr(NumberFromDuckDouble),
  relative_spread: Schema.NullOr(NumberFromDuckDouble),
  file: Schema.String,
  line: Schema.Number,
});
export type RegisterRow = typeof RegisterRow.Type;

/**
 * The register's rows of these packages (all when none is named), in display order; none from a
 * warehouse built before the register existed.
 */
export const readRegister = async (wh: Warehouse, packages: ReadonlySet<string>): Promise<RegisterRow[]> => {
  const { n } = await wh.one(Schema.Struct({ n: Schema.Number }), `SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'estimates_register' AND NOT internal`);
  if (n === 0) return [];
  return wh.rows(
    RegisterRow,
    `SELECT quantity, package, measure, definition, breakdown, counterpart, obs_id, printed_label, value_text, unit, qualifier, value_base, base_unit,
              period_text, citation, source, n_estimates_same::INTEGER AS n_estimates_same, spread, relative_spread, file, line::INTEGER AS line
       FROM estimates_register WHERE ${packages.size === 0 ? "true" : `package IN (${[...packages].map(quoteLiteral).join(", ")})`} ORDER BY area, family, year, direction NULLS FIRST, measure, breakdown, counterpart NULLS FIRST, period_end, file, line, col, obs_id`,
  );
};

/** The anchor of a register row: its quantity as an id (letters, digits and '-'). */
export const registerAnchor = (quantity: string): string => `register-${quantity.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;

/** The register of estimates: a table per quantity, each estimate with its definition, value, date and source. */
export const registerSection = (rows: ReadonlyArray<RegisterRow>): string => {
  const byQuantity = new Map<string, RegisterRow[]>();
  for (const r of rows) byQuantity.set(r.quantity, [...(byQuantity.get(r.quantity) ?? []), r]);
  const tables = [...byQuantity.entries()].map(([q, rs]) => {
    const sources = new Set(rs.map((r) => r.citation ?? "")).size;
    const measures = new Set(rs.map((r) => r.measure)).size;
    return `<h3 id="${registerAnchor(q)}">${esc(q)}</h3>
<p class="fid">${count(rs.length, "estimate", "estimates")} from ${count(sources, "source", "sources")} under ${count(measures, "measure", "measures")}</p>
<table class="values register"><thead><tr><th>Definition</th><th>Breakdown</th><th class="num">Value as printed</th><th>Period</th><th>Source</th><th class="num">Spread</th><th>Where</th></tr></thead><tbody>
${rs
  .map(
    (r) =>
      `<tr><td title="${esc(r.printed_label ?? "")}"><code>${esc(r.measure)}</code> ${esc(r.definition)}</td><td>${esc([r.breakdown, r.counterpart === null ? "" : `from/to ${r.counterpart}`].filter((x) => x !== "").join("; "))}</td><td class="value">${esc([r.qualifier ?? "", r.value_text ?? "", r.unit ?? ""].filter((x) => x !== "").join(" "))}</td><td class="period">${esc(r.period_text ?? "")}</td><td class="src">${esc(r.source ?? r.citation ?? "not cited")}</td><td class="num">${r.n_estimates_same > 1 && r.spread !== null ? `${esc(formatNumber(r.spread))}${r.relative_spread !== null && r.relative_spread > 0 ? ` (${esc(formatNumber(Math.round(r.relative_spread * 1000) / 10))} %)` : ""}` : ""}</td><td class="where">${esc(`${r.file}:${r.line}`)}</td></tr>`,
  )
  .join("\n")}
</tbody></table>`;
  });
  return tables.join("\n");
};

