// Issue 10, hostile or broken packages get errors, never hangs or nonsense: figures beyond what the
// warehouse stores exactly, view names that collide, wide tables (errors capped per file, no spread into
// calls), long offending text cut, an unknown measure in checks.json, and aliases.csv's line numbers. Each
// a build (or check) that fails with the error at its place and leaves every file as it was.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkCommand } from "../../pipelines/cli/check.ts";
import { formatError, InputErrors, MAX_ERRORS_PER_FILE } from "../../pipelines/core/errors.ts";
import { build } from "../../pipelines/load/build.ts";
import { bulkWorkspace, matrixTable, PKG } from "../helpers/bulkPackage.ts";
import { inProcess } from "../helpers/inProcess.ts";
import { snapshot } from "../helpers/snapshot.ts";

/** A package with a printed table (no bulk spec) of this CSV text. */
const printedTable = (over: Record<string, unknown> = {}) => {
  const { bulk: _bulk, ...table } = matrixTable({ id: "printed", file: "tables/printed.csv", ...over });
  return table;
};

/** Build a workspace whose previous build succeeded; the failing build's errors, and whether every file stayed. */
const failingBuild = async (ws: ReturnType<typeof bulkWorkspace>, change: () => void) => {
  ws.descriptor([printedTable()]);
  ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
  expect(await ws.build()).toEqual([]);
  change();
  const before = snapshot([ws.dir]);
  const errors = await ws.errors();
  expect(snapshot([ws.dir])).toEqual(before);
  return errors;
};

describe("figures beyond exact storage", () => {
  test.each([
    ["a 20-digit integer", "12345678901234567890"],
    ["a 19-digit integer", "1234567890123456789"],
    ["2^53 + 1", "9007199254740993"],
    ["16 significant digits with decimals", "1234567890.123456"],
  ])("%s in a printed table: number-beyond-precision at its cell", async (_name, figure) => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () => ws.write("tables/printed.csv", `origin,2006\nRussia,${figure}\n`));
      expect(errors.map((e) => [e.file.endsWith("tables/printed.csv"), e.line, e.column, e.code, e.cell])).toEqual([[true, 2, 2, "number-beyond-precision", figure]]);
      expect(errors[0]!.expected).toContain("at most 15 significant digits, or an integer of at most 9007199254740991");
    } finally {
      ws.cleanup();
    }
  });

  test("in a bulk file too; 15 digits and 2^53 - 1 are stored exactly", async () => {
    const ws = bulkWorkspace();
    try {
      ws.descriptor([matrixTable()]);
      ws.write("tables/flows.csv", "destination,origin,year,sex,value\nAZE,RUS,2006,T,123456789012345\nAZE,GEO,2006,T,9007199254740991\n");
      expect(await ws.build()).toEqual([]);
      expect(await ws.query("SELECT value_text, value FROM observations ORDER BY line")).toEqual([
        { value_text: "123456789012345", value: 123456789012345 },
        { value_text: "9007199254740991", value: 9007199254740991 },
      ]);
      ws.write("tables/flows.csv", "destination,origin,year,sex,value\nAZE,RUS,2006,T,12345678901234567890\nAZE,GEO,2006,T,1234567890123456.5\n");
      const before = snapshot([ws.dir]);
      expect(await ws.build()).toEqual([
        ["tables/flows.csv", 2, 5, "number-beyond-precision"],
        ["tables/flows.csv", 3, 5, "number-beyond-precision"],
      ]);
      expect(snapshot([ws.dir])).toEqual(before);
    } finally {
      ws.cleanup();
    }
  });
});

describe("view names", () => {
  test.each([
    ["a warehouse view", [printedTable({ view: "observations" })], "view-name-taken", "observations"],
    ["a warehouse table", [printedTable({ id: "x", file: "tables/x.csv", view: "packages" })], "view-name-taken", "packages"],
    ["another table's (t_1 and t-1)", [printedTable({ id: "t_1" }), printedTable({ id: "t-1", file: "tables/x.csv" })], "duplicate-view-name", `${PKG.replaceAll("-", "_")}__t_1`],
  ])("one that is %s is an error at the descriptor line", async (_name, tables, code, name) => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () => {
        ws.descriptor(tables);
        ws.write("tables/x.csv", "origin,2006\nRussia,5\n");
      });
      const text = readFileSync(join(ws.pkg, "descriptor.json"), "utf8").split("\n");
      const hits = errors.filter((e) => e.code === code);
      expect(hits).toHaveLength(1);
      expect(hits[0]!.cell).toBe(name);
      expect(hits[0]!.file).toMatch(/descriptor\.json$/u);
      expect(text[hits[0]!.line - 1]).toMatch(/"(view|id)":/u);
    } finally {
      ws.cleanup();
    }
  });
});

