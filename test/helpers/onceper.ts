// Fixtures that cost a build and a check run, made once per test worker and copied for each caller.
// Test files share a worker's modules (vitest.config.ts: isolate false), so the first file that asks
// pays for the build and the checks; every caller still gets a folder and a warehouse file of its own
// (and its own copy of the report), so no test can change what another reads.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { inject } from "vitest";
import type { CheckReport } from "../../checks/model.ts";

export interface CheckedCopy {
  readonly dir: string;
  readonly db: string;
  readonly report: CheckReport;
  readonly cleanup: () => void;
}

interface Original {
  readonly db: string;
  readonly report: CheckReport;
}

const made = new Map<string, Promise<unknown>>();

/**
 * `make()` run once per worker under `key`, its promise shared by every caller. A failed make is not
 * remembered: the next caller tries again and sees the error itself.
 */
export const oncePerWorker = <T>(key: string, make: () => Promise<T>): Promise<T> => {
  let done = made.get(key) as Promise<T> | undefined;
  if (done === undefined) {
    done = make();
    made.set(key, done);
    done.catch(() => made.delete(key));
  }
  return done;
};

/**
 * A folder for an original, inside the run's scratch folder (test/globalSetup.ts), which the end of the
 * run removes: a worker is stopped, not left to exit, so it cannot clean up after itself.
 */
export const originalFolder = (prefix: string): string => mkdtempSync(join(inject("scratch"), prefix));

/** `make` run once per worker under `key`; each call a private copy of its warehouse and report. */
export const checkedOnce = async (key: string, make: () => Promise<Original>): Promise<CheckedCopy> => {
  const o = await oncePerWorker(key, make);
  const dir = mkdtempSync(join(tmpdir(), `mp-${key}-copy-`));
  const db = join(dir, basename(o.db));
  copyFileSync(o.db, db);
  return { dir, db, report: structuredClone(o.report), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};
