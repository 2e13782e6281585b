import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { randomUUID } from "node:crypto";
import { rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// (the modules themselves: the "effect" index loads every module of the library, a third of a second)
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";

/** A row of a query that does not have the shape its schema says (a bug, not bad input). */
export class RowDecodeError extends Error {
  constructor(readonly sql: string, readonly index: number, readonly issues: string) {
    super(`row ${index + 1} of ${JSON.stringify(sql.replace(/\s+/g, " ").trim().slice(0, 120))} does not decode: ${issues}`);
    this.name = "RowDecodeError";
  }
}

/** A DOUBLE as DuckDB's JSON gives it: a number, or text for the infinities and NaN. */
export const DuckDouble = Schema.Union([Schema.Number, Schema.String]);

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
    /** false for a second connection (connectAgain): its close() leaves the database open */
    private readonly ownsInstance = true,
  ) {}

  /**
   * A second connection to the same open database, with its own transactions and temporary tables, to
   * run queries beside this one's; its close() closes only it (close it before this one).
   */
  async connectAgain(): Promise<Warehouse> {
    return new Warehouse(this.instance, await this.instance.connect(), this.path, { dir: this.spill.dir, remove: "nothing" }, false);
  }

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

  /**
   * Open a warehouse so that SQL run on it can change nothing and read nothing outside it (DuckDB's
   * "securing" settings): no file, network or extension access (`enable_external_access = false`,
   * extensions neither installed nor loaded on demand), except the folders in `allowedDirectories` (an
   * export's COPY target), and the configuration locked so that a statement cannot undo any of it.
   * `readOnly` (the default) also opens the file read-only; the check run, which stores its findings,
   * opens it writable but as closed. `settings` are applied before the lock (threads, ...).
   */
  static async openLocked(path: string, opts: { readOnly?: boolean; allowedDirectories?: ReadonlyArray<string>; settings?: Record<string, string> } = {}): Promise<Warehouse> {
    // A reader spills into a folder of its own under the system's temporary folder (see open), never
    // beside the warehouse: DuckDB allows writes into its spill folder whatever the other settings say.
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

  /**
   * Run a query and return its rows in DuckDB's JSON form: BIGINT and HUGEINT as text, DATE as
   * 'YYYY-MM-DD', DOUBLE as a number (text for the infinities and NaN), LIST as an array. `T` is not
   * checked: prefer `rows`, which decodes every row with a schema.
   */
  async all<T extends Row = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  /**
   * Run a query and decode every row with `schema` (of the JSON form `all` describes; columns the schema
   * does not name are dropped). A row of another shape is a bug of the query or the schema, not bad
   * input: RowDecodeError names the row and the fields.
   */
  async rows<S extends Schema.Decoder<unknown>>(schema: S, sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<Array<S["Type"]>> {
    const decode = Schema.decodeUnknownResult(schema);
    return (await this.all(sql, params)).map((row, index) => {
      const decoded = decode(row, { errors: "all", onExcessProperty: "ignore" });
      if (decoded._tag === "Success") return decoded.success;
      const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues;
      throw new RowDecodeError(sql, index, issues.map((i) => `${(i.path ?? []).map(String).join(".")}: ${i.message}`).join("; "));
    });
  }

  /** Column names and rows, for printing. */
  async table(sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
  }

  close(): void {
    if (!this.ownsInstance) return this.connection.closeSync();
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
