// The CSV export read by Frictionless' own readers (datapackage-js and tableschema-js): the descriptor is
// valid, every resource is read with its schema without a cast error, primary keys are neither null nor
// repeated, and no meaningful value becomes null (a total's breakdown is `_T`, not an empty field);
// infinities are spelled INF. Parquet and JSON exports declare the non-tabular profiles v1 gives them.
// On the Azerbaijan package and on a package with hostile labels.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { quoteLiteral, Warehouse } from "../pipelines/core/duckdb.ts";
import { exportBoth, type Exported } from "./helpers/exported.ts";
import { HOSTILE } from "./helpers/hostilePackage.ts";

interface FdResource {
  readonly name: string;
  readonly tabular: boolean;
  readonly descriptor: { path: string; profile: string; schema: { fields: Array<{ name: string; type: string }>; primaryKey?: string[] } };
  read(opts: { keyed: true; cast: boolean }): Promise<Array<Record<string, unknown>>>;
}
interface FdPackage {
  readonly valid: boolean;
  readonly errors: Array<{ message: string }>;
  readonly resources: FdResource[];
  readonly descriptor: { profile: string };
}
interface TsTable {
  read(opts: { keyed: true; cast: boolean }): Promise<Array<Record<string, unknown>>>;
}
const require = createRequire(import.meta.url);
const { Package } = require("datapackage") as { Package: { load(descriptor: string, opts: { basePath: string; strict: boolean }): Promise<FdPackage> } };
const { Table } = require("tableschema") as { Table: { load(source: string, opts: { schema: unknown; delimiter: string; quote: string }): Promise<TsTable> } };

/** A cast error's message with the values it names (the readers put them in `errors`). */
const why = (e: unknown): string => `${(e as Error).message}: ${((e as { errors?: Error[] }).errors ?? []).slice(0, 5).map((x) => x.message).join("; ")}`;

let exported: Exported;
beforeAll(async () => {
  exported = await exportBoth(["csv", "parquet", "json"]);
}, 180_000);
afterAll(() => exported?.cleanup());

