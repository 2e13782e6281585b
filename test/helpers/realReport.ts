// The real package built into a temporary warehouse, checked with the project's checks, waivers and
// corrections: what the report tests render.
import { join } from "node:path";
import type { CheckReport } from "../../checks/model.ts";
import { runChecks } from "../../checks/runner.ts";
import { realWarehouse } from "./realWarehouse.ts";
import { projectRoot } from "./workspace.ts";

export interface RealCheckedWarehouse {
  readonly dir: string;
  readonly db: string;
  readonly report: CheckReport;
  readonly cleanup: () => void;
}

/** A copy of the real warehouse (corrections applied), with the checks of checks/ run on it (today fixed). */
export const realCheckedWarehouse = async (): Promise<RealCheckedWarehouse> => {
  const ws = realWarehouse("corrected");
  try {
    const report = await runChecks({
      dbPath: ws.db,
      checksFile: join(projectRoot, "checks/checks.json"),
      waiversFile: join(projectRoot, "checks/waivers.csv"),
      correctionsFile: join(projectRoot, "checks/corrections.csv"),
      today: "2026-01-01",
    });
    return { dir: ws.dir, db: ws.db, report, cleanup: ws.cleanup };
  } catch (e) {
    ws.cleanup();
    throw e;
  }
};
