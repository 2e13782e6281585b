// Every command: --help prints its options and exits 0; an option it does not know exits 2 with its usage.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildCommand } from "../pipelines/cli/build.ts";
import { checkCommand } from "../pipelines/cli/check.ts";
import { exportCommand } from "../pipelines/cli/export.ts";
import { reportCommand } from "../pipelines/cli/report.ts";
import { sqlCommand } from "../pipelines/cli/sql.ts";
import { projectRoot } from "./helpers/workspace.ts";

const streams = () => {
  const text = { out: "", err: "" };
  return { text, io: { stdin: process.stdin, stdout: { write: (s: string) => (text.out += s) }, stderr: { write: (s: string) => (text.err += s) } } };
};

type Run = (args: string[], io: ReturnType<typeof streams>["io"]) => Promise<number>;
const commands: Array<[string, Run, string[]]> = [
  ["build", (a, io) => buildCommand(a, io), ["--sources <dir>", "--db <path>", "--corrections <file>"]],
  ["check", (a, io) => checkCommand(a, io), ["--db <path>", "--checks <file>", "--waivers <file>", "--corrections <file>", "--today <date>", "--format <format>", "--output <file>", "--only <check-id>"]],
  ["export", (a, io) => exportCommand(a, io), ["--format <format>", "--out <dir>", "--db <path>", "--force"]],
  ["report", (a, io) => reportCommand(a, io), ["--db <path>", "--checks <file>", "--waivers <file>", "--corrections <file>", "--today <date>", "--out <file>"]],
  ["sql", (a, io) => sqlCommand(a, io), ["--db <path>", "--format <format>", "--file <file>"]],
];

describe.each(commands)("npm run %s", (name, run, options) => {
  test("--help lists every option on stdout and exits 0", async () => {
    const { text, io } = streams();
    expect(await run(["--help"], io)).toBe(0);
    expect(text.out).toMatch(new RegExp(`^Usage: npm run ${name} -- \\[options\\]`));
    for (const o of options) expect(text.out).toContain(o);
    expect(text.err).toBe("");
  });

  test("an unknown option exits 2 with the message and the usage on stderr, nothing on stdout", async () => {
    const { text, io } = streams();
    expect(await run(["--frobnicate"], io)).toBe(2);
    expect(text.err).toContain("error: unknown option '--frobnicate'");
    expect(text.err).toContain(`usage: npm run ${name} --`);
    expect(text.out).toBe("");
  });
});

describe("the entry point", () => {
  const main = join(projectRoot, "pipelines", "cli", "main.ts");
  const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", main, ...args], { cwd: projectRoot, encoding: "utf8", input: "" });

  test("--help lists the commands (exit 0); no command prints the same on stderr (exit 2)", () => {
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    for (const c of ["npm start", "npm run build", "npm run check", "npm run sql", "npm run export", "npm run report", "npm run countries"]) expect(help.stdout).toContain(c);
    const none = cli([]);
    expect([none.status, none.stderr]).toEqual([2, help.stdout]);
  });

  test("countries and start answer --help too", () => {
    for (const [c, usage] of [["countries", "Usage: npm run countries [options]"], ["start", "Usage: npm start -- [options]"]] as const) {
      const r = cli([c, "--help"]);
      expect([r.status, r.stdout.split("\n")[0]]).toEqual([0, usage]);
    }
  });
});