describe("wide tables and long text", () => {
  test("8,000 unreadable columns: the first 100 errors and one saying how many more", async () => {
    const ws = bulkWorkspace();
    try {
      const n = 8000;
      const errors = await failingBuild(ws, () =>
        ws.write("tables/printed.csv", `origin,${Array.from({ length: n }, (_, i) => 1990 + (i % 30)).join(",")}\nRussia,${Array.from({ length: n }, (_, i) => `x${i}`).join(",")}\n`),
      );
      const table = errors.filter((e) => e.file.endsWith("tables/printed.csv"));
      expect(table).toHaveLength(MAX_ERRORS_PER_FILE + 1);
      expect(table.at(-1)!.code).toBe("more-errors");
      expect(table.at(-1)!.expected).toMatch(/^and \d+ more error\(s\) in this file \(the first 100 are shown\)/u);
    } finally {
      ws.cleanup();
    }
  });

  test("a 1 MB cell is cut in the error: its start and its length", async () => {
    const ws = bulkWorkspace();
    try {
      const huge = "y".repeat(1_000_000);
      const errors = await failingBuild(ws, () => ws.write("tables/printed.csv", `origin,2006\nRussia,${huge}\n`));
      const e = errors.find((x) => x.code === "unparseable-number")!;
      expect(e.cell).toBe(`${"y".repeat(200)}… (1000000 characters)`);
      expect(formatError(e).length).toBeLessThan(700);
    } finally {
      ws.cleanup();
    }
  });

  test("InputErrors over 200,000 errors of one file: no stack overflow, capped", () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ code: "ragged-row" as const, file: "f.csv", line: i + 2, column: 1, cell: "c", expected: "e" }));
    const e = new InputErrors(many);
    expect(e.total).toBe(200_000);
    expect(e.errors).toHaveLength(MAX_ERRORS_PER_FILE + 1);
  });
});

describe("package patterns", () => {
  test("a catastrophic pattern runs in linear time (RE2): the cell is a mismatch error, not a hang", async () => {
    const ws = bulkWorkspace();
    try {
      const cell = `${"1".repeat(33)}x`;
      const errors = await failingBuild(ws, () => {
        ws.descriptor([printedTable({ cells: [{ row: "Russia", parts: [{ name: "total", pattern: "^((1+)+)$" }] }] })]);
        ws.write("tables/printed.csv", `origin,2006\nRussia,${cell}\n`);
      });
      // no part matched, so the cell's text is also left unconsumed
      expect(errors.map((e) => [e.line, e.column, e.code, e.cell])).toEqual([[2, 2, "packed-cell-mismatch", cell], [2, 2, "unconsumed-text", cell]]);
    } finally {
      ws.cleanup();
    }
  });

  test("look-around is not RE2: invalid-pattern at the rule, once", async () => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () => {
        ws.descriptor([printedTable({ cells: [{ row: "Russia", parts: [{ name: "total", pattern: "(?<=a)(1)" }] }] })]);
        ws.write("tables/printed.csv", "origin,2006\nRussia,a1\n");
      });
      expect(errors.map((e) => e.code).filter((c) => c !== "unconsumed-text")).toEqual(["invalid-pattern"]);
      expect(errors[0]!.file).toMatch(/descriptor\.json$/u);
      expect(errors[0]!.expected).toContain("RE2 syntax");
    } finally {
      ws.cleanup();
    }
  });
});

describe("references that form cycles", () => {
  const statement = (id: string, over: Record<string, string> = {}) => ({ id, section: "facts", label: `Figure ${id}`, measure: "population", period: "2006", value: "100", unit: "persons", citation: "stats", ...over });

  test.each([
    ["a total among its own parts", [{ axis: "rows", total: "Total", parts: ["Total", "Russia"] }], [[0, 0]]],
    ["two totals each other's part", [{ axis: "rows", total: "Total", parts: ["Russia"] }, { axis: "rows", total: "Russia", parts: ["Total"] }], [[0, 0], [1, 0]]],
  ])("a printed table's hierarchy with %s: hierarchy-cycle at each part on the cycle", async (_name, hierarchy, places) => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () => {
        ws.descriptor([printedTable({ hierarchy })]);
        ws.write("tables/printed.csv", "origin,2006\nTotal,8\nRussia,5\n");
      });
      const cycles = errors.filter((e) => e.code === "hierarchy-cycle");
      const text = readFileSync(join(ws.pkg, "descriptor.json"), "utf8").split("\n");
      expect(cycles).toHaveLength(places.length);
      for (const e of cycles) expect(text[e.line - 1]).toContain(JSON.stringify(e.cell.replaceAll('"', "")));
    } finally {
      ws.cleanup();
    }
  });

  test("a bulk file's hierarchy with the total among its parts", async () => {
    const ws = bulkWorkspace();
    try {
      ws.descriptor([matrixTable({}, { hierarchy: [{ column: "sex", total: "T", parts: ["M", "T"] }] })]);
      ws.write("tables/flows.csv", "destination,origin,year,sex,value\nAZE,RUS,2006,T,5\nAZE,RUS,2006,M,5\n");
      const errors = await ws.build();
      expect(errors.filter(([, , , code]) => code === "hierarchy-cycle")).toEqual([["descriptor.json", expect.any(Number), expect.any(Number), "hierarchy-cycle"]]);
    } finally {
      ws.cleanup();
    }
  });

  test("statements: part_of itself, two each other's part, a numerator that is the statement: errors at their cells", async () => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () =>
        ws.descriptor([printedTable()], [
          statement("s-self", { part_of: "s-self" }),
          statement("s-a", { part_of: "s-b" }),
          statement("s-b", { part_of: "s-a" }),
          statement("s-ratio", { unit: "%", value: "5", numerator: "s-ratio", denominator: "s-a" }),
          statement("s-fine", { part_of: "s-a" }),
        ]),
      );
      const header = "id,section,label,measure,ref_area,direction,counterpart,breakdown,period,value,unit,qualifier,citation,footnote,numerator,denominator,part_of,flags".split(",");
      const col = (name: string) => header.indexOf(name) + 1;
      const found = errors.filter((e) => e.file.endsWith("statements.csv")).sort((a, b) => a.line - b.line || a.column - b.column);
      expect(found.map((e) => [e.line, e.column, e.code, e.cell])).toEqual([
        [2, col("part_of"), "self-reference", "s-self"],
        [3, col("part_of"), "reference-cycle", "s-b"],
        [4, col("part_of"), "reference-cycle", "s-a"],
        [5, col("numerator"), "self-reference", "s-ratio"],
      ]);
    } finally {
      ws.cleanup();
    }
  });
});

