/**
 * `countries`: resolve names, one a line, to codes. Writes CSV `input,code,name,kind` (header first; kind
 * `unknown` with blank code and name for a name the resolver does not know). Blank lines are skipped.
 * Exit code 0 when every name resolved, 1 when any is unknown, 2 when the reference data has errors.
 * Unknown names and reference-data errors are reported, one line each, on the `errors` stream.
 */
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { formatError } from "../core/errors.ts";
import { CountryResolver } from "../reference/countries.ts";

export const defaultReferenceDir = fileURLToPath(new URL("../../sources/_reference", import.meta.url));

export interface CountriesCommandOptions {
  /** folder holding country-aliases.csv, country-name-words.csv and groups.csv (default: sources/_reference) */
  readonly referenceDir?: string;
  /** extra alias files (a package's aliases.csv) */
  readonly aliasFiles?: ReadonlyArray<string>;
  /** where diagnostics go (default: process.stderr) */
  readonly errors?: NodeJS.WritableStream;
}

export async function countriesCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: CountriesCommandOptions = {},
): Promise<number> {
  const diagnostics = options.errors ?? process.stderr;
  const { resolver, errors } = CountryResolver.load(options.referenceDir ?? defaultReferenceDir, options.aliasFiles ?? []);
  for (const e of errors) diagnostics.write(formatError(e) + "\n");

  const rows: string[][] = [];
  let unknown = 0;
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    const result = resolver.resolve(line);
    if (result.ok) {
      rows.push([line, result.code, result.name, result.kind]);
    } else {
      unknown++;
      rows.push([line, "", "", "unknown"]);
      diagnostics.write(
        formatError({ code: result.code, file: "<input>", line: lineNumber, column: 0, cell: line, expected: result.expected }) + "\n",
      );
    }
  }

  const csv = Papa.unparse({ fields: ["input", "code", "name", "kind"], data: rows }, { newline: "\n" });
  await new Promise<void>((resolve, reject) => {
    output.write(csv + "\n", (error) => (error ? reject(error) : resolve()));
  });
  if (errors.length > 0) return 2;
  return unknown > 0 ? 1 : 0;
}
