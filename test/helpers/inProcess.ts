// A command run in the test's own process, as `main.ts` would run it: arguments, a working folder, stdin
// text; its exit code and what it wrote to stdout and stderr. Spawning `node --import tsx` costs a second
// of CPU per call (loading the CLI); tests that are about the process itself (a kill, a closed pipe, two
// builds at once, the entry point) still spawn one.
import { Readable, Writable } from "node:stream";

export interface Ran { status: number; stdout: string; stderr: string }

interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
}

/** Run `command(args, io)` with `cwd` as the working folder (restored after) and `input` on stdin. */
export const inProcess = async (command: (args: string[], io: Io) => Promise<number>, args: string[], options: { cwd?: string; input?: string } = {}): Promise<Ran> => {
  const text = { stdout: "", stderr: "" };
  const io: Io = {
    stdin: Readable.from([options.input ?? ""]),
    stdout: { write: (s: string) => ((text.stdout += s), true) },
    stderr: { write: (s: string) => ((text.stderr += s), true) },
  };
  const before = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  try {
    const status = await command(args, io);
    return { status, ...text };
  } finally {
    process.chdir(before);
  }
};

/** A writable stream collecting text, for commands that take Node streams (countries). */
export const collector = (): { stream: NodeJS.WritableStream; text: () => string } => {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
};
