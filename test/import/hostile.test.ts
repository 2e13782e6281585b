// Hostile variants of an unseen profile: the same document with other line endings, spaces, marks and
// layouts must give the same draft, or a clear error with its line and no package.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDocument, type ImportResult } from "../../pipelines/import/importDocument.ts";
import { withBuiltDraft } from "../helpers/draftWarehouse.ts";

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

describe("headings and number formats of other templates", () => {
  it("a section number out of sequence ('3.2.1 ...' under 1.2) is a heading, and none of its numbers is a figure", () => {
    const r = run(BASE.replace("1.2.1 Labour migrants by sex", "3.2.1 Labour migrants by sex"));
    expect(r.errors).toEqual([]);
    const values = r.files.get("statements.csv")!.split("\n").slice(1).map((l) => l.split(",")[9]);
    for (const not of ["3.2", "3", "2.1", "1"]) expect(values).not.toContain(not);
    expect(r.counts.statements).toBe(reference.counts.statements);
  });

  it("a text that prints every figure with spaces between thousands drafts them, and says so in the package's format", () => {
    const text = BASE.replace("33,846 sq km", "33 846 sq km").replace("US$ 2,100", "US$ 2 100").replace("USD 1,218 million", "USD 1 218 million");
    const r = run(text);
    expect(r.errors).toEqual([]);
    const d = JSON.parse(r.files.get("descriptor.json")!);
    expect(d.defaults.number_format).toEqual({ decimal: ".", group: " " });
    const st = r.files.get("statements.csv")!;
    for (const v of ["3 581 100", "335 600", "33 846", "1 218 million"]) expect(st).toContain(`,${v},`);
    // tables that print commas keep a format of their own
    for (const t of d.tables) expect(t.number_format).toBeDefined();
  });
});

describe("import never throws on a mangled unseen profile", () => {
  it("deleting, truncating or doubling any of its lines gives a package or errors, never both, never neither", async () => {
    const fc = (await import("fast-check")).default;
    const lines = BASE.split("\n");
    const mangled = fc.oneof(
      fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }).map((keep) => lines.filter((_, i) => keep[i]).join("\n")),
      fc.tuple(fc.nat(lines.length - 1), fc.nat(60)).map(([i, cut]) => lines.map((l, j) => (j === i ? l.slice(0, cut) : l)).join("\n")),
      fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1)).map(([i, j]) => [...lines.slice(0, j), lines[i]!, ...lines.slice(j)].join("\n")),
    );
    fc.assert(
      fc.property(mangled, (text) => {
        const r = run(text);
        expect(r.files.size > 0).toBe(r.errors.length === 0);
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe("a wrapped caption and cells that print no figure", () => {
  const text = BASE.replace("Table 4. Asylum applications and decisions, 2005–2007\n", "Table 4. Asylum applications lodged in the Republic of Moldova and decisions\ntaken on them, 2005–2007\n")
    .replace("2005\t52\t31", "2005\t52\t..")
    .replace("2006\t61\t40", "2006\tn.a.\t40")
    .replace("2007\t69\t45", "2007\t69\tx");
  const r = run(text);

  it("joins a caption broken over two lines, so the table is not lost and its rows are not read as text", () => {
    expect(r.errors).toEqual([]);
    const d = JSON.parse(r.files.get("descriptor.json")!);
    expect(d.tables).toHaveLength(4);
    expect(d.tables[3].title).toBe("Asylum applications lodged in the Republic of Moldova and decisions taken on them, 2005–2007");
    expect(r.counts.statements).toBe(reference.counts.statements);
  });

  it("reads '..' and 'n.a.' as the vocabulary's markers, lists an unknown one ('x') as undecided, and the draft builds", async () => {
    const d = JSON.parse(r.files.get("descriptor.json")!);
    expect(d.defaults.missing).toMatchObject({ "..": "not-available", "n.a.": "not-available" });
    expect(d.tables[3].missing).toMatchObject({ x: "not-available" });
    expect(d.tables[3].cells).toBeUndefined();
    const review = r.files.get("review.csv")!.split("\n");
    expect(review.findIndex((l) => l.includes('t04 cells ""x""') && l.startsWith("undecided"))).toBeGreaterThan(0);
    await withBuiltDraft(r, async (built) => {
      // every cell is an observation, a marker one with no value
      expect(built.observations).toBe(34 + r.counts.statements);
    });
  }, 60_000);
});

describe("captions printed otherwise", () => {
  for (const [name, caption] of [
    ["in capitals", "TABLE 3. Remittances received through banks"],
    ["with no mark after the number", "Table 3 Remittances received through banks"],
  ] as const) {
    it(name, () => {
      const r = run(BASE.replace("Table 3. Remittances received through banks", caption));
      expect(r.errors).toEqual([]);
      expect(content(r)).toEqual(content(reference));
    });
  }
  it("a sentence opening with 'Table 3 shows' is not a caption", () => {
    const r = run(BASE.replace("Transfers from abroad reached", "Table 3 shows that transfers from abroad reached"));
    expect(r.errors).toEqual([]);
    expect(r.counts.tables).toBe(reference.counts.tables);
  });
});

describe("marks on a year label and on a figure", () => {
  const text = BASE.replace("2007\t1 218.4", "2007*\t1 218.4¹");

  it("'2007*' is still the year 2007 and '1 218.4¹' the figure 1218.4 with footnote 1, in the built warehouse", async () => {
    const r = run(text);
    expect(r.errors).toEqual([]);
    const t3 = JSON.parse(r.files.get("descriptor.json")!).tables[2];
    expect(t3.rows.dimension).toBe("period");
    expect(t3.footnotes).toContain("1");
    await withBuiltDraft(r, async (built) => {
      const got = await built.query("SELECT period_text, value FROM observations WHERE table_id = 't03' ORDER BY period_text");
      expect(got.map((x) => [x.period_text, Number(x.value)])).toEqual([["2004", 701.5], ["2005", 920.3], ["2006", 1182], ["2007", 1218.4]]);
    });
  }, 60_000);

  it("a mark on a figure with no footnote is an error naming the table's row", () => {
    const bad = text.replace("1 218.4¹", "1 218.4⁹");
    const r = run(bad);
    expect(r.files.size).toBe(0);
    const e = r.errors.find((x) => x.code === "unknown-footnote")!;
    expect(e.cell).toContain("mark 9");
  });
});

describe("abbreviated scale words", () => {
  it("'USD 1.2 bn' and '1.5 mln' are drafted with their scale and the build reads them so", async () => {
    const text = BASE.replace("Transfers from abroad reached some USD 1,218 million in 2007", "Transfers from abroad reached some USD 1.2 bn in 2007, from 1.5 mln migrants");
    const r = run(text);
    expect(r.errors).toEqual([]);
    const st = r.files.get("statements.csv")!;
    expect(st).toContain(",1.2 bn,");
    expect(st).toContain(",1.5 mln,");
    await withBuiltDraft(r, async (built) => {
      const got = await built.query("SELECT value_text, value FROM observations WHERE value_text IN ('1.2 bn', '1.5 mln') ORDER BY value");
      expect(got.map((x) => [x.value_text, Number(x.value)])).toEqual([["1.5 mln", 1.5e6], ["1.2 bn", 1.2e9]]);
    });
  }, 60_000);
});
