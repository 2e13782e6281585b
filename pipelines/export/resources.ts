// What an export writes: the long observations table (corrections applied, printed values beside them),
// one resource per printed table, the dimensions and, after `npm run check`, the findings. Each resource is
// a SELECT with a total ORDER BY, so every format writes the same rows in the same order on every run.
import * as Schema from "effect/Schema";
import { viewName } from "../load/collectManifest.ts";
import { wideColumnNames } from "../load/wideColumnNames.ts";
import { quoteIdent, quoteLiteral, type Warehouse } from "../core/duckdb.ts";

export interface FieldInfo {
  readonly description?: string;
  /** the Table Schema type, when it is not the one the column's DuckDB type gives (a number written as text) */
  readonly type?: string;
  /** the unit every value of the field is in, when there is one */
  readonly unit?: string;
}

/** A Frictionless source: a title and, for an online one, its address. */
export interface Source {
  readonly title: string;
  readonly path?: string;
}

export interface Resource {
  /** resource name and file stem */
  readonly name: string;
  readonly kind: "observations" | "table" | "dimension" | "sdmx";
  readonly title?: string;
  readonly description?: string;
  /** the rows, with a deterministic ORDER BY */
  readonly select: string;
  readonly primaryKey?: ReadonlyArray<string>;
  readonly fields: ReadonlyMap<string, FieldInfo>;
  readonly sources?: ReadonlyArray<Source>;
}

/** Dimensions exported when present, with the columns that order them (the remaining columns break ties). */
export const DIMENSIONS: ReadonlyArray<{ readonly table: string; readonly orderBy: ReadonlyArray<string> }> = [
  { table: "packages", orderBy: ["package"] },
  { table: "citations", orderBy: ["package", "citation"] },
  { table: "footnotes", orderBy: ["package", "line", "mark"] },
  { table: "source_tables", orderBy: ["package", "table_id"] },
  { table: "table_hierarchy", orderBy: ["package", "table_id", "axis", "total_label", "position"] },
  { table: "geography", orderBy: ["code"] },
  { table: "geography_groups", orderBy: ["group_code", "member"] },
  { table: "geography_labels", orderBy: ["package", "label"] },
  { table: "measures", orderBy: ["measure"] },
  { table: "measure_relations", orderBy: ["measure", "related", "relation"] },
  { table: "qualifiers", orderBy: ["qualifier"] },
  { table: "corrections", orderBy: ["obs_id"] },
  // written by `npm run check`
  { table: "findings", orderBy: ["id"] },
  { table: "finding_observations", orderBy: ["finding_id", "position"] },
];

/**
 * The rows of the packages an export is limited to (--package): `column IN (...)`, or TRUE for every
 * package. On an obs_id column, its package prefix is compared.
 */
export const packageFilter = (packages: ReadonlyArray<string> | undefined, column = "package", isObsId = false): string =>
  packages === undefined
    ? "TRUE"
    : `(${isObsId ? `split_part(${column}, ':', 1)` : column} IN (${packages.length === 0 ? "NULL" : packages.map(quoteLiteral).join(", ")}))`;

/** Total order of the observations: as printed (file, line, column), packed-cell parts by id. */
export const OBSERVATION_ORDER = "package, file, line, col, obs_id";

/** Descriptions of the columns observations_clean adds to (or changes in) observations. */
export const CLEAN_FIELDS: ReadonlyMap<string, FieldInfo> = new Map([
  ["value", { description: "the number in the printed unit, scale words applied; corrected where a corrections.csv acknowledges a printing error (the printed number is value_printed)" }],
  ["value_base", { description: "value in base_unit (value * multiplier), corrected" }],
  ["value_printed", { description: "the number as printed, in the printed unit, before any correction" }],
  ["value_base_printed", { description: "value_printed in base_unit" }],
  ["corrected", { description: "true when value differs from the printed figure by an acknowledged correction" }],
  ["correction_justification", { description: "why the printed figure was corrected (sources/<package>/corrections.csv or checks/corrections.csv)" }],
]);

