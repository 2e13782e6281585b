// The ExportFormat interface: a format defined here (tab-separated values, a file per resource) is written
// by exportWarehouse with nothing else added, with a datapackage.json that matches its files; a format
// that refuses its rows, or fails while writing, leaves nothing behind; the registry's names are unique
// and each one is offered by the command.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exportCommand, exportUsage } from "../pipelines/cli/export.ts";
import { quoteLiteral, Warehouse } from "../pipelines/core/duckdb.ts";
import { ExportValidationError } from "../pipelines/export/errors.ts";
import { exportWarehouse } from "../pipelines/export/exportWarehouse.ts";
import type { ExportFormat } from "../pipelines/export/format.ts";
import { EXPORT_FORMATS } from "../pipelines/export/formats.ts";
import { realWarehouse, type RealWarehouse } from "./helpers/realWarehouse.ts";
import { tsvFormat } from "./helpers/tsvFormat.ts";

const tsv = tsvFormat;

const refusing: ExportFormat = {
  ...tsv,
  name: "refusing",
  prepare: async () => {
    throw new ExportValidationError([{ resource: "observations", row: 1, key: "x", field: "value", value: 1, expected: "a planted refusal" }]);
  },
};

const failing: ExportFormat = {
  ...tsv,
  name: "failing",
  prepare: async (ctx) => ({
    write: async (dir) => {
      await tsv.prepare(ctx).then((p) => p.write(dir)); // every file written into the staging folder ...
      throw new Error("disk gone"); // ... then a failure before the folder is renamed into place
    },
  }),
};

let real: RealWarehouse;
beforeAll(() => {
  real = realWarehouse("corrected");
});
afterAll(() => real.cleanup());

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const formats = [tsv, refusing, failing];

describe("a format written through the interface alone", () => {
  test("a file per resource, listed in datapackage.json with its size, hash and the format's name and note", async () => {
    const out = join(real.dir, "tsv");
    const result = await exportWarehouse({ dbPath: real.db, outDir: out, format: "tsv", formats });
    const dp = JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8")) as {
      name: string; description: string; resources: Array<{ name: string; path: string; bytes: number; hash: string; mediatype: string }>;
    };
    expect(dp.name).toBe("migration-profile-tsv");
    expect(dp.description.endsWith(" Tab-separated.")).toBe(true);
    expect(dp.resources.map((r) => r.path)).toEqual(result.files.map((f) => f.path));
    expect(readdirSync(out).sort()).toEqual([".migration-profile-export", "datapackage.json", ...dp.resources.map((r) => r.path)].sort());
    for (const r of dp.resources) {
      expect(r.path).toBe(`${r.name}.tsv`);
      expect(r.mediatype).toBe("text/tab-separated-values");
      expect(r.bytes).toBe(readFileSync(join(out, r.path)).length);
      expect(r.hash).toBe(`sha256:${sha256(join(out, r.path))}`);
    }
    // the rows counted are the rows in the files, and the observations are the warehouse's
    const wh = await Warehouse.open();
    try {
      for (const f of result.files) {
        const [counted] = await wh.all(`SELECT count(*)::INTEGER AS n FROM read_csv(${quoteLiteral(join(out, f.path))}, delim = '\t', header = true)`);
        expect(counted).toEqual({ n: f.rows });
      }
      await wh.run(`ATTACH ${quoteLiteral(real.db)} AS w (READ_ONLY)`);
      const [n] = await wh.all("SELECT count(*)::INTEGER AS n FROM w.observations_clean");
      expect(result.files.find((f) => f.path === "observations.tsv")?.rows).toBe((n as { n: number }).n);
    } finally {
      wh.close();
    }
  });

  test("a format that refuses its rows writes nothing", async () => {
    const out = join(real.dir, "refused");
    await expect(exportWarehouse({ dbPath: real.db, outDir: out, format: "refusing", formats })).rejects.toBeInstanceOf(ExportValidationError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(real.dir).filter((f) => f.includes("refused"))).toEqual([]);
  });

  test("a format that fails while writing leaves the earlier export as it was, and no staging folder", async () => {
    const out = join(real.dir, "kept");
    mkdirSync(out);
    writeFileSync(join(out, ".migration-profile-export"), "");
    writeFileSync(join(out, "datapackage.json"), "{}\n");
    await expect(exportWarehouse({ dbPath: real.db, outDir: out, format: "failing", formats, force: true })).rejects.toThrow("disk gone");
    expect(readdirSync(out).sort()).toEqual([".migration-profile-export", "datapackage.json"]);
    expect(readFileSync(join(out, "datapackage.json"), "utf8")).toBe("{}\n");
    expect(readdirSync(real.dir).filter((f) => f.startsWith(".kept."))).toEqual([]);
  });
});

describe("the registry", () => {
  test("names are unique and the command offers each one", async () => {
    const names = EXPORT_FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(["csv", "parquet", "json", "sdmx"]);
    for (const name of names) expect(exportUsage).toContain(name);
    const err: string[] = [];
    const code = await exportCommand(["--format", "tsv", "--db", real.db], { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } });
    expect(code).toBe(2);
    expect(err.join("")).toContain(`unknown format "tsv": use one of ${names.join(", ")}`);
  });
});
