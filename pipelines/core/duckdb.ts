import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { Schema, SchemaIssue } from "effect";

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
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
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
