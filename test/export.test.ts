// `npm run export`: every format read back with DuckDB and compared with the warehouse, the datapackage
// descriptor against the files, SDMX-CSV rows exact, byte-identical re-runs, no clobbering without
// --force, and an invalid row rejected by the published contract with nothing written.
import Ajv2020 from "ajv/dist/2020.js";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { exportCommand } from "../pipelines/cli/export.ts";
import { exportWarehouse } from "../pipelines/export/exportWarehouse.ts";
import type { ExportFormatName as ExportFormat } from "../pipelines/export/formats.ts";
import { EMPTY_CODES } from "../pipelines/export/csv.ts";
import { EXPORT_MARKER } from "../pipelines/export/writeFolder.ts";
import { queryJson } from "../pipelines/export/jsonRows.ts";
import { build } from "../pipelines/load/build.ts";
import { runChecks } from "../checks/runner.ts";
import { quoteIdent, quoteLiteral, Warehouse } from "../pipelines/core/duckdb.ts";
import { inProcess } from "./helpers/inProcess.ts";
import { copySources, projectRoot } from "./helpers/workspace.ts";

const ws = copySources();
/** `npm run export -- args` in the workspace's folder (relative paths such as the default exports/ resolve there). */
const cli = (args: string[]) => inProcess(exportCommand, args, { cwd: ws.dir });
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const hashes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, sha(join(dir, f))]));
const debris = () => readdirSync(ws.dir).filter((f) => /\.(tmp|old)-\d+$/u.test(f));

interface Field { name: string; type: string; description?: string; unit?: string }
interface DpResource { name: string; path: string; title?: string; description?: string; format: string; mediatype: string; encoding: string; bytes: number; hash: string; schema: { fields: Field[]; primaryKey?: string[]; missingValues?: string[] }; sources?: unknown[] }
interface DataPackage { profile: string; name: string; sources: Array<{ title: string }>; resources: DpResource[] }
const descriptor = (dir: string): DataPackage => JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8")) as DataPackage;

/** Table Schema type -> the DuckDB type the warehouse uses for it. */
const DUCK: Record<string, string> = { string: "VARCHAR", number: "DOUBLE", integer: "INTEGER", boolean: "BOOLEAN", date: "DATE", any: "VARCHAR" };
const columnsParam = (r: DpResource) => `{${r.schema.fields.map((f) => `${quoteLiteral(f.name)}: ${quoteLiteral(DUCK[f.type] ?? "VARCHAR")}`).join(", ")}}`;
const reader = (dir: string, r: DpResource): string => {
  const file = quoteLiteral(join(dir, r.path));
  switch (r.format) {
    case "csv":
      // quoted "" is the empty string (a total's breakdown), an empty field NULL
      return `read_csv(${file}, header = true, allow_quoted_nulls = false, columns = ${columnsParam(r)})`;
    case "parquet":
      return `read_parquet(${file})`;
    default:
      return `read_json(${file}, format = 'array', columns = ${columnsParam(r)})`;
  }
};

/** The CSV export's codes for meaningful empty strings (pipelines/export/csv.ts) turned back into "". */
const decodeCsv = (r: DpResource): string => {
  if (/__t\d+$/u.test(r.name)) return "*";
  const codes = r.schema.fields.filter((f) => EMPTY_CODES.has(f.name));
  return codes.length === 0 ? "*" : `* REPLACE (${codes.map((f) => `CASE WHEN ${quoteIdent(f.name)} = ${quoteLiteral(EMPTY_CODES.get(f.name)!)} THEN '' ELSE ${quoteIdent(f.name)} END AS ${quoteIdent(f.name)}`).join(", ")})`;
};

let db: Warehouse; // in-memory, with the warehouse attached as wh
let corrected: string; // a warehouse with one correction applied through observations_clean
const out = (name: string) => join(ws.dir, name);
const run = (format: ExportFormat, dir: string, dbPath = ws.db, force = false) => exportWarehouse({ dbPath, outDir: dir, format, force });

/** What the warehouse holds for a resource, in the order the export promises. */
const expected = (r: DpResource): string => {
  if (r.name === "observations") {
    return `SELECT *, value AS value_printed, value_base AS value_base_printed, false AS corrected, NULL::VARCHAR AS correction_justification
            FROM wh.observations ORDER BY package, file, line, col, obs_id`;
  }
  if (/__t\d+$/u.test(r.name)) return `SELECT * FROM wh.${quoteIdent(r.name)}`; // the wide view, in its printed order
  return `SELECT * FROM wh.${quoteIdent(r.name)} ORDER BY ALL`;
};

