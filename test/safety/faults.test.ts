// Issue 10, faults leave a usable state: stale locks (empty, garbage, a folder) are taken over and a lock
// that cannot be written is not left behind; a full disk stops the check before DuckDB writes; a table
// file that is a pipe is an input error, not a hang; a closed stdout keeps the command's exit code; file
// system errors and unopenable warehouses are one line naming the path and the real cause.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runChecks } from "../../checks/runner.ts";
import { sqlCommand } from "../../pipelines/cli/sql.ts";
import { fsErrorLine, NoSpaceError } from "../../pipelines/core/fsErrors.ts";
import { acquireBuildLock, LockWriteError } from "../../pipelines/load/buildLock.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { bulkWorkspace, matrixTable } from "../helpers/bulkPackage.ts";
import { fakeKinds, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";
import { snapshot } from "../helpers/snapshot.ts";
import { projectRoot } from "../helpers/workspace.ts";

// A lock write that fails as on a full disk, switched on by a test (the rest of node:fs untouched).
const failLockWrite = { on: false };
vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  return {
    ...real,
    writeSync: (...args: Parameters<typeof real.writeSync>) => {
      if (failLockWrite.on) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
      return (real.writeSync as (...a: unknown[]) => number)(...args);
    },
  };
});

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
beforeAll(async () => {
  w = await syntheticWarehouse();
});
afterAll(() => w.cleanup());

const main = join(projectRoot, "pipelines", "cli", "main.ts");
const run = (args: string[], opts: { closeStdout?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", main, ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    if (opts.closeStdout === true) child.stdout.destroy(); // the reader is gone before anything is written
    else child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });

