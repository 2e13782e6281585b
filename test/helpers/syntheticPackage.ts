import { createLookupMacros } from "../../checks/lookups.ts";
import { decodeDetails } from "../../checks/kinds/details.ts";
import { afterAll, beforeAll } from "vitest";
// Small source packages written by a test, built into a temporary warehouse with the check views, so
// each check kind can be tested on the one defect it looks for (and on the same package without it).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../../pipelines/load/build.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import type { CheckDeclaration, CheckKind, FailureRow } from "../../checks/types.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
export const referenceDir = join(root, "sources", "_reference");
export const checkSqlDir = join(root, "checks", "sql");

/** A cited source (citations.csv); blank fields by default, year as a number. */
export interface CitationSpec {
  readonly id: string;
  readonly printed?: string;
  readonly publisher?: string;
  readonly title?: string;
  readonly year?: number;
  /** country name whose statistical system produced the figures */
  readonly reporter?: string;
  readonly kind?: string;
}

/** A printed table: its descriptor entry (defaults filled in) and its CSV, header row(s) first. */
export interface TableSpec {
  readonly id: string;
  readonly number?: string;
  readonly title?: string;
  readonly unit?: string;
  readonly unit_assumed?: string;
  readonly citation?: string;
  readonly header_rows?: number;
  readonly number_format?: { decimal: "." | ","; group: "," | "." | " " | "'" | "" };
  readonly missing?: Record<string, "nil" | "missing" | "not-available">;
  readonly coordinates?: Record<string, string>;
  readonly rows: Record<string, unknown>;
  readonly columns: Record<string, unknown>;
  readonly hierarchy?: ReadonlyArray<{ axis: "rows" | "columns"; total: string; parts: string[]; complete?: boolean }>;
  readonly cells?: ReadonlyArray<Record<string, unknown>>;
  readonly csv: ReadonlyArray<ReadonlyArray<string>>;
}

/** A figure printed outside the tables (statements.csv); omitted columns are blank. */
export interface StatementSpec {
  readonly id: string;
  readonly measure: string;
  readonly value: string;
  readonly period: string;
  readonly unit: string;
  readonly label?: string;
  readonly section?: string;
  readonly ref_area?: string;
  readonly direction?: string;
  readonly counterpart?: string;
  readonly breakdown?: string;
  readonly qualifier?: string;
  readonly citation?: string;
  readonly footnote?: string;
  readonly numerator?: string;
  readonly denominator?: string;
  readonly part_of?: string;
  readonly flags?: string;
}

/** One package: a publication with its citations, tables and statements. */
export interface PackageSpec {
  readonly id?: string;
  readonly reporting_country?: string;
  readonly date?: string;
  readonly citations?: ReadonlyArray<CitationSpec>;
  readonly tables?: ReadonlyArray<TableSpec>;
  readonly statements?: ReadonlyArray<StatementSpec>;
}

const STATEMENT_COLUMNS = [
  "id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value",
  "unit", "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags",
] as const;

