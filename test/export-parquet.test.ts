// The Parquet export read by an independent reader (hyparquet): no column carries the JSON logical type
// (Polars and some Arrow readers reject it), and every cell equals the JSON export's, on the Azerbaijan
// package (findings included) and on a package with hostile labels.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exportBoth, type Exported } from "./helpers/exported.ts";

let exported: Exported;
beforeAll(async () => {
  exported = await exportBoth(["parquet", "json"]);
}, 180_000);
afterAll(() => exported?.cleanup());

const buffer = (file: string): ArrayBuffer => {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/**
 * A cell as the JSON export holds it: dates as text, infinities as "Infinity", and a JSON column (text in
 * Parquet) nested, which `nested` says from the JSON export's value.
 */
const asJson = (v: unknown, nested: boolean): unknown =>
  typeof v === "bigint" ? Number(v)
  : v instanceof Date ? v.toISOString().slice(0, 10)
  : typeof v === "number" && !Number.isFinite(v) ? String(v)
  : nested && typeof v === "string" ? JSON.parse(v)
  : v;

describe.each(["azerbaijan", "hostile"] as const)("%s: Parquet read with hyparquet", (name) => {
  test("no JSON or BSON logical type; JSON fields are UTF-8 strings", () => {
    const dir = exported.dirs.get(name)!.get("parquet")!;
    const files = readdirSync(dir).filter((f) => f.endsWith(".parquet"));
    expect(files.length).toBeGreaterThan(name === "azerbaijan" ? 20 : 5);
    if (name === "azerbaijan") expect(files).toContain("findings.parquet");
    for (const f of files) {
      for (const el of parquetMetadata(buffer(join(dir, f))).schema) {
        expect([el.converted_type, el.logical_type?.type], `${f} ${el.name}`).not.toContain("JSON");
        expect([el.converted_type, el.logical_type?.type], `${f} ${el.name}`).not.toContain("BSON");
      }
    }
  });

  test("every cell equals the JSON export's", async () => {
    const dir = exported.dirs.get(name)!.get("parquet")!;
    const jsonDir = exported.dirs.get(name)!.get("json")!;
    const dp = JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8")) as { resources: Array<{ name: string; path: string; }> };
    let cells = 0;
    const parsed = new Set<string>();
    for (const r of dp.resources) {
      const rows = await parquetReadObjects({ file: buffer(join(dir, r.path)) });
      const want = JSON.parse(readFileSync(join(jsonDir, `${r.name}.json`), "utf8")) as Array<Record<string, unknown>>;
      expect(rows.length, r.name).toBe(want.length);
      rows.forEach((row, i) => {
        const got = Object.fromEntries(
          Object.entries(row).map(([k, v]) => {
            const nested = typeof want[i]![k] === "object" && want[i]![k] !== null;
            if (nested) parsed.add(`${r.name}.${k}`);
            return [k, asJson(v, nested)];
          }),
        );
        expect(got, `${r.name} row ${i + 1}`).toEqual(want[i]);
        cells += Object.keys(got).length;
      });
    }
    if (name === "azerbaijan") expect([...parsed]).toEqual(["findings.details"]);
    expect(cells).toBeGreaterThan(name === "azerbaijan" ? 10_000 : 100);
  });
});
