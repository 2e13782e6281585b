// The printed figures a finding compares, as the report shows them: read from observations_clean with
// their cited source, corrections applied.
import * as Schema from "effect/Schema";
import { DuckDouble, type Warehouse } from "../pipelines/core/duckdb.ts";
import type { FindingObservation } from "./model.ts";

const Text = Schema.NullOr(Schema.String);
/** An observation of a finding as read from observations_clean (doubles as DuckDB's JSON gives them). */
const ObservationRow = Schema.Struct({
  obs_id: Schema.String,
  label: Text,
  row_label: Text,
  col_label: Text,
  value_text: Text,
  unit: Text,
  value_base: Schema.NullOr(DuckDouble),
  period_text: Text,
  citation: Text,
  printed: Text,
  file: Schema.String,
  line: Schema.Number,
  col: Schema.Number,
  corrected: Schema.Boolean,
  value: Schema.NullOr(DuckDouble),
});

/** The printed figures behind obs_ids, with their cited source and corrections applied to value_base. */
export const observationsById = async (wh: Warehouse, ids: ReadonlyArray<string>): Promise<Map<string, FindingObservation>> => {
  const out = new Map<string, FindingObservation>();
  // (a warehouse built before the register existed has no such view: its findings point nowhere)
  const hasRegister = (await wh.one(Schema.Struct({ n: Schema.Number }), `SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'estimates_register' AND NOT internal`)).n > 0;
  const registerOf = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await wh.rows(
      ObservationRow,
      // observations_clean alone: the printed columns as in observations, value and value_base corrected
      // (a join of the two would compute the ids of every figure on both sides)
      `SELECT c.obs_id, c.label, c.row_label, c.col_label, c.value_text, c.unit, c.value_base, c.period_text, c.citation, ci.printed,
              c.file, c.line, c.col, c.corrected, c.value
       FROM (SELECT * FROM observations_clean WHERE obs_id IN (${chunk.map((_, j) => `$${j + 1}`).join(", ")})) c
       LEFT JOIN citations ci ON ci.package = c.package AND ci.citation = c.citation`,
      [...chunk],
    );
    if (hasRegister) {
      const marks = chunk.map((_, j) => `$${j + 1}`).join(", ");
      for (const r of await wh.rows(Schema.Struct({ obs_id: Schema.String, quantity: Schema.String }), `SELECT obs_id, quantity FROM estimates_register WHERE obs_id IN (${marks})`, [...chunk])) {
        registerOf.set(r.obs_id, r.quantity);
      }
    }
    for (const r of rows) {
      const register = registerOf.get(r.obs_id);
      const label = r.label ?? ([r.row_label, r.col_label].filter((x) => x !== null && x !== "").join(" | ") || r.obs_id);
      out.set(r.obs_id, {
        ref: r.obs_id,
        label,
        value: r.value_text,
        unit: r.unit,
        value_base: typeof r.value_base === "number" && Number.isFinite(r.value_base) ? r.value_base : null,
        period: r.period_text,
        source: r.citation === null ? null : { citation: r.citation, printed: r.printed },
        file: r.file,
        line: r.line,
        column: r.col,
        ...(r.corrected && typeof r.value === "number" ? { corrected: r.value } : {}),
        ...(register !== undefined ? { register } : {}),
      });
    }
  }
  return out;
};
