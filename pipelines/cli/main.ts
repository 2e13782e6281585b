#!/usr/bin/env -S npx tsx
// The workspace CLI: `npm start`, `npm run build`, `npm run check`, `npm run sql`, `npm run export`,
// `npm run report`, `npm run countries`, `npm run import`.
// Results go to stdout; progress, timings and errors to stderr.
import { fsErrorLine } from "../core/fsErrors.ts";

const err = (line: string) => process.stderr.write(line + "\n");

const COUNTRIES_USAGE = "npm run countries < names.txt               resolve country names (one per line) to ISO codes, CSV out";

// A reader that closes the pipe early (`| head`) is no failure of the command: its output stops, one
// line says so, and the exit code stays the command's (check's 0/1 keep their meaning).
let stdoutClosed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (stdoutClosed) return;
  stdoutClosed = true;
  if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") err("stdout was closed before the output ended (EPIPE): the rest was not printed; the exit code is the command's");
  else err(fsErrorLine(e) ?? `stdout: ${e.message}`);
});
process.stderr.on("error", () => {}); // nowhere left to tell

// Each command's modules are loaded when it runs: `npm run sql` need not load the report's renderer
// nor the build's validators.
const usage = async (): Promise<string> => {
  const [start, build, check, sql, exp, report, imp] = await Promise.all([
    import("./start.ts"), import("./build.ts"), import("./check.ts"), import("./sql.ts"), import("./export.ts"), import("./report.ts"), import("./import.ts"),
  ]);
  return `usage:
  ${start.startUsage}
  ${build.buildUsage}
  ${check.checkUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${sql.sqlUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${exp.exportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${report.reportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${COUNTRIES_USAGE}
  ${imp.importUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
each command's options: npm run <command> -- --help`;
};

const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return (await import("./start.ts")).startCommand(rest);
    case "check":
      return (await import("./check.ts")).checkCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "build":
      return (await import("./build.ts")).buildCommand(rest);
    case "sql":
      return (await import("./sql.ts")).sqlCommand(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    case "export":
      return (await import("./export.ts")).exportCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "report":
      return (await import("./report.ts")).reportCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "import":
      return (await import("./import.ts")).importCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "countries": {
      // it reads names from stdin and takes no option but --help
      const { command: commandNamed, parseCommand } = await import("./program.ts");
      const parsed = parseCommand(commandNamed("npm run countries", "resolve country names (one per line on stdin) to ISO codes, CSV on stdout", `usage: ${COUNTRIES_USAGE}`), rest, process, `usage: ${COUNTRIES_USAGE}`);
      if (typeof parsed === "number") return parsed;
      return (await import("./countries.ts")).countriesCommand(process.stdin, process.stdout);
    }
    case "help":
    case "--help":
    case "-h":
      process.stdout.write((await usage()) + "\n");
      return 0;
    default:
      err(await usage());
      return 2;
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // a full or read-only disk, a folder where a file belongs: one line naming the path, not a stack
    const line = fsErrorLine(e);
    err(line !== undefined ? `error: ${line}` : `internal error: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 2;
  },
);
