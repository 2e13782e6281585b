// Load a manifest into an open, empty warehouse: the schema, the dimensions, the observations (printed
// and bulk), each table's wide view, the corrections and the views of warehouse/views/.
import * as Schema from "effect/Schema";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stageBulkTable, type StagedBulkTable } from "../bulk/stageBulkTable.ts";
import { pushAll, InputErrors, type InputError } from "../core/errors.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import type { NormalizedPackage } from "../normalize/observations.ts";
import { insertRows, quoteIdent, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import { applyCorrections } from "./corrections.ts";
import { tablesOf, viewName, type Manifest } from "./collectManifest.ts";
import { createWarehouseSchema, OBSERVATION_COLUMNS } from "./schema.ts";
import { wideColumnNames } from "./wideColumnNames.ts";

const Count = Schema.Struct({ n: Schema.Number });

const viewsDir = fileURLToPath(new URL("../../warehouse/views/", import.meta.url));

/**
 * Load a manifest into an open, empty warehouse: dimensions, observations, views. Bulk files are read and
 * checked first (by DuckDB, into temporary tables); their errors and `earlier` ones (of the manifest) are
 * thrown together as InputErrors before anything is loaded.
 */
export const loadManifest = async (wh: Warehouse, manifest: Manifest, earlier: ReadonlyArray<InputError> = [], log: (line: string) => void = () => {}): Promise<number> => {
  await createWarehouseSchema(wh);
  const { reference } = manifest;
  const errors: InputError[] = [...earlier];
  const staged = new Map<SourcePackage, StagedBulkTable[]>();
  let ordinal = 0;
  for (const { pkg, normalized } of manifest.packages) {
    const list: StagedBulkTable[] = [];
    for (const source of pkg.bulkTables) {
      const s = await stageBulkTable(wh, pkg, source, reference, normalized.referenceCountry, ordinal++, log);
      pushAll(errors, s.errors);
      list.push(s);
    }
    staged.set(pkg, list);
  }
  const cleanup = async () => {
    for (const s of [...staged.values()].flat()) for (const sql of s.cleanup) await wh.run(sql);
  };
  if (errors.length > 0) {
    await cleanup();
    throw new InputErrors(errors);
  }
  // The rest in one transaction: each statement committed on its own wrote and synced the log (a tenth
  // of a second each on a busy disk), for a file renamed into place only once complete. (Not the staging
  // above: it numbers records by rowid, which rows not yet committed do not have from 0.) With bulk files
  // too: what is left of their load is small (the hierarchy rules, their row of bulk_files), and a
  // 50-million-record build's peak was no higher for it (1,273 and 1,569 MB, against 1,502 and 1,655 MB in
  // two builds with each statement committed alone; 0.04 s less at any size).
  await wh.run("BEGIN TRANSACTION");
  await insertRows(wh, "measures", ["measure", "label", "kind", "base_unit"], [...reference.measures.values()].sort((a, b) => a.measure.localeCompare(b.measure)));
  await insertRows(wh, "measure_relations", ["measure", "related", "relation", "denominator", "note"], reference.measureRelations.map((r) => ({ ...r })));
  await insertRows(wh, "qualifiers", ["qualifier", "bound", "widen"], reference.qualifiers.qualifiers().map((q) => ({ ...q })));
  await insertRows(wh, "geography", ["code", "name", "kind"], reference.countries.entries());
  await insertRows(wh, "geography_groups", ["group_code", "member", "valid_from", "valid_to"], [...reference.countries.groups()]);
  let count = 0;
  for (const { pkg, normalized } of manifest.packages) {
    const d = pkg.descriptor;
    const bulk = staged.get(pkg) ?? [];
    await insertRows(wh, "packages", ["package", "title", "publisher", "pub_date", "isbn", "reporting_country", "descriptor_file", "provenance"], [
      {
        package: pkg.id,
        title: d.publication.title,
        publisher: d.publication.publisher,
        pub_date: d.publication.date,
        isbn: (d.publication.isbn ?? []).join("; ") || null,
        reporting_country: normalized.referenceCountry,
        descriptor_file: pkg.descriptorFile,
        provenance: d.publication.provenance ? JSON.stringify(d.publication.provenance) : null,
      },
    ]);
    await insertRows(wh, "citations", ["package", "citation", "printed", "publisher", "title", "year", "reporter", "kind", "url"],
      pkg.citations.map(({ row }) => ({
        package: pkg.id, citation: row.id, printed: row.printed, publisher: row.publisher || null, title: row.title || null,
        year: row.year === "" ? null : Number(row.year), reporter: row.reporter === "" ? null : (reference.countries.resolve(row.reporter) as { code?: string }).code ?? null,
        kind: row.kind, url: row.url || null,
      })));
    await insertRows(wh, "footnotes", ["package", "mark", "section", "citation", "pages", "flags", "reference_date", "line"],
      pkg.footnotes.map(({ row, line }) => ({
        package: pkg.id, mark: row.mark, section: row.section || null, citation: row.citation || null, pages: row.pages || null,
        flags: row.flags || null, reference_date: row.reference_date || null, line,
      })));
    const printedTables = tablesOf(pkg);
    await insertRows(wh, "source_tables", ["package", "table_id", "number", "title", "section", "file", "unit_printed", "source_printed", "citation", "footnotes", "row_title", "row_dimension", "column_dimension"],
      printedTables.map(({ table, file }) => ({
        package: pkg.id, table_id: table.id, number: table.number, title: table.title, section: table.section ?? null, file,
        unit_printed: table.unit, source_printed: table.source.printed, citation: table.source.citation,
        footnotes: (table.footnotes ?? []).join(";") || null, row_title: table.rows.title ?? null,
        row_dimension: table.rows.dimension, column_dimension: table.columns.dimension,
      })));
    await insertRows(wh, "table_hierarchy", ["package", "table_id", "axis", "total_label", "part_label", "complete", "position", "total_key", "part_key"],
      normalized.hierarchy.map((h) => ({ package: pkg.id, ...h })));
    const labels = new Map([...normalized.labels, ...bulk.flatMap((b) => [...b.labels])]);
    await insertRows(wh, "geography_labels", ["package", "label", "code", "kind", "matched_by"],
      [...labels.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, g]) => ({ package: pkg.id, label, code: g.code, kind: g.kind, matched_by: g.matchedBy })));
    await insertRows(wh, "observations_printed", OBSERVATION_COLUMNS, normalized.observations);
    count += normalized.observations.length;
    for (const [k, b] of bulk.entries()) {
      const t = performance.now();
      for (const sql of b.load) await wh.run(sql);
      log(`  ${pkg.bulkTables[k]!.file}: loaded (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    }
  }
  // observations: the printed figures and every bulk file's, computed from their narrow storage
  const bulkParts = [...staged.values()].flat();
  if (bulkParts.length > 0) {
    await wh.run(`CREATE OR REPLACE VIEW observations AS
SELECT ${OBSERVATION_COLUMNS.join(", ")} FROM observations_printed
${bulkParts.map((b) => `UNION ALL ${b.observations}`).join("\n")}`);
    for (const b of bulkParts) {
      count += (await wh.one(Count, `SELECT count(*)::INTEGER AS n FROM main.${quoteIdent(b.figures)}`)).n;
    }
  }
  let t = performance.now();
  const lap = (what: string) => {
    if (bulkParts.length === 0) return;
    log(`  ${what} (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    t = performance.now();
  };
  lap("counted the bulk figures");
  for (const { pkg, normalized } of manifest.packages) {
    await checkBulkRefs(wh, normalized.bulkRefs, staged.get(pkg) ?? []);
    lap(`${pkg.id}: checked the statements' references into bulk files`);
    const stagedOf = new Map((staged.get(pkg) ?? []).map((b, k) => [pkg.bulkTables[k]!.table.id, b]));
    for (const { table, file } of tablesOf(pkg)) await createTableView(wh, pkg.id, table.id, viewName(pkg.id, table.id, table.view), file, stagedOf.get(table.id));
    lap(`${pkg.id}: created the wide view of every table`);
  }
  await cleanup();
  await applyCorrections(wh, manifest.corrections);
  lap("applied the corrections");
  for (const file of readdirSync(viewsDir).filter((f) => f.endsWith(".sql")).sort()) {
    await wh.run(readFileSync(join(viewsDir, file), "utf8"));
  }
  await wh.run("COMMIT");
  return count;
};

/**
 * References of statements into bulk tables, once those are loaded: each must name a loaded figure,
 * whose place is kept in figure_refs (for the checks, which would otherwise compute every bulk id).
 * Each bulk table finds the figures an id names by the id's key values, not by computing every id.
 */
const checkBulkRefs = async (wh: Warehouse, refs: NormalizedPackage["bulkRefs"], bulk: ReadonlyArray<StagedBulkTable>): Promise<void> => {
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((r) => r.obsId))];
  const found = bulk.map((b) => b.locate(ids)).filter((q) => q !== null);
  if (found.length > 0) await wh.run(`INSERT INTO figure_refs (obs_id, package, table_id, line, col) ${found.join("\nUNION ALL\n")}`);
  const placed = new Set((await wh.rows(Schema.Struct({ obs_id: Schema.String }), `SELECT DISTINCT obs_id FROM figure_refs`)).map((r) => r.obs_id));
  const missing = refs.filter((r) => !placed.has(r.obsId));
  if (missing.length > 0) throw new InputErrors(missing.map((r) => r.error));
};

