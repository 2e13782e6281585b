// Input a hostile review found mishandled: byte-order marks in a bulk figure, in descriptor.json and in
// its text fields; a Parquet figure column of numbers (DOUBLE read through '1e-05'); a lone surrogate in
// a descriptor string; invisible characters in error messages. Each builds a tiny package.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { readChecksFile } from "../../checks/config.ts";
import { kinds } from "../../checks/kinds/index.ts";
import { numberSql, numericFigureText } from "../../pipelines/bulk/numberSql.ts";
import { sqlList } from "../../pipelines/core/sql.ts";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import { formatError, type InputError } from "../../pipelines/core/errors.ts";
import { validateJsonDocument } from "../../pipelines/manifest/validateJson.ts";
import { bulkWorkspace, matrixTable, type BulkWorkspace } from "../helpers/bulkPackage.ts";
import { snapshot } from "../helpers/snapshot.ts";
import { projectRoot } from "../helpers/workspace.ts";

const BOM = "\uFEFF";
const HEADER = "destination,origin,year,sex,value\n";

let ws: BulkWorkspace;
beforeEach(() => {
  ws = bulkWorkspace();
});
afterEach(() => ws.cleanup());

/** The build's errors as [file within the package, line, column, code, cell]. */
const errorRows = (errors: ReadonlyArray<InputError>) => errors.map((e) => [e.file.replace(/^.*bulk-demo\//u, ""), e.line, e.column, e.code, e.cell]);

describe("a byte-order mark in a bulk figure", () => {
  test("before or after a number or a marker: read as without it, and stored without it", async () => {
    ws.descriptor([matrixTable()]);
    ws.write(
      "tables/flows.csv",
      HEADER + [`Germany,France,2005,T,${BOM}5`, `Germany,France,2005,M,"${BOM}1,200.5${BOM}"`, `Germany,France,2005,F,${BOM}-`, `Germany,France,2006,T,N/A${BOM}`, "Germany,France,2006,M,7"].join("\n") + "\n",
    );
    expect(await ws.build()).toEqual([]);
    // (each text behind one character: the DuckDB client drops a leading mark when it decodes one)
    expect(await ws.query("SELECT line, '|' || value_text AS value_text, value, decimals, obs_status FROM observations ORDER BY line")).toEqual([
      { line: 2, value_text: "|5", value: 5, decimals: 0, obs_status: "A" },
      { line: 3, value_text: "|1,200.5", value: 1200.5, decimals: 1, obs_status: "A" },
      { line: 4, value_text: "|-", value: 0, decimals: 0, obs_status: "A" },
      { line: 5, value_text: "|N/A", value: null, decimals: 0, obs_status: "L" },
      { line: 6, value_text: "|7", value: 7, decimals: 0, obs_status: "A" },
    ]);
  });

  test("a figure that is no number with the mark either: refused at its cell, the mark kept and shown in the message", async () => {
    ws.descriptor([matrixTable()]);
    ws.write("tables/flows.csv", HEADER + `Germany,France,2005,T,${BOM}x5\n`);
    const errors = await ws.errors();
    expect(errorRows(errors)).toEqual([["tables/flows.csv", 2, 5, "unparseable-number", `${BOM}x5`]]);
    expect(formatError(errors[0]!)).toContain(': unparseable-number: "\\ufeffx5" (expected');
  });
});

test("a byte-order mark in a printed table's figure: the figure stored without it, the cell as printed", async () => {
  const { bulk: _bulk, ...table } = matrixTable({ id: "printed", file: "tables/printed.csv" });
  ws.descriptor([table]);
  ws.write("tables/printed.csv", `origin,2006\nRussia,${BOM}5\n`);
  expect(await ws.build()).toEqual([]);
  // (each text behind one character: the DuckDB client drops a leading mark when it decodes one)
  expect(await ws.query("SELECT '|' || cell_text AS cell, '|' || value_text AS text, value FROM observations")).toEqual([{ cell: `|${BOM}5`, text: "|5", value: 5 }]);
});

describe("error messages show invisible characters", () => {
  test.each([
    ["a byte-order mark", `${BOM}12`, "\\ufeff12"],
    ["a zero-width space", "1\u200b2", "1\\u200b2"],
    ["a no-break space", "1\u00a0234", "1\\u00a0234"],
    ["a C1 control", "1\u00852", "1\\u00852"],
    ["a bidirectional override", "\u202e12", "\\u202e12"],
    ["a line separator", "1\u20282", "1\\u20282"],
    ["a tag character (beyond U+FFFF)", "1\u{e0001}2", "1\\udb40\\udc012"],
    ["a lone surrogate", "1\ud8002", "1\\ud8002"],
  ])("%s", (_name, cell, shown) => {
    const line = formatError({ code: "unparseable-number", file: `t${BOM}.csv`, line: 2, column: 3, cell, expected: `a number, not "${cell}"` });
    expect(line).toBe(`t\\ufeff.csv:2:3: unparseable-number: "${shown}" (expected a number, not "${shown}")`);
  });

  test("visible text is unchanged: letters of any script, quotes, emoji", () => {
    const cell = 'Bakı — “Qadınlar” ✓ 😀 "x"';
    expect(formatError({ code: "unparseable-number", file: "t.csv", line: 1, column: 1, cell, expected: "x" })).toBe(`t.csv:1:1: unparseable-number: ${JSON.stringify(cell)} (expected x)`);
  });
});

describe("a Parquet figure column of numbers", () => {
  /** Write tables/flows.parquet from a DuckDB query and declare it. */
  const parquet = async (select: string, format?: Record<string, string>) => {
    const wh = await Warehouse.open();
    try {
      await wh.run(`COPY (${select}) TO '${ws.pkg}/tables/flows.parquet' (FORMAT parquet)`);
    } finally {
      wh.close();
    }
    ws.descriptor([matrixTable({ file: "tables/flows.parquet", header_rows: 0, ...(format ? { number_format: format } : {}) }, { format: "parquet" })]);
  };
  const row = (sex: string, value: string) => `SELECT 'Germany' AS destination, 'France' AS origin, '2005' AS year, '${sex}' AS sex, ${value} AS value`;

  test.each([
    ["DOUBLE", ["0.00001::DOUBLE", "1234.5::DOUBLE", "-2.5e-7::DOUBLE", "12.0::DOUBLE", "NULL::DOUBLE"], [["0.00001", 0.00001, 5], ["1234.5", 1234.5, 1], ["-0.00000025", -2.5e-7, 8], ["12", 12, 0], ["", null, 0]]],
    ["FLOAT", ["0.1::FLOAT", "0.00001::FLOAT", "3::FLOAT", "NULL::FLOAT", "NULL::FLOAT"], [["0.1", 0.1, 1], ["0.00001", 0.00001, 5], ["3", 3, 0], ["", null, 0], ["", null, 0]]],
    // (a column has one scale: each figure keeps its decimals)
    ["DECIMAL", ["0.00001::DECIMAL(12,5)", "-12.5::DECIMAL(12,5)", "1234.5::DECIMAL(12,5)", "7::DECIMAL(12,5)", "NULL::DECIMAL(12,5)"], [["0.00001", 0.00001, 5], ["-12.50000", -12.5, 5], ["1234.50000", 1234.5, 5], ["7.00000", 7, 5], ["", null, 0]]],
    ["BIGINT", ["5::BIGINT", "-3::BIGINT", "9007199254740991::BIGINT", "0::BIGINT", "NULL::BIGINT"], [["5", 5, 0], ["-3", -3, 0], ["9007199254740991", 9007199254740991, 0], ["0", 0, 0], ["", null, 0]]],
  ] as const)("%s: each figure its exact value", async (_type, values, expected) => {
    const sexes = ["T", "M", "F", "X", "Y"];
    await parquet(values.map((v, i) => row(sexes[i]!, v)).join(" UNION ALL ") + " ORDER BY sex DESC");
    expect(await ws.build()).toEqual([]);
    const got = await ws.query<{ sex: string; value_text: string | null; value: number | null; decimals: number }>(
      "SELECT col_label, value_text, value, decimals FROM observations ORDER BY line",
    );
    // (ordered by sex descending: Y X T M F)
    const bySex = new Map(sexes.map((s, i) => [s, expected[i]!]));
    expect(got.map((r) => [r.value_text, r.value, r.decimals])).toEqual(["Y", "X", "T", "M", "F"].map((s) => bySex.get(s)));
  });

  test("in a package whose decimal mark is a comma: 1.234 stays 1.234 (not 1234), and is printed 1,234", async () => {
    await parquet(`${row("T", "1.234::DOUBLE")} UNION ALL ${row("M", "1.5::DECIMAL(3,1)")}`, { decimal: ",", group: "." });
    expect(await ws.build()).toEqual([]);
    expect(await ws.query("SELECT value_text, value, decimals FROM observations ORDER BY line")).toEqual([
      { value_text: "1,234", value: 1.234, decimals: 3 },
      { value_text: "1,5", value: 1.5, decimals: 1 },
    ]);
  });

  test("any finite DOUBLE: its text reads back as exactly it, in either decimal mark", async () => {
    const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { numRuns: 400, seed: 15 });
    const wh = await Warehouse.open();
    try {
      for (const format of [{ decimal: ".", group: "," }, { decimal: ",", group: "." }] as const) {
        const input = `SELECT i, ${numericFigureText("x", "DOUBLE", format)} AS value_text FROM (SELECT unnest(range(${doubles.length})) AS i, unnest(CAST(${sqlList(doubles.map(String), "VARCHAR")} AS DOUBLE[])) AS x)`;
        const rows = await wh.all<{ i: number | bigint; value_text: string | null; value: number | null }>(`SELECT i, value_text, value FROM (${numberSql(format, {}).parse(input, ["i"])}) ORDER BY i`);
        expect(rows.map((r) => r.value)).toEqual(doubles.map((x) => (Object.is(x, -0) ? 0 : x)));
        expect(rows.filter((r) => r.value_text !== null && /e/u.test(r.value_text))).toEqual([]);
      }
    } finally {
      wh.close();
    }
  });

  test("a DOUBLE of 17 significant digits is stored as it is; a DECIMAL or integer beyond 15 digits would be rounded: refused", async () => {
    await parquet(`${row("T", "0.1::DOUBLE + 0.2::DOUBLE")} UNION ALL ${row("M", "1e300::DOUBLE")}`);
    expect(await ws.build()).toEqual([]);
    const got = await ws.query<{ value: number }>("SELECT value FROM observations ORDER BY line");
    expect(got.map((r) => r.value)).toEqual([0.1 + 0.2, 1e300]);
    await parquet(`${row("T", "0.12345678901234567::DECIMAL(18,17)")} UNION ALL ${row("M", "(2::HUGEINT ** 60)::HUGEINT")}`);
    expect((await ws.build()).map(([, line, , code]) => [line, code])).toEqual([[1, "number-beyond-precision"], [2, "number-beyond-precision"]]);
  });

  test("NaN and infinity are refused as no number, at their record", async () => {
    await parquet(`${row("T", "'nan'::DOUBLE")} UNION ALL ${row("M", "'-inf'::DOUBLE")}`);
    expect(errorRows(await ws.errors())).toEqual([
      ["tables/flows.parquet", 1, 5, "unparseable-number", "nan"],
      ["tables/flows.parquet", 2, 5, "unparseable-number", "-inf"],
    ]);
  });

  test("a text column keeps the text grammar: scientific notation is refused there", async () => {
    await parquet(row("T", "'1e-05'"));
    expect(errorRows(await ws.errors())).toEqual([["tables/flows.parquet", 1, 5, "unparseable-number", "1e-05"]]);
  });
});

/** The package's descriptor.json with `edit` applied to its text. */
const editDescriptor = (edit: (text: string) => string) => {
  const path = join(ws.pkg, "descriptor.json");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
};
const printedTable = (over: Record<string, unknown> = {}) => {
  const { bulk: _bulk, ...table } = matrixTable({ id: "printed", file: "tables/printed.csv", ...over });
  return table;
};

describe("descriptor.json", () => {
  test("a byte-order mark before the document is ignored (RFC 8259), and positions after it are unchanged", async () => {
    ws.descriptor([printedTable({ view: "Bad" })]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    const without = await ws.errors();
    expect(without.map((e) => e.code)).toEqual(["invalid-descriptor"]);
    editDescriptor((t) => BOM + t);
    expect(errorRows(await ws.errors())).toEqual(errorRows(without));
    editDescriptor((t) => t.replace(/,\s*"view": "Bad"/u, ""));
    expect(await ws.build()).toEqual([]);
  });

  test("a byte-order mark before checks.json is ignored too (validateJsonDocument and locateInJson are shared)", () => {
    expect(validateJsonDocument(`${BOM}{"checks": []}`, "checks.json", "checks")).toEqual({ value: { checks: [] }, errors: [] });
    const file = join(ws.dir, "checks.json");
    const text = readFileSync(join(projectRoot, "checks", "checks.json"), "utf8");
    writeFileSync(file, BOM + text);
    const withMark = readChecksFile(file, "checks.json", kinds);
    writeFileSync(file, text);
    expect(withMark).toEqual(readChecksFile(file, "checks.json", kinds));
    expect(withMark.errors).toEqual([]);
    expect(withMark.checks.length).toBeGreaterThan(0);
  });

  test("bytes that are not UTF-8: an encoding error at their line, not a silent replacement character", async () => {
    ws.descriptor([printedTable()]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    const path = join(ws.pkg, "descriptor.json");
    const text = readFileSync(path, "utf8");
    const at = text.indexOf("Arrivals by");
    writeFileSync(path, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]));
    const line = text.slice(0, at).split("\n").length;
    expect((await ws.build()).map(([f, l, , c]) => [f, l, c])).toEqual([["descriptor.json", line, "encoding-error"]]);
  });

  test("byte-order marks around its texts (a title, a label, a statement's label) are not stored", async () => {
    ws.descriptor(
      [printedTable({ title: `${BOM}Arrivals${BOM}`, rows: { title: `${BOM}origin`, dimension: "counterpart", labels: { [`${BOM}Russia`]: { counterpart: "Russian Federation" } } } })],
      [{ id: "s-1", section: "1", label: `${BOM}Immigrants${BOM}`, measure: "migration", direction: "in", ref_area: "Germany", period: "2005", value: `${BOM}40`, unit: "persons", citation: "stats" }],
    );
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    expect(await ws.build()).toEqual([]);
    // (each text behind one character: the DuckDB client drops a leading mark when it decodes one)
    const rows = await ws.query<Record<string, string>>("SELECT coalesce(table_id, statement_id) AS id, '|' || label AS label, '|' || row_label AS row_label, counterpart FROM observations ORDER BY id");
    expect(rows).toEqual([
      { id: "printed", label: "|Arrivals: Russia | 2006", row_label: "|Russia", counterpart: "RUS" },
      { id: "s-1", label: "|Immigrants", row_label: null, counterpart: null },
    ]);
    const tables = await ws.query<{ title: string; row_title: string }>("SELECT '|' || title AS title, '|' || row_title AS row_title FROM source_tables");
    expect(tables).toEqual([{ title: "|Arrivals", row_title: "|origin" }]);
    expect(JSON.stringify([rows, tables])).not.toContain(BOM);
  });

  test.each([
    ["a title", (t: string) => t.replace('"Arrivals by destination', '"Arrivals \\ud800by destination'), "/tables/0/title", "Arrivals \ud800by destination and origin"],
    ["a low half alone, in a label key", (t: string) => t.replace('"labels": {}', '"labels": {"x\\udc00y": {}}'), "/tables/0/rows/labels (a key)", "x\udc00y"],
    ["a high half before a character that is no low half", (t: string) => t.replace('"Bulk demo"', '"Bulk \\ud83d\\u0041"'), "/publication/title", "Bulk \ud83dA"],
  ])("a lone surrogate in %s: refused at its escape, the field named", async (_name, edit, field, cell) => {
    ws.descriptor([printedTable({ rows: { title: "origin", dimension: "counterpart", labels: {} } })]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    expect(await ws.build()).toEqual([]);
    editDescriptor(edit);
    const text = readFileSync(join(ws.pkg, "descriptor.json"), "utf8");
    const offset = text.search(/\\u[dD][89a-fA-F]|\\udc00/u);
    const lines = text.slice(0, offset).split("\n");
    const before = snapshot([ws.dir]);
    const errors = await ws.errors();
    expect(snapshot([ws.dir])).toEqual(before);
    expect(errorRows(errors)).toEqual([["descriptor.json", lines.length, lines.at(-1)!.length + 1, "lone-surrogate", cell]]);
    expect(errors[0]!.expected).toContain(field);
  });

  test("a surrogate pair written as two escapes is one character, accepted", async () => {
    ws.descriptor([printedTable()]);
    ws.write("tables/printed.csv", "origin,2006\nRussia,5\n");
    editDescriptor((t) => t.replace('"Arrivals by destination', '"Arrivals \\ud83d\\ude00 by destination'));
    expect(await ws.build()).toEqual([]);
    expect(await ws.query("SELECT title FROM source_tables")).toEqual([{ title: "Arrivals 😀 by destination and origin" }]);
  });
});
