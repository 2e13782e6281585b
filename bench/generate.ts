// A synthetic bilateral-flows package at any size, with one planted discrepancy for each kind of check.
// `inflows.csv` is a destination x origin x year x sex matrix of migration flows, each destination
// reporting its own arrivals, with a "Total" origin and a "T" sex; `outflows.csv` has a few origin
// countries' own records of the same flows (for mirror checks); two statements repeat and derive figures.
// Everything is consistent except the planted discrepancies, which planted.json lists with the
// observation each finding must name.
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CountryResolver } from "../pipelines/reference/countries.ts";

export const PACKAGE = "bench-flows";
const referenceDir = fileURLToPath(new URL("../sources/_reference/", import.meta.url));

/** One planted discrepancy: the check kind that must find it and an observation its finding names. */
export interface Planted {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly obs_id: string;
}

export interface Generated {
  readonly sourcesDir: string;
  readonly packageDir: string;
  /** the bulk inflows file (the one DuckDB alone reads in the benchmark) */
  readonly inflowsFile: string;
  readonly outflowsFile: string;
  readonly rows: number;
  readonly countries: number;
  readonly years: ReadonlyArray<number>;
  readonly planted: ReadonlyArray<Planted>;
  /** the planted share: the row/column labels of its numerator and denominator cells, and the stated % */
  readonly share: { readonly f: string; readonly t: string; readonly stated: number };
}

const SEXES = ["M", "F", "T"] as const;
const MIRROR_REPORTERS = 3;

const csvCell = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A deterministic pseudo-random integer of a few indices (a 32-bit mix). */
const mix = (...xs: number[]): number => {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x + 0x7f4a7c15), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
};

