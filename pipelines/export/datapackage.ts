// The Frictionless Data Package descriptor (datapackage.json, Data Package v1) written beside the exported
// files: a resource per file with a Table Schema whose fields are the file's columns, typed from DuckDB's
// types. v1 reserves the tabular profiles for CSV, so a Parquet or JSON export is a `data-package` of
// `data-resource`s whose schema documents the columns, and only CSV resources are tabular.
import type { Resource, Source } from "./resources.ts";

/** The data formats, and `xml` for a document beside them (the SDMX structure message), which has no columns. */
export type FileFormat = "csv" | "parquet" | "json" | "xml";

/** The null marker of every CSV file (Table Schema `missingValues`): csv.ts writes no empty string that means something. */
export const CSV_MISSING_VALUES: ReadonlyArray<string> = [""];

/** A Table Schema field type for a DuckDB column type. */
export const tableSchemaType = (duckdbType: string): string => {
  const t = duckdbType.toUpperCase();
  if (/\[\d*\]$/u.test(t)) return "array";
  if (/^(STRUCT|MAP|UNION)\b/u.test(t)) return "object";
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/u.test(t)) return "integer";
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/u.test(t)) return "number";
  if (t === "BOOLEAN") return "boolean";
  if (t === "DATE") return "date";
  if (/^TIMESTAMP/u.test(t)) return "datetime";
  if (/^TIME/u.test(t)) return "time";
  if (t === "VARCHAR") return "string";
  if (t === "JSON") return "object";
  return "any";
};

export interface WrittenResource {
  readonly resource: Resource;
  /** path relative to the descriptor, '/'-separated */
  readonly path: string;
  readonly format: FileFormat;
  readonly mediatype: string;
  readonly columns: ReadonlyArray<{ name: string; type: string }>;
  readonly bytes: number;
  readonly sha256: string;
}

const field = (r: Resource, c: { name: string; type: string }) => {
  const info = r.fields.get(c.name);
  const type = info?.type ?? tableSchemaType(c.type);
  return {
    name: c.name,
    type,
    ...(c.type === "JSON" ? { description: `JSON${info?.description ? `: ${info.description}` : ""}` } : info?.description ? { description: info.description } : {}),
    ...(info?.unit ? { unit: info.unit } : {}),
  };
};

/** The descriptor as an object; no timestamps, so the same warehouse gives the same text. */
export const dataPackage = (opts: {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly sources: ReadonlyArray<Source>;
  readonly resources: ReadonlyArray<WrittenResource>;
}): Record<string, unknown> => ({
  profile: opts.resources.every((w) => w.format === "csv") ? "tabular-data-package" : "data-package",
  name: opts.name,
  title: opts.title,
  description: opts.description,
  sources: opts.sources,
  resources: opts.resources.map((w) => ({
    name: w.resource.name,
    path: w.path,
    profile: w.format === "csv" ? "tabular-data-resource" : "data-resource",
    ...(w.resource.title ? { title: w.resource.title } : {}),
    ...(w.resource.description ? { description: w.resource.description } : {}),
    format: w.format,
    mediatype: w.mediatype,
    encoding: "utf-8",
    bytes: w.bytes,
    hash: `sha256:${w.sha256}`,
    ...(w.format === "csv" ? { dialect: { delimiter: ",", doubleQuote: true, header: true, lineTerminator: "\n", quoteChar: '"' } } : {}),
    ...(w.resource.sources ? { sources: w.resource.sources } : {}),
    ...(w.format === "xml"
      ? {}
      : {
          schema: {
            fields: w.columns.map((c) => field(w.resource, c)),
            ...(w.resource.primaryKey ? { primaryKey: w.resource.primaryKey } : {}),
            ...(w.format === "csv" ? { missingValues: CSV_MISSING_VALUES } : {}),
          },
        }),
  })),
});

/** The exact text of datapackage.json. */
export const dataPackageText = (descriptor: Record<string, unknown>): string => JSON.stringify(descriptor, null, 2) + "\n";
