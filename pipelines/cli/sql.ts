// `npm run sql`: one query (`npm run sql -- [--format table|csv|json] "SELECT ..."`), a file of SQL
// (`--file FILE`), or an interactive prompt over a read-only connection, with history kept beside the
// warehouse (.sql_history) and dot commands (.tables, .schema NAME, .mode, .read FILE, .help, .quit).
import * as Schema from "effect/Schema";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { lockHolder, WarehouseBusyError } from "../load/buildLock.ts";
import { DEFAULT_WAREHOUSE, openFailureReason, Warehouse } from "../core/duckdb.ts";
import { jsonArrayText, queryJson } from "../export/jsonRows.ts";
import { escapeControls } from "../core/terminalText.ts";
import { readRegularFile } from "../core/readRegularFile.ts";
import { renderTable } from "./printTable.ts";
import { command, parseCommand } from "./program.ts";

export const OUTPUT_MODES = ["table", "csv", "json"] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export const sqlUsage = `usage: npm run sql -- [--db PATH] [--format table|csv|json] ["SELECT ..." | --file FILE]
  with a query or a file: run it and print the result; with neither: an interactive prompt (.help lists its commands)`;

export const PROMPT_HELP = `.tables             tables and views, with what they hold
.schema [NAME]      columns, types and descriptions of a table or view, and a view's SQL (all CREATE statements without NAME)
.mode [MODE]        show or set the output: table, csv or json
.read FILE          run the SQL in a file (e.g. warehouse/queries/01_immigration_by_origin_group.sql)
.help               this list
.quit               leave (also .exit, or end of input)
End a statement with ';' to run it; it can span several lines. Up and down arrows recall earlier lines.`;

/** Lines of history kept (newest last in the file). */
export const HISTORY_SIZE = 1000;

interface Out {
  write(text: string): unknown;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]|^\s|\s$/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Render a result in an output mode; always ends with a newline. */
