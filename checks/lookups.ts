// Lookups of the small dimension tables as SQL macros, written from their rows before checks/sql runs.
// check_observations reads the table number, the source line, the citation and the qualifier of every
// figure; as joins, every query over it pays for them over millions of bulk figures even when it reads
// none of them; as macros (CASE expressions inlined where used), a query pays only for what it reads.
import * as Schema from "effect/Schema";
import { sqlText as text } from "../pipelines/core/sql.ts";
import { quoteLiteral, type Warehouse } from "../pipelines/core/duckdb.ts";

/** A DOUBLE from its text as DuckDB printed it ('inf' included, which a JavaScript number would not write back). */
const num = (v: string | null | undefined): string => (v === null || v === undefined ? "CAST(NULL AS DOUBLE)" : `CAST(${quoteLiteral(v)} AS DOUBLE)`);
/** CASE with its branches, or the ELSE alone when there are none (an empty CASE is no SQL). */
const caseOf = (branches: ReadonlyArray<string>, otherwise: string): string =>
  branches.length === 0 ? otherwise : `CASE ${branches.join(" ")} ELSE ${otherwise} END`;

/**
 * (Re)create the macros check_table_number(package, table_id), check_table_source(package, table_id,
 * citation) (the table's source line when the figure cites the table's source), check_citation_printed(
 * package, citation), check_qualifier_bound(qualifier) and check_qualifier_widen(qualifier) (a NULL
 * qualifier is the entry '' of qualifiers, else a point), and check_unit_number(base_unit): a number for
 * each base unit of the measures (1, 2, ...), 0 for none ('' or NULL) or one no measure has.
 */
export const createLookupMacros = async (wh: Warehouse): Promise<void> => {
  const tables = await wh.rows(
    Schema.Struct({ package: Schema.String, table_id: Schema.String, number: Schema.String, citation: Schema.NullOr(Schema.String), source_printed: Schema.NullOr(Schema.String) }),
    `SELECT package, table_id, number, citation, source_printed FROM source_tables ORDER BY package, table_id`,
  );
  const citations = await wh.rows(Schema.Struct({ package: Schema.String, citation: Schema.String, printed: Schema.String }), `SELECT package, citation, printed FROM citations ORDER BY package, citation`);
  const qualifiers = await wh.rows(Schema.Struct({ qualifier: Schema.String, bound: Schema.String, widen: Schema.String }), `SELECT qualifier, bound, CAST(widen AS VARCHAR) AS widen FROM qualifiers ORDER BY qualifier`);
  const units = await wh.rows(Schema.Struct({ u: Schema.String }), `SELECT DISTINCT base_unit AS u FROM measures WHERE base_unit <> '' ORDER BY u`);
  const none = qualifiers.find((q) => q.qualifier === "");
  const isTable = (t: { package: string; table_id: string }) => `p = ${text(t.package)} AND t = ${text(t.table_id)}`;
  await wh.run(`CREATE OR REPLACE MACRO check_table_number(p, t) AS ${caseOf(tables.map((x) => `WHEN ${isTable(x)} THEN ${text(x.number)}`), "CAST(NULL AS VARCHAR)")}`);
  await wh.run(
    `CREATE OR REPLACE MACRO check_table_source(p, t, c) AS ${caseOf(tables.map((x) => `WHEN ${isTable(x)} AND c IS NOT DISTINCT FROM ${text(x.citation)} THEN ${text(x.source_printed)}`), "CAST(NULL AS VARCHAR)")}`,
  );
  await wh.run(
    `CREATE OR REPLACE MACRO check_citation_printed(p, c) AS ${caseOf(citations.map((x) => `WHEN p = ${text(x.package)} AND c = ${text(x.citation)} THEN ${text(x.printed)}`), "CAST(NULL AS VARCHAR)")}`,
  );
  await wh.run(
    `CREATE OR REPLACE MACRO check_qualifier_bound(q) AS CASE WHEN q IS NULL THEN ${text(none?.bound ?? "point")} ELSE ${caseOf(qualifiers.map((x) => `WHEN q = ${text(x.qualifier)} THEN ${text(x.bound)}`), "'point'")} END`,
  );
  // Where two packages or more are loaded, a figure is named with its package (the same "s-6.7-07" or
  // "Table 1" exists in each): check_package_ref(p) is "p " then, else "".
  const packages = await wh.one(Schema.Struct({ n: Schema.Number }), `SELECT count(*)::INTEGER AS n FROM packages`);
  await wh.run(`CREATE OR REPLACE MACRO check_package_ref(p) AS ${packages.n > 1 ? "p || ' '" : "''"}`);
  await wh.run(`CREATE OR REPLACE MACRO check_unit_number(u) AS ${caseOf(units.map((x, i) => `WHEN u = ${text(x.u)} THEN ${i + 1}`), "0")}`);
  await wh.run(
    `CREATE OR REPLACE MACRO check_qualifier_widen(q) AS CASE WHEN q IS NULL THEN ${num(none?.widen ?? "0")} ELSE ${caseOf(qualifiers.map((x) => `WHEN q = ${text(x.qualifier)} THEN ${num(x.widen)}`), "CAST(0 AS DOUBLE)")} END`,
  );
};
