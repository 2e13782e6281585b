// Nothing lost under faults: malformed CSV is an error, never a crash; a build killed at any moment leaves
// the previous warehouse; two builds at once do not both write; hostile names and paths in descriptors
// are refused or quoted.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { stageBulkTable } from "../pipelines/bulk/stageBulkTable.ts";
import { formatError, InputErrors } from "../pipelines/core/errors.ts";
import { decodeUtf8, parseCsvText, readCsv } from "../pipelines/core/readCsv.ts";
import { build } from "../pipelines/load/build.ts";
import { collectManifest } from "../pipelines/load/collectManifest.ts";
import { acquireBuildLock, BuildLockedError } from "../pipelines/load/buildLock.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { createWarehouseSchema } from "../pipelines/load/schema.ts";
import { bulkWorkspace, matrixTable } from "./helpers/bulkPackage.ts";
import { copySources, edit, projectRoot } from "./helpers/workspace.ts";

const main = join(projectRoot, "pipelines", "cli", "main.ts");
/** The CLI in node itself (not the tsx wrapper, whose child would survive a kill). */
const cli = (args: string[]) => spawn(process.execPath, ["--import", "tsx", main, ...args], { cwd: projectRoot, stdio: ["ignore", "ignore", "pipe"] });
const exited = (child: ReturnType<typeof cli>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });

/** Text made of what breaks CSV readers: quotes, separators, line ends of every kind, a BOM, blanks. */
const csvTokens = fc.constantFrom('"', '""', ",", "\n", "\r\n", "\r", "\uFEFF", " ", "a", "Ä", "1,2", '"x,y"', "\t", "", ";");
const csvText = fc.array(csvTokens, { maxLength: 60 }).map((t) => t.join(""));
const csvBytes = fc.oneof(
  csvText.map((t) => new Uint8Array(Buffer.from(t))),
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(csvText, fc.uint8Array({ minLength: 1, maxLength: 4 }), csvText).map(([a, bad, b]) => new Uint8Array(Buffer.concat([Buffer.from(a), Buffer.from(bad.map((x) => x | 0x80)), Buffer.from(b)]))),
);

describe("CSV extraction never crashes", () => {
  test("parseCsvText: records with 1-based lines, or errors with a position, for any text", () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const { csv, errors } = parseCsvText(text, "fuzz.csv");
        const lines = text.replace(/\r\n?/g, "\n").split("\n").length;
        for (const r of csv.records) expect(r.line).toBeGreaterThanOrEqual(1), expect(r.line).toBeLessThanOrEqual(lines);
        for (const e of errors) expect(e).toMatchObject({ file: "fuzz.csv", code: expect.stringMatching(/^[a-z-]+$/), line: expect.any(Number), column: expect.any(Number) });
      }),
      { numRuns: 500 },
    );
  });

  test("readCsv: any bytes (empty, ragged, BOM, CRLF, not UTF-8) give records or errors, never an exception", () => {
    const dir = copySources();
    try {
      const file = join(dir.dir, "fuzz.csv");
      fc.assert(
        fc.property(csvBytes, (bytes) => {
          writeFileSync(file, bytes);
          const { errors } = readCsv(file, "fuzz.csv");
          const valid = "text" in decodeUtf8(bytes, "fuzz.csv");
          if (!valid) expect(errors).toEqual([expect.objectContaining({ code: "encoding-error", line: expect.any(Number) })]);
        }),
        { numRuns: 300 },
      );
    } finally {
      dir.cleanup();
    }
  });

  test("a bulk file of any bytes is read by DuckDB into errors with a position, never a crash", async () => {
    const ws = bulkWorkspace();
    ws.descriptor([matrixTable()]);
    const wh = await Warehouse.open();
    try {
      await createWarehouseSchema(wh);
      let ordinal = 0;
      const body = fc.oneof(csvBytes, fc.array(fc.tuple(fc.constantFrom("Germany", "France", '"Korea, Republic of"', "Frnace", ""), fc.constantFrom("2005", "2006 (estimate)", "x"), fc.constantFrom("M", "T", ""), fc.constantFrom("1", "1,234", "-", "", "1.2.3", '"7"')), { maxLength: 8 }).map((rows) => new Uint8Array(Buffer.from(rows.map(([c, y, s, v]) => `Germany,${c},${y},${s},${v}`).join("\r\n")))));
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom("\n", "\r\n", "\n\n"), async (bytes, end) => {
          ws.write("tables/flows.csv", Buffer.concat([Buffer.from(`destination,origin,year,sex,value${end}`), bytes]));
          const { manifest, errors } = collectManifest(ws.sources);
          const { pkg, normalized } = manifest.packages[0]!;
          if (pkg.bulkTables.length === 0) {
            expect(errors.length).toBeGreaterThan(0);
            return;
          }
          const staged = await stageBulkTable(wh, pkg, pkg.bulkTables[0]!, manifest.reference, normalized.referenceCountry, ordinal++);
          for (const sql of staged.cleanup) await wh.run(sql);
          for (const e of staged.errors) {
            expect(e.code).toMatch(/^[a-z-]+$/);
            expect(e.line).toBeGreaterThanOrEqual(0);
            expect(e.column).toBeGreaterThanOrEqual(0);
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      wh.close();
      ws.cleanup();
    }
  });
});

