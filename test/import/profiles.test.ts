// Profiles the importer has never seen (test/fixtures/profiles/, written for these tests in the IOM template
// with the variations real profiles print): every expected figure below is read off the fixture by hand.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { importDocument, type ImportResult } from "../../pipelines/import/importDocument.ts";
import { buildDraft } from "../helpers/draftWarehouse.ts";

const REF = "sources/_reference";
const FIXTURES = "test/fixtures/profiles";
const work = mkdtempSync(join(tmpdir(), "import-profiles-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const importFixture = (name: string): ImportResult =>
  importDocument(readFileSync(join(FIXTURES, name)), name, { referenceDir: REF, today: "2026-12-02" });
/** A drafted CSV's row: its cells by column (the columns these tests read are named, for noUncheckedIndexedAccess). */
type DraftRow = Record<string, string> & Record<"value" | "item" | "guessed" | "status" | "line" | "printed", string>;
const rows = (r: ImportResult, file: string): DraftRow[] =>
  Papa.parse<DraftRow>(r.files.get(file) ?? "", { header: true, skipEmptyLines: true }).data;
const csvTable = (r: ImportResult, file: string): string[][] => Papa.parse<string[]>(r.files.get(file) ?? "", { skipEmptyLines: true }).data;
const descriptorOf = (r: ImportResult) => JSON.parse(r.files.get("descriptor.json")!);
const buildDraftIn = (r: ImportResult, name: string) => buildDraft(r, join(work, name));

describe("a Moldova-style profile: subtotals of CIS and EU, a continued table, Of which: women, spaces between thousands", () => {
  const r = importFixture("moldova-2008.txt");
  const d = r.errors.length === 0 ? descriptorOf(r) : undefined;

  it("imports with no error as the package of its country and year", () => {
    expect(r.errors).toEqual([]);
    expect(r.id).toBe("moldova-republic-of-2008");
    expect(d.publication).toMatchObject({ reporting_country: "Moldova, Republic of", date: "2008-09" });
    expect(d.tables.map((t: { number: string }) => t.number)).toEqual(["1", "2", "3", "4"]);
  });

  it("declares the total as the CIS and EU subtotals plus the countries outside both, each group with its own members", () => {
    const t1 = d.tables[0];
    expect(t1.number_format).toEqual({ decimal: ".", group: " " });
    expect(t1.columns.dimension).toBe("period");
    const rules = Object.fromEntries(t1.hierarchy.map((h: { total: string }) => [h.total, h]));
    // 218 800 + 98 300 + 18 500 = 335 600: "Other countries" after the EU's own residual belongs to the total, not to the EU
    expect(rules.Total.parts).toEqual(["CIS countries", "EU countries", "Other countries"]);
    expect(rules["CIS countries"]).toMatchObject({ parts: ["Russian Fed.", "Ukraine"], complete: false });
    expect(rules["EU countries"].parts).toEqual(["Italy", "Other EU countries"]);
    expect(rules["EU countries"].complete).toBeUndefined();
    expect(csvTable(r, "tables/table-01.csv")[1]).toEqual(["Total", "310 100", "335 600"]);
  });

  it("joins the rows of 'Table 2 (continued)' to table 2, without its repeated header, and keeps the Source after a '*' note", () => {
    const t2 = csvTable(r, "tables/table-02.csv");
    expect(t2.map((x) => x[0])).toEqual(["Year", "2004", "2005", "2006", "2007"]);
    expect(t2[4]).toEqual(["2007", "335.6", "101.2"]);
    const desc = d.tables[1];
    expect(desc.section).toBe("1.2.1");
    expect(desc.unit).toBe("thousand persons");
    expect(desc.source.printed).toContain("Labour Force Survey");
    expect(desc.coordinates.measure).toBe("emigrant_stock");
    // women are a part of the total, never the whole of it
    expect(desc.hierarchy).toEqual([{ axis: "columns", total: "Total", parts: ["Of which: women"], complete: false }]);
  });

  it("reads the unit of a table's only column from its header, and its space-grouped cells", () => {
    const t3 = d.tables[2];
    expect(t3.unit).toBe("USD million");
    expect(t3.coordinates.measure).toBe("remittances_inflow");
    expect(t3.number_format).toEqual({ decimal: ".", group: " " });
    expect(csvTable(r, "tables/table-03.csv")[3]).toEqual(["2006", "1 182.0"]);
  });

  it("drafts the text's figures with value, period and measure, and no section number, age, phone number or decree as a figure", () => {
    const s = rows(r, "statements.csv");
    expect(s.find((x) => x.value === "1,218 million")).toMatchObject({ period: "2007", unit: "USD", measure: "remittances_inflow", footnote: "3" });
    expect(s.find((x) => x.value === "69")).toMatchObject({ period: "2007", measure: "asylum_applications" });
    expect(s.find((x) => x.value === "12")).toMatchObject({ measure: "refugee_status_granted", part_of: s.find((x) => x.value === "69")!.id });
    expect(s.find((x) => x.value === "111")).toMatchObject({ unit: "rank" });
    const values = s.map((x) => x.value);
    for (const not of ["3.2", "1.2.1", "15", "1076", "22", "27", "84", "44", "373", "+373"]) expect(values).not.toContain(not);
    expect(s.every((x) => x.section !== "")).toBe(true);
  });

  it("resolves 'op. cit.' to the author's work and 'Ibid.' to the footnote before", () => {
    const fn = rows(r, "footnotes.csv");
    const cite = (m: string) => fn.find((f) => f.mark === m)!.citation;
    expect(cite("2")).toBe(cite("1"));
    expect(cite("5")).toBe(cite("4"));
    expect(cite("5")).not.toBe("");
  });

  it("lists the space-grouped figures of a text that also prints commas as not drafted, with their line, instead of reading them wrong", () => {
    const s = rows(r, "statements.csv");
    expect(s.some((x) => /\d \d{3}/u.test(x.value))).toBe(false);
    const review = rows(r, "review.csv");
    const skipped = review.filter((x) => x.item.endsWith("not drafted") && x.status === "undecided");
    const lines = readFileSync(join(FIXTURES, "moldova-2008.txt"), "utf8").split("\n");
    expect(skipped.map((x) => x.guessed.match(/"([^"]+)"/u)![1]).sort()).toEqual(["3 581 100", "335 600"]);
    for (const x of skipped) expect(lines[Number(x.line) - 1]).toContain(x.guessed.match(/"([^"]+)"/u)![1]);
  });

  it("builds with no edit", async () => {
    const built = await buildDraftIn(r, "moldova");
    // 16 + 8 + 4 + 6 table cells, and the statements
    expect(built.observations).toBe(34 + rows(r, "statements.csv").length);
  }, 60_000);
});

describe("a West-African profile: lettered sections, a 'Key indicators' box, ECOWAS, a share column, a table of one row", () => {
  const r = importFixture("ghana-2009.txt");
  const d = r.errors.length === 0 ? descriptorOf(r) : undefined;

  it("imports with no error, its three tables in their lettered sections", () => {
    expect(r.errors).toEqual([]);
    expect(r.id).toBe("ghana-2009");
    expect(d.tables.map((t: { number: string; section: string }) => [t.number, t.section])).toEqual([["1", "B.1"], ["2", "B.2"], ["3", "C"]]);
  });

  it("reads ECOWAS as a group of the members that follow it, and a residual naming another group as outside it", () => {
    const rules = Object.fromEntries(d.tables[0].hierarchy.map((h: { total: string }) => [h.total, h]));
    // 412,900 + 131,800 + 68,400 = 613,100; 189,400 + 98,300 + 72,600 + 52,600 = 412,900
    expect(rules.Total.parts).toEqual(["ECOWAS countries", "Other African countries", "Rest of the world"]);
    // Benin, Cabo Verde, Mali ... are members not printed
    expect(rules["ECOWAS countries"]).toMatchObject({ parts: ["Togo", "Nigeria", "Burkina Faso", "Côte d'Ivoire"], complete: false });
    expect(d.tables[0].columns.labels["%"]).toMatchObject({ unit: "%", measure: "immigrant_stock_share" });
    expect(d.tables[0].coordinates.period).toBe("2000");
  });

  it("reads an Of which column under a column other than Total, and a header of years over one labelled row", () => {
    expect(d.tables[1].hierarchy).toEqual([{ axis: "columns", total: "Applications", parts: ["Of which: in EU countries"], complete: false }]);
    expect(d.tables[2]).toMatchObject({ unit: "US$ million", coordinates: { measure: "remittances_inflow" } });
    expect(d.tables[2].columns.dimension).toBe("period");
    expect(csvTable(r, "tables/table-03.csv")[1]).toEqual(["Remittances", "82", "99", "105", "117", "128"]);
  });

  it("drafts the box and the text's figures, but no year of an act, act number, post box or phone number", () => {
    const s = rows(r, "statements.csv");
    expect(s.find((x) => x.value === "23,350,927")).toMatchObject({ section: "facts", period: "2008", measure: "population" });
    expect(s.find((x) => x.value === "0.8%")).toMatchObject({ measure: "remittances_inflow_share_gdp", period: "2008" });
    const women = s.find((x) => x.value === "278,400")!;
    expect(women).toMatchObject({ breakdown: "sex=F", period: "2000", part_of: s.find((x) => x.value === "613,100")!.id });
    expect(s.find((x) => x.value === "1.5 to 3 million")).toMatchObject({ measure: "emigrant_stock", footnote: "2" });
    const values = s.map((x) => x.value);
    for (const not of ["1963", "160", "1234", "233", "21", "665", "421", "2000"]) expect(values).not.toContain(not);
  });

  it("keeps an author's initial inside the reference: the year and title after 'Quartey, P.' are read, and Ibid. follows it", () => {
    const c = rows(r, "citations.csv").find((x) => x.printed.startsWith("Quartey"))!;
    expect(c).toMatchObject({ year: "2009" });
    expect(c.printed).toContain("Migration in Ghana");
    const fn = rows(r, "footnotes.csv");
    expect(fn.find((f) => f.mark === "3")!.citation).toBe(c.id);
  });

  it("builds with no edit", async () => {
    const built = await buildDraftIn(r, "ghana");
    expect(built.observations).toBe(16 + 8 + 5 + rows(r, "statements.csv").length);
  }, 60_000);
});

describe("an Armenia-style profile: decimal commas with space groups, en-dash minus signs, 'cont'd', km², '2005/2006' in the text", () => {
  const r = importFixture("armenia-2008.txt");
  const d = r.errors.length === 0 ? descriptorOf(r) : undefined;

  it("imports with no error: 'km²' is a unit, not footnote 2", () => {
    expect(r.errors).toEqual([]);
    const s = rows(r, "statements.csv");
    expect(s.find((x) => x.value === "29,743")).toMatchObject({ measure: "area", unit: "km²", footnote: "" });
  });

  it("joins the rows after \"Table 1 (cont'd)\" and reads its columns and number format", () => {
    expect(d.tables).toHaveLength(2);
    const t1 = csvTable(r, "tables/table-01.csv");
    expect(t1.map((x) => x[0])).toEqual(["Year", "2005", "2006", "2007"]);
    expect(t1[3]).toEqual(["2007", "1 182,0", "1 194,3", "–12,3"]);
    expect(d.tables[0]).toMatchObject({ unit: "thousand persons", number_format: { decimal: ",", group: " " } });
    expect(d.tables[0].columns.labels["Arrivals (thousand)"]).toEqual({ direction: "in", measure: "migration" });
    expect(d.tables[0].columns.labels["Balance (thousand)"].measure).toBe("net_migration");
  });

  it("declares both totals of a table with a Total row and a Total column", () => {
    expect(d.tables[1].hierarchy).toEqual([
      { axis: "rows", total: "Total", parts: ["Russian Federation", "Ukraine", "Other"] },
      { axis: "columns", total: "Total", parts: ["Men", "Women"] },
    ]);
  });

  it("keeps an en-dash minus sign, reads '2005/2006' as one period, and a spaced dash is punctuation, not a sign", () => {
    const s = rows(r, "statements.csv");
    expect(s.find((x) => x.value === "–12.3 thousand")).toMatchObject({ period: "2007", measure: "net_migration", footnote: "1" });
    expect(s.find((x) => x.value === "–20.1 thousand")).toMatchObject({ period: "2005/2006" });
    expect(s.find((x) => x.value === "1,273.6 million")).toMatchObject({ unit: "USD", period: "2007", measure: "remittances_inflow", footnote: "3" });
    expect(s.find((x) => x.value === "1.2 million")).toMatchObject({ period: "1991 – 2001", qualifier: "roughly" });
    // the decree's number and date are not figures
    for (const not of ["125", "2", "2006", "125-N"]) expect(s.map((x) => x.value)).not.toContain(not);
    const fn = rows(r, "footnotes.csv");
    expect(fn.find((f) => f.mark === "2")).toMatchObject({ citation: fn.find((f) => f.mark === "1")!.citation, pages: "4" });
  });

  it("builds with no edit, the minus signs read as negative", async () => {
    const built = await buildDraftIn(r, "armenia");
    expect(built.observations).toBe(9 + 12 + rows(r, "statements.csv").length);
    const got = await built.query("SELECT value FROM observations WHERE statement_id = 's-1.1-01'");
    expect(got.map((x) => Number(x.value))).toEqual([-12300]);
  }, 60_000);
});