/** What a warehouse holds that an export needs to know, read once. */
export interface Catalog {
  /** base tables and views of the main schema */
  readonly relations: ReadonlySet<string>;
  readonly comments: ReadonlyMap<string, string>;
  /** table -> its columns in order */
  readonly columns: ReadonlyMap<string, ReadonlyArray<{ name: string; comment: string | null }>>;
  readonly primaryKeys: ReadonlyMap<string, ReadonlyArray<string>>;
}

export const readCatalog = async (wh: Warehouse): Promise<Catalog> => {
  const rels = await wh.rows(
    Schema.Struct({ name: Schema.String, comment: Schema.NullOr(Schema.String) }),
    `SELECT table_name AS name, comment FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
     UNION ALL
     SELECT view_name, comment FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal`,
  );
  const cols = await wh.rows(
    Schema.Struct({ table_name: Schema.String, column_name: Schema.String, comment: Schema.NullOr(Schema.String) }),
    `SELECT table_name, column_name, comment FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`,
  );
  const pks = await wh.rows(
    Schema.Struct({ table_name: Schema.String, constraint_column_names: Schema.Array(Schema.String) }),
    `SELECT table_name, constraint_column_names FROM duckdb_constraints()
     WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'`,
  );
  const columns = new Map<string, Array<{ name: string; comment: string | null }>>();
  for (const c of cols) {
    const list = columns.get(c.table_name) ?? [];
    list.push({ name: c.column_name, comment: c.comment });
    columns.set(c.table_name, list);
  }
  return {
    relations: new Set(rels.map((r) => r.name)),
    comments: new Map(rels.flatMap((r) => (r.comment ? [[r.name, r.comment] as const] : []))),
    columns,
    primaryKeys: new Map(pks.map((p) => [p.table_name, p.constraint_column_names])),
  };
};

const columnComments = (catalog: Catalog, table: string): Map<string, FieldInfo> =>
  new Map((catalog.columns.get(table) ?? []).flatMap((c) => (c.comment ? [[c.name, { description: c.comment }] as const] : [])));

/** The observations an export writes, unordered (a set-based check needs no sort): observationsResource orders them. */
export const observationRows = (packages?: ReadonlyArray<string>): string => `SELECT * FROM observations_clean AS o WHERE ${packageFilter(packages, "o.package")}`;

/** The long observations table as every format exports it (validateObservations checks its rows). */
export const observationsResource = (catalog: Catalog, packages?: ReadonlyArray<string>): Resource => ({
  name: "observations",
  kind: "observations",
  title: "Observations",
  description:
    "One row per printed figure (the long table), corrections applied: value and value_base are corrected, " +
    "value_printed and value_base_printed keep the figures as printed. Rows in printed order (file, line, column).",
  select: `${observationRows(packages)} ORDER BY ${OBSERVATION_ORDER}`,
  primaryKey: ["obs_id"],
  fields: new Map([...columnComments(catalog, "observations"), ...CLEAN_FIELDS]),
});

/** A printed table as source_tables holds it (what its resource needs). */
const PrintedTable = Schema.Struct({
  package: Schema.String,
  table_id: Schema.String,
  number: Schema.String,
  title: Schema.String,
  file: Schema.String,
  source_printed: Schema.NullOr(Schema.String),
  row_title: Schema.NullOr(Schema.String),
});
type PrintedTable = typeof PrintedTable.Type;

/** The name of a table's wide view, found by the comment the build gives it (a descriptor may rename it). */
const wideViewNames = (catalog: Catalog): Map<string, string> => {
  const names = new Map<string, string>();
  for (const [name, comment] of catalog.comments) {
    const m = /^Table (\S+) of (\S+) as printed /u.exec(comment);
    if (m) names.set(`${m[2]}\u0000${m[1]}`, name);
  }
  return names;
};

