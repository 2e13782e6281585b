#!/usr/bin/env -S npx tsx
// The workspace CLI: `npm start`, `npm run build`, `npm run check`, `npm run sql`, `npm run countries`.
// Results go to stdout; progress, timings and errors to stderr.
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { checkCommand, checkUsage } from "../../checks/command.ts";
import { formatError, InputErrors } from "../errors.ts";
import { build } from "../load/build.ts";
import { Warehouse } from "../load/duckdb.ts";
import { countriesCommand } from "./countries.ts";
import { renderTable } from "./printTable.ts";

const DEFAULT_SOURCES = "sources";
const DEFAULT_DB = "warehouse/profile.duckdb";
const err = (line: string) => process.stderr.write(line + "\n");

const usage = `usage:
  npm start -- [--sources DIR] [--db PATH]    build the warehouse from sources/, then run the checks
  npm run build -- [--sources DIR] [--db PATH]
  ${checkUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  npm run sql -- [--db PATH] ["SELECT ..."]     run a query, or an interactive prompt without one
  npm run countries < names.txt               resolve country names (one per line) to ISO codes, CSV out`;

const buildCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_DB } } });
  try {
    const r = await build({ sourcesDir: values.sources!, dbPath: values.db!, log: err });
    err(`warehouse: ${r.dbPath} (${r.packages} package(s), ${r.observations} observations, ${r.seconds.toFixed(2)} s)`);
    return 0;
  } catch (e) {
    if (e instanceof InputErrors) {
      for (const x of e.errors) err(formatError(x));
      err(`build failed: ${e.errors.length} input error(s); the previous warehouse (if any) is unchanged`);
      return 1;
    }
    throw e;
  }
};

/** Build, then check the new warehouse: the exit code is the build's when it fails, else the check's. */
const startCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { sources: { type: "string", default: DEFAULT_SOURCES }, db: { type: "string", default: DEFAULT_DB } } });
  const built = await buildCommand(["--sources", values.sources!, "--db", values.db!]);
  if (built !== 0) return built;
  return checkCommand(["--db", values.db!], { stdout: process.stdout, stderr: process.stderr });
};

const sqlCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { db: { type: "string", default: DEFAULT_DB } } });
  if (!existsSync(values.db!)) {
    err(`no warehouse at ${values.db}: run \`npm run build\` first`);
    return 2;
  }
  const wh = await Warehouse.open(values.db!, { access_mode: "READ_ONLY" });
  try {
    const runOne = async (sql: string): Promise<boolean> => {
      try {
        const { columns, rows } = await wh.table(sql);
        process.stdout.write(renderTable(columns, rows) + "\n");
        return true;
      } catch (e) {
        err(`error: ${(e as Error).message}`);
        return false;
      }
    };
    if (positionals.length > 0) return (await runOne(positionals.join(" "))) ? 0 : 1;
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "sql> ", terminal: process.stdin.isTTY });
    err(`connected to ${values.db} (read-only). End statements with ';'. .tables lists tables, .quit leaves.`);
    let buffer = "";
    rl.prompt();
    for await (const line of rl) {
      const t = line.trim();
      if (buffer === "" && (t === ".quit" || t === ".exit")) break;
      if (buffer === "" && t === ".tables") {
        await runOne("SELECT table_name, table_type FROM information_schema.tables ORDER BY table_type, table_name");
      } else {
        buffer += line + "\n";
        if (t.endsWith(";")) {
          await runOne(buffer);
          buffer = "";
        }
      }
      rl.prompt();
    }
    if (buffer.trim() !== "") await runOne(buffer);
    return 0;
  } finally {
    wh.close();
  }
};

const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return startCommand(rest);
    case "check":
      return checkCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "build":
      return buildCommand(rest);
    case "sql":
      return sqlCommand(rest);
    case "countries":
      return countriesCommand(process.stdin, process.stdout);
    default:
      err(usage);
      return 2;
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`internal error: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 2;
  },
);
