import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { importDocument, type ImportResult } from "../../pipelines/import/importDocument.ts";
import { findPeriods } from "../../pipelines/import/periodPhrases.ts";

const REF = "sources/_reference";
const run = (body: string): ImportResult =>
  importDocument(Buffer.from(`Migration in the Republic of Moldova: A Country Profile 2009\n\nJune 2009\n\n${body}`, "utf8"), "p.txt", { referenceDir: REF, today: "2026-12-01" });
const rows = (r: ImportResult, file: string) => Papa.parse<Record<string, string>>(r.files.get(file) ?? "", { header: true, skipEmptyLines: true }).data;
const table = (r: ImportResult, i = 0) => JSON.parse(r.files.get("descriptor.json")!).tables[i];
const values = (r: ImportResult) => rows(r, "statements.csv").map((s) => s.value);

describe("tables", () => {
  it("reads a headerless table, an Of whom row as a partial part with its own breakdown, and a total row", () => {
    const r = run(`1. REFUGEES\n\nTable 1. Persons of concern in Moldova at the end of 2008\n\nRefugees\t150\nOf whom women\t60\nAsylum seekers (pending cases)\t20\nStateless Persons\t30\nTotal population of concern\t200\n\nSource: UNHCR Statistical Yearbook 2008\n`);
    expect(r.errors).toEqual([]);
    const t = table(r);
    expect(t.header_rows).toBe(0);
    expect(t.columns).toMatchObject({ dimension: "period", names: ["end of 2008"] });
    expect(t.rows.labels["Refugees"]).toEqual({ measure: "refugees" });
    expect(t.rows.labels["Of whom women"]).toEqual({ measure: "refugees", breakdown: "sex=F" });
    expect(t.hierarchy).toContainEqual({ axis: "rows", total: "Refugees", parts: ["Of whom women"], complete: false });
    expect(t.hierarchy).toContainEqual({ axis: "rows", total: "Total population of concern", parts: ["Refugees", "Asylum seekers (pending cases)", "Stateless Persons"] });
  });

  it("reads blanks as zero only where the totals need it, and a Total column as the span of the others", () => {
    const r = run(`1. RETURNS\n\nTable 1. Assisted voluntary returns to Moldova in 2007 - 2008\n\nReturn from\t2007\t2008\tTotal\nItaly\t\t4\t4\nSpain\t3\t2\t5\nTotal\t3\t6\t9\n\nSource: IOM statistics\n`);
    const t = table(r);
    // blanks and dashes are zero here; the table's markers replace the package's, so the other markers are kept
    expect(t.missing).toMatchObject({ "": "nil", "-": "nil", "N/A": "not-available", "..": "not-available" });
    expect(t.columns.labels).toEqual({ Total: { period: "2007 – 2008" } });
    expect(t.coordinates).toMatchObject({ measure: "assisted_voluntary_returns", direction: "in" });
    const r2 = run(`1. RETURNS\n\nTable 1. Assisted voluntary returns to Moldova in 2007 - 2008\n\nReturn from\t2007\t2008\tTotal\nItaly\t\t4\t7\nSpain\t3\t2\t5\nTotal\t3\t6\t12\n\nSource: IOM statistics\n`);
    expect(table(r2).missing).toBeUndefined();
  });

  it("splits packed cells into a figure with its shares, and name-figure pairs", () => {
    const r = run(`1. IRREGULAR MIGRATION\n\nTable 1. Irregular migrants apprehended in Moldova\n\nType\t2007\t2008\nIrregular crossing of the state border, Total\t500 (Women 20%)\t400 (Women 25%)\nBy nationality:\tUkraine 300 Romania 100\tUkraine 200 Russia 150\n\nSource: Border Police of Moldova, 2009\n`);
    expect(r.errors).toEqual([]);
    const cells = table(r).cells;
    expect(cells[0].parts[1]).toMatchObject({ name: "women", share_of: "total", coordinates: { breakdown: "sex=F" } });
    expect(new RegExp(cells[0].parts[1].pattern).exec("500 (Women 20%)")?.[1]).toBe("20%");
    expect(cells[1].pairs.label).toBe("counterpart");
    expect(table(r).hierarchy).toContainEqual({ axis: "rows", total: "Irregular crossing of the state border, Total", parts: ["By nationality:"], complete: false });
  });
});