/**
 * One printed table, pivoted like its wide view (a row per printed row and packed-cell part, a column per
 * printed column, in printed order) but from the corrected observations. A column holding a corrected
 * figure gets a sibling "<column> (printed)" with the printed numbers.
 */
const tableResource = async (wh: Warehouse, catalog: Catalog, t: PrintedTable, name: string): Promise<Resource> => {
  const where = `package = ${quoteLiteral(t.package)} AND table_id = ${quoteLiteral(t.table_id)}`;
  // A column whose values (printed and corrected) are all whole numbers is written as integers, so that a
  // CSV says 3410 and not 3410.0 and every format types it integer.
  const cols = await wh.rows(
    Schema.Struct({ col_label: Schema.String, units: Schema.Number, unit: Schema.NullOr(Schema.String), whole: Schema.Boolean }),
    `SELECT col_label, count(DISTINCT unit)::INTEGER AS units, min(unit) AS unit,
            coalesce(bool_and((value IS NULL OR (value = trunc(value) AND abs(value) < 9e15))
                          AND (value_printed IS NULL OR (value_printed = trunc(value_printed) AND abs(value_printed) < 9e15))), true) AS whole
     FROM observations_clean WHERE ${where} GROUP BY col_label ORDER BY min(col), min(line), col_label`,
  );
  const corrected = new Set((await wh.rows(Schema.Struct({ col_label: Schema.String }), `SELECT DISTINCT col_label FROM observations_clean WHERE ${where} AND corrected`)).map((r) => r.col_label));
  const selects: string[] = [`o.row_label AS ${quoteIdent("row")}`, "o.part"];
  const fields = new Map<string, FieldInfo>([
    ["row", { description: t.row_title ? `printed row label (${t.row_title})` : "printed row label" }],
    ["part", { description: "packed-cell part or pair label; empty for a plain cell" }],
  ]);
  // named as the wide view names them (a bulk file's label may be blank, "row", or another's in another
  // case: each a name DuckDB refuses or takes twice), in the wide view's order (a bulk file's figures all
  // have one col: its labels by first line); a "(printed)" sibling takes a name none of them has
  const names = wideColumnNames(cols.map((c) => c.col_label));
  const printedNames = wideColumnNames([...names, ...cols.map((c) => `${c.col_label} (printed)`)]).slice(names.length);
  for (const [i, c] of cols.entries()) {
    const filter = `FILTER (WHERE o.col_label = ${quoteLiteral(c.col_label)})`;
    const unit = c.units === 1 && c.unit ? c.unit : undefined;
    const inUnit = unit ? `, in ${unit}` : c.units > 1 ? ", in the unit of each row (see observations.unit)" : "";
    const typed = (expr: string) => (c.whole ? `CAST(${expr} AS BIGINT)` : expr);
    selects.push(`${typed(`any_value(o.value) ${filter}`)} AS ${quoteIdent(names[i]!)}`);
    fields.set(names[i]!, { description: `printed column "${c.col_label}"${inUnit}${corrected.has(c.col_label) ? ", corrected" : ""}`, ...(unit ? { unit } : {}) });
    if (corrected.has(c.col_label)) {
      const printed = printedNames[i]!;
      selects.push(`${typed(`any_value(o.value_printed) ${filter}`)} AS ${quoteIdent(printed)}`);
      fields.set(printed, { description: `printed column "${c.col_label}" as printed, before correction${inUnit}`, ...(unit ? { unit } : {}) });
    }
  }
  return {
    name,
    kind: "table",
    title: `Table ${t.number}: ${t.title}`,
    description: `Table ${t.table_id} of ${t.package} as printed (${t.file}), corrections applied; values in the printed unit`,
    // the printed order (as in the wide view): lines, then the load order of a printed table's packed-cell
    // parts (rowid of observations_printed); a bulk file's figures are not there and one line is one row
    select: `SELECT ${selects.join(", ")}
FROM observations_clean AS o LEFT JOIN (SELECT obs_id, rowid AS rid__ FROM observations_printed) AS r USING (obs_id)
WHERE o.package = ${quoteLiteral(t.package)} AND o.table_id = ${quoteLiteral(t.table_id)}
GROUP BY o.row_label, o.part
ORDER BY min(o.line), min(r.rid__)`,
    fields,
    ...(t.source_printed ? { sources: [{ title: t.source_printed }] } : {}),
  };
};

