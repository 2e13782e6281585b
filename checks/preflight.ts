// What the runner checks before any check runs, in the warehouse and the acknowledgement files: the file
// it opened, the measures checks name, each package's own waivers, and that the corrections are those the
// build applied. Each problem is an InputError at its place (or, for the file, a value to compare).
import { paramVocabulary } from "./kinds/params.ts";
import type { CheckKind } from "./types.ts";
import type { ErrorCode } from "../pipelines/core/errorCodes.ts";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import * as Schema from "effect/Schema";
import { pushAll, InputErrors, type InputError } from "../pipelines/core/errors.ts";
import type { Warehouse } from "../pipelines/core/duckdb.ts";
import type { Located } from "../pipelines/manifest/validateRows.ts";
import { locateInJson } from "../pipelines/manifest/validateJson.ts";
import type { CorrectionRow, WaiverRow } from "../schemas/checks.ts";
import { closestKinds, readWaivers, type PlacedCheck } from "./config.ts";

/** A file's identity (device and inode): a build renames a new file into place, which changes it. */
export const fileIdentity = (path: string): string => {
  const st = statSync(path, { bigint: true });
  return `${st.dev}:${st.ino}`;
};

/**
 * A check limited to measures or measure kinds the warehouse does not know (in a param its kind declares
 * as naming them: `measures`, `measure_kinds`, `nonnegative_kinds`) would find nothing and report "pass":
 * each unknown one is a configuration error at its place.
 */
export const checkMeasureParams = async (wh: Warehouse, checks: ReadonlyArray<PlacedCheck>, file: string, kinds: ReadonlyMap<string, CheckKind>): Promise<void> => {
  const rows = await wh.rows(Schema.Struct({ measure: Schema.String, kind: Schema.String }), `SELECT measure, kind FROM measures`);
  const known = { measures: new Set(rows.map((r) => r.measure)), measure_kinds: new Set(rows.map((r) => r.kind)) };
  const errors: InputError[] = [];
  let text: string | undefined;
  for (const { check, index } of checks) {
    // the params its kind declares as naming measures or measure kinds (checks/kinds/params.ts)
    for (const [key, field] of Object.entries(kinds.get(check.kind)?.params?.fields ?? {})) {
      const of = paramVocabulary(field);
      if (of === undefined) continue;
      const list = check.params?.[key];
      if (!Array.isArray(list)) continue;
      list.forEach((m, k) => {
        if (typeof m !== "string" || known[of].has(m)) return;
        text ??= readFileSync(file, "utf8");
        const near = closestKinds(m, known[of]);
        errors.push({
          code: of === "measures" ? "unknown-measure" : "unknown-measure-kind",
          file,
          ...locateInJson(text, ["checks", index, "params", key, k]),
          cell: m,
          expected: `check ${check.id}: a ${of === "measures" ? "measure" : "measure kind"} of the warehouse (sources/_reference/measures.csv)${near.length > 0 ? `; closest: ${near.join(", ")}` : ""}`,
        });
      });
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
};

/** The waivers.csv of each package's folder (beside its descriptor), where it exists. */
export const packageWaivers = (packages: ReadonlyArray<{ package: string; descriptor_file: string }>): { waivers: Located<WaiverRow>[]; errors: InputError[] } => {
  const waivers: Located<WaiverRow>[] = [];
  const errors: InputError[] = [];
  for (const p of packages) {
    const wFile = join(dirname(p.descriptor_file), "waivers.csv").split("\\").join("/");
    if (existsSync(wFile)) {
      const read = readWaivers(wFile, wFile);
      pushAll(errors, read.errors);
      pushAll(waivers, read.waivers);
    }
  }
  return { waivers, errors };
};

/** A key acknowledged in two files (each file checks its own rows): an error at the second. */
export const duplicatesAcross = <T extends Record<string, string>>(rows: ReadonlyArray<Located<T>>, key: keyof T & string, code: ErrorCode, expected: string): InputError[] => {
  const first = new Map<string, Located<T>>();
  const errors: InputError[] = [];
  for (const r of rows) {
    const seen = first.get(r.row[key]!);
    if (seen === undefined) first.set(r.row[key]!, r);
    else if (seen.file !== r.file) errors.push({ code, file: r.file, line: r.line, column: r.columnOf(key), cell: r.row[key]!, expected: `${expected} (also ${seen.file}:${seen.line})` });
  }
  return errors;
};

const BuiltCorrection = Schema.Struct({ obs_id: Schema.String, corrected: Schema.Number, justification: Schema.String });

/**
 * The corrections files must be those the warehouse was built with: the build applies corrections, the
 * check only reads them, so a file edited since the build is reported (run the build again).
 */
export const compareCorrections = async (wh: Warehouse, corrections: ReadonlyArray<Located<CorrectionRow>>, file: string): Promise<void> => {
  const key = (r: { obs_id: string; corrected: number; justification: string }) => JSON.stringify([r.obs_id, r.corrected, r.justification]);
  const built = (await wh.rows(BuiltCorrection, "SELECT obs_id, corrected, justification FROM corrections")).map(key).sort();
  const read = corrections.map(({ row }) => key({ obs_id: row.obs_id, corrected: Number(row.corrected), justification: row.justification })).sort();
  if (JSON.stringify(built) === JSON.stringify(read)) return;
  throw new InputErrors([
    {
      code: "corrections-not-built",
      file,
      line: 0,
      column: 0,
      cell: `${read.length} correction(s) in the files, ${built.length} in the warehouse`,
      expected: "the corrections the warehouse was built with: build again after editing them (npm run build -- --corrections FILE)",
    },
  ]);
};

