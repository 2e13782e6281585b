import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";

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
