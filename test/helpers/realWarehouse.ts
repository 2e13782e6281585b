// The real package as built once by test/globalSetup.ts, copied into a folder of the test's own, so a
// test may open it read-write (check, export) without touching what the other test files read.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

export interface RealWarehouse {
  readonly dir: string;
  readonly db: string;
  readonly cleanup: () => void;
}

/** A private copy of the real warehouse: `printed` (no corrections) or `corrected` (checks/corrections.csv). */
export const realWarehouse = (variant: "printed" | "corrected"): RealWarehouse => {
  const built = inject(variant === "printed" ? "realPrinted" : "realCorrected");
  const dir = mkdtempSync(join(tmpdir(), "mp-real-copy-"));
  const db = join(dir, "profile.duckdb");
  copyFileSync(built, db);
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};
