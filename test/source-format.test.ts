// The format gaps a second profile met: a row printed without a label (rows.names), a package's own
// measures (measures.csv), an unknown hierarchy label reported at the label with the table's labels, and
// direction as part of what a figure is. Each on a small package written here.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { duplicate } from "../checks/kinds/duplicate/kind.ts";
import { InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { build } from "../pipelines/load/build.ts";
import { readManifest } from "../pipelines/load/collectManifest.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { buildSynthetic, referenceDir, writePackage, type PackageSpec, type TableSpec } from "./helpers/syntheticPackage.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A sources folder with the shared reference data and the packages given; extra files by path. */
const sources = (specs: PackageSpec[], files: Record<string, string> = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), "mp-format-"));
  dirs.push(dir);
  const src = join(dir, "sources");
  mkdirSync(src, { recursive: true });
  cpSync(referenceDir, join(src, "_reference"), { recursive: true });
  for (const s of specs) writePackage(src, s);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(src, rel), text);
  return src;
};

const errorsOf = (src: string): InputError[] => {
  try {
    readManifest(src);
  } catch (e) {
    if (e instanceof InputErrors) return [...e.errors];
    throw e;
  }
  return [];
};

/** 1-based line and column of the first occurrence of `needle` in a file (found independently of the build). */
const positionOf = (file: string, needle: string): { line: number; column: number } => {
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
};

