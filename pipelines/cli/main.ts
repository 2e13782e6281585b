#!/usr/bin/env -S npx tsx
// The workspace CLI: `npm start`, `npm run build`, `npm run check`, `npm run sql`, `npm run export`,
// `npm run report`, `npm run countries`.
// Results go to stdout; progress, timings and errors to stderr.
import { buildCommand, buildUsage } from "./build.ts";
import { checkCommand, checkUsage } from "./check.ts";
import { countriesCommand } from "./countries.ts";
import { exportCommand, exportUsage } from "./export.ts";
import { command as commandNamed, parseCommand } from "./program.ts";
import { reportCommand, reportUsage } from "./report.ts";
import { sqlCommand, sqlUsage } from "./sql.ts";
import { startCommand, startUsage } from "./start.ts";

const err = (line: string) => process.stderr.write(line + "\n");

const COUNTRIES_USAGE = "npm run countries < names.txt               resolve country names (one per line) to ISO codes, CSV out";

const usage = `usage:
  ${startUsage}
  ${buildUsage}
  ${checkUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${sqlUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${exportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${reportUsage.replace(/^usage: /, "").replaceAll("\n", "\n  ")}
  ${COUNTRIES_USAGE}
each command's options: npm run <command> -- --help`;

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
      return sqlCommand(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    case "export":
      return exportCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "report":
      return reportCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case "countries": {
      // it reads names from stdin and takes no option but --help
      const parsed = parseCommand(commandNamed("npm run countries", "resolve country names (one per line on stdin) to ISO codes, CSV on stdout", `usage: ${COUNTRIES_USAGE}`), rest, process, `usage: ${COUNTRIES_USAGE}`);
      if (typeof parsed === "number") return parsed;
      return countriesCommand(process.stdin, process.stdout);
    }
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage + "\n");
      return 0;
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
