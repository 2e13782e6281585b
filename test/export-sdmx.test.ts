// The SDMX export read back independently, on the Azerbaijan package and on a package with hostile
// labels: the structure message valid against the official SDMX 2.1 schemas (xmllint-wasm), every code of
// the data in its code list, unique series keys per dataset, every TIME_PERIOD valid as SDMX's
// ObservationalTimePeriodType and agreeing with FREQ, every observation kept (those without a value with
// an empty OBS_VALUE and their status), and OBS_VALUE a number for Frictionless readers.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { exportBoth, type Exported } from "./helpers/exported.ts";
import { HOSTILE } from "./helpers/hostilePackage.ts";
import { projectRoot } from "./helpers/workspace.ts";
import { validateAgainst } from "./helpers/xmlSchema.ts";

const SDMX_DIR = join(projectRoot, "test", "fixtures", "sdmx-2.1");
const MESSAGE_XSD = join(SDMX_DIR, "SDMXMessage.xsd");

let exported: Exported;
beforeAll(async () => {
  exported = await exportBoth(["sdmx"]);
}, 180_000);
afterAll(() => exported?.cleanup());

const unescapeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

/** The code lists of a (schema-valid) structure message: list id -> code -> name. */
const codeLists = (xml: string): Map<string, Map<string, string>> => {
  const lists = new Map<string, Map<string, string>>();
  for (const l of xml.matchAll(/<structure:Codelist id="([^"]+)"[^>]*>([\s\S]*?)<\/structure:Codelist>/gu)) {
    const codes = new Map<string, string>();
    for (const c of l[2]!.matchAll(/<structure:Code id="([^"]+)">\s*<common:Name xml:lang="en">([\s\S]*?)<\/common:Name>/gu)) codes.set(unescapeXml(c[1]!), unescapeXml(c[2]!));
    lists.set(l[1]!, codes);
  }
  return lists;
};