beforeAll(async () => {
  // the real package as printed, built once for the run (test/globalSetup.ts)
  mkdirSync(dirname(ws.db), { recursive: true });
  copyFileSync(inject("realPrinted"), ws.db);
  // the same package built with one correction: the build applies it
  corrected = join(ws.dir, "corrected.duckdb");
  const correctionsFile = join(ws.dir, "corrections.csv");
  writeFileSync(correctionsFile, "obs_id,original,corrected,justification,author,date\nazerbaijan-2008:t01/Russia/2002,782,1782,the total of CIS countries needs 1782,test,2026-11-27\n");
  await build({ sourcesDir: ws.sources, dbPath: corrected, correctionsFile });
  db = await Warehouse.open(":memory:");
  await db.run(`ATTACH ${quoteLiteral(ws.db)} AS wh (READ_ONLY)`);
  for (const f of ["csv", "parquet", "json", "sdmx"] as const) await run(f, out(f));
});
afterAll(() => {
  db?.close();
  ws.cleanup();
});

describe("round trips: each file read back with DuckDB equals the warehouse", () => {
  test.each(["csv", "parquet", "json"] as const)("%s", async (format) => {
    const dp = descriptor(out(format));
    expect(dp.resources.map((r) => r.name)).toEqual([
      "observations",
      ...Array.from({ length: 9 }, (_, i) => `azerbaijan_2008__t0${i + 1}`),
      "packages", "citations", "footnotes", "source_tables", "table_hierarchy", "geography", "geography_groups", "geography_labels", "measures", "measure_relations", "qualifiers", "corrections",
    ]);
    for (const r of dp.resources) {
      const back = await queryJson(db, `SELECT ${format === "csv" ? decodeCsv(r) : "*"} FROM ${reader(out(format), r)}${expected(r).includes("ORDER BY ALL") ? " ORDER BY ALL" : ""}`);
      const want = await queryJson(db, expected(r));
      expect(back.columns, r.name).toEqual(want.columns);
      // JSON has no infinity: qualifiers.widen "inf" is written as the string "Infinity"
      expect(back.rows, r.name).toEqual(want.rows);
      expect(back.rows.length, r.name).toBeGreaterThan(r.name === "corrections" ? -1 : 0);
    }
  });

  test("parquet keeps the warehouse's column types", async () => {
    const types = async (sql: string) => (await db.all<{ column_type: string }>(`DESCRIBE ${sql}`)).map((c) => c.column_type);
    expect(await types(`SELECT * FROM read_parquet(${quoteLiteral(join(out("parquet"), "observations.parquet"))})`)).toEqual(
      await types(`SELECT *, value AS value_printed, value_base AS value_base_printed, false AS corrected, NULL::VARCHAR AS correction_justification FROM wh.observations`),
    );
  });

  test("observations.json is valid against schemas/json/observation.schema.json", () => {
    const schema = JSON.parse(readFileSync(join(projectRoot, "schemas", "json", "observation.schema.json"), "utf8")) as object;
    const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
    const rows = JSON.parse(readFileSync(join(out("json"), "observations.json"), "utf8")) as unknown[];
    expect(rows).toHaveLength(421);
    expect(rows.filter((r) => !validate(r))).toEqual([]);
    expect(rows[0]).toMatchObject({ obs_id: "azerbaijan-2008:s-facts-01", period_start: "2007-01-01", value: 8532700, value_printed: 8532700, corrected: false, correction_justification: null });
  });

  test("a JSON table keeps its column order, year columns included", () => {
    const text = readFileSync(join(out("json"), "azerbaijan_2008__t01.json"), "utf8");
    expect(text.split("\n")[1]).toBe(`  {"row":"Total","part":null,"1995":6222,"2000":4361,"2001":2574,"2002":1257,"2003":2500,"2004":2407,"2005":2013,"2006":2232},`);
  });
});

