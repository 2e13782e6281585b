// Issue 10, the SQL prompt cannot change anything: one-off queries, --file, the prompt and .read run on a
// warehouse opened read-only with DuckDB's external access off and its configuration locked, so COPY TO,
// ATTACH ... READ_WRITE, read_text and INSTALL are refused and every file stays byte-identical. The check
// run (writable, for its findings) and the export's connection are closed the same way.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CheckSqlError } from "../../checks/errors.ts";
import { runChecks } from "../../checks/runner.ts";
import { sqlCommand } from "../../pipelines/cli/sql.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { fakeKinds, syntheticWarehouse, writeConfig } from "../helpers/syntheticWarehouse.ts";
import { snapshot } from "../helpers/snapshot.ts";

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
let other: string;
beforeAll(async () => {
  w = await syntheticWarehouse();
  other = join(w.dir, "other.duckdb");
  const o = await Warehouse.open(other);
  await o.run("CREATE TABLE t AS SELECT 1 AS x; CREATE VIEW observations AS SELECT * FROM t; CHECKPOINT");
  o.close();
});
afterAll(() => w.cleanup());

const hostile = () => [
  `COPY (SELECT 'x' AS x) TO '${w.db}' (FORMAT csv)`,
  `COPY (SELECT 'x' AS x) TO '${join(w.dir, "written.csv")}' (FORMAT csv)`,
  `ATTACH '${other}' AS o (READ_WRITE); DROP VIEW o.observations`,
  `SELECT content FROM read_text('/etc/passwd')`,
  `INSTALL httpfs`,
  `LOAD httpfs`,
  `SET enable_external_access = true`,
  `CREATE TABLE mine AS SELECT 1`,
];

const sql = async (args: string[], stdin = "") => {
  let stdout = "";
  let stderr = "";
  const input = new PassThrough();
  input.end(stdin);
  const status = await sqlCommand(["--db", w.db, ...args], {
    stdin: input,
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true) },
  });
  return { status, stdout, stderr };
};

describe("npm run sql", () => {
  test.each(["COPY TO the warehouse", "COPY TO a new file", "ATTACH READ_WRITE + DROP VIEW", "read_text", "INSTALL", "LOAD", "SET", "CREATE TABLE"].map((name, i) => [name, i] as const))("a one-off %s is refused", async (_name, i) => {
    const q = hostile()[i]!;
    const before = snapshot([w.dir]);
    const r = await sql([q]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: (Permission Error|Invalid Input Error): .*(disabled by configuration|disabled through configuration|configuration has been locked|read-only mode)/u);
    expect(r.stdout).not.toContain("root:");
    expect(snapshot([w.dir])).toEqual(before);
  });

  test("--file, the prompt and .read refuse them too; reading the warehouse still works", async () => {
    const file = join(w.dir, "hostile.sql");
    writeFileSync(file, `COPY (SELECT 'x' AS x) TO '${w.db}' (FORMAT csv);`);
    const before = snapshot([w.dir]);
    const viaFile = await sql(["--file", file]);
    expect(viaFile.status).toBe(1);
    expect(viaFile.stderr).toContain("Permission Error");
    const prompt = await sql([], [...hostile().map((q) => `${q};`), `.read ${file}`, "SELECT count(*) AS n FROM observations;"].join("\n") + "\n");
    expect(prompt.status).toBe(1);
    expect(prompt.stderr.match(/^error: /gmu)).toHaveLength(hostile().length + 1);
    expect(prompt.stdout).toMatch(/\bn\b[\s\S]*\b4\b/u);
    expect(prompt.stdout).not.toContain("root:");
    expect(snapshot([w.dir])).toEqual(before);
  });
});

describe("the other commands' connections", () => {
  test("a check run's SQL cannot write or read outside the warehouse", async () => {
    const sqlDir = mkdtempSync(join(tmpdir(), "mp-sqldir-"));
    try {
      writeFileSync(join(sqlDir, "00_leak.sql"), `COPY (SELECT 1 AS x) TO '${join(w.dir, "leak.csv")}' (FORMAT csv);`);
      const config = writeConfig(w.dir, { checks: { checks: [] } });
      const names = () => readdirSync(w.dir).sort();
      const before = names();
      await expect(runChecks({ dbPath: w.db, ...config, kinds: fakeKinds, sqlDir })).rejects.toThrow(CheckSqlError);
      await expect(runChecks({ dbPath: w.db, ...config, kinds: fakeKinds, sqlDir })).rejects.toThrow(/Permission Error: Cannot access file .*leak\.csv/u);
      expect(names()).toEqual(before);
    } finally {
      rmSync(sqlDir, { recursive: true, force: true });
    }
  });

  test("a locked connection writes only into the folders allowed (the export's staging folder)", async () => {
    const staging = join(w.dir, ".staging");
    mkdirSync(staging);
    let spillDir = "";
    // a small memory limit, so that a large sort below spills
    const wh = await Warehouse.openLocked(w.db, { allowedDirectories: [staging], settings: { threads: "1", memory_limit: "'32MB'" } });
    try {
      await wh.run(`COPY (SELECT 1 AS x) TO '${join(staging, "ok.csv")}' (FORMAT csv)`);
      expect(readdirSync(staging)).toEqual(["ok.csv"]);
      const before = snapshot([w.dir]);
      await expect(wh.run(`COPY (SELECT 1 AS x) TO '${join(w.dir, "out.csv")}' (FORMAT csv)`)).rejects.toThrow(/Permission Error/u);
      await expect(wh.run(`SET allowed_directories = ['/']`)).rejects.toThrow(/configuration has been locked/u);
      // DuckDB's spill folder is the only other place it allows: not beside the warehouse, but a reader's own
      const [{ allowed, spill }] = (await wh.all<{ allowed: string; spill: string }>(`SELECT current_setting('allowed_directories')::VARCHAR AS allowed, current_setting('temp_directory') AS spill`)) as [{ allowed: string; spill: string }];
      expect(allowed).not.toContain(`${w.db}.tmp`);
      expect(spill.startsWith(tmpdir())).toBe(true);
      // the folder is made when DuckDB first spills
      await wh.all(`SELECT count(*) AS n FROM (SELECT r, md5(r::VARCHAR) AS h FROM range(3000000) t(r) ORDER BY h)`);
      expect(existsSync(spill)).toBe(true);
      spillDir = spill;
      expect(snapshot([w.dir])).toEqual(before);
    } finally {
      wh.close();
    }
    expect(existsSync(spillDir)).toBe(false);
  });
});
