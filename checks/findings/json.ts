// `--format json`: the findings contract (schemas/json/findings.schema.json), validated before it is printed.
import { validatorFor } from "../../pipelines/manifest/validateJson.ts";
import type { FindingsReport } from "../../schemas/checks.ts";
import type { CheckReport, WaiverStatus } from "../model.ts";

/** A report in the shape of the published contract (no targets, details or waiver rows inside findings). */
export const toJsonReport = (report: CheckReport): FindingsReport => {
  const waiver = ({ finding_id, reason, author, date, expires, matched, file, line }: WaiverStatus) => ({ finding_id, reason, author, date, expires, matched, file, line });
  return {
    summary: { ...report.summary, packages: report.summary.packages.map((p) => ({ ...p })) },
    findings: report.findings.map((f) => ({
      id: f.id,
      check: f.check,
      kind: f.kind,
      severity: f.severity,
      status: f.status,
      waived: f.waived,
      corrected: f.corrected,
      ...(f.corrections !== undefined && f.corrections.length > 0 ? { corrections: f.corrections.map((c) => ({ ...c })) } : {}),
      message: f.message,
      ...(f.explanation !== undefined ? { explanation: f.explanation } : {}),
      packages: [...f.packages],
      observations: f.observations.map((o) => ({ ...o, source: o.source === null ? null : { ...o.source } })),
    })),
    waivers: { expired: report.waivers.expired.map(waiver), unmatched: report.waivers.unmatched.map(waiver) },
  };
};

/** The JSON text of a report; throws when it breaks its own contract (a bug, never bad input). */
export const renderJson = (report: CheckReport): string => {
  const doc = toJsonReport(report);
  const validate = validatorFor("findings");
  if (!validate(doc)) {
    throw new Error(`the JSON report breaks schemas/json/findings.schema.json: ${(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join("; ")}`);
  }
  return JSON.stringify(doc, null, 2) + "\n";
};
