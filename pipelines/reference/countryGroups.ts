import { existsSync } from "node:fs";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { displayPath, readCsv } from "./countryCsv.ts";
import { GROUP_COLUMNS, type GeoEntry, type GroupMembership } from "./countryTypes.ts";

const YEAR_PATTERN = /^[0-9]{4}$/;

/** Read `groups.csv`: which countries (or historical entities) an aggregate holds, and when; malformed rows are reported and skipped. */
export const readGroups = (
  file: string,
  entries: ReadonlyMap<string, GeoEntry>,
  errors: InputError[],
): GroupMembership[] => {
  if (!existsSync(file)) {
    errors.push({ code: "missing-file", file: displayPath(file), line: 0, column: 0, cell: "", expected: `a CSV file with the header ${GROUP_COLUMNS.join(",")}` });
    return [];
  }
  const table = readCsv(file, GROUP_COLUMNS, errors);
  if (!table) return [];
  const out: GroupMembership[] = [];
  for (const row of table.rows) {
    const err = (column: string, code: ErrorCode, cell: string, expected: string): void => {
      errors.push({ code, file: table.file, line: row.line, column: table.column(column), cell, expected });
    };
    const group = row.cells.group_code ?? "";
    const member = row.cells.member ?? "";
    let ok = true;
    if (entries.get(group)?.kind !== "aggregate") {
      err("group_code", "unknown-group", group, "an aggregate code from country-aliases.csv");
      ok = false;
    }
    const memberKind = entries.get(member)?.kind;
    if (memberKind !== "country" && memberKind !== "historical") {
      err("member", "unknown-member", member, "an ISO 3166-1 alpha-3 country code or a historical code from country-aliases.csv");
      ok = false;
    }
    const year = (column: "valid_from" | "valid_to"): number | null | undefined => {
      const text = row.cells[column] ?? "";
      if (text === "") return null;
      if (YEAR_PATTERN.test(text)) return Number(text);
      err(column, "malformed-year", text, "a year (YYYY) or blank for an open end");
      return undefined;
    };
    const from = year("valid_from");
    const to = year("valid_to");
    if (from === undefined || to === undefined) ok = false;
    else if (from !== null && to !== null && from > to) {
      err("valid_to", "inverted-validity", row.cells.valid_to ?? "", `a year not before valid_from (${from})`);
      ok = false;
    }
    if (ok && from !== undefined && to !== undefined) out.push({ group_code: group, member, valid_from: from, valid_to: to });
  }
  return out;
};
