// A build is atomic: a failed or killed build leaves the previous warehouse byte-identical; the same sources
// give the same content.
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildCommand } from "../pipelines/cli/build.ts";
import { countriesCommand } from "../pipelines/cli/countries.ts";
import { sqlCommand } from "../pipelines/cli/sql.ts";
import { build } from "../pipelines/load/build.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { collector, inProcess } from "./helpers/inProcess.ts";
import { copySources, edit, projectRoot } from "./helpers/workspace.ts";

const ws = copySources();
afterAll(() => ws.cleanup());
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const leftovers = () => readdirSync(dirname(ws.db)).filter((f) => f.includes(".tmp-"));
const main = join(projectRoot, "pipelines", "cli", "main.ts");

/** Every table and view of a warehouse as text, rows in a fixed order. */
const dump = async (db: string): Promise<string> => {
  const wh = await Warehouse.open(db, { access_mode: "READ_ONLY" });
  try {
    const names = await wh.all<{ table_name: string }>(`SELECT table_name FROM information_schema.tables ORDER BY table_name`);
    const parts: string[] = [];
    for (const { table_name } of names) {
      const rows = await wh.all(`SELECT * FROM "${table_name}" ORDER BY ALL`);
      parts.push(table_name, JSON.stringify(rows));
    }
    return parts.join("\n");
  } finally {
    wh.close();
  }
};

describe("atomic builds", () => {
  test("a build that fails after loading leaves the previous warehouse byte-identical and no temporary file", async () => {
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    const before = sha(ws.db);
    await expect(
      build({
        sourcesDir: ws.sources,
        dbPath: ws.db,
        onStage: (stage) => {
          if (stage === "loaded") throw new Error("disk full (simulated)");
        },
      }),
    ).rejects.toThrow("disk full (simulated)");
    expect(sha(ws.db)).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  test("a build killed with SIGKILL while writing leaves the previous warehouse intact; the next build succeeds and clears the debris", async () => {
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    const before = sha(ws.db);
    // node itself (not the tsx wrapper, whose child would survive the kill) runs the build
    const child = spawn(process.execPath, ["--import", "tsx", main, "build", "--sources", ws.sources, "--db", ws.db], { cwd: projectRoot, stdio: "ignore" });
    // Wait until the child has started writing its temporary database, then kill it.
    const deadline = Date.now() + 30_000;
    while (leftovers().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(sha(ws.db)).toBe(before);
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    expect(leftovers()).toEqual([]);
    expect(existsSync(`${ws.db}.lock`)).toBe(false);
  });

  test("the same sources give the same warehouse content", async () => {
    const other = join(ws.dir, "again", "profile.duckdb");
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    await build({ sourcesDir: ws.sources, dbPath: other });
    const [a, b] = [await dump(ws.db), await dump(other)];
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
  });
});

describe("the CLI", () => {
  test("bad input: exit code 1, every error on stderr, the previous warehouse unchanged", async () => {
    await build({ sourcesDir: ws.sources, dbPath: ws.db });
    const before = sha(ws.db);
    edit(join(ws.pkg, "tables", "table-06.csv"), "Germany,249,216,465", "Germany,249,2l6,465");
    edit(join(ws.pkg, "tables", "table-03.csv"), "Sweden,431", "Swedn,431");
    const r = await inProcess(buildCommand, ["--sources", ws.sources, "--db", ws.db]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => /: (unparseable-number|unknown-country): /.test(l)).map((l) => l.replace(/^.*azerbaijan-2008\//, ""))).toEqual([
      expect.stringMatching(/^tables\/table-03\.csv:5:1: unknown-country: "Swedn" \(expected .*closest: Sweden/),
      expect.stringMatching(/^tables\/table-06\.csv:5:3: unparseable-number: "2l6" \(expected /),
    ]);
    expect(lines.at(-1)).toBe("build failed: 2 input error(s); the previous warehouse (if any) is unchanged");
    expect(sha(ws.db)).toBe(before);
    edit(join(ws.pkg, "tables", "table-06.csv"), "Germany,249,2l6,465", "Germany,249,216,465");
    edit(join(ws.pkg, "tables", "table-03.csv"), "Swedn,431", "Sweden,431");
  });

  test("sql prints a table; countries resolves names from stdin as CSV", async () => {
    const q = await inProcess(sqlCommand, ["--db", ws.db, "SELECT measure, count(*) AS n FROM observations WHERE table_id = 't07' GROUP BY ALL ORDER BY 1"]);
    expect(q.status).toBe(0);
    expect(q.stdout).toContain("trafficking_criminal_cases");
    expect(q.stdout.trim().split("\n").at(-1)).toBe("(4 rows)");
    const out = collector();
    const status = await countriesCommand(Readable.from(["Kirgizstan\nRF\nCIS countries\nUSSR\nAtlantis\n"]), out.stream, { errors: collector().stream });
    expect(out.text().trim().split("\n")).toEqual([
      "input,code,name,kind",
      "Kirgizstan,KGZ,Kyrgyzstan,country",
      "RF,RUS,Russian Federation,country",
      "CIS countries,CIS,Commonwealth of Independent States,aggregate",
      expect.stringMatching(/^USSR,SUN,.*,historical$/),
      "Atlantis,,,unknown",
    ]);
    expect(status).toBe(1);
  });

  test("sql on a missing warehouse: exit 2 with what to do", async () => {
    const r = await inProcess(sqlCommand, ["--db", join(ws.dir, "nope.duckdb"), "SELECT 1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("run `npm run build` first");
    expect(existsSync(join(ws.dir, "nope.duckdb"))).toBe(false);
  });
});
