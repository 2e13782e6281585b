// Waivers: acknowledged findings, matched by finding id, until they expire.
import type { Located } from "../pipelines/manifest/validateRows.ts";
import type { CheckReport, Waiver, WaiverStatus } from "./model.ts";

/**
 * Match waivers to findings by id. An expired waiver (expires < today) does not waive; a waiver naming no
 * finding is unmatched (reported only when every enabled check ran, else it may belong to one that did not).
 */
export const applyWaivers = (
  findingIds: ReadonlyArray<string>,
  rows: ReadonlyArray<Located<{ finding_id: string; reason: string; author: string; date: string; expires: string }>>,
  today: string,
  reportUnmatched: boolean,
): { waived: Map<string, Waiver>; waivers: CheckReport["waivers"] } => {
  const ids = new Set(findingIds);
  const waived = new Map<string, Waiver>();
  const expired: WaiverStatus[] = [];
  const unmatched: WaiverStatus[] = [];
  for (const { row, file, line } of rows) {
    const waiver: Waiver = { finding_id: row.finding_id, reason: row.reason, author: row.author, date: row.date, expires: row.expires === "" ? null : row.expires, file, line };
    const matched = ids.has(row.finding_id);
    if (waiver.expires !== null && waiver.expires < today) expired.push({ ...waiver, matched });
    else if (matched) waived.set(row.finding_id, waiver);
    else if (reportUnmatched) unmatched.push({ ...waiver, matched });
  }
  return { waived, waivers: { expired, unmatched } };
};
