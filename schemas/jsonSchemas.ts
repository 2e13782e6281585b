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
