// Bad input never crashes and never loses data: every problem named with file, line, column, the text
// and what was expected, all of them in one run, and nothing written.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { formatError, InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { build } from "../pipelines/load/build.ts";
import { readManifest } from "../pipelines/load/collectManifest.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { copySources, edit } from "./helpers/workspace.ts";

let ws = copySources();
afterEach(() => {
  ws.cleanup();
  ws = copySources();
});

const errorsOf = (sources: string): InputError[] => {
  try {
    readManifest(sources);
  } catch (e) {
    if (e instanceof InputErrors) return [...e.errors];
    throw e;
  }
  return [];
};
/** Errors as file (relative to the package) : line : column : code : cell, for whole-value assertions. */
const flat = (errors: InputError[]) => errors.map((e) => [e.file.slice(e.file.indexOf("azerbaijan-2008/") + 16), e.line, e.column, e.code, e.cell]);
const table = (f: string) => join(ws.pkg, "tables", f);

describe("each kind of bad input, with its exact message", () => {
  test("an unparseable number", () => {
    edit(table("table-01.csv"), '"2,968"', '"2,96x8"');
    const errors = errorsOf(ws.sources);
    expect(flat(errors)).toEqual([["tables/table-01.csv", 4, 2, "unparseable-number", "2,96x8"]]);
    expect(errors[0]!.expected).toBe(`a number such as 1,234 or -9.8 (decimal mark '.', thousands separator ','), a percentage, or one of the missing markers "", "-", "N/A"`);
  });

  test("a number in a table with decimal commas", () => {
    edit(table("table-02.csv"), '"-7,2"', '"-7.2.1"');
    expect(flat(errorsOf(ws.sources))).toEqual([["tables/table-02.csv", 4, 3, "unparseable-number", "-7.2.1"]]);
  });

  test("an unknown country: reported once, at its row label, with the closest known names", () => {
    edit(table("table-01.csv"), "Kirgizstan,", "Kirgizstn,");
    edit(join(ws.pkg, "descriptor.json"), '"Kirgizstan"', '"Kirgizstn"');
    const errors = errorsOf(ws.sources);
    expect(flat(errors)).toEqual([["tables/table-01.csv", 11, 1, "unknown-country", "Kirgizstn"]]);
    expect(errors[0]!.expected).toMatch(/^a country or group name known to .*country-aliases\.csv or ISO 3166 \(closest: Kirgizstan, /);
  });

  test("a ragged row and an unbalanced quote", () => {
    edit(table("table-03.csv"), "Netherlands,287", "Netherlands,287,12");
    edit(table("table-07.csv"), "2006,211", '2006,"211');
    const errors = errorsOf(ws.sources);
    expect(flat(errors)).toEqual([
      ["tables/table-07.csv", 3, 2, "unbalanced-quote", '2006,"211,192,207,86'],
      ["tables/table-03.csv", 3, 4, "ragged-row", "Netherlands,287,12"],
    ]);
    expect(errors[1]!.expected).toBe("2 cells as in the first record (this one has 3)");
  });

  test("wrong columns in statements.csv", () => {
    edit(join(ws.pkg, "statements.csv"), "id,section,label", "id,sektion,label");
    const errors = errorsOf(ws.sources);
    expect(flat(errors).map((e) => e.slice(0, 4))).toEqual([
      ["statements.csv", 1, 2, "extra-label"],
      ["statements.csv", 1, 19, "missing-label"],
    ]);
    expect(errors[1]!.expected).toBe("a column named section");
  });

  test("a descriptor that does not validate: line and column of the value, and the other files still checked", () => {
    edit(join(ws.pkg, "descriptor.json"), '"header_rows": 2', '"header_rows": "two"');
    edit(join(ws.pkg, "descriptor.json"), '"dimension": "breakdown"', '"dimension": "sex"');
    edit(join(ws.pkg, "citations.csv"), ",national-statistics,", ",statistics-office,");
    const errors = errorsOf(ws.sources);
    expect(errors.map((e) => [e.code, e.line, e.column, e.cell, e.expected])).toEqual([
      ["invalid-descriptor", 72, 22, "two", "a value of type integer at /tables/1/header_rows"],
      ["invalid-descriptor", 77, 22, "sex", 'one of "counterpart", "period", "measure", "breakdown", "none" at /tables/1/columns/dimension'],
      ["invalid-citation", 2, 7, "statistics-office", 'kind: one of "national-statistics", "government", "international", "ngo", "academic", "media", "publisher"'],
    ]);
  });

  test("a missing file is named at the descriptor entry that points to it; a statement citing its cells is reported too", () => {
    rmSync(table("table-04.csv"));
    const errors = errorsOf(ws.sources);
    expect(flat(errors)).toEqual([
      ["descriptor.json", 107, 15, "missing-file", "tables/table-04.csv"],
      ["statements.csv", 34, 15, "unknown-ref", "t04/2006/Remittances (Million USD)"],
    ]);
  });

  test("a path outside the package is refused by the descriptor contract", () => {
    edit(join(ws.pkg, "descriptor.json"), '"file": "tables/table-09.csv"', '"file": "../../etc/passwd"');
    const errors = errorsOf(ws.sources);
    expect(errors.map((e) => [e.code, e.line, e.cell])).toEqual([["invalid-descriptor", 251, "../../etc/passwd"]]);
    expect(errors[0]!.expected).toMatch(/^a relative path inside the package folder \(no '\.\.', no leading '\/'\) \(pattern .*\) at \/tables\/8\/file$/);
  });

  test("an unknown measure, with the closest codes", () => {
    edit(join(ws.pkg, "descriptor.json"), '"measure": "remittances_inflow"', '"measure": "remittances"');
    const errors = errorsOf(ws.sources);
    expect(flat(errors)).toEqual([["descriptor.json", 112, 35, "unknown-measure", "remittances"]]);
    expect(errors[0]!.expected).toMatch(/^a measure of sources\/_reference\/measures\.csv or of the package's measures\.csv \(closest: remittances_inflow/);
  });

  test("non-UTF-8 bytes", () => {
    writeFileSync(table("table-03.csv"), Buffer.concat([Buffer.from("Country,Amount\nFran"), Buffer.from([0xe7]), Buffer.from("e,1\n")]));
    expect(flat(errorsOf(ws.sources))).toEqual([["tables/table-03.csv", 2, 5, "encoding-error", "Fran\uFFFDe,1"]]);
  });

  test("all problems of a run are reported together", () => {
    edit(table("table-01.csv"), '"2,968"', '"2,96x8"');
    edit(table("table-08.csv"), '"4,302"', '"4;302"');
    edit(join(ws.pkg, "statements.csv"), '"181,818"', '"181.818.1"');
    const codes = errorsOf(ws.sources).map((e) => `${e.file.split("/").pop()}:${e.code}`);
    expect(codes).toEqual(["table-01.csv:unparseable-number", "table-08.csv:unparseable-number", "statements.csv:unparseable-number"]);
  });

  test("formatError renders file:line:column: code: cell (expected ...)", () => {
    expect(formatError({ code: "ragged-row", file: "t.csv", line: 3, column: 4, cell: "a,b", expected: "2 cells" })).toBe('t.csv:3:4: ragged-row: "a,b" (expected 2 cells)');
  });
});

describe("corrections are applied by the build", () => {
  const HEADER = "obs_id,original,corrected,justification,author,date";
  test("one naming no observation, or whose original is not the printed text, fails the build with its line and column", async () => {
    const file = join(ws.dir, "corrections.csv");
    writeFileSync(file, `${HEADER}\nazerbaijan-2008:t01/Russia/2002,783,1782,typo,A. Reviewer,2026-11-27\nazerbaijan-2008:t01/Nowhere/2002,5,6,typo,A. Reviewer,2026-11-27\n`);
    const errors = await build({ sourcesDir: ws.sources, dbPath: ws.db, correctionsFile: file }).then(
      () => [],
      (e: unknown) => (e instanceof InputErrors ? e.errors.map((x) => [x.file, x.line, x.column, x.code, x.cell]) : [String(e)]),
    );
    expect(errors).toEqual([
      [file, 2, 2, "original-mismatch", "783"],
      [file, 3, 1, "unknown-observation", "azerbaijan-2008:t01/Nowhere/2002"],
    ]);
    expect(existsSync(ws.db)).toBe(false);
  });

  test("a malformed row is an input error of the read, before anything is loaded", () => {
    const file = join(ws.dir, "corrections.csv");
    writeFileSync(file, `${HEADER}\nazerbaijan-2008:t01/Russia/2002,782,"1,782",typo,A. Reviewer,2026-11-27\n`);
    expect(() => readManifest(ws.sources, file)).toThrow(InputErrors);
    try {
      readManifest(ws.sources, file);
    } catch (e) {
      expect((e as InputErrors).errors.map((x) => [x.line, x.column, x.code])).toEqual([[2, 3, "invalid-correction"]]);
    }
  });
});

describe("a package's own corrections.csv is applied by the build", () => {
  const HEADER = "obs_id,original,corrected,justification,author,date";
  const own = () => join(ws.pkg, "corrections.csv");

  test("one naming another package's figure, or a figure the shared file corrects too, is an error at its line", () => {
    const shared = join(ws.dir, "corrections.csv");
    writeFileSync(shared, `${HEADER}\nazerbaijan-2008:t01/Russia/2002,782,1782,typo,A. Reviewer,2026-11-27\n`);
    writeFileSync(own(), `${HEADER}\nother-2009:t01/Russia/2002,5,6,typo,A. Reviewer,2026-11-27\nazerbaijan-2008:t01/Russia/2002,782,1783,typo,A. Reviewer,2026-11-27\n`);
    try {
      readManifest(ws.sources, shared);
      expect.unreachable("the build read conflicting corrections");
    } catch (e) {
      expect((e as InputErrors).errors.map((x) => [x.file.split("/").slice(-2).join("/"), x.line, x.column, x.code])).toEqual([
        ["azerbaijan-2008/corrections.csv", 2, 1, "correction-of-another-package"],
        ["azerbaijan-2008/corrections.csv", 3, 1, "duplicate-correction"],
      ]);
    }
  });

  test("its corrections are in observations_clean, beside the shared file's", async () => {
    const shared = join(ws.dir, "corrections.csv");
    writeFileSync(shared, `${HEADER}\nazerbaijan-2008:t01/Russia/2002,782,1782,typo,A. Reviewer,2026-11-27\n`);
    writeFileSync(own(), `${HEADER}\nazerbaijan-2008:t01/Russia/2001,"1,677",1678,typo,A. Reviewer,2026-11-27\n`);
    await build({ sourcesDir: ws.sources, dbPath: ws.db, correctionsFile: shared });
    const wh = await Warehouse.open(ws.db, { access_mode: "READ_ONLY" });
    try {
      expect(await wh.all("SELECT obs_id, value, value_printed FROM observations_clean WHERE corrected ORDER BY obs_id")).toEqual([
        { obs_id: "azerbaijan-2008:t01/Russia/2001", value: 1678, value_printed: 1677 },
        { obs_id: "azerbaijan-2008:t01/Russia/2002", value: 1782, value_printed: 782 },
      ]);
    } finally {
      wh.close();
    }
    // as printed: no correction at all
    rmSync(ws.db);
    await build({ sourcesDir: ws.sources, dbPath: ws.db, correctionsFile: shared, asPrinted: true });
    const printed = await Warehouse.open(ws.db, { access_mode: "READ_ONLY" });
    try {
      expect(await printed.all("SELECT count(*)::INTEGER AS n FROM observations_clean WHERE corrected")).toEqual([{ n: 0 }]);
    } finally {
      printed.close();
    }
  });
});

describe("a failed build writes nothing", () => {
  test("bad input: no database file is created", async () => {
    edit(table("table-01.csv"), '"2,968"', '"2,96x8"');
    await expect(build({ sourcesDir: ws.sources, dbPath: ws.db })).rejects.toBeInstanceOf(InputErrors);
    expect(existsSync(ws.db)).toBe(false);
  });
});