export const formatResult = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>, mode: OutputMode): string => {
  switch (mode) {
    case "table":
      return renderTable(columns, rows) + "\n";
    case "csv":
      return [columns, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    case "json":
      return jsonArrayText(columns, rows);
  }
};

/** Run SQL and print its result; an error is printed, not thrown. Returns whether it ran. */
export const runSql = async (wh: Warehouse, sql: string, mode: OutputMode, out: Out, err: Out): Promise<boolean> => {
  try {
    const { columns, rows } = await queryJson(wh, sql);
    out.write(formatResult(columns, rows, mode));
    return true;
  } catch (e) {
    err.write(`error: ${escapeControls((e as Error).message, true)}\n`);
    return false;
  }
};

/** Tables and views of the main schema with their descriptions (COMMENT ON). */
const TABLES_SQL = `SELECT name, type, coalesce(comment, '') AS description FROM (
  SELECT table_name AS name, 'table' AS type, comment FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
  UNION ALL
  SELECT view_name, 'view', comment FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
) ORDER BY type, name`;

/** `.schema NAME`: the columns of a table or view, and a view's defining SQL. */
const describeRelation = async (wh: Warehouse, name: string, mode: OutputMode, out: Out, err: Out): Promise<boolean> => {
  const rel = await wh.rows(
    Schema.Struct({ type: Schema.String, comment: Schema.NullOr(Schema.String), sql: Schema.NullOr(Schema.String) }),
    `SELECT 'table' AS type, comment, NULL AS sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
     UNION ALL
     SELECT 'view', comment, sql FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND view_name = $1`,
    [name],
  );
  const found = rel[0];
  if (found === undefined) {
    err.write(`no table or view named ${JSON.stringify(name)} (names are case-sensitive; .tables lists them)\n`);
    return false;
  }
  const { columns, rows } = await queryJson(
    wh,
    `SELECT column_name AS "column", data_type AS type, CASE WHEN is_nullable THEN '' ELSE 'NOT NULL' END AS "null", coalesce(comment, '') AS description
     FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [name],
  );
  if (mode === "table") out.write(escapeControls(`${found.type} ${name}${found.comment ? `: ${found.comment}` : ""}`) + "\n");
  out.write(formatResult(columns, rows, mode));
  if (found.sql !== null && mode === "table") out.write(`\n${escapeControls(found.sql.trim(), true)}\n`);
  return true;
};

/** `.schema` with no name: the CREATE statements of every table and view. */
const allSchemas = async (wh: Warehouse, out: Out): Promise<void> => {
  const rows = await wh.rows(
    Schema.Struct({ sql: Schema.String }),
    `SELECT sql FROM (
       SELECT 0 AS k, table_name AS name, sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
       UNION ALL
       SELECT 1, view_name, sql FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
     ) ORDER BY k, name`,
  );
  out.write(rows.map((r) => escapeControls(r.sql.trim(), true)).join("\n\n") + "\n");
};

/** History as a list, newest first (readline's order); the file holds one line per entry, oldest first. */
const loadHistory = (file: string | undefined): string[] => {
  if (file === undefined || !existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").reverse().slice(0, HISTORY_SIZE);
};

const saveHistory = (file: string | undefined, history: ReadonlyArray<string>): void => {
  if (file === undefined) return;
  try {
    writeFileSync(file, [...history].reverse().join("\n") + "\n");
  } catch {
    // history is a convenience: a read-only folder must not stop the session
  }
};

export interface SqlPromptOptions {
  readonly input: NodeJS.ReadableStream;
  /** results; a stream (process.stdout) when `terminal` */
  readonly output: Out;
  /** messages and errors (stderr in the CLI) */
  readonly error: Out;
  /** a terminal: prompts shown, arrow keys and history (default false) */
  readonly terminal?: boolean;
  /** where history is kept; none when undefined */
  readonly historyFile?: string;
  readonly mode?: OutputMode;
}

/**
 * The interactive prompt: reads lines from `input` until `.quit` or its end. Returns 0, or 1 when a
 * statement failed and the input was not a terminal (a piped script).
 */
export const sqlPrompt = async (wh: Warehouse, opts: SqlPromptOptions): Promise<number> => {
  const terminal = opts.terminal ?? false;
  const history = loadHistory(opts.historyFile);
  const rl = createInterface({
    input: opts.input,
    // readline only writes (prompts, echo) in a terminal, and then needs a real stream
    output: terminal ? (opts.output as NodeJS.WritableStream) : undefined,
    terminal,
    history: [...history],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const out = opts.output;
  const err = opts.error;
  let mode: OutputMode = opts.mode ?? "table";
  let failed = false;
  let buffer = "";
  const prompt = () => {
    if (!terminal) return;
    rl.setPrompt(buffer === "" ? "sql> " : "...> ");
    rl.prompt();
  };
  const remember = (line: string) => {
    if (line.trim() === "" || history[0] === line) return;
    history.unshift(line);
    history.length = Math.min(history.length, HISTORY_SIZE);
    saveHistory(opts.historyFile, history);
  };
  const run = async (sql: string) => {
    if (!(await runSql(wh, sql, mode, out, err))) failed = true;
  };

  /** A dot command; returns false to leave. */
  const command = async (line: string): Promise<boolean> => {
    const [name, ...args] = line.trim().split(/\s+/u);
    switch (name) {
      case ".quit":
      case ".exit":
        return false;
      case ".help":
        out.write(PROMPT_HELP + "\n");
        break;
      case ".tables":
        await run(TABLES_SQL);
        break;
      case ".schema":
        if (args.length === 0) await allSchemas(wh, out);
        else for (const a of args) if (!(await describeRelation(wh, a, mode, out, err))) failed = true;
        break;
      case ".mode":
        if (args.length === 0) out.write(`${mode}\n`);
        else if ((OUTPUT_MODES as ReadonlyArray<string>).includes(args[0]!)) mode = args[0] as OutputMode;
        else {
          err.write(`unknown mode ${JSON.stringify(args[0])}: use one of ${OUTPUT_MODES.join(", ")}\n`);
          failed = true;
        }
        break;
      case ".read": {
        const file = line.trim().slice(".read".length).trim();
        if (file === "" || !existsSync(file)) {
          err.write(file === "" ? "usage: .read FILE\n" : `no file ${file}\n`);
          failed = true;
        } else {
          // a regular file only: `.read` of a pipe or a device would wait forever
          try {
            await run(readRegularFile(file).toString("utf8"));
          } catch (e) {
            err.write(`cannot read ${file}: ${(e as Error).message}\n`);
            failed = true;
          }
        }
        break;
      }
      default:
        err.write(`unknown command ${name}: .help lists the commands\n`);
        failed = true;
    }
    return true;
  };

  // Ctrl+C drops an unfinished statement; on an empty one it leaves
  rl.on("SIGINT", () => {
    if (buffer === "") return rl.close();
    buffer = "";
    out.write("\n");
    prompt();
  });
  prompt();
  try {
    for await (const line of rl) {
      remember(line);
      if (buffer === "" && line.trim().startsWith(".")) {
        if (!(await command(line))) break;
      } else if (buffer !== "" || line.trim() !== "") {
        buffer += line + "\n";
        if (line.trim().endsWith(";")) {
          await run(buffer);
          buffer = "";
        }
      }
      prompt();
    }
    if (buffer.trim() !== "") await run(buffer);
  } finally {
    rl.close();
  }
  return failed && !terminal ? 1 : 0;
};

/** `sql`'s arguments. */
export const sqlProgram = (): Command =>
  command("npm run sql --", "run a query (or a file of them) on the warehouse, read-only; with neither, a prompt", sqlUsage)
    .argument("[query...]", "the SQL to run")
    .option("--db <path>", "the warehouse", DEFAULT_WAREHOUSE)
    .option("--format <format>", OUTPUT_MODES.join(", "), "table")
    .option("--file <file>", "run the statements of FILE");

/** Run `sql` with CLI arguments; returns the exit code (2: usage or no warehouse, 1: the query failed). */
export const sqlCommand = async (
  args: ReadonlyArray<string>,
  io: { stdin: NodeJS.ReadableStream & { isTTY?: boolean }; stdout: Out; stderr: Out },
): Promise<number> => {
  const err = (line: string) => io.stderr.write(line + "\n");
  const parsed = parseCommand<{ db: string; format: string; file?: string }>(sqlProgram(), args, io, sqlUsage);
  if (typeof parsed === "number") return parsed;
  const values = parsed.options;
  const positionals = parsed.args;
  const mode = values.format as OutputMode;
  if (!OUTPUT_MODES.includes(mode)) {
    err(`unknown format ${JSON.stringify(values.format)}: use one of ${OUTPUT_MODES.join(", ")}\n${sqlUsage}`);
    return 2;
  }
  if (values.file !== undefined && !existsSync(values.file)) {
    err(`no file ${values.file}\n${sqlUsage}`);
    return 2;
  }
  const db = values.db!;
  if (!existsSync(db)) {
    err(`no warehouse at ${db}: run \`npm run build\` first`);
    return 2;
  }
  const holder = lockHolder(db);
  if (holder !== undefined) {
    err(new WarehouseBusyError(holder.pid, db, holder.role).message);
    return 2;
  }
  let wh: Warehouse;
  try {
    // the prompt, --file and one-off queries read the warehouse and nothing else (no COPY, ATTACH, read_text, INSTALL)
    wh = await Warehouse.openLocked(db);
  } catch (e) {
    err(`could not open the warehouse at ${db}: ${openFailureReason(e, db)}`);
    return 2;
  }
  try {
    let sql: string;
    try {
      sql = values.file !== undefined ? readRegularFile(values.file).toString("utf8") : positionals.join(" ");
    } catch (e) {
      err(`cannot read ${values.file}: ${(e as Error).message}`);
      return 2;
    }
    if (sql.trim() !== "") return (await runSql(wh, sql, mode, io.stdout, io.stderr)) ? 0 : 1;
    const terminal = io.stdin.isTTY === true;
    if (terminal) err(`connected to ${db} (read-only). End statements with ';'. .help lists the commands, .quit leaves.`);
    return await sqlPrompt(wh, { input: io.stdin, output: io.stdout, error: io.stderr, terminal, historyFile: terminal ? join(dirname(db), ".sql_history") : undefined, mode });
  } finally {
    wh.close();
  }
};
