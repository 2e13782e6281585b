import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { randomUUID } from "node:crypto";
import { rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Quote an identifier for DuckDB SQL: wrap in double quotes, double any inside. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Quote a string literal (for DDL where parameters are not allowed, e.g. COPY targets). */
export const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export type Row = Record<string, unknown>;

/** A DuckDB database with one connection; closed by `close()` (call it in `finally`). */
export class Warehouse {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
    /** where DuckDB spills what outgrows its memory limit, and what of it close() removes */
    private readonly spill: { readonly dir: string; readonly remove: "folder" | "if-empty" | "nothing" },
  ) {}

  /**
   * Open (or create) a database file; `:memory:` for an in-memory database. MP_DUCKDB_MEMORY_LIMIT and
   * MP_DUCKDB_THREADS in the environment bound every database the workspace opens (DuckDB's defaults:
   * 80 % of the memory, every core), MP_DUCKDB_TEMP_DIRECTORY says where they spill (one process at a
   * time; '' for nowhere: a query that outgrows the limit then fails); `options` win over them.
   *
   * What outgrows the memory limit spills to disk (joins, aggregations, sorts, windows): beside a
   * database opened for writing (`<file>.tmp`, on the disk that holds the data, as DuckDB does by
   * default), and for an in-memory or read-only database in a folder of its own under the system's
   * temporary directory (a read-only command writes nothing beside the warehouse, and two of them may
   * read one warehouse at once). Without a folder DuckDB cannot spill and a large query runs out of
   * memory. The folder is removed on close (DuckDB removes its files, not the folder).
   */
  static async open(path = ":memory:", options?: Record<string, string>): Promise<Warehouse> {
    const env: Record<string, string> = {};
    if (process.env["MP_DUCKDB_MEMORY_LIMIT"]) env["memory_limit"] = process.env["MP_DUCKDB_MEMORY_LIMIT"];
    if (process.env["MP_DUCKDB_THREADS"]) env["threads"] = process.env["MP_DUCKDB_THREADS"];
    if (process.env["MP_DUCKDB_TEMP_DIRECTORY"] !== undefined) env["temp_directory"] = process.env["MP_DUCKDB_TEMP_DIRECTORY"];
    const given = options?.["temp_directory"] ?? env["temp_directory"];
    const own = path === ":memory:" || options?.["access_mode"] === "READ_ONLY";
    const spill = given !== undefined
      ? { dir: given, remove: "nothing" as const }
      : own
        ? { dir: join(tmpdir(), `mp-duckdb-${process.pid}-${randomUUID().slice(0, 8)}`), remove: "folder" as const }
        : { dir: `${path}.tmp`, remove: "if-empty" as const };
    const instance = await DuckDBInstance.create(path, { ...env, temp_directory: spill.dir, ...options });
    const connection = await instance.connect();
    return new Warehouse(instance, connection, path, spill);
  }

  /** Run statements, ignoring results. */
  async run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Run a query and return its rows as plain JS objects (BIGINT as bigint, DATE as Date-like). */
  async all<T extends Row = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  /** Column names and rows, for printing. */
  async table(sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
  }

  close(): void {
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
      try {
        if (this.spill.remove === "folder") rmSync(this.spill.dir, { recursive: true, force: true });
        else if (this.spill.remove === "if-empty") rmdirSync(this.spill.dir); // the empty folder DuckDB left
      } catch {
        // absent (nothing spilled), or not empty: not ours to remove
      }
    }
  }
}

/** Where the commands read and write the warehouse unless told otherwise (--db). */
export const DEFAULT_WAREHOUSE = "warehouse/profile.duckdb";

/** Insert plain objects into a table in chunks, values bound as parameters. */
export const insertRows = async (wh: Warehouse, table: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> => {
  const chunk = Math.max(1, Math.floor(1000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const marks = columns.map((c) => {
        params.push(row[c] ?? null);
        return `$${params.length}`;
      });
      return `(${marks.join(", ")})`;
    });
    await wh.run(`INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES ${tuples.join(", ")}`, params as never);
  }
};
