// The SDMX-ML 2.1 structure message written beside the SDMX-CSV data: the dataflow, a code list for every
// coded dimension and attribute (holding exactly the codes the data use, with their names), the concept
// scheme and the data structure definition. An SDMX tool loads it first, then the data against it.
import * as Schema from "effect/Schema";
import { xmlAttr, xmlText } from "../../checks/findings/junit.ts";
import type { Warehouse } from "../core/duckdb.ts";
import type { Catalog } from "./resources.ts";
import { AGENCY, ATTRIBUTES, DATAFLOW_ID, DIMENSIONS, DSD_ID, PRIMARY_MEASURE, SDMX_VERSION, sdmxCtes, type SdmxComponent } from "./sdmxModel.ts";

const CONCEPT_SCHEME = "CS_MIGRATION_PROFILE";

/** Code lists whose codes are fixed, not read from the data. */
const FIXED_LISTS: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>> = new Map([
  ["CL_FREQ", [["A", "Annual"], ["S", "Half-yearly"], ["Q", "Quarterly"], ["M", "Monthly"], ["D", "Daily (a day or an instant)"], ["_O", "Other (a range of another length)"]]],
  ["CL_DIRECTION", [["IN", "Inward (arrivals, inflows)"], ["OUT", "Outward (departures, outflows)"], ["NET", "Net (in minus out)"], ["_Z", "Not applicable"]]],
  ["CL_OBS_STATUS", [["A", "Normal value"], ["E", "Estimated value"], ["P", "Provisional value"], ["M", "Missing value; data cannot exist"], ["L", "Missing value; data exist but were not available"]]],
]);

const LIST_NAMES: ReadonlyMap<string, string> = new Map([
  ["CL_FREQ", "Frequency"],
  ["CL_DIRECTION", "Direction of a flow"],
  ["CL_OBS_STATUS", "Observation status"],
  ["CL_AREA", "Countries and groups of countries"],
  ["CL_MEASURE", "Measures"],
  ["CL_BREAKDOWN", "Breakdowns"],
  ["CL_SOURCE", "Cited sources"],
  ["CL_UNIT", "Base units"],
]);

const urn = (kind: "codelist" | "concept", id: string): string =>
  kind === "codelist"
    ? `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${AGENCY}:${id}(${SDMX_VERSION})`
    : `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${AGENCY}:${CONCEPT_SCHEME}(${SDMX_VERSION}).${id}`;

const name = (text: string, indent: string) => `${indent}<common:Name xml:lang="en">${xmlText(text)}</common:Name>`;

/** Every code list the data need: list id -> [code, name] in code order. */
export const sdmxCodeLists = async (wh: Warehouse, catalog: Catalog, packages?: ReadonlyArray<string>): Promise<Map<string, Array<readonly [string, string]>>> => {
  const rows = await wh.rows(Schema.Struct({ list: Schema.String, code: Schema.String, name: Schema.String }), `WITH ${sdmxCtes(catalog, packages)} SELECT DISTINCT list, code, name FROM codes__ ORDER BY list, code`);
  const lists = new Map<string, Array<readonly [string, string]>>();
  for (const [id, codes] of FIXED_LISTS) lists.set(id, [...codes]);
  for (const r of rows) lists.set(r.list, [...(lists.get(r.list) ?? []), [r.code, r.name]]);
  for (const id of LIST_NAMES.keys()) if (!lists.has(id)) lists.set(id, []);
  return lists;
};

const representation = (c: SdmxComponent, indent: string): string[] =>
  c.codelist !== undefined
    ? [`${indent}<structure:LocalRepresentation>`, `${indent}  <structure:Enumeration>`, `${indent}    <URN>${urn("codelist", c.codelist)}</URN>`, `${indent}  </structure:Enumeration>`, `${indent}</structure:LocalRepresentation>`]
    : [`${indent}<structure:LocalRepresentation>`, `${indent}  <structure:TextFormat textType="${c.textType ?? "String"}"/>`, `${indent}</structure:LocalRepresentation>`];

const conceptIdentity = (c: SdmxComponent, indent: string): string[] => [`${indent}<structure:ConceptIdentity>`, `${indent}  <URN>${urn("concept", c.id)}</URN>`, `${indent}</structure:ConceptIdentity>`];

/**
 * The structure message. `prepared` is the message's timestamp (xs:dateTime); the export passes a fixed
 * one derived from the data so that the same warehouse gives the same bytes.
 */
