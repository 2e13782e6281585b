// The real package built into a temporary warehouse, checked with the project's checks, waivers and
// corrections: what the report tests render.
import { join } from "node:path";
import type { CheckReport } from "../../checks/model.ts";
import { runChecks } from "../../checks/runner.ts";
import { copyFileSync } from "node:fs";
import { inject } from "vitest";
import { checkedOnce, originalFolder } from "./onceper.ts";
import { projectRoot } from "./workspace.ts";

export interface RealCheckedWarehouse {
  readonly dir: string;
  readonly db: string;
  readonly report: CheckReport;
  readonly cleanup: () => void;
}

/**
 * A copy of the real warehouse (corrections applied), with the checks of checks/ run on it (today fixed):
 * checked once per test worker, a private copy (folder, file and report) for each caller.
 */
export const realCheckedWarehouse = (): Promise<RealCheckedWarehouse> =>
  checkedOnce("real-checked", async () => {
    const dir = originalFolder("real-checked-");
    const db = join(dir, "profile.duckdb");
    copyFileSync(inject("realCorrected"), db);
    const report = await runChecks({
      dbPath: db,
      checksFile: join(projectRoot, "checks/checks.json"),
      waiversFile: join(projectRoot, "checks/waivers.csv"),
      correctionsFile: join(projectRoot, "checks/corrections.csv"),
      today: "2026-01-01",
    });
    return { db, report };
  });
