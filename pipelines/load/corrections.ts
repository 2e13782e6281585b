// Corrections applied by the build: each is checked against its observation, stored in `corrections`,
// and observations_clean is created from them here, its one definition. Whatever runs afterwards (check,
// export, report) reads the same corrected figures.
import * as Schema from "effect/Schema";
import type { CorrectionRow } from "../../schemas/checks.ts";
import { insertRows, type Warehouse } from "../core/duckdb.ts";
import { InputErrors, type InputError } from "../core/errors.ts";
import { CORRECTION_COLUMNS } from "../manifest/corrections.ts";
import type { Located } from "../manifest/validateRows.ts";

/** The columns observations_clean adds to observations, after them in this order. */
const PRINTED = "o.value AS value_printed, o.value_base AS value_base_printed";

/**
 * Observations with the corrections applied; the printed figure stays beside the corrected one. With no
 * correction it is observations as printed, without the join on obs_id: a bulk file's ids are computed,
 * and every query of the checks would pay for computing them over millions of rows.
 */
export const observationsCleanSql = (corrected: boolean): string =>
  corrected
    ? `CREATE OR REPLACE VIEW observations_clean AS
SELECT
  o.* REPLACE (
    coalesce(c.corrected, o.value) AS value,
    CASE WHEN c.obs_id IS NULL THEN o.value_base ELSE c.corrected * o.multiplier END AS value_base
  ),
  ${PRINTED},
  c.obs_id IS NOT NULL AS corrected,
  c.justification AS correction_justification
FROM observations o
LEFT JOIN corrections c USING (obs_id)`
    : `CREATE OR REPLACE VIEW observations_clean AS
SELECT o.*, ${PRINTED}, false AS corrected, CAST(NULL AS VARCHAR) AS correction_justification
FROM observations o`;

const PrintedText = Schema.Struct({ value_text: Schema.NullOr(Schema.String) });

/**
 * Check every correction against the loaded observations (its obs_id exists, its `original` is the text
 * as printed), then store them and create observations_clean. Throws InputErrors, naming the file's line
 * and column, when any does not match; nothing is stored then.
 */
export const applyCorrections = async (wh: Warehouse, corrections: ReadonlyArray<Located<CorrectionRow>>): Promise<void> => {
  const errors: InputError[] = [];
  for (const c of corrections) {
    const [obs] = await wh.rows(PrintedText, "SELECT value_text FROM observations WHERE obs_id = $1", [c.row.obs_id]);
    if (obs === undefined) {
      errors.push({ code: "unknown-observation", file: c.file, line: c.line, column: c.columnOf("obs_id"), cell: c.row.obs_id, expected: "an obs_id of the warehouse (npm run sql -- \"SELECT obs_id FROM observations\")" });
    } else if ((obs.value_text ?? "").trim() !== c.row.original.trim()) {
      errors.push({ code: "original-mismatch", file: c.file, line: c.line, column: c.columnOf("original"), cell: c.row.original, expected: `the value as printed: ${JSON.stringify(obs.value_text)}` });
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  await insertRows(wh, "corrections", CORRECTION_COLUMNS, corrections.map(({ row }) => ({ ...row, corrected: Number(row.corrected) })));
  await wh.run(observationsCleanSql(corrections.length > 0));
};
