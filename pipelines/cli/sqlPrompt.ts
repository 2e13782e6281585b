// The interactive prompt of `npm run sql`: statements ended by ';', dot-commands (.tables, .schema,
// .mode, .read), and a history kept beside the warehouse.
import * as Schema from "effect/Schema";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Warehouse } from "../core/duckdb.ts";
import { escapeControls } from "../core/terminalText.ts";
import { readRegularFile } from "../core/readRegularFile.ts";
import { queryJson } from "../export/jsonRows.ts";
import { formatResult, OUTPUT_MODES, runSql, type OutputMode, type Out } from "./sqlOutput.ts";

export const PROMPT_HELP = `.tables             tables and views, with what they hold
.schema [NAME]      columns, types and descriptions of a table or view, and a view's SQL (all CREATE statements without NAME)
.mode [MODE]        show or set the output: table, csv or json
.read FILE          run the SQL in a file (e.g. warehouse/queries/01_immigration_by_origin_group.sql)
.help               this list
.quit               leave (also .exit, or end of input)
End a statement with ';' to run it; it can span several lines. Up and down arrows recall earlier lines.`;

/** Lines of history kept (newest last in the file). */
export const HISTORY_SIZE = 1000;

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