describe("datapackage.json", () => {
  test.each(["csv", "parquet", "json", "sdmx"] as const)("%s: a resource per file, fields equal to the file's columns, sizes and hashes", async (format) => {
    const dir = out(format);
    const dp = descriptor(dir);
    // v1 reserves the tabular profiles for CSV; the SDMX package also holds its XML structure message
    expect(dp.profile).toBe(format === "csv" ? "tabular-data-package" : "data-package");
    expect(dp.sources[0]!.title).toBe("Migration in the Republic of Azerbaijan: A Country Profile 2008 (International Organization for Migration (IOM), 2008-10)");
    expect(dp.sources.length).toBeGreaterThan(40); // the publication and every source it cites
    expect(dp.resources.map((r) => r.path).sort()).toEqual(readdirSync(dir).filter((f) => f !== "datapackage.json" && f !== EXPORT_MARKER).sort());
    for (const r of dp.resources) {
      const file = join(dir, r.path);
      expect(r.encoding).toBe("utf-8");
      if (format === "sdmx" && r.path === "structure.xml") {
        expect(r).toMatchObject({ format: "xml", mediatype: "application/vnd.sdmx.structure+xml; version=2.1", bytes: readFileSync(file).length, hash: `sha256:${sha(file)}` });
        continue;
      }
      expect(r.format).toBe(format === "sdmx" ? "csv" : format);
      expect(r.mediatype).toBe({ csv: "text/csv", parquet: "application/vnd.apache.parquet", json: "application/json", sdmx: "application/vnd.sdmx.data+csv; version=1.0.0" }[format]);
      expect(r.bytes).toBe(readFileSync(file).length);
      expect(r.hash).toBe(`sha256:${sha(file)}`);
      expect(r.schema.missingValues).toEqual(format === "csv" || format === "sdmx" ? [""] : undefined);
      const names = r.schema.fields.map((f) => f.name);
      const read = { csv: `read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)`, sdmx: `read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)`, parquet: `read_parquet(${quoteLiteral(file)})`, json: `read_json(${quoteLiteral(file)}, format = 'array')` }[format];
      if (format === "json" && readFileSync(file, "utf8") === "[]\n") continue; // no row, no keys to compare (corrections)
      const fileColumns = (await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${read}`)).map((c) => c.column_name);
      expect(names, r.name).toEqual(fileColumns);
      for (const k of r.schema.primaryKey ?? []) expect(names).toContain(k);
      for (const f of r.schema.fields) expect(["string", "number", "integer", "boolean", "date", "object", "any"]).toContain(f.type);
    }
  });

  test("types, descriptions, units, keys and sources", () => {
    const dp = descriptor(out("csv"));
    const res = (name: string) => dp.resources.find((r) => r.name === name)!;
    const field = (r: string, f: string) => res(r).schema.fields.find((x) => x.name === f)!;
    expect(res("observations").schema.primaryKey).toEqual(["obs_id"]);
    expect(res("citations").schema.primaryKey).toEqual(["package", "citation"]);
    expect(field("observations", "period_start")).toEqual({ name: "period_start", type: "date", description: "first day of the period" });
    expect(field("observations", "line")).toMatchObject({ type: "integer" });
    expect(field("observations", "is_estimate")).toMatchObject({ type: "boolean" });
    expect(field("observations", "value_printed")).toMatchObject({ type: "number", description: "the number as printed, in the printed unit, before any correction" });
    expect(field("azerbaijan_2008__t02", "Urban population")).toMatchObject({ type: "number", unit: "thousand persons" });
    expect(field("azerbaijan_2008__t04", "Remittances (Million USD)")).toMatchObject({ unit: "Million USD" });
    expect(res("azerbaijan_2008__t08")).toMatchObject({ title: "Table 8: Migration between Azerbaijan and the Russian Federation (RF) 1997 – 2006", sources: [{ title: "Goskomstat, Moscow" }] });
    expect(res("measures").description).toBe("The measures figures can be of, with their kind and base unit");
    expect(JSON.stringify(dp)).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:/u); // no timestamps
  });
});

describe("SDMX-CSV", () => {
  const lines = () => readFileSync(join(out("sdmx"), "migration_profile.csv"), "utf8").trimEnd().split("\n");
  const row = (obsId: string) => lines().find((l) => l.includes(`,${obsId},`) || l.includes(`,"${obsId}",`));

  test("header: DATAFLOW, the dimensions, OBS_VALUE and the attributes", () => {
    expect(lines()[0]).toBe(
      "DATAFLOW,FREQ,REF_AREA,MEASURE,DIRECTION,COUNTERPART_AREA,BREAKDOWN,SOURCE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT,DECIMALS,OBS_VALUE_PRINTED,QUALIFIER,REPORTER,OBS_REF,COMMENT",
    );
  });

  test("rows exact: base units, SDMX periods, codes for totals and not-applicable", () => {
    expect(row("azerbaijan-2008:t02/1995/Total population")).toBe(
      `IOM:MIGRATION_PROFILE(1.0),A,AZE,NET_MIGRATION,NET,_Z,_T,AZERBAIJAN_2008_SSC_YEARBOOK_2007,1995,-9800,A,PERSONS,0,0,"-9,8",,AZE,azerbaijan-2008:t02/1995/Total population,`,
    );
    expect(row("azerbaijan-2008:t02/2006/Urban population")).toBe(
      `IOM:MIGRATION_PROFILE(1.0),A,AZE,NET_MIGRATION,NET,_Z,AREA_URBAN,AZERBAIJAN_2008_SSC_YEARBOOK_2007,2006,-1900,A,PERSONS,0,0,"-1,9",,AZE,azerbaijan-2008:t02/2006/Urban population,`,
    );
    expect(row("azerbaijan-2008:t01/Total/1995")).toBe(
      `IOM:MIGRATION_PROFILE(1.0),A,AZE,MIGRATION,IN,_T,_T,AZERBAIJAN_2008_SSC_YEARBOOK_2007,1995,6222,A,PERSONS,0,0,"6,222",,AZE,azerbaijan-2008:t01/Total/1995,`,
    );
    expect(row("azerbaijan-2008:t08/From Azerbaijan to RF/2006")).toBe(
      `IOM:MIGRATION_PROFILE(1.0),A,AZE,MIGRATION,OUT,RUS,_T,AZERBAIJAN_2008_GOSKOMSTAT,2006,8900,A,PERSONS,0,0,"8,900",,RUS,azerbaijan-2008:t08/From Azerbaijan to RF/2006,`,
    );
    // an estimate in million USD; a share printed with a decimal; an instant; a month; a multi-year span
    expect(row("azerbaijan-2008:t04/2007 (estimate)/Remittances (Million USD)")).toMatch(/^IOM:MIGRATION_PROFILE\(1\.0\),A,AZE,REMITTANCES_INFLOW,IN,_Z,_T,AZERBAIJAN_2008_WB_DPG_2007,2007,993000000,E,USD,0,0,993,,,/u);
    expect(row("azerbaijan-2008:s-6.7-07")).toBe(
      `IOM:MIGRATION_PROFILE(1.0),D,AZE,IDPS,_Z,_Z,_T,AZERBAIJAN_2008_ICMPD_CIS_OVERVIEW_2005,2006-12-31,686586,A,PERSONS,0,0,"686,586",,,azerbaijan-2008:s-6.7-07,`,
    );
    expect(row("azerbaijan-2008:s-6.7-15")).toMatch(/^IOM:MIGRATION_PROFILE\(1\.0\),M,AZE,IDPS,_Z,_Z,_T,AZERBAIJAN_2008_AZ_MFA_2008_02,2008-02,700000,A,PERSONS,0,0,"700,000",up to,AZE,/u);
    expect(row("azerbaijan-2008:t06/Austria/Total")).toMatch(/,_O,AZE,ASSISTED_VOLUNTARY_RETURNS,IN,AUT,_T,AZERBAIJAN_2008_IOM_AVR_PROVISIONAL,2005-01-01\/P2Y,44,A,/u);
    // a figure with no single value keeps its row: empty OBS_VALUE, its status, the printed text
    expect(row("azerbaijan-2008:t07/2005/Resulted investigations")).toMatch(/,AZERBAIJAN_2008_AZ_MFA_2008_01,2005,,L,CASES,0,0,N\/A,,AZE,/u);
    expect(row("azerbaijan-2008:s-2.2-03")).toMatch(/,PURPOSE_LABOUR,AZERBAIJAN_2008_ALIYEV_2006,2006,,A,RATIO,0,2,16 to 25,between,,/u);
  });

  test("a partial year is a start and a duration; every observation in one of the datasets", async () => {
    const nineMonths = lines().filter((l) => l.includes("(9 months)") || l.includes("/2007(9 months)"));
    expect(nineMonths.length).toBeGreaterThan(0);
    for (const l of nineMonths) expect(l).toContain(",_O,");
    for (const l of nineMonths) expect(l).toContain(",2007-01-01/P9M,");
    const second = readFileSync(join(out("sdmx"), "migration_profile_2.csv"), "utf8").trimEnd().split("\n");
    const [counted] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM wh.observations`);
    expect(lines().length - 1 + second.length - 1).toBe(counted!.n);
    // the source printed the same quantity twice: the second printing is the second dataset
    expect(second.slice(1).map((l) => l.split(",").at(-2))).toEqual(["azerbaijan-2008:s-6.4-20", "azerbaijan-2008:s-3.2-06"]);
  });
});

describe("re-runs and the target folder", () => {
  test.each(["csv", "parquet", "json", "sdmx"] as const)("%s: a second export is byte-identical", async (format) => {
    const again = out(`${format}-again`);
    await run(format, again);
    expect(hashes(again)).toEqual(hashes(out(format)));
  });

  test("an existing folder is not clobbered without --force; with it, it is replaced whole", async () => {
    const target = join(ws.dir, "exports", "csv");
    expect((await cli(["--format", "csv", "--db", ws.db])).status).toBe(0);
    writeFileSync(join(target, "keep.txt"), "mine");
    const before = hashes(target);
    const refused = await cli(["--format", "csv", "--db", ws.db]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("exports/csv exists and is not empty: pass --force");
    expect(hashes(target)).toEqual(before);
    const forced = await cli(["--format", "csv", "--db", ws.db, "--force"]);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^exported 22 file\(s\), \d+ row\(s\), to exports\/csv as csv with datapackage\.json in /mu);
    expect(existsSync(join(target, "keep.txt"))).toBe(false);
    expect(hashes(target)).toEqual(hashes(out("csv")));
    expect(readdirSync(join(ws.dir, "exports")).filter((f) => f.startsWith("."))).toEqual([]);
  });

  test("an empty target folder is filled; usage errors and a missing warehouse exit 2 and write nothing", async () => {
    const command = (args: string[]) => inProcess(exportCommand, args);
    mkdirSync(out("empty"));
    expect((await command(["--format", "json", "--db", ws.db, "--out", out("empty")])).status).toBe(0);
    expect(existsSync(join(out("empty"), "observations.json"))).toBe(true);
    const noFormat = await command(["--db", ws.db, "--out", out("x1")]);
    expect([noFormat.status, noFormat.stderr.split("\n")[0]]).toEqual([2, "--format is required: use one of csv, parquet, json, sdmx"]);
    const badFormat = await command(["--format", "xlsx", "--db", ws.db, "--out", out("x2")]);
    expect([badFormat.status, badFormat.stderr.split("\n")[0]]).toEqual([2, `unknown format "xlsx": use one of csv, parquet, json, sdmx`]);
    const badOption = await command(["--format", "csv", "--bogus"]);
    expect(badOption.status).toBe(2);
    const noDb = await command(["--format", "csv", "--db", join(ws.dir, "nope.duckdb"), "--out", out("x3")]);
    expect([noDb.status, noDb.stderr.trim()]).toEqual([2, `no warehouse at ${join(ws.dir, "nope.duckdb")}: run \`npm run build\` first`]);
    for (const d of ["x1", "x2", "x3"]) expect(existsSync(out(d))).toBe(false);
    expect(debris()).toEqual([]);
  });
});

describe("validation", () => {
  test("an observation that breaks the contract: exit 1, the row and field named, nothing written", async () => {
    const bad = join(ws.dir, "bad.duckdb");
    copyFileSync(ws.db, bad);
    const w = await Warehouse.open(bad);
    try {
      await w.run(`UPDATE observations_printed SET obs_status = 'Z' WHERE obs_id = 'azerbaijan-2008:t01/Russia/2006'`);
      await w.run(`UPDATE observations_printed SET measure = '' WHERE obs_id = 'azerbaijan-2008:s-facts-02'`);
      await w.run("CHECKPOINT");
    } finally {
      w.close();
    }
    // the row numbers, counted independently: position in printed order
    const pos = await queryJson(db, `SELECT obs_id, row_number() OVER (ORDER BY package, file, line, col, obs_id)::INTEGER AS n FROM wh.observations`);
    const n = (id: string) => pos.rows.find((r) => r[0] === id)![1];
    const r = await cli(["--format", "json", "--db", bad, "--out", "rejected"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `observations row ${n("azerbaijan-2008:s-facts-02")} ("azerbaijan-2008:s-facts-02"): field "measure": "" (expected a non-empty string)`,
      `observations row ${n("azerbaijan-2008:t01/Russia/2006")} ("azerbaijan-2008:t01/Russia/2006"): field "obs_status": "Z" (expected one of "A", "E", "P", "M", "L")`,
      "export failed: 2 invalid value(s) against schemas/json/observation.schema.json; nothing was written",
    ]);
    expect(existsSync(out("rejected"))).toBe(false);
    expect(debris()).toEqual([]);
    // with --force over an existing export, the old one stays
    const before = hashes(out("json"));
    expect((await cli(["--format", "json", "--db", bad, "--out", "json", "--force"])).status).toBe(1);
    expect(hashes(out("json"))).toEqual(before);
  });
});

describe("corrections", () => {
  test("export gives the same bytes before and after the checks run: the build applied the corrections", async () => {
    await run("csv", out("before-check"), corrected);
    const correctionsFile = join(ws.dir, "corrections.csv");
    await runChecks({ dbPath: corrected, checksFile: join(projectRoot, "checks/checks.json"), waiversFile: join(projectRoot, "checks/waivers.csv"), correctionsFile, today: "2026-01-01" });
    await run("csv", out("after-check"), corrected);
    const before = hashes(out("before-check"));
    const after = hashes(out("after-check"));
    // the check adds its findings, and datapackage.json lists them; every other file is the same
    expect(Object.keys(after).filter((f) => !(f in before)).sort()).toEqual(["finding_observations.csv", "findings.csv"]);
    for (const [f, h] of Object.entries(before)) if (f !== "datapackage.json") expect(after[f], f).toBe(h);
    expect(readFileSync(join(out("before-check"), "observations.csv"), "utf8")).toContain("the total of CIS countries needs 1782");
  });

  test("corrected values exported, printed values beside them, in every format", async () => {
    for (const f of ["csv", "json", "sdmx"] as const) await run(f, out(`corrected-${f}`), corrected);
    const obs = JSON.parse(readFileSync(join(out("corrected-json"), "observations.json"), "utf8")) as Array<Record<string, unknown>>;
    expect(obs.find((o) => o.obs_id === "azerbaijan-2008:t01/Russia/2002")).toMatchObject({
      value_text: "782", value: 1782, value_base: 1782, value_printed: 782, value_base_printed: 782, corrected: true, correction_justification: "the total of CIS countries needs 1782",
    });
    // the one of the file given and the package's own (sources/azerbaijan-2008/corrections.csv)
    expect(obs.filter((o) => o.corrected).map((o) => o.obs_id).sort()).toEqual(["azerbaijan-2008:s-2.1-02", "azerbaijan-2008:t01/Russia/2002"]);
    const t01 = JSON.parse(readFileSync(join(out("corrected-json"), "azerbaijan_2008__t01.json"), "utf8")) as Array<Record<string, unknown>>;
    expect(t01.find((r) => r.row === "Russia")).toMatchObject({ "2001": 1677, "2002": 1782, "2002 (printed)": 782, "2003": 1656 });
    // the printed column sits beside the corrected one, whole
    expect(t01.find((r) => r.row === "Ukraine")).toMatchObject({ "2002": 86, "2002 (printed)": 86 });
    const csvHeader = readFileSync(join(out("corrected-csv"), "azerbaijan_2008__t01.csv"), "utf8").split("\n")[0];
    expect(csvHeader).toBe("row,part,1995,2000,2001,2002,2002 (printed),2003,2004,2005,2006");
    expect(readFileSync(join(out("corrected-csv"), "azerbaijan_2008__t02.csv"), "utf8")).toBe(readFileSync(join(out("csv"), "azerbaijan_2008__t02.csv"), "utf8"));
    const sdmx = readFileSync(join(out("corrected-sdmx"), "migration_profile.csv"), "utf8").split("\n").find((l) => l.includes(",azerbaijan-2008:t01/Russia/2002,"));
    expect(sdmx).toBe(`IOM:MIGRATION_PROFILE(1.0),A,AZE,MIGRATION,IN,RUS,_T,AZERBAIJAN_2008_SSC_YEARBOOK_2007,2002,1782,A,PERSONS,0,0,782,,AZE,azerbaijan-2008:t01/Russia/2002,the total of CIS countries needs 1782`);
  });
});