const ColumnLabel = Schema.Struct({ col_label: Schema.String });

/**
 * A wide view of one table: a row per printed row (and packed-cell part), a column per printed column.
 * A bulk file's columns are read from its stored figures (`bulk`), grouped on their codes.
 */
const createTableView = async (wh: Warehouse, pkgId: string, tableId: string, name: string, file: string, bulk: StagedBulkTable | undefined): Promise<void> => {
  // a printed table's rows in load order (its printed order, packed-cell parts as read); a bulk file's by line
  const [from, order] = bulk !== undefined ? ["observations", "min(line)"] : ["observations_printed", "min(rowid)"];
  const cols = bulk !== undefined
    ? await wh.rows(ColumnLabel, bulk.columnLabels)
    : await wh.rows(ColumnLabel, `SELECT col_label FROM ${from} WHERE package = $1 AND table_id = $2 GROUP BY col_label ORDER BY min(col), min(line)`, [pkgId, tableId]);
  const names = wideColumnNames(cols.map((c) => c.col_label));
  const selects = cols.map((c, i) => `any_value(value) FILTER (WHERE col_label = ${quoteLiteral(c.col_label)}) AS ${quoteIdent(names[i]!)}`);
  await wh.run(`CREATE VIEW ${quoteIdent(name)} AS
SELECT row_label AS ${quoteIdent("row")}, part, ${selects.join(",\n  ")}
FROM ${from}
WHERE package = ${quoteLiteral(pkgId)} AND table_id = ${quoteLiteral(tableId)}
GROUP BY row_label, part
ORDER BY ${order}`);
  await wh.run(`COMMENT ON VIEW ${quoteIdent(name)} IS ${quoteLiteral(`Table ${tableId} of ${pkgId} as printed (${file}); values in the printed unit`)}`);
  for (const [i, c] of cols.entries()) {
    if (names[i] !== c.col_label) await wh.run(`COMMENT ON COLUMN ${quoteIdent(name)}.${quoteIdent(names[i]!)} IS ${quoteLiteral(`the column printed ${quoteLiteral(c.col_label)}`)}`);
  }
};
