// `npm run sql`: the prompt driven through streams (dot commands, modes, multi-line statements, errors,
// history kept in a file and recalled with the up arrow), output formats, and the one-shot command.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqlCommand } from "../pipelines/cli/sql.ts";
import { formatResult } from "../pipelines/cli/sqlOutput.ts";
import { HISTORY_SIZE, PROMPT_HELP, sqlPrompt, type SqlPromptOptions } from "../pipelines/cli/sqlPrompt.ts";
import { insertRows, Warehouse } from "../pipelines/core/duckdb.ts";
import { createWarehouseSchema } from "../pipelines/load/schema.ts";
import { projectRoot } from "./helpers/workspace.ts";

const dir = mkdtempSync(join(tmpdir(), "mp-sql-"));
const dbFile = join(dir, "profile.duckdb");
let wh: Warehouse;

const observation = (row: string, col: string, value: number, line: number) => ({
  obs_id: `demo:t01/${row}/${col}`, package: "demo", origin_kind: "table", table_id: "t01", row_label: row, col_label: col,
  file: "sources/demo/t01.csv", line, col: col === "2005" ? 2 : 3, value_text: String(value), measure: "migration", measure_kind: "flow",
  ref_area: "AZE", direction: "in", breakdown: "", period_text: col, value, unit: "persons", unit_assumed: true, multiplier: 1, base_unit: "persons",
  value_base: value, obs_status: "A", is_estimate: false, is_partial: false, is_provisional: false, is_cumulative: false, is_unofficial: false,
});