/** Dimension and attribute ids of the DSD -> the code list they are enumerated by (undefined: uncoded). */
const components = (xml: string): Map<string, string | undefined> => {
  const out = new Map<string, string | undefined>();
  for (const c of xml.matchAll(/<structure:(Dimension|TimeDimension|Attribute|PrimaryMeasure) id="([^"]+)"[^>]*>([\s\S]*?)<\/structure:\1>/gu)) {
    out.set(c[2]!, /Codelist=[^:]+:([A-Z_]+)\(/u.exec(c[3]!)?.[1]);
  }
  return out;
};

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => {
  const parsed = Papa.parse<Row>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

const KEY = ["FREQ", "REF_AREA", "MEASURE", "DIRECTION", "COUNTERPART_AREA", "BREAKDOWN", "SOURCE", "TIME_PERIOD"];

/** A schema of one element holding SDMX time periods, importing SDMXCommon.xsd from the vendored folder. */
const PERIODS_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" targetNamespace="urn:test:periods" elementFormDefault="qualified">
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" schemaLocation="SDMXCommon.xsd"/>
  <xs:element name="periods"><xs:complexType><xs:sequence>
    <xs:element name="p" type="common:ObservationalTimePeriodType" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;
const periodsValid = (periods: ReadonlyArray<string>) =>
  validateAgainst(`<?xml version="1.0" encoding="UTF-8"?>\n<periods xmlns="urn:test:periods">${periods.map((p) => `<p>${p}</p>`).join("")}</periods>`, join(SDMX_DIR, "test-periods.xsd"), PERIODS_XSD);

describe("the validators used here", () => {
  test("the SDMX schemas reject an invalid structure message (a code id with a space, a missing name)", async () => {
    const xml = readFileSync(join(exported.dirs.get("azerbaijan")!.get("sdmx")!, "structure.xml"), "utf8");
    expect((await validateAgainst(xml.replace('<structure:Code id="A">', '<structure:Code id="A B">'), MESSAGE_XSD)).valid).toBe(false);
    expect((await validateAgainst(xml.replace(/<common:Name xml:lang="en">Frequency<\/common:Name>/u, ""), MESSAGE_XSD)).valid).toBe(false);
  });

  test("ObservationalTimePeriodType takes SDMX's formats and rejects a range written start/end", async () => {
    expect(await periodsValid(["2005", "2005-07", "2005-07-01", "2005-Q3", "2005-S2", "2005-01-01/P2Y", "2005-03-01/P10M", "2005-01-01/P45D"])).toEqual({ valid: true, errors: [] });
    expect((await periodsValid(["2005-01-01/2006-12-31"])).valid).toBe(false);
    expect((await periodsValid(["2005-2006"])).valid).toBe(false);
  });
});

describe.each(["azerbaijan", "hostile"] as const)("%s: SDMX", (name) => {
  const dir = () => exported.dirs.get(name)!.get("sdmx")!;
  const datasets = () => readdirSync(dir()).filter((f) => f.endsWith(".csv")).sort();
  const structure = () => readFileSync(join(dir(), "structure.xml"), "utf8");

  test("the structure message is valid SDMX-ML 2.1 (SDMXMessage.xsd) with a dataflow, a DSD, a concept scheme and code lists", async () => {
    const xml = structure();
    expect(await validateAgainst(xml, MESSAGE_XSD)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<structure:Dataflow id="MIGRATION_PROFILE" agencyID="IOM" version="1.0">');
    expect(xml).toContain('<structure:DataStructure id="DSD_MIGRATION_PROFILE" agencyID="IOM" version="1.0">');
    expect(xml).toContain('<structure:ConceptScheme id="CS_MIGRATION_PROFILE" agencyID="IOM" version="1.0">');
    const comps = components(xml);
    expect([...comps.keys()]).toEqual([...KEY, "OBS_STATUS", "UNIT_MEASURE", "UNIT_MULT", "DECIMALS", "OBS_VALUE_PRINTED", "QUALIFIER", "REPORTER", "OBS_REF", "COMMENT", "OBS_VALUE"]);
    // every concept the DSD uses is in the concept scheme
    for (const id of comps.keys()) expect(xml).toContain(`<structure:Concept id="${id}">`);
  });

  test("every code in the data is in its code list; columns follow the DSD", () => {
    const lists = codeLists(structure());
    const comps = components(structure());
    let checked = 0;
    for (const f of datasets()) {
      const rows = readCsv(join(dir(), f));
      expect(Object.keys(rows[0]!)).toEqual(["DATAFLOW", ...KEY, "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE", "UNIT_MULT", "DECIMALS", "OBS_VALUE_PRINTED", "QUALIFIER", "REPORTER", "OBS_REF", "COMMENT"]);
      for (const row of rows) {
        expect(row.DATAFLOW).toBe("IOM:MIGRATION_PROFILE(1.0)");
        for (const [id, list] of comps) {
          if (list === undefined || row[id] === "") continue;
          expect(lists.get(list)?.has(row[id]!), `${f}: ${id} ${row[id]} not in ${list}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(name === "azerbaijan" ? 3000 : 50);
    // a code list holds unique codes that match SDMX's IDType
    for (const [, codes] of lists) for (const c of codes.keys()) expect(c).toMatch(/^[A-Za-z0-9_@$-]+$/u);
  });

  test("series keys are unique within each dataset; FREQ splits series with mixed periods", () => {
    for (const f of datasets()) {
      const keys = readCsv(join(dir(), f)).map((r) => KEY.map((k) => r[k]).join(","));
      expect(keys.length - new Set(keys).size, f).toBe(0);
    }
  });

  test("every TIME_PERIOD is an SDMX ObservationalTimePeriodType and agrees with FREQ", async () => {
    const rows = datasets().flatMap((f) => readCsv(join(dir(), f)));
    const periods = [...new Set(rows.map((r) => r.TIME_PERIOD!))];
    expect(await periodsValid(periods)).toEqual({ valid: true, errors: [] });
    const shape: Record<string, RegExp> = { A: /^\d{4}$/u, S: /^\d{4}-S[12]$/u, Q: /^\d{4}-Q[1-4]$/u, M: /^\d{4}-\d{2}$/u, D: /^\d{4}-\d{2}-\d{2}$/u, _O: /^\d{4}-\d{2}-\d{2}\/P\d+[YMD]$/u };
    for (const r of rows) expect(r.TIME_PERIOD, `${r.OBS_REF} ${r.FREQ}`).toMatch(shape[r.FREQ!]!);
    expect(rows.some((r) => r.FREQ === "_O")).toBe(true);
  });

  test("every observation is in exactly one row with its corrected value; those without a value keep an empty OBS_VALUE and their status", async () => {
    const rows = datasets().flatMap((f) => readCsv(join(dir(), f)));
    const refs = rows.map((r) => r.OBS_REF!);
    const wh = await Warehouse.open(exported.dbs.get(name)!, { access_mode: "READ_ONLY" });
    try {
      const obs = await wh.all<{ obs_id: string; value_text: string; obs_status: string; value_base: number | null }>(`SELECT obs_id, value_text, obs_status, value_base FROM observations_clean ORDER BY obs_id`);
      expect([...refs].sort()).toEqual(obs.map((o) => o.obs_id).sort());
      const byRef = new Map(rows.map((r) => [r.OBS_REF!, r] as const));
      const noValue = obs.filter((o) => o.value_base === null);
      expect(noValue.length).toBeGreaterThanOrEqual(2); // N/A and a range
      for (const o of noValue) expect(byRef.get(o.obs_id), o.obs_id).toMatchObject({ OBS_VALUE: "", OBS_STATUS: o.obs_status, OBS_VALUE_PRINTED: o.value_text });
      for (const o of obs.filter((x) => x.value_base !== null)) expect(Number(byRef.get(o.obs_id)!.OBS_VALUE), o.obs_id).toBeCloseTo(o.value_base!, 9);
    } finally {
      wh.close();
    }
  });

  test("datapackage.json: OBS_VALUE a number, and Frictionless reads every data file with its schema", async () => {
    const dp = JSON.parse(readFileSync(join(dir(), "datapackage.json"), "utf8")) as { resources: Array<{ name: string; path: string; format: string; mediatype: string; schema?: { fields: Array<{ name: string; type: string }> } }> };
    const data = dp.resources.filter((r) => r.format === "csv");
    expect(data.map((r) => r.path).sort()).toEqual(datasets());
    expect(dp.resources.find((r) => r.path === "structure.xml")).toMatchObject({ format: "xml", mediatype: "application/vnd.sdmx.structure+xml; version=2.1" });
    const require = createRequire(import.meta.url);
    const { Table } = require("tableschema") as { Table: { load(s: string, o: object): Promise<{ read(o: object): Promise<Array<Record<string, unknown>>> }> } };
    for (const r of data) {
      expect(r.schema!.fields.find((f) => f.name === "OBS_VALUE")!.type).toBe("number");
      const rows = await (await Table.load(join(dir(), r.path), { schema: r.schema, delimiter: ",", quote: '"' })).read({ keyed: true, cast: true });
      expect(rows.some((x) => typeof x.OBS_VALUE === "number")).toBe(true);
    }
  });

  if (name === "hostile") {
    test("two sources for one key are two series; one source's second printing for a key goes to a second dataset", () => {
      const [first, second] = datasets().map((f) => readCsv(join(dir(), f)));
      expect(datasets()).toEqual(["migration_profile.csv", "migration_profile_2.csv"]);
      const arrivals2000 = first!.filter((r) => r.MEASURE === "MIGRATION" && r.TIME_PERIOD === "2000" && r.BREAKDOWN === "_T");
      expect(arrivals2000.map((r) => [r.SOURCE, r.OBS_VALUE, r.REPORTER]).sort()).toEqual([["HOSTILE_OTHER", "3500", "RUS"], ["HOSTILE_SRC", "3410", "AZE"]]);
      expect(second!.map((r) => [r.TIME_PERIOD, r.SOURCE, r.OBS_VALUE, r.OBS_REF])).toEqual([["2001", "HOSTILE_SRC", "1000", "hostile:t1/Total | *all* <b>&amp;</b>/2001"], ["2005-01-01/P2Y", "HOSTILE_SRC", "7250.5", "hostile:s5"]]);
      expect(first!.find((r) => r.TIME_PERIOD === "2005-01-01/P2Y")).toMatchObject({ FREQ: "_O", OBS_VALUE: "7250.5", OBS_REF: "hostile:s3" });
      expect(first!.find((r) => r.TIME_PERIOD === "2000-01-01/P2Y" && r.BREAKDOWN === "_T")).toMatchObject({ FREQ: "_O", OBS_VALUE: "4410" });
    });

    test("hostile names reach the code lists intact", () => {
      const lists = codeLists(structure());
      expect(lists.get("CL_SOURCE")!.get("HOSTILE_SRC")).toBe(HOSTILE.source);
      expect(lists.get("CL_SOURCE")!.get("HOSTILE_OTHER")).toBe(HOSTILE.other);
      expect(lists.get("CL_BREAKDOWN")!.get("SEX_FEMALE")).toBe("sex=female");
    });
  }
});