export const sdmxStructureText = (lists: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>>, prepared: string): string => {
  const components = [...DIMENSIONS, PRIMARY_MEASURE, ...ATTRIBUTES];
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<message:Structure xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:structure="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">`,
    `  <message:Header>`,
    `    <message:ID>${DATAFLOW_ID}_STRUCTURE</message:ID>`,
    `    <message:Test>false</message:Test>`,
    `    <message:Prepared>${xmlText(prepared)}</message:Prepared>`,
    `    <message:Sender id="${AGENCY}"/>`,
    `  </message:Header>`,
    `  <message:Structures>`,
    `    <structure:Dataflows>`,
    `      <structure:Dataflow id="${DATAFLOW_ID}" agencyID="${AGENCY}" version="${SDMX_VERSION}">`,
    name("Figures printed in IOM Migration Profiles, normalized", "        "),
    `        <structure:Structure>`,
    `          <Ref id="${DSD_ID}" agencyID="${AGENCY}" version="${SDMX_VERSION}"/>`,
    `        </structure:Structure>`,
    `      </structure:Dataflow>`,
    `    </structure:Dataflows>`,
    `    <structure:Codelists>`,
  ];
  for (const [id, codes] of [...lists].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`      <structure:Codelist id="${xmlAttr(id)}" agencyID="${AGENCY}" version="${SDMX_VERSION}">`, name(LIST_NAMES.get(id) ?? id, "        "));
    for (const [code, text] of codes) out.push(`        <structure:Code id="${xmlAttr(code)}">`, name(text === "" ? code : text, "          "), `        </structure:Code>`);
    out.push(`      </structure:Codelist>`);
  }
  out.push(`    </structure:Codelists>`, `    <structure:Concepts>`, `      <structure:ConceptScheme id="${CONCEPT_SCHEME}" agencyID="${AGENCY}" version="${SDMX_VERSION}">`, name("Concepts of the migration profile data", "        "));
  for (const c of components) {
    out.push(`        <structure:Concept id="${c.id}">`, name(c.name, "          "), `          <common:Description xml:lang="en">${xmlText(c.description)}</common:Description>`, `        </structure:Concept>`);
  }
  out.push(
    `      </structure:ConceptScheme>`,
    `    </structure:Concepts>`,
    `    <structure:DataStructures>`,
    `      <structure:DataStructure id="${DSD_ID}" agencyID="${AGENCY}" version="${SDMX_VERSION}">`,
    name("Migration profile figures", "        "),
    `        <structure:DataStructureComponents>`,
    `          <structure:DimensionList>`,
  );
  DIMENSIONS.forEach((d, i) => {
    const element = d.id === "TIME_PERIOD" ? "TimeDimension" : "Dimension";
    out.push(`            <structure:${element} id="${d.id}" position="${i + 1}">`, ...conceptIdentity(d, "              "), ...representation(d, "              "), `            </structure:${element}>`);
  });
  out.push(`          </structure:DimensionList>`, `          <structure:AttributeList>`);
  for (const a of ATTRIBUTES) {
    out.push(
      `            <structure:Attribute id="${a.id}" assignmentStatus="${a.id === "OBS_STATUS" || a.id === "UNIT_MEASURE" || a.id === "UNIT_MULT" ? "Mandatory" : "Conditional"}">`,
      ...conceptIdentity(a, "              "),
      ...representation(a, "              "),
      `              <structure:AttributeRelationship>`,
      `                <structure:PrimaryMeasure>`,
      `                  <Ref id="OBS_VALUE"/>`,
      `                </structure:PrimaryMeasure>`,
      `              </structure:AttributeRelationship>`,
      `            </structure:Attribute>`,
    );
  }
  out.push(
    `          </structure:AttributeList>`,
    `          <structure:MeasureList>`,
    `            <structure:PrimaryMeasure id="OBS_VALUE">`,
    ...conceptIdentity(PRIMARY_MEASURE, "              "),
    ...representation(PRIMARY_MEASURE, "              "),
    `            </structure:PrimaryMeasure>`,
    `          </structure:MeasureList>`,
    `        </structure:DataStructureComponents>`,
    `      </structure:DataStructure>`,
    `    </structure:DataStructures>`,
    `  </message:Structures>`,
    `</message:Structure>`,
  );
  return out.join("\n") + "\n";
};

/** The structure message of a warehouse (prepared at the latest publication date, for stable bytes). */
export const sdmxStructure = async (wh: Warehouse, catalog: Catalog, packages?: ReadonlyArray<string>): Promise<string> => {
  const { prepared } = await wh.one(
    Schema.Struct({ prepared: Schema.String }),
    `SELECT coalesce(max(CASE WHEN regexp_full_match(pub_date, '\\d{4}-\\d{2}') THEN pub_date || '-01' WHEN regexp_full_match(pub_date, '\\d{4}') THEN pub_date || '-01-01' END), '1970-01-01') || 'T00:00:00Z' AS prepared FROM packages`,
  );
  return sdmxStructureText(await sdmxCodeLists(wh, catalog, packages), prepared);
};