const dimensionResource = (catalog: Catalog, table: string, orderBy: ReadonlyArray<string>, packages?: ReadonlyArray<string>): Resource => {
  const columns = (catalog.columns.get(table) ?? []).map((c) => c.name);
  // one package's rows: by its package column, a correction by its figure, a finding by the figures it compares
  const where =
    packages === undefined ? "TRUE"
    : columns.includes("package") ? packageFilter(packages)
    : table === "corrections" ? packageFilter(packages, "obs_id", true)
    : table === "findings" ? `id IN (SELECT finding_id FROM finding_observations WHERE ${packageFilter(packages, "obs_id", true)})`
    : table === "finding_observations" ? `finding_id IN (SELECT finding_id FROM finding_observations WHERE ${packageFilter(packages, "obs_id", true)})`
    : "TRUE";
  const order = [...orderBy.filter((c) => columns.includes(c)), ...columns.filter((c) => !orderBy.includes(c))];
  const pk = catalog.primaryKeys.get(table);
  const comment = catalog.comments.get(table);
  return {
    name: table,
    kind: "dimension",
    ...(comment ? { description: comment } : {}),
    select: `SELECT * FROM ${quoteIdent(table)} WHERE ${where} ORDER BY ${order.map(quoteIdent).join(", ")}`,
    ...(pk ? { primaryKey: pk } : {}),
    fields: columnComments(catalog, table),
  };
};

/** Every resource of a csv, parquet or json export, in the order they are listed in datapackage.json. */
export const discoverResources = async (wh: Warehouse, catalog: Catalog, packages?: ReadonlyArray<string>): Promise<Resource[]> => {
  const resources: Resource[] = [observationsResource(catalog, packages)];
  const views = wideViewNames(catalog);
  const tables = await wh.rows(
    PrintedTable,
    `SELECT package, table_id, number, title, file, source_printed, row_title FROM source_tables WHERE ${packageFilter(packages)} ORDER BY package, table_id`,
  );
  for (const t of tables) {
    resources.push(await tableResource(wh, catalog, t, views.get(`${t.package}\u0000${t.table_id}`) ?? viewName(t.package, t.table_id)));
  }
  for (const d of DIMENSIONS) {
    if (catalog.relations.has(d.table)) resources.push(dimensionResource(catalog, d.table, d.orderBy, packages));
  }
  const names = new Set<string>();
  for (const r of resources) {
    // a descriptor's view name could shadow a dimension's file
    if (names.has(r.name)) throw new Error(`two export resources are named ${JSON.stringify(r.name)}: rename the table's view in its descriptor`);
    names.add(r.name);
  }
  return resources;
};

/** The publications and the sources they cite, for the package's `sources`. */
export const packageSources = async (wh: Warehouse, packages?: ReadonlyArray<string>): Promise<Source[]> => {
  const pubs = await wh.rows(Schema.Struct({ title: Schema.String, publisher: Schema.String, pub_date: Schema.String }), `SELECT title, publisher, pub_date FROM packages WHERE ${packageFilter(packages)} ORDER BY package`);
  const cited = await wh.rows(Schema.Struct({ printed: Schema.String, url: Schema.NullOr(Schema.String) }), `SELECT printed, url FROM citations WHERE ${packageFilter(packages)} ORDER BY package, citation`);
  return [
    ...pubs.map((p) => ({ title: `${p.title} (${p.publisher}, ${p.pub_date})` })),
    ...cited.map((c) => ({ title: c.printed, ...(c.url && /^https?:\/\//u.test(c.url) ? { path: c.url } : {}) })),
  ];
};
