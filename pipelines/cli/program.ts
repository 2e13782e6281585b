// Every command parses its arguments with commander: the same option spellings, --help on each, and the
// same exit codes (0 after --help, 2 for arguments it refuses, with the command's usage).
import { Command, CommanderError } from "commander";
import { isCalendarDate } from "../manifest/corrections.ts";

export interface Out {
  write(text: string): unknown;
}

/** A command named as the user types it (`npm run check --`), its usage line and what it does. */
export const command = (name: string, summary: string, usage: string): Command =>
  new Command(name)
    .description(summary)
    .addHelpText("after", `\n${usage}`)
    .helpOption("-h, --help", "show this help and exit")
    .allowExcessArguments(false);

/** Collect a repeated option (`--only a --only b`). */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * What is wrong with a date option's value (`--today`), or undefined for a calendar date: 2026-02-31 has
 * the shape but is no day, and compared as text it would pass for one.
 */
export const dateOptionProblem = (option: string, text: string): string | undefined =>
  /^\d{4}-\d{2}-\d{2}$/u.test(text) && isCalendarDate(text) ? undefined : `${option} ${JSON.stringify(text)}: not a calendar date (expected YYYY-MM-DD)`;

/**
 * Parse `args` with `cmd`: its options, or the exit code when commander printed the help (0) or refused
 * the arguments (2, its message followed by `usage`). Help goes to stdout when there is one.
 */
export const parseCommand = <T>(cmd: Command, args: ReadonlyArray<string>, io: { stdout?: Out; stderr: Out }, usage: string): { options: T; args: string[] } | number => {
  cmd.exitOverride().configureOutput({
    writeOut: (s) => void (io.stdout ?? io.stderr).write(s),
    writeErr: (s) => void io.stderr.write(s),
  });
  try {
    cmd.parse([...args], { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === "commander.helpDisplayed" || e.code === "commander.help") return 0;
    io.stderr.write(`${usage}\n`);
    return 2;
  }
  return { options: cmd.opts<T & Record<string, unknown>>(), args: [...cmd.args] };
};
