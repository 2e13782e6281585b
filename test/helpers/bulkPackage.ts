// A package with bulk tables, written by a test into a temporary sources folder (with a copy of the
// reference vocabularies), and what a build of it says.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "../../pipelines/load/build.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { InputErrors } from "../../pipelines/core/errors.ts";
import { realSources } from "./workspace.ts";

export const PKG = "bulk-demo";

/** A descriptor table entry for a bilateral matrix (destination, origin, year, sex, value), overridable. */
export const matrixTable = (over: Record<string, unknown> = {}, bulk: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "flows",
  number: "1",
  title: "Arrivals by destination and origin",
  file: "tables/flows.csv",
  unit: "persons",
  source: { printed: "National statistics", citation: "stats" },
  header_rows: 1,
  coordinates: { measure: "migration", direction: "in" },
  rows: { title: "destination / origin", dimension: "counterpart" },
  columns: { title: "year / sex", dimension: "period" },
  ...over,
  bulk: {
    format: "csv",
    columns: { destination: ["ref_area", "reporter"], origin: "counterpart", year: "period", sex: "breakdown:sex", value: "value" },
    row_key: ["destination", "origin"],
    column_key: ["year", "sex"],
    totals: { sex: "T" },
    ...bulk,
  },
});

export interface BulkWorkspace {
  readonly dir: string;
  readonly sources: string;
  readonly pkg: string;
  readonly db: string;
  /** write a file of the package (relative path), text or bytes */
  write(path: string, content: string | Uint8Array): void;
  /** write descriptor.json with these tables (and citations.csv, footnotes.csv, statements.csv) */
  descriptor(tables: ReadonlyArray<Record<string, unknown>>, statements?: ReadonlyArray<Record<string, string>>): void;
  /**
   * build; the input errors as [file (within the package), line, column, code] rows, [] when it succeeds.
   * `coded: "joined"` builds with MP_BULK_INLINE_MAX=0 (every coded column joined, no ENUM, no keys).
   */
  build(opts?: { readonly coded?: "inlined" | "joined" }): Promise<Array<[string, number, number, string]>>;
  /** the build's input errors, whole */
  errors(): Promise<InputErrors["errors"]>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  cleanup(): void;
}

const STATEMENT_COLUMNS = ["id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value", "unit", "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags"];
const cell = (t: string) => (/[",\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t);

export const bulkWorkspace = (): BulkWorkspace => {
  const dir = mkdtempSync(join(tmpdir(), "mp-bulk-"));
  const sources = join(dir, "sources");
  const pkg = join(sources, PKG);
  mkdirSync(join(pkg, "tables"), { recursive: true });
  cpSync(join(realSources, "_reference"), join(sources, "_reference"), { recursive: true });
  const db = join(dir, "warehouse", "profile.duckdb");
  const run = async (): Promise<InputErrors["errors"]> => {
    try {
      await build({ sourcesDir: sources, dbPath: db });
      return [];
    } catch (e) {
      if (e instanceof InputErrors) return e.errors;
      throw e;
    }
  };
  return {
    dir,
    sources,
    pkg,
    db,
    write(path, content) {
      writeFileSync(join(pkg, path), content);
    },
    descriptor(tables, statements = []) {
      const descriptor = {
        id: PKG,
        publication: { title: "Bulk demo", publisher: "Test", date: "2020-06", reporting_country: "Germany" },
        defaults: { number_format: { decimal: ".", group: "," }, missing: { "": "missing", "-": "nil", "N/A": "not-available" } },
        tables,
      };
      writeFileSync(join(pkg, "descriptor.json"), JSON.stringify(descriptor, null, 2) + "\n");
      writeFileSync(join(pkg, "citations.csv"), "id,printed,publisher,title,year,reporter,kind,url\nstats,National statistics,Office,Arrivals,2020,,national-statistics,\n");
      writeFileSync(join(pkg, "footnotes.csv"), "mark,section,citation,pages,flags,reference_date\n");
      writeFileSync(join(pkg, "statements.csv"), [STATEMENT_COLUMNS.join(","), ...statements.map((s) => STATEMENT_COLUMNS.map((c) => cell(s[c] ?? "")).join(","))].join("\n") + "\n");
    },
    async build(opts) {
      if (opts?.coded === "joined") process.env["MP_BULK_INLINE_MAX"] = "0";
      try {
        return (await run()).map((e) => [e.file.replace(/^.*bulk-demo\//, ""), e.line, e.column, e.code]);
      } finally {
        if (opts?.coded === "joined") delete process.env["MP_BULK_INLINE_MAX"];
      }
    },
    errors: run,
    async query(sql, params) {
      const wh = await Warehouse.open(db, { access_mode: "READ_ONLY" });
      try {
        return await wh.all(sql, params as never);
      } finally {
        wh.close();
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};