/** Buffered writes to a file: one system call per megabyte, not per record. */
class Writer {
  private readonly fd: number;
  private buffer = "";
  lines = 0;
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  line(cells: ReadonlyArray<string | number>): void {
    this.buffer += cells.map((c) => csvCell(String(c))).join(",") + "\n";
    this.lines++;
    if (this.buffer.length > 1 << 20) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Write a sources folder (a copy of sources/_reference plus the package) into `dir`, with at least
 * `rows` records in the inflows file: n countries (n^2 - n + n records per year and sex) and enough years.
 */
export const generate = (dir: string, rows: number, seed = 1): Generated => {
  const sourcesDir = join(dir, "sources");
  const packageDir = join(sourcesDir, PACKAGE);
  mkdirSync(join(packageDir, "tables"), { recursive: true });
  cpSync(referenceDir, join(sourcesDir, "_reference"), { recursive: true });
  // Shares of a flow by sex need a measure of their own; the vocabulary is data, so the copy gets one.
  const measures = join(sourcesDir, "_reference", "measures.csv");
  const measuresText = readFileSync(measures, "utf8").trimEnd();
  // as many cells as the header has columns (measures.csv may carry optional columns such as keywords)
  const padding = ",".repeat(measuresText.split("\n")[0]!.split(",").length - 4);
  writeFileSync(measures, measuresText + `\nmigration_composition,Share of a migration flow with a given characteristic (sex or status),share,ratio${padding}\n`);

  const { resolver } = CountryResolver.load(join(sourcesDir, "_reference"));
  const names = resolver
    .entries()
    .filter((e) => e.kind === "country")
    .map((e) => e.name)
    .filter((name) => {
      const r = resolver.resolve(name);
      return r.ok && r.kind === "country";
    });
  const n = Math.max(12, Math.min(names.length, Math.round(Math.sqrt(rows / (3 * 38)))));
  const yearCount = Math.max(8, Math.ceil(rows / (3 * n * n)));
  const lastYear = 2019;
  const years = Array.from({ length: yearCount }, (_, k) => lastYear - yearCount + 1 + k);
  const countries = names.slice(0, n);

  // Planted cells: destinations and origins other than the mirror reporters, all different.
  const pick = (k: number) => MIRROR_REPORTERS + ((k * 7 + seed) % (n - MIRROR_REPORTERS));
  const year = years[Math.floor(years.length / 2)]!;
  const plantYearIndex = Math.floor(years.length / 2);
  const [dHier, dDup, oDup, dShare, oShare, dNeg, oNeg, dBreak, oBreak] = [0, 1, 2, 3, 4, 5, 6, 8, 9].map(pick) as [number, number, number, number, number, number, number, number, number];
  const mirrorReporter = 0;
  const mirrorDestination = pick(10);
  const partialReporter = 1;
  const partialDestination = pick(11);

  // Flows: a base per pair, growing a little each year, split by sex; T = M + F.
  const base = (d: number, o: number) => 20 + (mix(seed, d, o) % 3000) + (d === dBreak && o === oBreak ? 1000 : 0);
  const flow = (d: number, o: number, y: number, sex: "M" | "F"): number => {
    const v = base(d, o) * (1 + 0.02 * (y - years[0]!));
    const share = 0.45 + (mix(seed, d, o, 7) % 100) / 1000;
    let x = Math.round(sex === "M" ? v * share : v * (1 - share));
    if (sex === "M" && d === dNeg && o === oNeg && y === year) x = -40; // planted: a negative flow
    if (sex === "F" && d === dBreak && o === oBreak && y >= years[plantYearIndex]!) x *= 10; // planted: a series break
    return x;
  };
  const label = (d: number, o: number, y: number, sex: string) => `${PACKAGE}:inflows/${countries[d]} / ${countries[o]}/${y} / ${sex}`;

  const inflowsFile = join(packageDir, "tables", "inflows.csv");
  const inflows = new Writer(inflowsFile);
  inflows.line(["destination", "origin", "year", "sex", "value"]);
  for (let d = 0; d < n; d++) {
    for (const y of years) {
      const total = { M: 0, F: 0, T: 0 };
      for (let o = 0; o < n; o++) {
        if (o === d) continue;
        const m = flow(d, o, y, "M");
        const f = flow(d, o, y, "F");
        total.M += m;
        total.F += f;
        total.T += m + f;
        inflows.line([countries[d]!, countries[o]!, y, "M", m]);
        inflows.line([countries[d]!, countries[o]!, y, "F", f]);
        inflows.line([countries[d]!, countries[o]!, y, "T", m + f]);
      }
      if (d === dHier && y === year) total.F += 1000; // planted: a total that is not the sum of its parts
      for (const sex of SEXES) inflows.line([countries[d]!, "Total", y, sex, total[sex]]);
    }
  }
  inflows.close();

  // The same flows as a few origin countries record them: 3 % lower (well within the mirror tolerance).
  const outflowsFile = join(packageDir, "tables", "outflows.csv");
  const outflows = new Writer(outflowsFile);
  outflows.line(["origin", "destination", "year", "sex", "value"]);
  for (let o = 0; o < MIRROR_REPORTERS; o++) {
    for (let d = 0; d < n; d++) {
      if (d === o) continue;
      for (const y of years) {
        const m = flow(d, o, y, "M");
        const f = flow(d, o, y, "F");
        const mirrored = { M: Math.round(m * 0.97), F: Math.round(f * 0.97), T: Math.round(m * 0.97) + Math.round(f * 0.97) };
        if (o === mirrorReporter && d === mirrorDestination && y === year) mirrored.M = Math.round(m * 1.5); // planted: a mirror mismatch
        for (const sex of SEXES) outflows.line([countries[o]!, countries[d]!, y, sex, mirrored[sex]]);
      }
    }
  }
  // planted: a partial period at the end of a series of full years
  const partialPeriod = `${lastYear + 1} (6 months)`;
  outflows.line([countries[partialReporter]!, countries[partialDestination]!, partialPeriod, "M", Math.round(flow(partialDestination, partialReporter, lastYear, "M") * 0.5)]);
  outflows.close();

  const shareCell = (sex: string) => `${countries[dShare]} / ${countries[oShare]}/${year} / ${sex}`;
  const statements: Array<Record<string, string>> = [
    // planted: the same flow stated again with another value
    { id: "s-dup", section: "1", label: "Arrivals restated in the text", measure: "migration", ref_area: countries[dDup]!, direction: "in", counterpart: countries[oDup]!, breakdown: "sex=M", period: String(year), value: String(flow(dDup, oDup, year, "M") + 500), unit: "persons", citation: "bench-text" },
    // planted: a share that is not numerator / denominator
    {
      id: "s-share", section: "1", label: "Women among the arrivals", measure: "migration_composition", ref_area: countries[dShare]!, direction: "in", counterpart: countries[oShare]!,
      breakdown: "sex=F", period: String(year), value: "60.0", unit: "%", citation: "bench-text",
      numerator: `inflows/${shareCell("F")}`, denominator: `inflows/${shareCell("T")}`,
    },
  ];
  const statementColumns = ["id", "section", "label", "measure", "ref_area", "direction", "counterpart", "breakdown", "period", "value", "unit", "qualifier", "citation", "footnote", "numerator", "denominator", "part_of", "flags"];
  writeFileSync(join(packageDir, "statements.csv"), [statementColumns.join(","), ...statements.map((s) => statementColumns.map((c) => csvCell(s[c] ?? "")).join(","))].join("\n") + "\n");
  writeFileSync(join(packageDir, "citations.csv"), [
    "id,printed,publisher,title,year,reporter,kind,url",
    "bench-destinations,Arrivals as recorded by each destination country's statistical office,National statistical offices,Arrivals by country of origin,2020,,national-statistics,",
    "bench-origins,Departures as recorded by the origin countries,National statistical offices,Departures by country of destination,2020,,national-statistics,",
    "bench-text,A synthetic overview,Benchmark,Synthetic overview,2020,,academic,",
  ].join("\n") + "\n");
  writeFileSync(join(packageDir, "footnotes.csv"), "mark,section,citation,pages,flags,reference_date\n");

  const bulkTable = (id: string, number: string, title: string, area: string, partner: string, direction: "in" | "out", citation: string, hierarchy: boolean) => ({
    id, number, title, section: "1", file: `tables/${id}.csv`, unit: "persons",
    source: { printed: title, citation }, header_rows: 1,
    coordinates: { measure: "migration", direction },
    rows: { title: `${area} / ${partner}`, dimension: "counterpart" }, columns: { title: "Year / sex", dimension: "period" },
    bulk: {
      format: "csv",
      columns: { [area]: ["ref_area", "reporter"], [partner]: "counterpart", year: "period", sex: "breakdown:sex", value: "value" },
      row_key: [area, partner], column_key: ["year", "sex"], totals: { sex: "T" },
      ...(hierarchy ? { hierarchy: [{ column: partner, total: "Total", parts: "*" }, { column: "sex", total: "T", parts: ["M", "F"] }] } : {}),
    },
  });
  const descriptor = {
    id: PACKAGE,
    publication: { title: "Bilateral migration flows (synthetic benchmark)", publisher: "Benchmark", date: "2020-06", reporting_country: countries[0]!, language: "en" },
    defaults: { number_format: { decimal: ".", group: "," }, missing: { "": "missing", "-": "nil", "N/A": "not-available" } },
    tables: [
      bulkTable("inflows", "1", "Arrivals by country of destination and origin, year and sex", "destination", "origin", "in", "bench-destinations", true),
      bulkTable("outflows", "2", "Departures recorded by countries of origin, by destination, year and sex", "origin", "destination", "out", "bench-origins", false),
    ],
  };
  writeFileSync(join(packageDir, "descriptor.json"), JSON.stringify(descriptor, null, 2) + "\n");

  const planted: Planted[] = [
    { id: "total-not-sum", kind: "hierarchy", description: `the Total origin of ${countries[dHier]}, ${year}, F is 1,000 more than the sum of its origins`, obs_id: `${PACKAGE}:inflows/${countries[dHier]} / Total/${year} / F` },
    { id: "duplicate", kind: "duplicate", description: "statement s-dup restates an inflow with 500 more", obs_id: `${PACKAGE}:s-dup` },
    { id: "share", kind: "share", description: "statement s-share gives 60 % women where F / T is about 50 %", obs_id: `${PACKAGE}:s-share` },
    { id: "mirror", kind: "mirror", description: `${countries[mirrorReporter]} records 1.5 times the men ${countries[mirrorDestination]} records arriving in ${year}`, obs_id: `${PACKAGE}:outflows/${countries[mirrorReporter]} / ${countries[mirrorDestination]}/${year} / M` },
    { id: "negative", kind: "impossible", description: "a negative flow", obs_id: label(dNeg, oNeg, year, "M") },
    { id: "partial-period", kind: "period_trap", description: `a half-year ${partialPeriod} after full years`, obs_id: `${PACKAGE}:outflows/${countries[partialReporter]} / ${countries[partialDestination]}/${partialPeriod} / M` },
    { id: "series-break", kind: "series_break", description: `women from ${countries[oBreak]} to ${countries[dBreak]} multiplied by 10 from ${years[plantYearIndex]}`, obs_id: label(dBreak, oBreak, years[plantYearIndex]!, "F") },
  ];
  writeFileSync(join(dir, "planted.json"), JSON.stringify(planted, null, 2) + "\n");
  return { sourcesDir, packageDir, inflowsFile, outflowsFile, rows: inflows.lines - 1, countries: n, years, planted, share: { f: shareCell("F"), t: shareCell("T"), stated: 60 } };
};