const csvCell = (text: string): string => (/[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text);
const csv = (rows: ReadonlyArray<ReadonlyArray<string>>): string => rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";

/** The citation every table and statement uses unless it names another. */
export const DEFAULT_CITATION: CitationSpec = { id: "src", printed: "Synthetic source", publisher: "Synthetic publisher", year: 2008, kind: "national-statistics" };

/** Write one package folder (descriptor.json, citations.csv, footnotes.csv, statements.csv, tables/*.csv). */
export const writePackage = (sourcesDir: string, spec: PackageSpec): string => {
  const id = spec.id ?? "synthetic";
  const dir = join(sourcesDir, id);
  mkdirSync(join(dir, "tables"), { recursive: true });
  const citations = spec.citations ?? [DEFAULT_CITATION];
  const tables = (spec.tables ?? []).map((t) => {
    const file = `tables/${t.id}.csv`;
    writeFileSync(join(dir, file), csv(t.csv));
    return {
      id: t.id,
      number: t.number ?? (t.id.replace(/\D/g, "") || t.id),
      title: t.title ?? `Synthetic table ${t.id}`,
      file,
      unit: t.unit ?? "",
      ...(t.unit_assumed !== undefined ? { unit_assumed: t.unit_assumed } : t.unit ? {} : { unit_assumed: "persons" }),
      source: { printed: citations.find((c) => c.id === (t.citation ?? citations[0]!.id))?.printed ?? "", citation: t.citation ?? citations[0]!.id },
      header_rows: t.header_rows ?? 1,
      ...(t.number_format ? { number_format: t.number_format } : {}),
      ...(t.missing ? { missing: t.missing } : {}),
      coordinates: t.coordinates ?? {},
      rows: t.rows,
      columns: t.columns,
      hierarchy: t.hierarchy ?? [],
      ...(t.cells ? { cells: t.cells } : {}),
    };
  });
  const descriptor = {
    id,
    publication: { title: `Synthetic profile ${id}`, publisher: "Test", date: spec.date ?? "2008-10", reporting_country: spec.reporting_country ?? "Azerbaijan" },
    defaults: { number_format: { decimal: ".", group: "," }, missing: { "": "missing", "-": "nil", "N/A": "not-available" } },
    tables,
  };
  writeFileSync(join(dir, "descriptor.json"), JSON.stringify(descriptor, null, 2));
  writeFileSync(
    join(dir, "citations.csv"),
    csv([
      ["id", "printed", "publisher", "title", "year", "reporter", "kind", "url"],
      ...citations.map((c) => [c.id, c.printed ?? c.id, c.publisher ?? "", c.title ?? "", c.year === undefined ? "" : String(c.year), c.reporter ?? "", c.kind ?? "international", ""]),
    ]),
  );
  writeFileSync(join(dir, "footnotes.csv"), csv([["mark", "section", "citation", "pages", "flags", "reference_date"]]));
  const statements = (spec.statements ?? []).map((s) => {
    const row: Record<string, string> = { section: "1", label: s.id, citation: citations[0]!.id, ...(s as unknown as Record<string, string>) };
    return STATEMENT_COLUMNS.map((c) => row[c] ?? "");
  });
  writeFileSync(join(dir, "statements.csv"), csv([[...STATEMENT_COLUMNS], ...statements]));
  return dir;
};

/** What the runner does before the checks: the lookup macros, then checks/sql/*.sql in name order. */
export const applyCheckSql = async (wh: Warehouse): Promise<void> => {
  await createLookupMacros(wh);
  for (const f of readdirSync(checkSqlDir).filter((f) => f.endsWith(".sql")).sort()) await wh.run(readFileSync(join(checkSqlDir, f), "utf8"));
};

/** A built warehouse of synthetic packages, ready for checks; close() removes everything. */
export interface SyntheticWarehouse {
  readonly wh: Warehouse;
  readonly dbPath: string;
  /** compile a declaration of `kind` (params given) and run it */
  run(kind: CheckKind, params?: Record<string, unknown>, id?: string): Promise<FailureRow[]>;
  /** run and explain: failures with the explanation of each (by target) */
  explain(kind: CheckKind, params?: Record<string, unknown>): Promise<{ failures: FailureRow[]; explanations: Map<string, string> }>;
  close(): void;
}

export const declaration = (kind: CheckKind, params?: Record<string, unknown>, id = `test-${kind.kind.replaceAll("_", "-")}`): CheckDeclaration => ({
  id,
  kind: kind.kind,
  description: `test of ${kind.kind}`,
  ...(params ? { params } : {}),
});

/** Run a compiled check on an open warehouse; rows as plain objects (obs_ids as string[]). */
export const runCheck = async (wh: Warehouse, kind: CheckKind, check: CheckDeclaration): Promise<FailureRow[]> => {
  const problems = kind.validate(check);
  if (problems.length > 0) throw new Error(`invalid check ${check.id}: ${problems.join("; ")}`);
  const rows = await wh.all(kind.compile(check));
  const failures = rows.map((r) => ({ target: String(r["target"]), obs_ids: (r["obs_ids"] as string[]).map(String), message: String(r["message"]), details: String(r["details"]) }));
  // every failure's details as the kind's details schema says (the runner refuses them otherwise)
  for (const f of failures) {
    const d = kind.details !== undefined ? decodeDetails(kind.details, f.details) : { ok: true as const };
    if (!d.ok) throw new Error(`${check.id} ${f.target}: details do not decode: ${d.problems.join("; ")}`);
  }
  return failures;
};

/** Write the packages beside a copy of sources/_reference, build them, open the warehouse, add the check views. */
export const buildSynthetic = async (...specs: PackageSpec[]): Promise<SyntheticWarehouse> => {
  const dir = mkdtempSync(join(tmpdir(), "mp-checks-"));
  try {
    const sources = join(dir, "sources");
    mkdirSync(sources, { recursive: true });
    cpSync(referenceDir, join(sources, "_reference"), { recursive: true });
    for (const spec of specs) writePackage(sources, spec);
    const dbPath = join(dir, "warehouse.duckdb");
    await build({ sourcesDir: sources, dbPath });
    const wh = await Warehouse.open(dbPath);
    await applyCheckSql(wh);
    return {
      wh,
      dbPath,
      run: (kind, params, id) => runCheck(wh, kind, declaration(kind, params, id)),
      async explain(kind, params) {
        const check = declaration(kind, params);
        const failures = await runCheck(wh, kind, check);
        const explanations = kind.explain ? await kind.explain((sql, p) => wh.all(sql, p as never), check, failures) : new Map<string, string>();
        return { failures, explanations };
      },
      close() {
        try {
          wh.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
};

/** A failure's details parsed. */
export const details = (f: FailureRow): Record<string, unknown> => JSON.parse(f.details) as Record<string, unknown>;

/**
 * One synthetic warehouse with the discrepancy planted and one without, built before the tests of a
 * describe block and closed after them.
 */
export const plantedAndClean = (spec: (planted: boolean) => PackageSpec): { planted: SyntheticWarehouse; clean: SyntheticWarehouse } => {
  const pair = {} as { planted: SyntheticWarehouse; clean: SyntheticWarehouse };
  beforeAll(async () => {
    [pair.planted, pair.clean] = await Promise.all([buildSynthetic(spec(true)), buildSynthetic(spec(false))]);
  });
  afterAll(() => {
    pair.planted?.close();
    pair.clean?.close();
  });
  return pair;
};
