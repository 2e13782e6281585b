// The Azerbaijan package (built and checked with the project's checks) and the hostile package, each
// exported in the formats a test asks for; the readers' tests read these folders back.
import { join } from "node:path";
import { exportWarehouse } from "../../pipelines/export/exportWarehouse.ts";
import type { ExportFormatName as ExportFormat } from "../../pipelines/export/formats.ts";
import { hostileCheckedWarehouse } from "./hostilePackage.ts";
import { realCheckedWarehouse } from "./realReport.ts";

export interface Exported {
  /** package name -> format -> export folder */
  readonly dirs: ReadonlyMap<"azerbaijan" | "hostile", ReadonlyMap<ExportFormat, string>>;
  /** package name -> the warehouse it was exported from */
  readonly dbs: ReadonlyMap<"azerbaijan" | "hostile", string>;
  readonly cleanup: () => void;
}

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
        await exportWarehouse({ dbPath: w.db, outDir: dir, format: f });
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
