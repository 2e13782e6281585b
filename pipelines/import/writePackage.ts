/**
 * Write a drafted package atomically: every file goes to a fresh folder beside the target, which is
 * renamed into place only when complete. An existing target is refused unless `force` and it holds the
 * marker an import writes (so a hand-made package is never replaced), and then it is replaced only after
 * the new folder is whole (the old one is moved aside and removed last). What a
 * killed import left beside the target (named with its process id) is removed by the next one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { assertReplaceableMarkedFolder } from "../core/outputGuard.ts";
import { processAlive } from "../core/processAlive.ts";

/** The file every drafted package holds: --force replaces only a folder that holds it (an earlier draft). */
export const IMPORT_MARKER = ".migration-profile-import";

export class TargetExistsError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} already exists: pass --force to replace it, or choose another --out`);
    this.name = "TargetExistsError";
  }
}


/** Folders an import of this target left when it was killed: ours by name, their process gone. */
const clearDebris = (parent: string, name: string): void => {
  const prefix = `.${name}.importing-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/u.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
};

/** files: path relative to the package folder -> content */
export const writePackageAtomic = (dir: string, files: ReadonlyMap<string, string>, force: boolean): void => {
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!force) throw new TargetExistsError(dir);
    // a hand-made package, sources/ or any folder the import did not write is never replaced
    assertReplaceableMarkedFolder(dir, IMPORT_MARKER, "an import");
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  clearDebris(parent, basename(target));
  const temp = mkdtempSync(join(parent, `.${basename(target)}.importing-${process.pid}-`));
  try {
    for (const [rel, content] of files) {
      const path = join(temp, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    writeFileSync(join(temp, IMPORT_MARKER), "written by npm run import; --force may replace this folder\n");
    if (existsSync(target)) {
      const aside = `${temp}.old`;
      renameSync(target, aside);
      renameSync(temp, target);
      rmSync(aside, { recursive: true, force: true });
    } else {
      renameSync(temp, target);
    }
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
};