beforeAll(async () => {
  const w = await Warehouse.open(dbFile);
  try {
    await createWarehouseSchema(w);
    await insertRows(w, "packages", ["package", "title", "publisher", "pub_date", "reporting_country", "descriptor_file"], [
      { package: "demo", title: "Demo, \"quoted\"", publisher: "IOM", pub_date: "2008", reporting_country: "AZE", descriptor_file: "sources/demo/descriptor.json" },
    ]);
    const rows = [observation("Total", "2005", 100, 2), observation("Total", "2006", 120, 2), observation("Russia", "2005", 60, 3), observation("Russia", "2006", 70, 3)];
    await insertRows(w, "observations_printed", Object.keys(rows[0]!), rows);
    await w.run(readFileSync(join(projectRoot, "warehouse", "views", "01_comments.sql"), "utf8"));
    await w.run(`CREATE VIEW demo__t01 AS SELECT row_label AS "row", any_value(value) FILTER (WHERE col_label = '2005') AS "2005" FROM observations_printed GROUP BY row_label ORDER BY min(rowid)`);
    await w.run(`COMMENT ON VIEW demo__t01 IS 'Table t01 of demo as printed'`);
    await w.run("CHECKPOINT");
  } finally {
    w.close();
  }
  wh = await Warehouse.open(dbFile, { access_mode: "READ_ONLY" });
});
afterAll(() => {
  wh?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Feed lines to the prompt; what it printed on output and error, and its exit code. */
type Chunk = string | { readonly send: string; readonly until: string };
const session = async (input: Chunk | Chunk[], opts: Partial<SqlPromptOptions> = {}) => {
  const stdin = new PassThrough();
  const output = new PassThrough();
  let out = "";
  let err = "";
  output.on("data", (d: Buffer) => (out += d.toString()));
  const error = { write: (t: string) => ((err += t), true) };
  const done = sqlPrompt(wh, { input: stdin, output, error, ...opts });
  for (const chunk of Array.isArray(input) ? input : [input]) {
    if (typeof chunk === "string") {
      stdin.write(chunk);
      continue;
    }
    // as a person types: the next key only once the prompt has answered this one (however long that
    // takes on a busy machine: a prompt that never answers fails by the test's timeout)
    const from = out.length;
    stdin.write(chunk.send);
    while (!out.slice(from).includes(chunk.until)) await new Promise((r) => setTimeout(r, 10));
  }
  stdin.end();
  const code = await done;
  await new Promise((r) => setImmediate(r)); // let the output stream deliver what was written
  return { code, out, err };
};

describe("dot commands", () => {
  test(".help lists the commands", async () => {
    const r = await session(".help\n");
    expect(r).toEqual({ code: 0, out: PROMPT_HELP + "\n", err: "" });
    for (const c of [".tables", ".schema", ".mode", ".read", ".help", ".quit"]) expect(PROMPT_HELP).toContain(c);
  });

  test(".tables: tables and views with their descriptions", async () => {
    const { out } = await session(".mode csv\n.tables\n");
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("name,type,description");
    expect(lines).toContain("observations,view,\"One row per printed figure: where it was printed, what it is, its value, status and source\"");
    expect(lines).toContain("demo__t01,view,Table t01 of demo as printed");
    expect(lines.indexOf("demo__t01,view,Table t01 of demo as printed")).toBeGreaterThan(lines.findIndex((l) => l.startsWith("packages,table,")));
  });

  test(".schema NAME: columns, types and descriptions; a view's SQL", async () => {
    const t = await session(".schema observations\n");
    const lines = t.out.split("\n");
    expect(lines[0]).toBe("view observations: One row per printed figure: where it was printed, what it is, its value, status and source");
    expect(lines[1]).toMatch(/^column +\| type +\| null +\| description$/u);
    expect(lines.find((l) => l.startsWith("period_start "))).toMatch(/^period_start +\| DATE +\| +\| first day of the period$/u);
    expect(lines.find((l) => l.startsWith("obs_id "))).toMatch(/^obs_id +\| VARCHAR +\| +\| stable id: /u);
    const stored = (await session(".schema observations_printed\n")).out.split("\n");
    expect(stored[0]).toMatch(/^table observations_printed: /u);
    expect(stored.find((l) => l.startsWith("obs_id "))).toMatch(/^obs_id +\| VARCHAR +\| NOT NULL \|/u);
    expect(lines.find((l) => /^\(\d+ rows\)$/u.test(l))).toBe("(54 rows)");
    const v = await session(".schema demo__t01\n");
    expect(v.out).toContain("view demo__t01: Table t01 of demo as printed\n");
    expect(v.out).toMatch(/\n2005 +\| DOUBLE +\| +\|\n/u);
    expect(v.out.trimEnd().split("\n").at(-1)).toMatch(/^CREATE VIEW demo__t01 AS SELECT row_label AS "row", .* ORDER BY min\(rowid\);$/u);
    const json = await session(".mode json\n.schema packages\n");
    expect(JSON.parse(json.out)[0]).toEqual({ column: "package", type: "VARCHAR", null: "NOT NULL", description: "package id (its folder under sources/)" });
  });

  test(".schema without a name: every CREATE statement; with an unknown name: an error, the session goes on", async () => {
    const all = await session(".schema\n");
    expect(all.out).toMatch(/^CREATE TABLE bulk_files\(/u);
    expect(all.out).toContain("CREATE TABLE citations(");
    expect(all.out).toContain("CREATE VIEW demo__t01 AS");
    const r = await session(".schema nope\nSELECT 1 AS one;\n");
    expect(r.err).toBe(`no table or view named "nope" (names are case-sensitive; .tables lists them)\n`);
    expect(r.out).toContain("one\n---\n  1\n(1 row)\n");
    expect(r.code).toBe(1); // a piped script with an error
  });

  test(".mode switches the output; without an argument it says which; a bad mode is refused", async () => {
    const q = "SELECT row_label, value FROM observations WHERE col_label = '2005' ORDER BY line;\n";
    const r = await session(`.mode\n${q}.mode csv\n.mode\n${q}.mode json\n${q}.mode xml\n.mode\n`);
    expect(r.out).toBe(
      "table\n" +
        "row_label | value\n----------+------\nTotal     |   100\nRussia    |    60\n(2 rows)\n" +
        "csv\n" +
        "row_label,value\nTotal,100\nRussia,60\n" +
        `[\n  {"row_label":"Total","value":100},\n  {"row_label":"Russia","value":60}\n]\n` +
        "json\n",
    );
    expect(r.err).toBe(`unknown mode "xml": use one of table, csv, json\n`);
  });

  test(".read FILE runs a file; .quit stops reading; unknown commands are named", async () => {
    const file = join(dir, "q.sql");
    writeFileSync(file, "-- a header comment\nSELECT count(*) AS n FROM observations;\n");
    const r = await session(`.mode csv\n.read ${file}\n.frobnicate\n.quit\nSELECT 'not run';\n`);
    expect(r.out).toBe("n\n4\n");
    expect(r.err).toBe("unknown command .frobnicate: .help lists the commands\n");
  });
});

describe("statements", () => {
  test("a statement spans lines until ';'; an unfinished one runs at the end of input; errors do not end the session", async () => {
    const r = await session([".mode csv\n", "SELECT 1 AS a,\n", "  2 AS b;\n", "SELEC oops;\n", "\n", "SELECT 'x,y' AS c"]);
    expect(r.out).toBe(`a,b\n1,2\nc\n"x,y"\n`);
    expect(r.err).toMatch(/^error: Parser Error: syntax error at or near "SELEC"/u);
  });

  test("in a terminal, Ctrl+C drops an unfinished statement, and on an empty line leaves", async () => {
    const r = await session(
      [{ send: "SELECT 1 AS a,\r", until: "...> " }, { send: "\x03", until: "sql> " }, { send: "SELECT 2 AS b;\r", until: "b\n2\n" }, "\x03", "SELECT 3 AS c;\r"],
      { terminal: true, mode: "csv" },
    );
    // eslint-disable-next-line no-control-regex
    const lines = r.out.replace(/\x1b\[[0-9;]*[A-Za-z]/gu, "").split(/\r?\n/u).map((l) => l.replace(/^(sql|\.\.\.)> /u, ""));
    expect(lines).toContain("2"); // SELECT 2 ran
    expect(lines).not.toContain("1"); // the dropped statement did not
    expect(lines).not.toContain("3"); // nothing after leaving
    expect(r.err).toBe("");
  });

  test("the connection is read-only", async () => {
    const r = await session("DELETE FROM observations_printed;\n");
    expect(r.err).toMatch(/^error: .*read-only/iu);
    expect(r.code).toBe(1);
  });
});

describe("history", () => {
  test("every line entered is kept in the history file, oldest first, capped", async () => {
    const historyFile = join(dir, "history-1");
    await session(["SELECT 41 + 1\n", "  AS answer;\n", ".mode csv\n", "\n"], { historyFile });
    expect(readFileSync(historyFile, "utf8")).toBe("SELECT 41 + 1\n  AS answer;\n.mode csv\n");
    await session("SELECT 2;\n", { historyFile });
    expect(readFileSync(historyFile, "utf8")).toBe("SELECT 41 + 1\n  AS answer;\n.mode csv\nSELECT 2;\n");
    writeFileSync(historyFile, Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `SELECT ${i};`).join("\n") + "\n");
    await session("SELECT 'last';\n", { historyFile });
    const kept = readFileSync(historyFile, "utf8").trimEnd().split("\n");
    expect(kept).toHaveLength(HISTORY_SIZE);
    expect([kept[0], kept.at(-1)]).toEqual([`SELECT 6;`, `SELECT 'last';`]);
  });

  test("in a terminal, the up arrow recalls the last line of an earlier session", async () => {
    const historyFile = join(dir, "history-2");
    writeFileSync(historyFile, "SELECT 1 AS first;\nSELECT 41 + 1 AS answer;\n");
    const r = await session(["\x1b[A", "\r", ".quit\r"], { historyFile, terminal: true, mode: "csv" });
    expect(r.out).toContain("sql> ");
    expect(r.out).toContain("answer\r\n42\r\n".replaceAll("\r\n", "\n"));
    expect(readFileSync(historyFile, "utf8")).toBe("SELECT 1 AS first;\nSELECT 41 + 1 AS answer;\n.quit\n");
  });
});

describe("output formats", () => {
  test("csv quotes what needs quoting; json keeps column order, integer-like names included; NULL", () => {
    const columns = ["name", "2006", "note"];
    const rows = [["a, b", 1, null], ['say "hi"', 2.5, { k: [1] }], [" pad", -3, true]];
    expect(formatResult(columns, rows, "csv")).toBe(`name,2006,note\n"a, b",1,\n"say ""hi""",2.5,"{""k"":[1]}"\n" pad",-3,true\n`);
    expect(formatResult(columns, rows, "json")).toBe(`[\n  {"name":"a, b","2006":1,"note":null},\n  {"name":"say \\"hi\\"","2006":2.5,"note":{"k":[1]}},\n  {"name":" pad","2006":-3,"note":true}\n]\n`);
    expect(formatResult(columns, [], "json")).toBe("[]\n");
    expect(formatResult(["n"], [[1]], "table")).toBe("n\n-\n1\n(1 row)\n");
  });
});

describe("npm run sql -- [--format F] QUERY", () => {
  const run = async (args: string[]) => {
    let out = "";
    let err = "";
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    stdin.end();
    const code = await sqlCommand(args, { stdin, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
    return { code, out, err };
  };
  const q = "SELECT row_label AS row, count(*) AS n, sum(value) AS total FROM observations GROUP BY 1 ORDER BY 1";

  test("one query in each format; counts come out as numbers", async () => {
    expect(await run(["--db", dbFile, q])).toEqual({ code: 0, out: "row    | n | total\n-------+---+------\nRussia | 2 |   130\nTotal  | 2 |   220\n(2 rows)\n", err: "" });
    expect((await run(["--db", dbFile, "--format", "csv", q])).out).toBe("row,n,total\nRussia,2,130\nTotal,2,220\n");
    expect(JSON.parse((await run(["--db", dbFile, "--format", "json", q])).out)).toEqual([{ row: "Russia", n: 2, total: 130 }, { row: "Total", n: 2, total: 220 }]);
  });

  test("--file runs a file; errors exit 1; usage and a missing warehouse exit 2", async () => {
    const file = join(dir, "one.sql");
    writeFileSync(file, "-- what it answers\nSELECT 'Demo' AS title;\n");
    expect(await run(["--db", dbFile, "--format", "csv", "--file", file])).toEqual({ code: 0, out: "title\nDemo\n", err: "" });
    expect((await run(["--db", dbFile, "SELECT nope"])).code).toBe(1);
    expect((await run(["--db", dbFile, "--format", "xml", "SELECT 1"])).err.split("\n")[0]).toBe(`unknown format "xml": use one of table, csv, json`);
    const missing = await run(["--db", join(dir, "nope.duckdb"), "SELECT 1"]);
    expect(missing).toEqual({ code: 2, out: "", err: `no warehouse at ${join(dir, "nope.duckdb")}: run \`npm run build\` first\n` });
  });

  test("without a query, a piped script is read from stdin", async () => {
    let out = "";
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    stdin.end(".mode csv\nSELECT count(*) AS n FROM observations;\n");
    const code = await sqlCommand(["--db", dbFile], { stdin, stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } });
    expect([code, out]).toEqual([0, "n\n4\n"]);
  });
});