describe("locks", () => {
  test.each([
    ["an empty lock", (f: string) => writeFileSync(f, "")],
    ["a lock without a pid", (f: string) => writeFileSync(f, "garbage\n")],
    ["a folder as lock", (f: string) => mkdirSync(f)],
  ])("%s is stale: taken over, and released after", (_name, make) => {
    const db = join(w.dir, "stale.duckdb");
    make(`${db}.lock`);
    const release = acquireBuildLock(db);
    expect(fs.readFileSync(`${db}.lock`, "utf8")).toBe(`${process.pid} build\n`);
    release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  test("a lock that cannot be written (full disk) is an error saying so, and no lock is left", () => {
    const db = join(w.dir, "full.duckdb");
    const before = snapshot([w.dir]);
    failLockWrite.on = true;
    try {
      expect(() => acquireBuildLock(db)).toThrow(LockWriteError);
      expect(() => acquireBuildLock(db)).toThrow(`could not write the lock ${db}.lock (ENOSPC): the disk is full; free some space and run again`);
    } finally {
      failLockWrite.on = false;
    }
    expect(snapshot([w.dir])).toEqual(before);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });
});

describe("a full disk in check", () => {
  test("is caught before DuckDB writes: NoSpaceError, nothing changed, no lock left", async () => {
    const config = writeConfig(mkdtempSync(join(w.dir, "conf-")), { checks: { checks: [] } });
    const before = snapshot([w.dir]);
    const err = await runChecks({ dbPath: w.db, ...config, kinds: fakeKinds, minFreeBytes: Number.MAX_SAFE_INTEGER }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSpaceError);
    expect((err as Error).message).toMatch(new RegExp(`^ENOSPC on ${w.dir}: only \\d+ KiB free where \\d+ KiB are needed to write safely; free some space and run again \\(nothing was changed\\)$`, "u"));
    expect(snapshot([w.dir])).toEqual(before);
  });

  // A real full file system where the machine lets a test mount one (root in a container); else skipped.
  const mountable = (() => {
    if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), "mp-mount-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
      execFileSync("umount", [probe], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();
  test.skipIf(!mountable)("on a nearly full file system the CLI exits 2 with one line; a read-only one gives EROFS for --output", async () => {
    const mnt = mkdtempSync(join(tmpdir(), "mp-full-"));
    const size = fs.statSync(w.db).size;
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${Math.ceil(size / 1024) + 64}k`, "tmpfs", mnt]);
    try {
      fs.copyFileSync(w.db, join(mnt, "profile.duckdb"));
      const config = writeConfig(w.dir, { checks: { checks: [] } });
      const args = ["check", "--db", join(mnt, "profile.duckdb"), "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile];
      const before = snapshot([mnt]);
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`checks could not run: ENOSPC on ${mnt}: only \\d+ KiB free`, "u"));
      expect(r.stderr).not.toMatch(/\n\s+at /u);
      expect(snapshot([mnt])).toEqual(before);
      execFileSync("mount", ["-o", "remount,ro", mnt]);
      const ro = await run(["check", "--db", w.db, "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile, "--format", "json", "--output", join(mnt, "sub", "findings.json")]);
      expect(ro.code).toBe(2);
      expect(ro.stderr).toContain(`report not written: EROFS on ${join(mnt, "sub")}: it is on a read-only file system`);
      expect(ro.stderr).not.toMatch(/\n\s+at /u);
    } finally {
      execFileSync("umount", [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});

describe("table files that are not regular files", () => {
  test.skipIf(process.platform === "win32")("a FIFO as a printed or a bulk table is an input error at its descriptor line, not a hang", async () => {
    const ws = bulkWorkspace();
    try {
      const { bulk: _bulk, ...printed } = matrixTable({ id: "printed", file: "tables/printed.csv" });
      ws.descriptor([matrixTable(), printed]);
      execFileSync("mkfifo", [join(ws.pkg, "tables", "flows.csv")]);
      execFileSync("mkfifo", [join(ws.pkg, "tables", "printed.csv")]);
      const errors = (await ws.build()).filter(([, , , code]) => code === "not-a-regular-file");
      expect(errors).toEqual([
        ["descriptor.json", expect.any(Number), expect.any(Number), "not-a-regular-file"],
        ["descriptor.json", expect.any(Number), expect.any(Number), "not-a-regular-file"],
      ]);
      expect(existsSync(ws.db)).toBe(false);
      expect(readdirSync(join(ws.dir, "warehouse")).filter((f) => f.endsWith(".lock"))).toEqual([]);
    } finally {
      ws.cleanup();
    }
  });
});

test.skipIf(process.platform === "win32")("sql --file and checks.json that are pipes are refused at once, not waited on", async () => {
  const fifo = join(w.dir, "query.fifo");
  execFileSync("mkfifo", [fifo]);
  try {
    let stderr = "";
    const stdin = new PassThrough();
    stdin.end();
    expect(await sqlCommand(["--db", w.db, "--file", fifo], { stdin, stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t), true) } })).toBe(2);
    expect(stderr).toBe(`cannot read ${fifo}: ${fifo} is not a regular file\n`);
    const config = writeConfig(mkdtempSync(join(w.dir, "conf-")), { checks: { checks: [] } });
    const err = await runChecks({ dbPath: w.db, ...config, checksFile: fifo, kinds: fakeKinds }).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`${fifo}:0:0: unreadable-file`);
  } finally {
    rmSync(fifo);
  }
});

describe("closed pipes and file-system errors", () => {
  test("check --format json into a closed pipe: one line on stderr, no stack, and the exit code of the same run into a reader", async () => {
    const config = writeConfig(mkdtempSync(join(w.dir, "conf-")), { checks: { checks: [] } });
    const args = ["check", "--db", w.db, "--checks", config.checksFile, "--waivers", config.waiversFile, "--corrections", config.correctionsFile, "--format", "json"];
    const open = await run(args);
    const closed = await run(args, { closeStdout: true });
    expect(closed.code).toBe(open.code);
    expect(closed.stderr).toContain("stdout was closed before the output ended (EPIPE): the rest was not printed; the exit code is the command's\n");
    expect(closed.stderr).not.toMatch(/internal error|\n\s+at /u);
  });

  test("sql into a closed pipe: exit 0, one line", async () => {
    const closed = await run(["sql", "--db", w.db, "SELECT * FROM range(100000)"], { closeStdout: true });
    expect(closed.code).toBe(0);
    expect(closed.stderr).toBe("stdout was closed before the output ended (EPIPE): the rest was not printed; the exit code is the command's\n");
  });

  test.each([
    ["ENOSPC", "/data/out.json", "ENOSPC on /data/out.json: the disk is full; free some space and run again"],
    ["EROFS", "/mnt/ro/report.html", "EROFS on /mnt/ro/report.html: it is on a read-only file system; use a writable folder (--db, --out, --output)"],
    ["EISDIR", "/tmp/x", "EISDIR on /tmp/x: a folder stands where a file is expected; name a file"],
    ["EBUSY", "/tmp/y", "EBUSY on /tmp/y: it is in use by another program; close that program and run again"],
  ])("a Node %s names the path and what to do", (code, path, line) => {
    expect(fsErrorLine(Object.assign(new Error(`${code}: oops, open '${path}'`), { code, path }))).toBe(line);
  });

  test("DuckDB's IO error on a full disk names its file", () => {
    expect(fsErrorLine(new Error(`TransactionContext Error: Failed to commit: Could not write file "/w/profile.duckdb.wal": No space left on device`)))
      .toBe("ENOSPC on /w/profile.duckdb.wal: the disk is full; free some space and run again");
    expect(fsErrorLine(new Error("Binder Error: no such column"))).toBeUndefined();
  });
});

describe("a warehouse that cannot be opened", () => {
  const sql = async (db: string) => {
    let stderr = "";
    const stdin = new PassThrough();
    stdin.end();
    const status = await sqlCommand(["--db", db, "SELECT 1"], { stdin, stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t), true) } });
    return { status, stderr };
  };

  test("a file that is not DuckDB's and a folder: the message says so", async () => {
    const bad = join(w.dir, "bad.duckdb");
    writeFileSync(bad, "not a database\n".repeat(400));
    const folder = join(w.dir, "folder.duckdb");
    mkdirSync(folder);
    const before = snapshot([w.dir]);
    expect(await sql(bad)).toEqual({ status: 2, stderr: `could not open the warehouse at ${bad}: ${bad} is not a DuckDB database (damaged, or another kind of file): rebuild it with npm run build\n` });
    expect(await sql(folder)).toEqual({ status: 2, stderr: `could not open the warehouse at ${folder}: ${folder} is a folder, not a warehouse file: name the .duckdb file with --db\n` });
    expect(snapshot([w.dir])).toEqual(before);
  });

  test("held open for writing by another process: the message names its pid", async () => {
    const holder = spawn(process.execPath, ["--import", "tsx", "-e", `
      import { DuckDBInstance } from "@duckdb/node-api";
      const db = await DuckDBInstance.create(${JSON.stringify(w.db)});
      await db.connect();
      process.stdout.write("ready\\n");
      setTimeout(() => {}, 600000);`], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => holder.stdout.on("data", () => resolve()));
      const r = await sql(w.db);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^could not open the warehouse at ${w.db}: another program \\(pid ${holder.pid}, .*\\) has it open for writing: wait for it to finish or close it`, "u"));
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.on("exit", resolve));
    }
    // once it is gone, the warehouse opens again
    const wh = await Warehouse.openLocked(w.db);
    wh.close();
  });
});