describe("statements", () => {
  it("skips numbers that are not figures: dates of laws, decree numbers, sections, pages, durations, phone numbers", () => {
    const r = run(`1. POLICIES\n\nThe Law on Migration No. 1518 of 6 December 2002 was amended by Decree No. 200 (see section 3.2 and p. 14). Permits are issued for up to 90 days and renewed for two years. Contact the office at 22 27 44 10 for the forms.\n`);
    expect(values(r)).toEqual([]);
  });

  it("reads number words, qualifiers, ranges and the parts after 'of whom'", () => {
    const r = run(`1. TRAFFICKING\n\nAccording to the Ministry of Internal Affairs of Moldova, 45 victims were identified in 2008, 30 of whom were women and the other fifteen children. Some 1,200 persons applied in 2007, and between 300 and 400 were returned.¹\n\n¹ Ministry of Internal Affairs of Moldova, Annual Report 2008.\n`);
    const s = rows(r, "statements.csv");
    const by = (v: string) => s.find((x) => x.value === v)!;
    expect(by("45")).toMatchObject({ period: "2008", measure: "trafficking_victims_identified" });
    expect(by("30").part_of).toBe(by("45").id);
    expect(by("fifteen").part_of).toBe(by("45").id);
    expect(by("1,200")).toMatchObject({ qualifier: "some", period: "2007" });
    expect(s.some((x) => x.value === "300" || x.value === "400")).toBe(true);
    expect(by("45").citation).toBe(by("1,200").citation);
  });

  it("names footnotes of an unnumbered section by its letter, and a rank 'N of M' as a rank", () => {
    const r = run(`FOREWORD\n\nThe project covered all twelve member states of the organization.¹\n\n¹ Albania, Armenia and the others.\n\nMoldova – Basic facts\n\nHuman Development Index (HDI) Rank\t111 of 177\n\nSources: UN Development Programme Human Development Report, 2008\n\n1. IMMIGRANTS\n\n1.1. Number of immigrants\n\n..... 440,100 (2005)\n`);
    expect(r.errors).toEqual([]);
    expect(rows(r, "footnotes.csv")[0]).toMatchObject({ mark: "F1", section: "foreword", citation: "" });
    const s = rows(r, "statements.csv");
    expect(s.find((x) => x.value === "111")).toMatchObject({ unit: "rank", measure: "hdi_rank", period: "2008", section: "facts" });
    expect(s.find((x) => x.value === "twelve")).toMatchObject({ measure: "organization_member_states", section: "foreword", footnote: "F1" });
    expect(s.find((x) => x.value === "440,100")).toMatchObject({ period: "2005", section: "1.1", measure: "immigrant_stock" });
  });
});

describe("period phrases", () => {
  it("writes each as the statements format prints it", () => {
    const text = "by 30 June 2008 there were more than at the end of 2006, as of February 2008, since 2001, in the period from 1995 to 2007 and in the past 10 years";
    expect(findPeriods(text, "2008-10", "2006").map((p) => p.text)).toEqual(["by 30 June 2008", "end of 2006", "as of February 2008", "since 2001", "1995 – 2007", "1996 – 2006"]);
  });
});

