// A drafted package built as a user would: beside a copy of the shared vocabularies, with the real build,
// and read back from the warehouse it wrote. The importer's tests assert what the build made of a draft.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "../../pipelines/core/duckdb.ts";
import type { ImportResult } from "../../pipelines/import/importDocument.ts";
import { writePackageAtomic } from "../../pipelines/import/writePackage.ts";
import { build } from "../../pipelines/load/build.ts";

const REF = "sources/_reference";

export interface BuiltDraft {
  /** packages the build loaded (the draft alone: 1) */
  readonly packages: number;
  /** observations the build loaded */
  readonly observations: number;
  /** rows of a query on the draft's warehouse (opened read-only) */
  readonly query: (sql: string) => Promise<Array<Record<string, unknown>>>;
}

/** Build the draft `r` in `dir` (its sources in dir/src, the warehouse dir/draft.duckdb). */
export const buildDraft = async (r: ImportResult, dir: string): Promise<BuiltDraft> => {
  const sources = join(dir, "src");
  cpSync(REF, join(sources, "_reference"), { recursive: true });
  writePackageAtomic(join(sources, r.id), r.files, false);
  const dbPath = join(dir, "draft.duckdb");
  const built = await build({ sourcesDir: sources, dbPath, log: () => {} });
  return {
    packages: built.packages,
    observations: built.observations,
    query: async (sql) => {
      const wh = await Warehouse.open(dbPath, { access_mode: "READ_ONLY" });
      try {
        return await wh.all<Record<string, unknown>>(sql);
      } finally {
        wh.close();
      }
    },
  };
};

/** buildDraft in a temporary folder, removed once `use` has run. */
export const withBuiltDraft = async <T>(r: ImportResult, use: (d: BuiltDraft) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), "import-draft-"));
  try {
    return await use(await buildDraft(r, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
