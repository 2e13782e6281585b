// `npm run sql`: one query (`npm run sql -- [--format table|csv|json] "SELECT ..."`), a file of SQL
// (`--file FILE`), or an interactive prompt over a read-only connection, with history kept beside the
// warehouse (.sql_history) and dot commands (.tables, .schema NAME, .mode, .read FILE, .help, .quit).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { lockHolder, WarehouseBusyError } from "../load/buildLock.ts";
import { DEFAULT_WAREHOUSE, openFailureReason, Warehouse } from "../core/duckdb.ts";
import { readRegularFile } from "../core/readRegularFile.ts";
import { command, parseCommand } from "./program.ts";
import { OUTPUT_MODES, runSql, type OutputMode, type Out } from "./sqlOutput.ts";
import { sqlPrompt } from "./sqlPrompt.ts";

export const sqlUsage = `usage: npm run sql -- [--db PATH] [--format table|csv|json] ["SELECT ..." | --file FILE]
  with a query or a file: run it and print the result; with neither: an interactive prompt (.help lists its commands)`;

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