describe("builds under faults", () => {
  const ws = copySources();
  afterAll(() => ws.cleanup());
  const leftovers = () => readdirSync(dirname(ws.db)).filter((f) => f.includes(".tmp-") || f.endsWith(".lock"));
  const content = async (): Promise<string> => {
    const wh = await Warehouse.open(ws.db, { access_mode: "READ_ONLY" });
    try {
      const parts: string[] = [];
      for (const t of ["observations", "table_hierarchy", "geography_labels", "source_tables", "citations"]) parts.push(JSON.stringify(await wh.all(`SELECT * FROM ${t} ORDER BY ALL`)));
      return parts.join("\n");
    } finally {
      wh.close();
    }
  };

  test("killed (SIGKILL) at random moments, five times: the warehouse is always the previous one or a complete new one; the next build succeeds", async () => {
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    const reference = await content();
    const t = performance.now();
    expect((await exited(cli(["build", "--sources", ws.sources, "--db", ws.db]))).code).toBe(0);
    const whole = performance.now() - t;
    // delays over the whole life of a build: start-up, reading, loading, renaming
    const delays = fc.sample(fc.integer({ min: 0, max: Math.round(whole) }), { numRuns: 5, seed: 42 });
    for (const delay of delays) {
      const child = cli(["build", "--sources", ws.sources, "--db", ws.db]);
      const done = exited(child);
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await done;
      expect(await content()).toBe(reference);
    }
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    expect(await content()).toBe(reference);
    expect(leftovers()).toEqual([]);
  }, 180_000); // seven builds in child processes: on two busy cores, more than the default minute

  test("two builds at once: the second stops with a clear message and exit 2, the first is unaffected", async () => {
    // The first build (in this process) holds the lock and waits, once it has read the sources, until the
    // second (the CLI, another process) has given up.
    let second: { code: number | null; stderr: string } | undefined;
    const first = build({
      sourcesDir: ws.sources,
      dbPath: ws.db,
      onStage: async (stage) => {
        if (stage === "read") second = await exited(cli(["build", "--sources", ws.sources, "--db", ws.db]));
      },
    });
    await expect(first).resolves.toMatchObject({ dbPath: ws.db, packages: 1 });
    expect(second!.code).toBe(2);
    expect(second!.stderr.trim().split("\n").at(-1)).toBe(
      `another build (pid ${process.pid}) is writing ${ws.db}; wait for it or remove ${ws.db}.lock if no build is running`,
    );
    expect(leftovers()).toEqual([]);
    expect((await content()).length).toBeGreaterThan(10_000);
  });

  test("the lock: one holder per warehouse, in one process too; a dead holder's lock is taken over", () => {
    const db = join(ws.dir, "lock-test", "profile.duckdb");
    mkdirSync(dirname(db), { recursive: true });
    const release = acquireBuildLock(db);
    expect(() => acquireBuildLock(db)).toThrow(new BuildLockedError(process.pid, db));
    expect(() => acquireBuildLock(db)).toThrow(`another build (pid ${process.pid}) is writing ${db}; wait for it or remove ${db}.lock if no build is running`);
    release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    // a killed build's lock: its process is gone
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${db}.lock`, `${dead.stdout}\n`);
    const again = acquireBuildLock(db);
    again();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });
});

describe("hostile names and paths in descriptors", () => {
  const messages = async (run: () => Promise<unknown>): Promise<string[]> => {
    try {
      await run();
      return [];
    } catch (e) {
      if (!(e instanceof InputErrors)) throw e;
      return e.errors.map((x) => formatError(x).replace(/^.*\/(?=descriptor\.json:)/, ""));
    }
  };

  test("a table id, a view name or a file that would escape is refused by the descriptor schema, for printed and bulk tables", async () => {
    const ws = bulkWorkspace();
    try {
      ws.write("tables/flows.csv", "destination,origin,year,sex,value\nGermany,France,2005,M,1\n");
      ws.descriptor([
        matrixTable({ id: 'x"; DROP TABLE observations; --' }),
        matrixTable({ id: "b", view: 'v"; DROP TABLE observations; --' }),
        matrixTable({ id: "c", file: "../../etc/passwd" }),
        matrixTable({ id: "d", file: "/etc/passwd" }),
      ]);
      const errors = await messages(() => build({ sourcesDir: ws.sources, dbPath: ws.db }));
      const path = "(expected a relative path inside the package folder (no '..', no leading '/') (pattern ^(?!\\/)(?!.*(?:^|\\/)\\.\\.(?:\\/|$))[A-Za-z0-9._\\/-]+$)";
      expect(errors).toEqual([
        `descriptor.json:22:13: invalid-descriptor: "x\\"; DROP TABLE observations; --" (expected lower-case id: letters, digits, '.', '_' and '-' (pattern ^[a-z0-9][a-z0-9._-]*$) at /tables/0/id)`,
        `descriptor.json:92:15: invalid-descriptor: "v\\"; DROP TABLE observations; --" (expected name of the table's wide view (snake_case) (pattern ^[a-z][a-z0-9_]*$) at /tables/1/view)`,
        `descriptor.json:122:15: invalid-descriptor: "../../etc/passwd" ${path} at /tables/2/file)`,
        `descriptor.json:170:15: invalid-descriptor: "/etc/passwd" ${path} at /tables/3/file)`,
      ]);
      expect(existsSync(ws.db)).toBe(false);
    } finally {
      ws.cleanup();
    }
  });

  test("a bulk file reached through a symbolic link out of the package is refused", async () => {
    const ws = bulkWorkspace();
    try {
      writeFileSync(join(ws.dir, "outside.csv"), "destination,origin,year,sex,value\nGermany,France,2005,M,1\n");
      symlinkSync(join(ws.dir, "outside.csv"), join(ws.pkg, "tables", "flows.csv"));
      ws.descriptor([matrixTable()]);
      expect(await ws.build()).toEqual([["descriptor.json", 25, 15, "path-outside-package"]]);
    } finally {
      ws.cleanup();
    }
  });

  test("bulk column names and values that look like SQL are quoted: read as names and values, nothing else", async () => {
    const ws = bulkWorkspace();
    try {
      const evil = 'x"); DROP TABLE observations; --';
      ws.write("tables/flows.csv", `destination,"${evil.replaceAll('"', '""')}",year,sex,value\nGermany,France,2005,M,1\nGermany,"O'Brien'); DROP TABLE observations; --",2005,M,2\nGermany,Total,2005,M,3\n`);
      ws.write("aliases.csv", `alias,code,kind,note\n"O'Brien'); DROP TABLE observations; --",UNSPECIFIED,unspecified,\n`);
      ws.descriptor([
        matrixTable({}, {
          columns: { destination: ["ref_area", "reporter"], [evil]: "counterpart", year: "period", sex: "breakdown:sex", value: "value" },
          row_key: ["destination", evil],
          hierarchy: [{ column: evil, total: "Total", parts: "*", except: ["O'Brien'); DROP TABLE observations; --"] }],
        }),
      ]);
      expect(await ws.build()).toEqual([]);
      expect(await ws.query(`SELECT row_label, value FROM observations ORDER BY line`)).toEqual([
        { row_label: "Germany / France", value: 1 },
        { row_label: "Germany / O'Brien'); DROP TABLE observations; --", value: 2 },
        { row_label: "Germany / Total", value: 3 },
      ]);
      expect(await ws.query(`SELECT total_label, part_label FROM table_hierarchy`)).toEqual([{ total_label: "Germany / Total", part_label: "Germany / France" }]);
    } finally {
      ws.cleanup();
    }
  });

  test("a path with a '..' segment is refused even where it would stay inside the package", async () => {
    const ws = copySources();
    try {
      edit(join(ws.pkg, "descriptor.json"), '"file": "tables/table-01.csv"', '"file": "tables/../tables/table-01.csv"');
      const errors = await messages(() => build({ sourcesDir: ws.sources, dbPath: ws.db }));
      expect(errors).toEqual([expect.stringMatching(/^descriptor\.json:30:15: invalid-descriptor: "tables\/\.\.\/tables\/table-01\.csv" \(expected a relative path inside the package folder/)]);
    } finally {
      ws.cleanup();
    }
  });
});
