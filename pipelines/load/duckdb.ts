import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Observation } from "../../schemas/rows.ts";

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
  ) {}

  /**
   * Open (or create) a database file; `:memory:` for an in-memory database. MP_DUCKDB_MEMORY_LIMIT and
   * MP_DUCKDB_THREADS in the environment bound every database the workspace opens (DuckDB's defaults:
   * 80 % of the memory, every core); `options` win over them.
   */
  static async open(path = ":memory:", options?: Record<string, string>): Promise<Warehouse> {
    const env: Record<string, string> = {};
    if (process.env["MP_DUCKDB_MEMORY_LIMIT"]) env["memory_limit"] = process.env["MP_DUCKDB_MEMORY_LIMIT"];
    if (process.env["MP_DUCKDB_THREADS"]) env["threads"] = process.env["MP_DUCKDB_THREADS"];
    const instance = await DuckDBInstance.create(path, { ...env, ...options });
    const connection = await instance.connect();
    return new Warehouse(instance, connection, path);
  }

  /**
   * Open a warehouse so that SQL run on it can change nothing and read nothing outside it (DuckDB's
   * "securing" settings): no file, network or extension access (`enable_external_access = false`,
   * extensions neither installed nor loaded on demand), except the folders in `allowedDirectories` (an
   * export's COPY target), and the configuration locked so that a statement cannot undo any of it.
   * `readOnly` (the default) also opens the file read-only; the check run, which stores its findings,
   * opens it writable but as closed. `settings` are applied before the lock (threads, ...).
   */
  static async openLocked(path: string, opts: { readOnly?: boolean; allowedDirectories?: ReadonlyArray<string>; settings?: Record<string, string> } = {}): Promise<Warehouse> {
    const wh = await Warehouse.open(path, {
      ...(opts.readOnly !== false ? { access_mode: "READ_ONLY" } : {}),
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    });
    try {
      for (const [name, value] of Object.entries(opts.settings ?? {})) await wh.run(`SET ${name} = ${value}`);
      // a directory entry must end with a separator to cover the files inside it
      const dirs = (opts.allowedDirectories ?? []).map((d) => (d.endsWith("/") ? d : `${d}/`));
      if (dirs.length > 0) await wh.run(`SET allowed_directories = [${dirs.map(quoteLiteral).join(", ")}]`);
      await wh.run("SET enable_external_access = false");
      await wh.run("SET lock_configuration = true");
    } catch (e) {
      wh.close();
      throw e;
    }
    return wh;
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
    }
  }
}

/**
 * Why DuckDB would not open a warehouse, in words that say what to do: held by another program (with its
 * pid), not a DuckDB file, a folder, unreadable, on a read-only disk; else DuckDB's first line.
 */
export const openFailureReason = (e: unknown, dbPath: string): string => {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split("\n")[0] ?? message;
  const held = /Conflicting lock is held in (.*?) \(PID (\d+)\)/u.exec(message);
  if (held) return `another program (pid ${held[2]}, ${held[1]}) has it open for writing: wait for it to finish or close it (a check, a DuckDB shell)`;
  if (/not a valid DuckDB database file/u.test(message)) return `${dbPath} is not a DuckDB database (damaged, or another kind of file): rebuild it with npm run build`;
  if (/Is a directory/u.test(message)) return `${dbPath} is a folder, not a warehouse file: name the .duckdb file with --db`;
  if (/Read-only file system/u.test(message)) return `${dbPath} is on a read-only file system, and this command needs to write to it: copy the warehouse to a writable folder`;
  if (/Permission denied/u.test(message)) return `permission denied on ${dbPath} (or its folder): check who owns it`;
  if (/No space left on device/u.test(message)) return `the disk holding ${dbPath} is full: free some space and run again`;
  return first;
};

/** Where the commands read and write the warehouse unless told otherwise (--db). */
export const DEFAULT_WAREHOUSE = "warehouse/profile.duckdb";

const schemaFile = fileURLToPath(new URL("../../warehouse/schema.sql", import.meta.url));

/** Create the warehouse tables (warehouse/schema.sql) in an empty database. */
export const createWarehouseSchema = async (wh: Warehouse): Promise<void> => {
  await wh.run(readFileSync(schemaFile, "utf8"));
};

/** The tables warehouse/schema.sql creates, in its order, each with its columns. */
export const schemaTables = (): Array<{ table: string; columns: string[] }> =>
  [...readFileSync(schemaFile, "utf8").matchAll(/^CREATE TABLE (\w+) \(\n([\s\S]*?)\n\);/gm)].map((m) => ({
    table: m[1]!,
    columns: [...m[2]!.matchAll(/^ {2}(\w+) /gm)].map((c) => c[1]!).filter((c) => c !== "PRIMARY"),
  }));

/**
 * What an open warehouse lacks of warehouse/schema.sql and of the columns of observations (one built by
 * an earlier version): "table" for a missing table, "table.column" for a missing column.
 */
export const missingFromSchema = async (wh: Warehouse): Promise<string[]> => {
  const columns = await wh.all<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  const present = new Map<string, Set<string>>();
  for (const { t, c } of columns) present.set(t, (present.get(t) ?? new Set()).add(c));
  const missing: string[] = [];
  for (const { table, columns: wanted } of [...schemaTables(), { table: "observations", columns: [...OBSERVATION_COLUMNS] }]) {
    const have = present.get(table);
    if (have === undefined) missing.push(table);
    else missing.push(...wanted.filter((c) => !have.has(c)).map((c) => `${table}.${c}`));
  }
  return missing;
};

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

/** The columns of observations, in warehouse/schema.sql order. */
export const OBSERVATION_COLUMNS: ReadonlyArray<keyof Observation> = [
  "obs_id", "package", "origin_kind", "table_id", "row_label", "col_label", "part", "statement_id", "file", "line", "col",
  "cell_text", "value_text", "label", "section", "measure", "measure_kind", "ref_area", "direction", "counterpart",
  "counterpart_label", "origin", "destination", "breakdown", "period_text", "period_start", "period_end", "value",
  "value_low", "value_high", "decimals", "unit", "unit_assumed", "multiplier", "base_unit", "value_base", "rounding_base",
  "obs_status", "missing", "is_estimate", "is_partial", "is_provisional", "is_cumulative", "is_unofficial", "qualifier",
  "citation", "citation_year", "reporter", "footnote", "numerator_ref", "denominator_ref", "part_of_ref", "row_key", "col_key",
];
