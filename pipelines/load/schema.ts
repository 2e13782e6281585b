// The warehouse's tables: warehouse/schema.sql, and what an existing warehouse lacks of it.
import * as Schema from "effect/Schema";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Observation } from "../../schemas/rows.ts";
import { quoteIdent, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import { BULK_FIGURES } from "../bulk/bulkStaging.ts";

const schemaFile = fileURLToPath(new URL("../../warehouse/schema.sql", import.meta.url));

/** Create the warehouse tables (warehouse/schema.sql) in an empty database. */
export const createWarehouseSchema = async (wh: Warehouse): Promise<void> => {
  // one transaction: each of its statements committed alone would write and sync the log (a quarter of
  // the build of a small package)
  await wh.run("BEGIN TRANSACTION");
  try {
    await wh.run(readFileSync(schemaFile, "utf8"));
    await wh.run("COMMIT");
  } catch (e) {
    await wh.run("ROLLBACK").catch(() => {});
    throw e;
  }
};

/** The tables warehouse/schema.sql creates, in its order, each with its columns. */
export const schemaTables = (): Array<{ table: string; columns: string[] }> =>
  [...readFileSync(schemaFile, "utf8").matchAll(/^CREATE TABLE (\w+) \(\n([\s\S]*?)\n\);/gm)].map((m) => ({
    table: m[1]!,
    columns: [...m[2]!.matchAll(/^ {2}(\w+) /gm)].map((c) => c[1]!).filter((c) => c !== "PRIMARY"),
  }));

/**
 * What an open warehouse lacks of warehouse/schema.sql and of the views observations and observations_clean
 * (one built by an earlier version): "table" for a missing table, "table.column" for a missing column.
 */
export const missingFromSchema = async (wh: Warehouse): Promise<string[]> => {
  const columns = await wh.rows(
    Schema.Struct({ t: Schema.String, c: Schema.String }),
    `SELECT table_name AS t, column_name AS c FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  const present = new Map<string, Set<string>>();
  for (const { t, c } of columns) present.set(t, (present.get(t) ?? new Set()).add(c));
  const missing: string[] = [];
  const views = [
    { table: "observations", columns: [...OBSERVATION_COLUMNS] },
    { table: "observations_clean", columns: ["value_printed", "value_base_printed", "corrected", "correction_justification"] },
  ];
  for (const { table, columns: wanted } of [...schemaTables(), ...views]) {
    const have = present.get(table);
    if (have === undefined) missing.push(table);
    else missing.push(...wanted.filter((c) => !have.has(c)).map((c) => `${table}.${c}`));
  }
  return missing;
};

/** The columns of observations, in warehouse/schema.sql order. */
export const OBSERVATION_COLUMNS: ReadonlyArray<keyof Observation> = [
  "obs_id", "package", "origin_kind", "table_id", "row_label", "col_label", "part", "statement_id", "file", "line", "col",
  "cell_text", "value_text", "label", "section", "measure", "measure_kind", "ref_area", "direction", "counterpart",
  "counterpart_label", "origin", "destination", "breakdown", "period_text", "period_start", "period_end", "value",
  "value_low", "value_high", "decimals", "unit", "unit_assumed", "multiplier", "base_unit", "value_base", "rounding_base",
  "obs_status", "missing", "is_estimate", "is_partial", "is_provisional", "is_cumulative", "is_unofficial", "qualifier",
  "citation", "citation_year", "reporter", "footnote", "numerator_ref", "denominator_ref", "part_of_ref", "row_key", "col_key",
];

/**
 * The observations of a built warehouse, counted from its tables (the printed figures, and each bulk
 * file's, a row per figure, named bulk_figures_<N>) rather than through the view observations, which
 * reads every bulk figure's columns (a fifth of a second at five million). Undefined where it has no
 * observations_printed.
 */
export const countObservations = async (wh: Warehouse): Promise<number | undefined> => {
  const tables = await wh.rows(
    Schema.Struct({ name: Schema.String }),
    `SELECT table_name AS name FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
       AND (table_name = 'observations_printed' OR regexp_full_match(table_name, ${quoteLiteral(`${BULK_FIGURES}[0-9]+`)}))
     ORDER BY table_name`,
  );
  if (!tables.some((t) => t.name === "observations_printed")) return undefined;
  const counts = tables.map((t) => `(SELECT count(*) FROM main.${quoteIdent(t.name)})`).join(" + ");
  return (await wh.one(Schema.Struct({ n: Schema.Number }), `SELECT (${counts})::DOUBLE AS n`)).n;
};
