// Issue 10, concurrent commands see one consistent warehouse: while a build holds the warehouse's lock,
// check, report, export and sql refuse (exit 2, naming the build's pid) and change nothing; a build refuses
// while a check stores its findings; findings go only into the file they were computed from.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkCommand } from "../../pipelines/cli/check.ts";
import { WarehouseReplacedError } from "../../checks/errors.ts";
import { runChecks } from "../../checks/runner.ts";
import type { CheckKind } from "../../checks/types.ts";
import { sqlCommand } from "../../pipelines/cli/sql.ts";
import { exportCommand } from "../../pipelines/cli/export.ts";
import { acquireBuildLock, BuildLockedError } from "../../pipelines/load/buildLock.ts";
import { build } from "../../pipelines/load/build.ts";
import { reportCommand } from "../../pipelines/cli/report.ts";
import { fakeKinds, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";
import { snapshot } from "../helpers/snapshot.ts";

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
let config: ReturnType<typeof writeConfig>;
let sleeper: ChildProcess; // stands for a running build: a live process whose pid the lock holds
beforeAll(async () => {
  w = await syntheticWarehouse();
  config = writeConfig(w.dir, { checks: { checks: [{ id: "always-fails", kind: "fixed", description: "fails", params: { targets: ["a"] } }] } });
  sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600000)"], { stdio: "ignore" });
});
afterAll(() => {
  sleeper.kill();
  w.cleanup();
});

const capture = () => {
  const text = { stdout: "", stderr: "" };
  return { text, io: { stdout: { write: (t: string) => ((text.stdout += t), true) }, stderr: { write: (t: string) => ((text.stderr += t), true) } } };
};
const conf = () => ["--db", w.db, "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile];

describe("while a build holds the lock", () => {
  test("check, report, export and sql refuse with the build's pid; nothing changes", async () => {
    const pid = sleeper.pid!;
    writeFileSync(`${w.db}.lock`, `${pid} build\n`);
    try {
      const before = snapshot([w.dir]);
      const busy = `another build (pid ${pid}) is writing ${w.db}`;
      const check = capture();
      expect(await checkCommand(conf(), { ...check.io, kinds: fakeKinds })).toBe(2);
      expect(check.text.stderr).toContain(`checks could not run: ${busy}; wait for it`);
      const report = capture();
      const empty = writeConfig(mkdtempSync(join(w.dir, "conf-")), { checks: { checks: [] } });
      const before2 = snapshot([w.dir]);
      expect(await reportCommand(["--db", w.db, "--checks", empty.checksFile, "--waivers", empty.waiversFile, "--corrections", empty.correctionsFile, "--out", join(w.dir, "r.html")], report.io)).toBe(2);
      expect(report.text.stderr).toContain(`report not written: ${busy}`);
      const exp = capture();
      expect(await exportCommand(["--format", "csv", "--db", w.db, "--out", join(w.dir, "x")], exp.io)).toBe(2);
      expect(exp.text.stderr).toBe(`${busy}: not reading it meanwhile (its content is about to change); run this again when the build has finished (or remove ${w.db}.lock if no build is running)\n`);
      const sql = capture();
      const stdin = new PassThrough();
      stdin.end();
      expect(await sqlCommand(["--db", w.db, "SELECT 1"], { stdin, ...sql.io })).toBe(2);
      expect(sql.text.stderr).toContain(`${busy}: not reading it meanwhile`);
      expect(snapshot([w.dir])).toEqual(before2);
      expect(Object.keys(before2).filter((k) => !(k in before)).every((k) => k.includes("conf-"))).toBe(true);
    } finally {
      rmSync(`${w.db}.lock`);
    }
  });

  test("a lock of a process that has ended does not stop a reader", async () => {
    writeFileSync(`${w.db}.lock`, `999999999 build\n`);
    try {
      const sql = capture();
      const stdin = new PassThrough();
      stdin.end();
      expect(await sqlCommand(["--db", w.db, "--format", "csv", "SELECT 1 AS one"], { stdin, ...sql.io })).toBe(0);
      expect(sql.text.stdout).toBe("one\n1\n");
    } finally {
      rmSync(`${w.db}.lock`);
    }
  });
});

describe("a check and a build", () => {
  test("a build refuses while a check holds the lock, naming the check", async () => {
    const release = acquireBuildLock(w.db, "check");
    try {
      const before = snapshot([w.dir]);
      const err = await build({ sourcesDir: join(w.dir, "no-sources"), dbPath: w.db }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BuildLockedError);
      expect((err as Error).message).toBe(`a check (pid ${process.pid}) is storing its findings in ${w.db}; wait for it or remove ${w.db}.lock if no check is running`);
      expect(snapshot([w.dir])).toEqual(before);
    } finally {
      release();
    }
    expect(existsSync(`${w.db}.lock`)).toBe(false);
  });

  test("findings are not stored into a warehouse that replaced the one they were computed from", async () => {
    const replacement = join(w.dir, "replacement.duckdb");
    copyFileSync(w.db, replacement);
    const original = readFileSync(w.db);
    const swapping: CheckKind = {
      ...fakeKinds.get("fixed")!,
      kind: "swapping",
      // stands for a build that ignores the lock and renames its new file into place mid-check
      explain: async () => {
        renameSync(replacement, w.db);
        return new Map();
      },
    };
    const kinds = new Map([...fakeKinds, ["swapping", swapping]]);
    const cfg = writeConfig(w.dir, { checks: { checks: [{ id: "swap", kind: "swapping", description: "swaps", params: { targets: ["a"] } }] } });
    const newBytes = readFileSync(replacement);
    await expect(runChecks({ dbPath: w.db, ...cfg, kinds })).rejects.toThrow(WarehouseReplacedError);
    expect(readFileSync(w.db).equals(newBytes)).toBe(true);
    expect(existsSync(`${w.db}.lock`)).toBe(false);
    writeFileSync(w.db, original); // the fixture as it was, for the other tests
  });
});
