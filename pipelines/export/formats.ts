// The export formats `npm run export --format` offers, in the order --help lists them: a new format is
// its own file (implementing ExportFormat, format.ts) and one line here.
import { csvFormat } from "./csv.ts";
import type { ExportFormat } from "./format.ts";
import { jsonFormat } from "./json.ts";
import { parquetFormat } from "./parquet.ts";
import { sdmxFormat } from "./sdmx.ts";

export const EXPORT_FORMATS = [
  csvFormat,
  parquetFormat,
  jsonFormat,
  sdmxFormat,
] as const satisfies ReadonlyArray<ExportFormat>;

/** The name of a registered format (--format). */
export type ExportFormatName = (typeof EXPORT_FORMATS)[number]["name"];

/** The names of the registered formats, in order. */
export const EXPORT_FORMAT_NAMES: ReadonlyArray<ExportFormatName> = EXPORT_FORMATS.map((f) => f.name);