describe("configuration", () => {
  /**
   * `npm run check` with `config` as checks.json, on a built one-table package (empty waivers and
   * corrections): its exit code and stderr, and the line of checks.json holding a quoted value.
   */
  const checkWith = async (ws: ReturnType<typeof bulkWorkspace>, config: unknown) => {
    ws.descriptor([printedTable()]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    expect(await ws.build()).toEqual([]);
    const checks = join(ws.dir, "checks.json");
    const text = JSON.stringify(config, null, 2) + "\n";
    writeFileSync(checks, text);
    writeFileSync(join(ws.dir, "waivers.csv"), "finding_id,reason,author,date,expires\n");
    writeFileSync(join(ws.dir, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    const before = snapshot([ws.dir]);
    const { status, stderr } = await inProcess(checkCommand, ["--db", ws.db, "--checks", checks, "--waivers", join(ws.dir, "waivers.csv"), "--corrections", join(ws.dir, "corrections.csv")]);
    const lines = text.split("\n");
    return { checks, status, stderr, before, lineOf: (v: string) => lines.findIndex((l) => l.includes(`"${v}"`)) + 1 };
  };

  test("an unknown measure in checks.json is a configuration error (exit 2) naming the check and the measure, at its line", async () => {
    const ws = bulkWorkspace();
    try {
      const r = await checkWith(ws, { checks: [{ id: "dups", kind: "duplicate", description: "d", params: { measures: ["migration", "nonexistent_measure"] } }] });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${r.checks}:${r.lineOf("nonexistent_measure")}:`);
      expect(r.stderr).toContain(`unknown-measure: "nonexistent_measure" (expected check dups: a measure of the warehouse`);
      expect(snapshot([ws.dir])).toEqual(r.before);
    } finally {
      ws.cleanup();
    }
  });

  test("an unknown measure kind is a configuration error in every param that names kinds (measure_kinds, nonnegative_kinds)", async () => {
    // (a typo in impossible's nonnegative_kinds made the check pass silently)
    const ws = bulkWorkspace();
    try {
      const r = await checkWith(ws, { checks: [
        { id: "neg", kind: "impossible", description: "d", params: { nonnegative_kinds: ["stock", "shares"] } },
        { id: "breaks", kind: "series_break", description: "d", params: { measure_kinds: ["flows"] } },
      ] });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${r.checks}:${r.lineOf("shares")}:`);
      expect(r.stderr).toMatch(/unknown-measure-kind: "shares" \(expected check neg: a measure kind of the warehouse .*closest: share/u);
      expect(r.stderr).toContain(`${r.checks}:${r.lineOf("flows")}:`);
      expect(r.stderr).toContain(`unknown-measure-kind: "flows" (expected check breaks: a measure kind`);
    } finally {
      ws.cleanup();
    }
  });

  test("a package's aliases.csv reports the line of the row at fault", async () => {
    const ws = bulkWorkspace();
    try {
      const errors = await failingBuild(ws, () => ws.write("aliases.csv", "alias,code,kind,note\nSomeland,zz,country,\n"));
      expect(errors.filter((e) => e.file.endsWith("aliases.csv")).map((e) => [e.line, e.column, e.code])).toEqual([[2, 2, "malformed-code"]]);
    } finally {
      ws.cleanup();
    }
  });
});

test("a build that fails this way never leaves a lock", async () => {
  const ws = bulkWorkspace();
  try {
    ws.descriptor([printedTable({ view: "observations" })]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    await expect(build({ sourcesDir: ws.sources, dbPath: ws.db })).rejects.toThrow(InputErrors);
    expect(Object.keys(snapshot([join(ws.dir, "warehouse")])).filter((f) => f.endsWith(".lock"))).toEqual([]);
  } finally {
    ws.cleanup();
  }
});