describe.each(["azerbaijan", "hostile"] as const)("%s", (name) => {
  const dir = (f: "csv" | "parquet" | "json") => exported.dirs.get(name)!.get(f)!;

  test("datapackage-js: the CSV package is valid; every resource read with its schema, cast, keys neither null nor repeated", async () => {
    const pkg = await Package.load(join(dir("csv"), "datapackage.json"), { basePath: dir("csv"), strict: false });
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.descriptor.profile).toBe("tabular-data-package");
    expect(pkg.resources.length).toBeGreaterThan(name === "azerbaijan" ? 20 : 10);
    for (const r of pkg.resources) {
      expect(r.tabular, r.name).toBe(true);
      let rows: Array<Record<string, unknown>> = [];
      try {
        rows = await r.read({ keyed: true, cast: true });
      } catch (e) {
        expect.fail(`${r.name}: ${why(e)}`);
      }
      const key = r.descriptor.schema.primaryKey ?? [];
      if (key.length === 0) continue;
      const seen = new Set<string>();
      for (const row of rows) {
        for (const k of key) expect(row[k], `${r.name}.${k}`).not.toBeNull();
        const id = JSON.stringify(key.map((k) => row[k]));
        expect(seen.has(id), `${r.name} key ${id} repeated`).toBe(false);
        seen.add(id);
      }
    }
  });

  test("tableschema-js: every CSV file read with its Table Schema, no cast error", async () => {
    const dp = JSON.parse(readFileSync(join(dir("csv"), "datapackage.json"), "utf8")) as { resources: FdResource["descriptor"][] };
    for (const r of dp.resources) {
      // the dialect datapackage.json declares (without it tableschema-js guesses the delimiter from the first rows)
      const table = await Table.load(join(dir("csv"), r.path), { schema: r.schema, delimiter: ",", quote: '"' });
      try {
        const rows = await table.read({ keyed: true, cast: true });
        expect(rows.length).toBeGreaterThanOrEqual(0);
      } catch (e) {
        expect.fail(`${r.path}: ${why(e)}`);
      }
    }
  });

  test("no meaningful value becomes null: totals are _T, the unqualified qualifier _Z, infinities INF", async () => {
    const pkg = await Package.load(join(dir("csv"), "datapackage.json"), { basePath: dir("csv"), strict: false });
    const read = (n: string) => pkg.resources.find((r) => r.name === n)!.read({ keyed: true, cast: true });
    const observations = await read("observations");
    expect(observations.filter((o) => o.breakdown === null)).toEqual([]);
    const totals = observations.filter((o) => o.breakdown === "_T").length;
    // the warehouse's count of totals, read independently of the export
    const dbFile = exported.dbs.get(name)!;
    const wh = await Warehouse.open(dbFile, { access_mode: "READ_ONLY" });
    try {
      const [{ n }] = (await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM observations WHERE breakdown = ''`)) as [{ n: number }];
      expect(totals).toBe(n);
      expect(n).toBeGreaterThan(0);
    } finally {
      wh.close();
    }
    const qualifiers = await read("qualifiers");
    expect(qualifiers.find((q) => q.qualifier === "_Z")).toMatchObject({ bound: "point" });
    expect(qualifiers.filter((q) => q.widen === Infinity).length).toBeGreaterThan(0);
    expect(readFileSync(join(dir("csv"), "qualifiers.csv"), "utf8")).toMatch(/,INF\n/u);
    expect(readFileSync(join(dir("csv"), "qualifiers.csv"), "utf8")).not.toMatch(/,inf\n/u);
  });

  test("an empty string is written only where it means nothing was printed", async () => {
    const db = await Warehouse.open(":memory:");
    try {
      const dp = JSON.parse(readFileSync(join(dir("csv"), "datapackage.json"), "utf8")) as { resources: FdResource["descriptor"][] };
      const emptied = new Set<string>();
      for (const r of dp.resources) {
        if (/__t\d+$/u.test(r.path.replace(/\.csv$/u, ""))) continue;
        const file = quoteLiteral(join(dir("csv"), r.path));
        // a quoted "" is an empty string, an empty field a null
        for (const f of r.schema.fields.filter((f) => f.type === "string")) {
          const [{ n }] = (await db.all<{ n: number }>(
            `SELECT count(*)::INTEGER AS n FROM read_csv(${file}, header = true, all_varchar = true, allow_quoted_nulls = false) WHERE "${f.name.replaceAll('"', '""')}" = ''`,
          )) as [{ n: number }];
          if (n > 0) emptied.add(`${r.path.replace(/\.csv$/u, "")}.${f.name}`);
        }
      }
      // DuckDB writes "" quoted: the fields where the warehouse holds "" for "nothing printed" (see pipelines/export/csv.ts)
      expect(emptied.size).toBeGreaterThan(0);
      for (const f of emptied) expect(["observations.cell_text", "observations.value_text", "source_tables.unit_printed", "source_tables.row_title"]).toContain(f);
    } finally {
      db.close();
    }
  });

  test("per-table files: whole numbers written and typed as integers, labels read back intact", async () => {
    const pkg = await Package.load(join(dir("csv"), "datapackage.json"), { basePath: dir("csv"), strict: false });
    const tables = pkg.resources.filter((r) => /__t\d+$/u.test(r.name));
    expect(tables.length).toBeGreaterThan(0);
    let integers = 0;
    for (const r of tables) {
      const text = readFileSync(join(dir("csv"), r.descriptor.path), "utf8");
      for (const f of r.descriptor.schema.fields.filter((f) => f.type === "integer")) {
        integers++;
        for (const row of await r.read({ keyed: true, cast: true })) if (row[f.name] !== null) expect(Number.isInteger(row[f.name]), `${r.name}.${f.name}`).toBe(true);
      }
      if (r.descriptor.schema.fields.every((f) => f.type !== "number")) expect(text, r.name).not.toMatch(/\d\.0(,|\n)/u);
    }
    expect(integers).toBeGreaterThan(name === "azerbaijan" ? 20 : 2);
    if (name === "hostile") {
      const t1 = await pkg.resources.find((r) => r.name === "hostile__t1")!.read({ keyed: true, cast: true });
      expect(t1.map((r) => [r.row, r["2000"]])).toEqual([[HOSTILE.total, 3410], [HOSTILE.men, 2000], [HOSTILE.women, 1400]]);
    } else {
      expect(readFileSync(join(dir("csv"), "azerbaijan_2008__t01.csv"), "utf8").split("\n")[1]).toBe("Total,,6222,4361,2574,1257,2500,2407,2013,2232");
    }
  });

  test.each(["parquet", "json"] as const)("%s: a valid data-package of data-resources (v1 keeps the tabular profiles for CSV)", async (f) => {
    const pkg = await Package.load(join(dir(f), "datapackage.json"), { basePath: dir(f), strict: false });
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.descriptor.profile).toBe("data-package");
    for (const r of pkg.resources) {
      expect(r.descriptor.profile).toBe("data-resource");
      expect(r.tabular).toBe(false);
    }
  });
});
