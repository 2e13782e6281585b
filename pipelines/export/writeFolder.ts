import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { makeFolder } from "../core/fsErrors.ts";
import { assertReplaceableExportFolder } from "../core/outputGuard.ts";
import { TargetExistsError } from "./errors.ts";
import { processAlive } from "../core/processAlive.ts";

/** The file every export writes into its folder: --force replaces only a folder that holds it (and datapackage.json). */
export const EXPORT_MARKER = ".migration-profile-export";

/** A folder that exists and is not empty (a file in its place counts too): replacing it needs --force. */
export const occupied = (target: string): boolean =>
  existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0);


/** Remove what killed exports left beside the target (`.NAME.tmp-PID`, `.NAME.old-PID`), never a live export's. */
const removeStaleSiblings = (target: string): void => {
  const parent = dirname(target);
  for (const kind of ["tmp", "old"]) {
    const prefix = `.${basename(target)}.${kind}-`;
    for (const name of readdirSync(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number.parseInt(name.slice(prefix.length), 10);
      if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
};

/** The folder beside `target` that an export fills before it is renamed into place (the only one its SQL may write). */
export const stagingFolder = (target: string): string => join(resolve(dirname(target)), `.${basename(target)}.tmp-${process.pid}`);

/** Refuse a target that must not be replaced: an occupied one without force, else one no export wrote. */
const guard = (target: string, force: boolean, dbPath: string): void => {
  if (!occupied(target)) return;
  if (!force) throw new TargetExistsError(target);
  assertReplaceableExportFolder(target, { dbPath, marker: EXPORT_MARKER });
};

/**
 * Write a folder atomically: `write` fills a new folder beside the target, which is renamed into place
 * only when `write` returns, with EXPORT_MARKER in it. Without `force` an occupied target is never touched
 * (TargetExistsError); with it, a folder an earlier export wrote (and only that: OutputRefusedError) is
 * renamed aside, the new one renamed in, and the old one deleted. A failed or killed write leaves the
 * target as it was. `dbPath`: the warehouse read, whose folder is never replaced.
 */
export const writeFolderAtomically = async <T>(target: string, force: boolean, write: (dir: string) => Promise<T>, dbPath = ""): Promise<T> => {
  guard(target, force, dbPath);
  const parent = dirname(target);
  makeFolder(parent);
  removeStaleSiblings(target);
  const tmp = stagingFolder(target);
  const old = join(parent, `.${basename(target)}.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const result = await write(tmp);
    writeFileSync(join(tmp, EXPORT_MARKER), "Written by `npm run export` of the Migration Profile workspace: `--force` may replace this folder.\n");
    if (existsSync(target)) {
      // checked again: another process may have written the target meanwhile
      guard(target, force, dbPath);
      rmSync(old, { recursive: true, force: true });
      renameSync(target, old);
      try {
        renameSync(tmp, target);
      } catch (e) {
        renameSync(old, target);
        throw e;
      }
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};
