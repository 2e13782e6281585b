import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

  /** Open (or create) a database file; `:memory:` for an in-memory database. */
  static async open(path = ":memory:", options?: Record<string, string>): Promise<Warehouse> {
    const instance = await DuckDBInstance.create(path, options);
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

const schemaFile = fileURLToPath(new URL("../../warehouse/schema.sql", import.meta.url));

/** Create the warehouse tables (warehouse/schema.sql) in an empty database. */
export const createWarehouseSchema = async (wh: Warehouse): Promise<void> => {
  await wh.run(readFileSync(schemaFile, "utf8"));
};