const short = (errors: InputError[]) => errors.map((e) => [e.file.replace(/^.*\/sources\//u, ""), e.line, e.column, e.code, e.cell]);

// A header of years over one row of figures printed without a label.
const unlabelled = (rows: Record<string, unknown>): TableSpec => ({
  id: "t1",
  coordinates: { measure: "migration", direction: "in" },
  rows,
  columns: { dimension: "period" },
  csv: [["", "2005", "2006", "2007"], ["", "1,200", "1,350", "1,500"]],
});

describe("rows.names: the label of a row printed without one", () => {
  it("a table of years over one unlabelled row builds with the label the descriptor gives", async () => {
    const syn = await buildSynthetic({
      tables: [
        unlabelled({ dimension: "none", names: ["Arrivals"] }),
        {
          // counterparts named in the descriptor, a printed total row, and a hierarchy over both
          id: "t2",
          coordinates: { measure: "migration", direction: "in" },
          rows: { dimension: "counterpart", names: ["Russia", "Georgia"] },
          columns: { dimension: "period" },
          hierarchy: [{ axis: "rows", total: "Total", parts: ["Russia", "Georgia"] }],
          csv: [["", "2006"], ["", "100"], ["", "40"], ["Total", "140"]],
        },
      ],
    });
    try {
      expect(await syn.wh.all(`SELECT row_label, col_label, value, line, col FROM observations WHERE table_id = 't1' ORDER BY col_label`)).toEqual([
        { row_label: "Arrivals", col_label: "2005", value: 1200, line: 2, col: 2 },
        { row_label: "Arrivals", col_label: "2006", value: 1350, line: 2, col: 3 },
        { row_label: "Arrivals", col_label: "2007", value: 1500, line: 2, col: 4 },
      ]);
      expect(await syn.wh.all(`SELECT row_label, counterpart, value FROM observations WHERE table_id = 't2' ORDER BY line`)).toEqual([
        { row_label: "Russia", counterpart: "RUS", value: 100 },
        { row_label: "Georgia", counterpart: "GEO", value: 40 },
        { row_label: "Total", counterpart: "TOTAL", value: 140 },
      ]);
      expect(await syn.wh.all(`SELECT total_label, part_label FROM table_hierarchy WHERE table_id = 't2' ORDER BY position`)).toEqual([
        { total_label: "Total", part_label: "Russia" },
        { total_label: "Total", part_label: "Georgia" },
      ]);
    } finally {
      syn.close();
    }
  });

  it("without rows.names, the blank label is an error at its cell that says how to name it", () => {
    const errors = errorsOf(sources([{ tables: [unlabelled({ dimension: "none", labels: {} })] }]));
    expect(short(errors)).toEqual([["synthetic/tables/t1.csv", 2, 1, "blank-label", ""]]);
    expect(errors[0]!.expected).toBe("a row label in the first column, or rows.names in the descriptor naming each row printed without one");
  });

  it("a table without a header row: a blank name in columns.names is an error at that name, as a blank header cell is", () => {
    const src = sources([{ tables: [{ id: "t1", coordinates: { measure: "migration", direction: "in" }, rows: { dimension: "none" },
      columns: { dimension: "period", names: ["2005", " "] }, header_rows: 0, csv: [["Arrivals", "1", "2"]] }] }]);
    const errors = errorsOf(src);
    // (the period the blank column would give is reported too, at its column)
    expect(errors.map((e) => [e.code, e.cell])).toEqual([["blank-label", " "], ["unparseable-period", " "]]);
    expect(errors[0]!.file).toMatch(/descriptor\.json$/u);
    expect(errors[0]!).toMatchObject(positionOf(errors[0]!.file, '" "'));
  });

  it("as many names as unlabelled rows: a mismatch is reported at rows.names", () => {
    const src = sources([{ tables: [unlabelled({ dimension: "none", names: ["Arrivals", "Departures"] })] }]);
    const errors = errorsOf(src);
    const at = positionOf(join(src, "synthetic", "descriptor.json"), '[\n          "Arrivals"');
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([["missing-row-names", at.line, at.column]]);
    expect(errors[0]!.expected).toMatch(/^rows\.names with 1 label\(s\), one for each row printed without a label \(line 2 of .*t1\.csv\)$/u);
  });

  it("a name that does not resolve is reported at the name in the descriptor", () => {
    const src = sources([{ tables: [unlabelled({ dimension: "counterpart", names: ["Atlantis"] })] }]);
    const errors = errorsOf(src);
    const at = positionOf(join(src, "synthetic", "descriptor.json"), '"Atlantis"');
    expect(short(errors)).toEqual([["synthetic/descriptor.json", at.line, at.column, "unknown-country", "Atlantis"]]);
  });

  it("a printed label is never replaced: names go to blank first cells only, in order", async () => {
    const syn = await buildSynthetic({
      tables: [{ ...unlabelled({ dimension: "none", names: ["Second"] }), csv: [["", "2005"], ["First", "1"], ["", "2"]] }],
    });
    try {
      expect(await syn.wh.all(`SELECT row_label, value FROM observations ORDER BY line`)).toEqual([
        { row_label: "First", value: 1 },
        { row_label: "Second", value: 2 },
      ]);
    } finally {
      syn.close();
    }
  });
});

describe("unknown-label: the label itself, at its string, with the table's labels", () => {
  const table = (extra: Partial<TableSpec>): TableSpec => ({
    id: "t1",
    coordinates: { measure: "migration", direction: "in" },
    rows: { dimension: "counterpart" },
    columns: { dimension: "period" },
    csv: [["", "2006"], ["Russia", "100"], ["Georgia", "40"], ["Total", "140"]],
    ...extra,
  });

  it("a hierarchy part that is not a row label", () => {
    const src = sources([{ tables: [table({ hierarchy: [{ axis: "rows", total: "Total", parts: ["Russia", "Grusia"] }] })] }]);
    const errors = errorsOf(src);
    const at = positionOf(join(src, "synthetic", "descriptor.json"), '"Grusia"');
    expect(short(errors)).toEqual([["synthetic/descriptor.json", at.line, at.column, "unknown-label", "Grusia"]]);
    expect(errors[0]!.expected).toMatch(/^a row label of .*t1\.csv: "Russia" \| "Georgia" \| "Total"$/u);
  });

  it("a key of rows.labels that is not a row label: located at the key, not at its value", () => {
    const src = sources([{ tables: [table({ rows: { dimension: "counterpart", labels: { Totl: { counterpart: "Total" } } } })] }]);
    const errors = errorsOf(src);
    const at = positionOf(join(src, "synthetic", "descriptor.json"), '"Totl"');
    expect(short(errors)).toEqual([["synthetic/descriptor.json", at.line, at.column, "unknown-label", "Totl"]]);
  });

  it("the case reported: a blank label mapped in a table whose only row has none", () => {
    const src = sources([{ tables: [unlabelled({ dimension: "none", labels: { "": {} } })] }]);
    const errors = errorsOf(src);
    const at = positionOf(join(src, "synthetic", "descriptor.json"), '"": {}');
    expect(short(errors)).toEqual([
      ["synthetic/tables/t1.csv", 2, 1, "blank-label", ""],
      ["synthetic/descriptor.json", at.line, at.column, "unknown-label", ""],
    ]);
    expect(errors[1]!.expected).toMatch(/^a row label of .*t1\.csv, which has none \(rows printed without a label take theirs from rows\.names\)$/u);
  });

  it("a long list of labels is cut", () => {
    const names = Array.from({ length: 30 }, (_, i) => `Region ${i + 1}`);
    const src = sources([
      {
        tables: [
          {
            id: "t1",
            coordinates: { measure: "migration", direction: "in" },
            rows: { dimension: "none" },
            columns: { dimension: "period" },
            hierarchy: [{ axis: "rows", total: "All regions", parts: ["Region 1"] }],
            csv: [["", "2006"], ...names.map((n) => [n, "1"])],
          },
        ],
      },
    ]);
    const errors = errorsOf(src);
    expect(errors.map((e) => [e.code, e.cell])).toEqual([["unknown-label", "All regions"]]);
    expect(errors[0]!.expected).toMatch(/: "Region 1" \| "Region 2" \| .* \| "Region 12" \(and 18 more\)$/u);
  });
});

describe("a package's own measures.csv", () => {
  const header = "measure,label,kind,base_unit\n";
  const usingOwn: PackageSpec = {
    tables: [
      {
        id: "t1",
        coordinates: { measure: "seasonal_workers_abroad", direction: "out" },
        rows: { dimension: "counterpart" },
        columns: { dimension: "period" },
        csv: [["", "2007"], ["Russia", "12,000"]],
      },
    ],
  };

  it("adds measures to the shared vocabulary, with their kind, for the build and the checks", async () => {
    const src = sources([usingOwn], { "synthetic/measures.csv": header + "seasonal_workers_abroad,Seasonal workers abroad,stock,persons\n" });
    const dbPath = join(src, "..", "warehouse.duckdb");
    await build({ sourcesDir: src, dbPath });
    const wh = await Warehouse.open(dbPath);
    try {
      expect(await wh.all(`SELECT * FROM measures WHERE measure IN ('seasonal_workers_abroad', 'migration') ORDER BY measure`)).toEqual([
        { measure: "migration", label: "Migration flow (arrivals or departures by direction)", kind: "flow", base_unit: "persons" },
        { measure: "seasonal_workers_abroad", label: "Seasonal workers abroad", kind: "stock", base_unit: "persons" },
      ]);
      expect(await wh.all(`SELECT measure, measure_kind, value FROM observations`)).toEqual([{ measure: "seasonal_workers_abroad", measure_kind: "stock", value: 12000 }]);
    } finally {
      wh.close();
    }
  });

  it("joins the reference the build reads, next to the shared measures", () => {
    const src = sources([usingOwn], { "synthetic/measures.csv": header + "seasonal_workers_abroad,Seasonal workers abroad,stock,persons\n" });
    const { reference } = readManifest(src);
    expect(reference.measures.get("seasonal_workers_abroad")).toEqual({ measure: "seasonal_workers_abroad", label: "Seasonal workers abroad", kind: "stock", base_unit: "persons" });
    expect(reference.measures.get("migration")?.kind).toBe("flow");
  });

  it("a code the shared vocabulary has is an error at its line; a bad kind too; the rest are kept", () => {
    const src = sources([usingOwn], {
      "synthetic/measures.csv": header + "seasonal_workers_abroad,Seasonal workers abroad,stock,persons\nmigration,Our migration,flow,persons\nwork_permits,Work permits,permit,persons\n",
    });
    const errors = errorsOf(src);
    const shared = positionOf(join(src, "_reference", "measures.csv"), "\nmigration,");
    expect(short(errors)).toEqual([
      ["synthetic/measures.csv", 3, 1, "duplicate-id", "migration"],
      ["synthetic/measures.csv", 4, 3, "invalid-measure", "permit"],
    ]);
    expect(errors[0]!.expected).toBe(`a measure code not in the shared vocabulary (${errors[0]!.file.replace(/synthetic\/measures\.csv$/u, "_reference/measures.csv")}:${shared.line + 1} defines migration: use it, or give this measure another code)`);
    expect(errors[1]!.expected).toMatch(/^kind: one of "stock", "flow", "net_flow", "share", "rate", "amount", "count", "index", "area"$/u);
  });

  it("two packages may define one code only alike", () => {
    const other: PackageSpec = { ...usingOwn, id: "other" };
    const same = "seasonal_workers_abroad,Seasonal workers abroad,stock,persons\n";
    expect(errorsOf(sources([usingOwn, other], { "synthetic/measures.csv": header + same, "other/measures.csv": header + same }))).toEqual([]);
    const errors = errorsOf(sources([usingOwn, other], { "other/measures.csv": header + same, "synthetic/measures.csv": header + "seasonal_workers_abroad,Seasonal workers,flow,persons\n" }));
    expect(short(errors)).toEqual([["synthetic/measures.csv", 2, 1, "duplicate-id", "seasonal_workers_abroad"]]);
    expect(errors[0]!.expected).toMatch(/^each measure once \(.*other\/measures\.csv:2 defines seasonal_workers_abroad differently\)$/u);
  });
});

describe("direction is part of what a figure is", () => {
  const spec = (direction: string): PackageSpec => ({
    tables: [
      {
        id: "t9",
        coordinates: { measure: "refugees", direction: "in" },
        rows: { dimension: "none", labels: { Refugees: {} } },
        columns: { dimension: "period" },
        csv: [["", "end of 2006"], ["Refugees", "2,618"]],
      },
    ],
    statements: [{ id: "s-1", measure: "refugees", direction, value: "3,000", period: "end of 2006", unit: "persons" }],
  });

  it("a blank direction is never compared with 'in'; the same direction is", async () => {
    const [blank, same] = await Promise.all([buildSynthetic(spec("")), buildSynthetic(spec("in"))]);
    try {
      expect(await blank.run(duplicate)).toEqual([]);
      const found = await same.run(duplicate);
      expect(found.map((f) => [...f.obs_ids].sort())).toEqual([["synthetic:s-1", "synthetic:t9/Refugees/end of 2006"]]);
    } finally {
      blank.close();
      same.close();
    }
  });
});
