import * as Schema from "effect/Schema";
import { ChecksFile, CorrectionRow, FindingsReport, WaiverRow } from "./checks.ts";
import { Descriptor } from "./descriptor.ts";
import { AliasRow, CitationRow, FootnoteRow, MeasureRow, Observation, StatementRow } from "./rows.ts";

/** The published contracts: file stem in schemas/json/ -> Effect schema it is generated from. */
export const contracts = {
  descriptor: Descriptor,
  citation: CitationRow,
  footnote: FootnoteRow,
  statement: StatementRow,
  alias: AliasRow,
  measure: MeasureRow,
  observation: Observation,
  checks: ChecksFile,
  waiver: WaiverRow,
  correction: CorrectionRow,
  findings: FindingsReport,
} as const;

export type ContractName = keyof typeof contracts;

/** A standalone draft 2020-12 JSON Schema document for one contract (excess properties rejected). */
export const jsonSchemaFor = (name: ContractName): Record<string, unknown> => {
  const doc = Schema.toJsonSchemaDocument(contracts[name], { onExcessProperty: "error" });
  const defs = doc.definitions as Record<string, unknown>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://migration-profile.invalid/schemas/${name}.schema.json`,
    ...(doc.schema as Record<string, unknown>),
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
  };
};

/** The exact text written to schemas/json/<name>.schema.json. */
export const jsonSchemaText = (name: ContractName): string => JSON.stringify(jsonSchemaFor(name), null, 2) + "\n";

/** A check kind as the checks file's schema sees it: its name, one line about it and its params' schema. */
export interface KindContract {
  readonly kind: string;
  readonly summary: string;
  readonly params?: Schema.Top | undefined;
}

/**
 * The published schema of checks/checks.json: the checks contract with the registered kinds, so that an
 * editor completes `kind` and, for each kind, completes and validates its `params` (no other name).
 * The runner decodes each check's params with the same Effect schemas (and accepts kinds registered by
 * tests), so it validates against the plain contract and then the kind's params.
 */
export const checksJsonSchema = (kinds: ReadonlyArray<KindContract>): Record<string, unknown> => {
  const base = jsonSchemaFor("checks");
  const defs = { ...(base.$defs as Record<string, Record<string, unknown>>) };
  const declaration = defs["CheckDeclaration"]!;
  const properties = declaration["properties"] as Record<string, Record<string, unknown>>;
  const sorted = [...kinds].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const branches = sorted.map((k) => {
    const name = `${k.kind}.params`;
    const params = k.params === undefined ? { type: "object", additionalProperties: false } : paramsSchema(k.params);
    defs[name] = { ...params, description: `params of ${k.kind}: ${k.summary}` };
    return { if: { properties: { kind: { const: k.kind } }, required: ["kind"] }, then: { properties: { params: { $ref: `#/$defs/${name}` } } } };
  });
  defs["CheckDeclaration"] = {
    ...declaration,
    properties: { ...properties, kind: { ...properties["kind"], enum: sorted.map((k) => k.kind) } },
    allOf: branches,
  };
  return { ...base, $defs: defs };
};

/** One kind's params as a JSON Schema object (excess properties rejected; no definitions of its own). */
const paramsSchema = (params: Schema.Top): Record<string, unknown> => {
  const doc = Schema.toJsonSchemaDocument(params, { onExcessProperty: "error" });
  if (Object.keys(doc.definitions).length > 0) throw new Error("a kind's params schema must not use identifiers (its JSON Schema is inlined)");
  return doc.schema as Record<string, unknown>;
};

/** The exact text written to schemas/json/checks.schema.json. */
export const checksSchemaText = (kinds: ReadonlyArray<KindContract>): string => JSON.stringify(checksJsonSchema(kinds), null, 2) + "\n";
