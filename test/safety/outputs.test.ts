// Issue 10, outputs never destroy what they did not write: export --force replaces only a folder an
// earlier export wrote; check --output and report --out replace only a file of their own kind. Each
// refusal: exit 2, a message saying why, and every file that existed byte-identical.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkCommand } from "../../pipelines/cli/check.ts";
import { PROJECT_ROOT } from "../../pipelines/core/outputGuard.ts";
import { exportCommand } from "../../pipelines/cli/export.ts";
import { EXPORT_MARKER } from "../../pipelines/export/writeFolder.ts";
import { reportCommand } from "../../pipelines/cli/report.ts";
import { fakeKinds, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";
import { snapshot } from "../helpers/snapshot.ts";

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
let config: ReturnType<typeof writeConfig>;
beforeAll(async () => {
  w = await syntheticWarehouse();
  config = writeConfig(w.dir, { checks: { checks: [{ id: "always-fails", kind: "fixed", description: "fails", params: { targets: ["a"] } }] } });
});
afterAll(() => w.cleanup());

const capture = () => {
  const text = { stdout: "", stderr: "" };
  return { text, io: { stdout: { write: (t: string) => ((text.stdout += t), true) }, stderr: { write: (t: string) => ((text.stderr += t), true) } } };
};
const exportTo = async (out: string, force = true) => {
  const { text, io } = capture();
  const status = await exportCommand(["--format", "csv", "--db", w.db, "--out", out, ...(force ? ["--force"] : [])], io);
  return { status, stderr: text.stderr };
};
const conf = () => ["--db", w.db, "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile];
/** The project's own files a wrong --out could hit: its top-level files, sources/ and the warehouse folder's definitions. */
const projectFiles = () => ({
  ...snapshot(readdirSync(PROJECT_ROOT).map((f) => join(PROJECT_ROOT, f)).filter((f) => !/node_modules|\.git$|exports|warehouse|test|pipelines|checks|bench|schemas|docs/u.test(f))),
  ...snapshot([join(PROJECT_ROOT, "sources"), join(PROJECT_ROOT, "warehouse", "schema.sql"), join(PROJECT_ROOT, "warehouse", "views"), join(PROJECT_ROOT, "warehouse", "queries")]),
});

describe("export --force", () => {
  test.each([
    ["the project folder", () => PROJECT_ROOT, "the project folder"],
    ["a parent of the project", () => dirname(PROJECT_ROOT), "the project folder"],
    ["sources/", () => join(PROJECT_ROOT, "sources"), "the sources folder"],
    ["warehouse/", () => join(PROJECT_ROOT, "warehouse"), "the warehouse folder"],
  ])("refuses %s", async (_name, target, what) => {
    const before = projectFiles();
    const r = await exportTo(target());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`refusing to write ${target()}: it is or holds ${what}`);
    expect(projectFiles()).toEqual(before);
  });

  test("refuses the folder of the warehouse, a folder holding a .git, an unmarked folder and a file, even when they look like exports", async () => {
    const gitDir = join(w.dir, "repo");
    mkdirSync(join(gitDir, ".git"), { recursive: true });
    writeFileSync(join(gitDir, ".git", "HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(gitDir, EXPORT_MARKER), "forged");
    writeFileSync(join(gitDir, "datapackage.json"), "{}");
    const unmarked = join(w.dir, "mine");
    mkdirSync(unmarked);
    writeFileSync(join(unmarked, "datapackage.json"), "{}");
    writeFileSync(join(unmarked, "notes.txt"), "my notes");
    const file = join(w.dir, "a-file.csv");
    writeFileSync(file, "a,b\n1,2\n");
    writeFileSync(join(w.dir, EXPORT_MARKER), "forged");
    writeFileSync(join(w.dir, "datapackage.json"), "{}");
    const before = snapshot([w.dir]);
    const cases: Array<[string, string]> = [
      [w.dir, "it is or holds the folder of the warehouse"],
      [gitDir, "it holds a git repository"],
      [unmarked, `it was not written by an export (no ${EXPORT_MARKER} and datapackage.json in it)`],
      [file, "it is a file, not a folder an export wrote"],
    ];
    for (const [target, message] of cases) {
      const r = await exportTo(target);
      expect(r.status, target).toBe(2);
      expect(r.stderr).toContain(`refusing to write ${target}: ${message}`);
      expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
    }
    expect(snapshot([w.dir])).toEqual(before);
  });

  test("replaces a folder an earlier export wrote, marker and all", async () => {
    const target = join(w.dir, "exports", "csv");
    expect((await exportTo(target, false)).status).toBe(0);
    expect(existsSync(join(target, EXPORT_MARKER))).toBe(true);
    writeFileSync(join(target, "stale.csv"), "x\n");
    expect((await exportTo(target)).status).toBe(0);
    expect(existsSync(join(target, "stale.csv"))).toBe(false);
    expect(existsSync(join(target, "datapackage.json"))).toBe(true);
  });
});

describe("check --output and report --out", () => {
  test("refuse the warehouse, a folder and a file of another kind; nothing is written and the checks do not run", async () => {
    const folder = join(w.dir, "out-folder");
    mkdirSync(folder);
    const notes = join(w.dir, "notes.md");
    writeFileSync(notes, "# My notes\n\nkeep me\n");
    // a document that quotes a summary line (as the README does) is no human report: those end with it
    const readme = join(w.dir, "README.md");
    writeFileSync(readme, "# A project\n\n```\n0 errors, 11 warnings, 7 infos, 18 waived, 2 corrected — 38 findings from 13 checks\n```\n\nMore text.\n");
    const junit = join(w.dir, "earlier.xml");
    writeFileSync(junit, "<?xml version=\"1.0\"?>\n<project>not a test report</project>\n");
    const before = snapshot([w.dir]);
    const cases: Array<[string[], string]> = [
      [["--format", "junit", "--output", w.db], `refusing to write ${w.db}: it is ${w.db}, which this command did not write`],
      [["--format", "json", "--output", folder], `refusing to write ${folder}: it is a folder; name a file inside it`],
      [["--format", "markdown", "--output", notes], `refusing to write ${notes}: the file exists and is not a Markdown check report this workspace wrote`],
      [["--format", "human", "--output", readme], `refusing to write ${readme}: the file exists and is not a human check report this workspace wrote`],
      [["--format", "junit", "--output", junit], `refusing to write ${junit}: the file exists and is not a JUnit check report`],
    ];
    for (const [args, message] of cases) {
      const { text, io } = capture();
      expect(await checkCommand([...conf(), ...args], { ...io, kinds: fakeKinds })).toBe(2);
      expect(text.stderr).toBe(`checks not run: ${message}${text.stderr.slice(`checks not run: ${message}`.length)}`);
      expect(text.stderr.trim().split("\n")).toHaveLength(1);
    }
    for (const [out, message] of [[w.db, "which this command did not write"], [folder, "it is a folder"], [notes, "is not a HTML report"]] as const) {
      const { text, io } = capture();
      expect(await reportCommand([...conf(), "--out", out], io)).toBe(2);
      expect(text.stderr).toContain(`report not written: refusing to write ${out}`);
      expect(text.stderr).toContain(message);
    }
    expect(snapshot([w.dir])).toEqual(before);
  });

  test("replace an earlier report of their own kind, or an empty file", async () => {
    for (const format of ["human", "json", "junit", "markdown", "github"]) {
      const file = join(w.dir, `again.${format}`);
      writeFileSync(file, "");
      const { io } = capture();
      expect(await checkCommand([...conf(), "--format", format, "--output", file], { ...io, kinds: fakeKinds }), format).toBe(0);
      // the run's durations differ between runs; the rest is the same report again
      const read = () => readFileSync(file, "utf8").replace(/time="[^"]*"|"seconds": ?[\d.e-]+/gu, "");
      const first = read();
      expect(first.length).toBeGreaterThan(0);
      expect(await checkCommand([...conf(), "--format", format, "--output", file], { ...io, kinds: fakeKinds }), format).toBe(0);
      expect(read()).toBe(first);
    }
  });
});
