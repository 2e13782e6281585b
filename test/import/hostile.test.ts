// Hostile variants of an unseen profile: the same document with other line endings, spaces, marks and
// layouts must give the same draft, or a clear error with its line and no package.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDocument, type ImportResult } from "../../pipelines/import/importDocument.ts";

const REF = "sources/_reference";
const BASE = readFileSync(join("test/fixtures/profiles", "moldova-2008.txt"), "utf8");
const run = (text: string): ImportResult => importDocument(Buffer.from(text, "utf8"), "x.txt", { referenceDir: REF, today: "2026-12-02" });
/** every file but the provenance (the document's bytes differ, so does its sha256) and review.csv (its lines and wording) */
const content = (r: ImportResult): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of r.files) {
    if (k === "review.csv") continue;
    if (k === "descriptor.json") {
      const d = JSON.parse(v);
      delete d.publication.provenance;
      out[k] = JSON.stringify(d);
    } else out[k] = v;
  }
  return out;
};
const reference = run(BASE);

describe("the same profile in other bytes gives the same draft", () => {
  const variants: Array<[string, (t: string) => string]> = [
    ["Windows line endings", (t) => t.replace(/\n/gu, "\r\n")],
    ["old Mac line endings (CR only)", (t) => t.replace(/\n/gu, "\r")],
    ["a UTF-8 byte order mark", (t) => `\uFEFF${t}`],
    ["no-break spaces in words and between thousands", (t) => t.replace(/ (\d{3})/gu, "\u00A0$1").replace(/Labour Force/gu, "Labour\u00A0Force")],
    ["curly apostrophes and en dashes", (t) => t.replace(/'/gu, "\u2019").replace(/ - /gu, " \u2013 ")],
    ["a tab after the last cell of some rows", (t) => t.replace(/(\t[\d .]+)$/gmu, "$1\t")],
    ["tables and box aligned with runs of spaces instead of tabs", (t) => t.replace(/\t/gu, "   ")],
  ];
  for (const [name, change] of variants) {
    it(name, () => {
      const r = run(change(BASE));
      expect(r.errors).toEqual([]);
      expect(content(r)).toEqual(content(reference));
    });
  }
});

describe("marks and rows the importer must refuse, naming the line", () => {
  const lines = (t: string) => t.split("\n");
  it("a footnote mark with no footnote", () => {
    const text = BASE.replace("refugee status.⁵", "refugee status.⁹");
    const r = run(text);
    expect(r.files.size).toBe(0);
    const e = r.errors.find((x) => x.code === "unknown-footnote")!;
    expect(lines(text)[e.line - 1]).toContain("status.⁹");
  });
  it("a ragged row", () => {
    const text = BASE.replace("Italy\t60 200\t65 000", "Italy\t60 200\t65 000\t7");
    const r = run(text);
    expect(r.files.size).toBe(0);
    expect(r.errors.map((e) => [e.code, lines(text)[e.line - 1]])).toEqual([["ragged-row", "Italy\t60 200\t65 000\t7"]]);
  });
  it("a row of a table aligned with spaces that lacks a cell (a blank cannot be placed)", () => {
    const text = BASE.replace(/\t/gu, "   ").replace("Ukraine   13 500   16 900", "Ukraine      16 900");
    const r = run(text);
    expect(r.files.size).toBe(0);
    expect(r.errors.map((e) => [e.code, lines(text)[e.line - 1]])).toEqual([["ambiguous-row", "Ukraine      16 900"]]);
  });
});

describe("superscript marks beyond 9", () => {
  it("reads ¹⁰ as footnote 10 and cites it", () => {
    const text = BASE.replace("refugee status.⁵", "refugee status.¹⁰").replace("⁵ Lucke, op. cit.", "¹⁰ Lucke, op. cit.");
    const r = run(text);
    expect(r.errors).toEqual([]);
    const st = r.files.get("statements.csv")!.split("\n").find((l) => l.includes(",69,"))!;
    expect(st).toContain(",10,");
    // op. cit. in footnote 10 names the work of footnote 4
    const cite = (m: string) => new RegExp(`^${m},[^,]*,([^,]+),`, "mu").exec(r.files.get("footnotes.csv")!)?.[1];
    expect(cite("10")).toBeDefined();
    expect(cite("10")).toBe(cite("4"));
  });
});

describe("a very long document", () => {
  it("twenty profiles one after the other: every table and footnote of each, no error", () => {
    const r = run(Array(20).fill(BASE).join("\n"));
    expect(r.errors).toEqual([]);
    expect(r.counts.tables).toBe(20 * reference.counts.tables);
    expect(r.counts.footnotes).toBe(20 * reference.counts.footnotes);
  });
});
