import { type DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBValue } from "@duckdb/node-api";
import { randomUUID } from "node:crypto";
import { rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// (the modules themselves: the "effect" index loads every module of the library, a third of a second)
import * as Schema from "effect/Schema";
import * as SchemaGetter from "effect/SchemaGetter";
import * as SchemaIssue from "effect/SchemaIssue";

/** A row of a query that does not have the shape its schema says (a bug, not bad input). */
export class RowDecodeError extends Error {
  /** `index`: the row's, from 0; -1 for the result as a whole (not the one row it should be) */
  constructor(readonly sql: string, readonly index: number, readonly issues: string) {
    super(`${index < 0 ? "the result" : `row ${index + 1}`} of ${JSON.stringify(sql.replace(/\s+/g, " ").trim().slice(0, 120))} does not decode: ${issues}`);
    this.name = "RowDecodeError";
  }
}

/** A DOUBLE as DuckDB's JSON gives it: a number, or text for the infinities and NaN. */
export const DuckDouble = Schema.Union([Schema.Number, Schema.String]);

/** A DOUBLE decoded to a number, the infinities and NaN included (DuckDB's JSON gives those as "Infinity", "-Infinity", "NaN"). */
export const NumberFromDuckDouble = Schema.Union([Schema.Number, Schema.Literals(["Infinity", "-Infinity", "NaN"])]).pipe(
  Schema.decodeTo(Schema.Number, {
    decode: SchemaGetter.transform((v: number | "Infinity" | "-Infinity" | "NaN") => (typeof v === "number" ? v : Number(v))),
    encode: SchemaGetter.transform((n: number) => (Number.isFinite(n) ? n : (String(n) as "Infinity" | "-Infinity" | "NaN"))),
  }),
);

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
   * opens it writable but as closed. `settings` are applied before the lock (threads, ...), then
   * `beforeLock`, which may read the database to choose more of them.
   */
  static async openLocked(
    path: string,
    opts: { readOnly?: boolean; allowedDirectories?: ReadonlyArray<string>; settings?: Record<string, string>; beforeLock?: (wh: Warehouse) => Promise<void> } = {},
  ): Promise<Warehouse> {
    // A reader spills into a folder of its own under the system's temporary folder (see open), never
    // beside the warehouse: DuckDB allows writes into its spill folder whatever the other settings say.
    const wh = await Warehouse.open(path, {
      ...(opts.readOnly !== false ? { access_mode: "READ_ONLY" } : {}),
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    });
    try {
      for (const [name, value] of Object.entries(opts.settings ?? {})) await wh.run(`SET ${name} = ${value}`);
      await opts.beforeLock?.(wh);
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

  /** The one row of a query that gives exactly one (an aggregate), decoded as `rows` does. */
  async one<S extends Schema.Decoder<unknown>>(schema: S, sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<S["Type"]> {
    const rows = await this.rows(schema, sql, params);
    if (rows.length !== 1) throw new RowDecodeError(sql, -1, `expected one row, got ${rows.length}`);
    return rows[0];
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

/**
 * Append plain objects to a table with DuckDB's appender (one row at a time into column chunks, no SQL to
 * parse). `columns` name the fields to take, in any order; the table's other columns get their defaults.
 * A value meets its column as a bound parameter would: a string in a VARCHAR column, a number in a
 * DOUBLE, INTEGER or BIGINT one, a boolean in a BOOLEAN one are appended as they are; anything else
 * (a date's text in a DATE column, text in a JSON column, a number in a VARCHAR one) is cast by DuckDB
 * from the type the value has in JavaScript, so a value that does not fit fails as an INSERT would.
 * undefined is NULL. Constraints (primary keys, NOT NULL) are checked when the rows are flushed.
 */
export const insertRows = async (wh: Warehouse, table: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<object>): Promise<void> => {
  if (rows.length === 0) return;
  // the appender takes every column in table order: find where each of ours is
  const order = (await wh.connection.runAndReadAll(`SELECT * FROM ${quoteIdent(table)} LIMIT 0`)).columnNames();
  const unknown = columns.filter((c) => !order.includes(c));
  if (unknown.length > 0) throw new Error(`insertRows: table ${table} has no column ${unknown.join(", ")}`);
  const appender = await wh.connection.createAppender(table);
  const taken = order.map((name, i) => (columns.includes(name) ? { name, typeId: appender.columnType(i).typeId, plain: appender.columnType(i).alias === undefined } : null));
  try {
    for (const row of rows) {
      for (const column of taken) {
        if (column === null) appender.appendDefault();
        else appendCell(appender, (row as Record<string, unknown>)[column.name], column.typeId, column.plain);
      }
      appender.endRow();
    }
    appender.flushSync();
  } catch (e) {
    appender.clear(); // what was not flushed is dropped, so that closing does not try it again
    throw e;
  } finally {
    appender.closeSync();
  }
};

const appendCell = (appender: DuckDBAppender, value: unknown, typeId: DuckDBTypeId, plain: boolean): void => {
  if (value === null || value === undefined) return appender.appendNull();
  if (plain) {
    if (typeId === DuckDBTypeId.VARCHAR && typeof value === "string") return appender.appendVarchar(value);
    // -0 is stored as 0, as it was as a parameter (JavaScript's -0 is an integer, bound as INTEGER 0)
    if (typeId === DuckDBTypeId.DOUBLE && typeof value === "number") return appender.appendDouble(Object.is(value, -0) ? 0 : value);
    if (typeId === DuckDBTypeId.BOOLEAN && typeof value === "boolean") return appender.appendBoolean(value);
    if (typeId === DuckDBTypeId.INTEGER && Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31) return appender.appendInteger(value as number);
    if (typeId === DuckDBTypeId.BIGINT && typeof value === "bigint") return appender.appendBigInt(value);
  }
  appender.appendValue(value as DuckDBValue);
};