describe("citations", () => {
  it("joins references that differ only in how they reached the authors, keeps different ministries apart, and reads a source named as the subject", () => {
    const r = run(`1. LABOUR\n\nThe labour force grew by 12,000 persons in 2008.¹ The employed population numbered 1,250,000 in 2008.² Another 3,400 foreigners received permits in 2008.³\n\nThe national register, which held 52,000 records as of May 2009, listed 800 foreign workers.\n\n¹ Information provided by the Ministry of Labour of Moldova in January 2009 for this Country Profile.\n\n² Report provided by the Ministry of Labour for this Country Profile.\n\n³ Information provided by the Ministry of Internal Affairs of Moldova in January 2009 for this Country Profile.\n`);
    expect(r.errors).toEqual([]);
    const fn = rows(r, "footnotes.csv");
    const cite = (m: string) => fn.find((f) => f.mark === m)!.citation;
    expect(cite("2")).toBe(cite("1"));
    expect(cite("3")).not.toBe(cite("1"));
    const s = rows(r, "statements.csv");
    const register = rows(r, "citations.csv").find((c) => c.printed === "The national register")!;
    expect(s.find((x) => x.value === "52,000")!.citation).toBe(register.id);
    expect(s.find((x) => x.value === "52,000")!.period).toBe("as of May 2009");
  });

  it("dates a figure 'in the past N years' back from the year of the source its sentence cites", () => {
    const r = run(`1. EMIGRANTS\n\nAn estimated 40,000 persons left the country in the past 5 years.¹\n\n¹ Smith John, "Leaving Moldova", Migration Review 2007, p. 3.\n`);
    expect(rows(r, "statements.csv").find((x) => x.value === "40,000")).toMatchObject({ period: "2002 – 2007", qualifier: "an estimated" });
  });
});

describe("template variants", () => {
  it("reads a caption with a dash, a Note line before the source, thousands split by spaces and a column of percentages", () => {
    const r = run(`1. IMMIGRANTS\n\nTable 1 – Stock of immigrants by country of birth, 2010 (in thousands)\n\nCountry of birth\tPersons\tShare (%)\nRussian Federation\t3 613\t68.7%\nBelarus\t276\t5.3%\nOther\t1 368\t26.0%\nTotal\t5 257\t100%\n\nNote: figures are rounded.\nSource: National statistics office, 2010.\n`);
    expect(r.errors).toEqual([]);
    const t = table(r);
    expect(t).toMatchObject({ unit: "in thousands", number_format: { decimal: ".", group: " " }, source: { printed: "National statistics office, 2010." } });
    expect(t.coordinates.measure).toBe("immigrant_stock");
    expect(t.columns.labels["Share (%)"]).toEqual({ measure: "immigrant_stock_share", unit: "%" });
    expect(t.cells).toBeUndefined();
    expect(r.files.get("tables/table-01.csv")!.split("\n")[1]).toBe("Russian Federation,3 613,68.7%");
  });
});

describe("labels the vocabularies do not know", () => {
  it("become a breakdown keyed by the axis title; a column of emigrants is out and one of immigrants in", () => {
    const r = run(`1. FLOWS\n\nTable 1. Emigration from Moldova by age, 2009\n\nAge group\t2009\nUnder 18\t220\n18-64\t1,700\nTotal\t1,920\n\nSource: National statistics office, 2010.\n\nTable 2. Immigrants and emigrants in Moldova, 2008 - 2009\n\nYear\tImmigrants\tEmigrants\n2008\t5,500\t6,900\n2009\t6,000\t6,500\n\nSource: National statistics office, 2010.\n`);
    expect(r.errors).toEqual([]);
    expect(table(r, 0).rows).toMatchObject({ dimension: "breakdown", labels: { "Under 18": { breakdown: "age_group=Under 18" }, Total: { breakdown: "" } } });
    expect(table(r, 1).columns.labels).toEqual({ Immigrants: { measure: "immigrant_stock", direction: "in" }, Emigrants: { measure: "emigrant_stock", direction: "out" } });
  });
});

describe("footnote marks on table labels", () => {
  it("are read off the label and kept as the table's footnotes; a mark with no footnote is an error", () => {
    const doc = `1. IMMIGRANTS\n\nTable 1. Immigration to Moldova in 2009\n\nCountry\t2009\nUkraine²\t300\nRomania\t100\n\nSource: National statistics office, 2010.\n\n² Including persons with dual citizenship.\n`;
    const r = run(doc);
    expect(r.errors).toEqual([]);
    expect(table(r).footnotes).toEqual(["2"]);
    expect(r.files.get("tables/table-01.csv")!.split("\n")[1]).toBe("Ukraine,300");
    const bad = run(doc.replace("Ukraine²", "Ukraine³"));
    expect(bad.errors.map((e) => e.code)).toEqual(["unknown-footnote"]);
  });
});
