// The Azerbaijan package (built and checked with the project's checks) and the hostile package, each
// exported in the formats a test asks for; the readers' tests read these folders back.
import { cpSync } from "node:fs";
import { join } from "node:path";
import { exportWarehouse } from "../../pipelines/export/exportWarehouse.ts";
import type { ExportFormatName as ExportFormat } from "../../pipelines/export/formats.ts";
import { hostileCheckedWarehouse } from "./hostilePackage.ts";
import { oncePerWorker, originalFolder } from "./onceper.ts";
import { realCheckedWarehouse } from "./realReport.ts";

export interface Exported {
  /** package name -> format -> export folder */
  readonly dirs: ReadonlyMap<"azerbaijan" | "hostile", ReadonlyMap<ExportFormat, string>>;
  /** package name -> the warehouse it was exported from */
  readonly dbs: ReadonlyMap<"azerbaijan" | "hostile", string>;
  readonly cleanup: () => void;
}

/**
 * A package's export in one format, written once per worker (from the first caller's copy of the
 * warehouse, the same bytes as every other copy); each caller reads a copy of the folder.
 */
const exportedOnce = (name: string, format: ExportFormat, db: string): Promise<string> =>
  oncePerWorker(`export/${name}/${format}`, async () => {
    const dir = join(originalFolder(`export-${name}-`), format);
    await exportWarehouse({ dbPath: db, outDir: dir, format });
    return dir;
  });

export const exportBoth = async (formats: ReadonlyArray<ExportFormat>): Promise<Exported> => {
  const [real, hostile] = await Promise.all([realCheckedWarehouse(), hostileCheckedWarehouse()]);
  const cleanup = () => {
    real.cleanup();
    hostile.cleanup();
  };
  try {
    const dirs = new Map<"azerbaijan" | "hostile", Map<ExportFormat, string>>();
    for (const [name, w] of [["azerbaijan", real], ["hostile", hostile]] as const) {
      const byFormat = new Map<ExportFormat, string>();
      for (const f of formats) {
        const dir = join(w.dir, "exports", f);
        cpSync(await exportedOnce(name, f, w.db), dir, { recursive: true });
        byFormat.set(f, dir);
      }
      dirs.set(name, byFormat);
    }
    return { dirs, dbs: new Map([["azerbaijan", real.db], ["hostile", hostile.db]]), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
};
