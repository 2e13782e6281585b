import { adviceFor } from "../core/fsErrors.ts";
import { closeSync, lstatSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { processAlive } from "../core/processAlive.ts";

/** Who holds a warehouse's lock: a build (writes a new file and renames it into place) or a check (stores findings). */
export type LockRole = "build" | "check";

const doing = (role: LockRole, dbPath: string) => (role === "build" ? `another build (pid %d) is writing ${dbPath}` : `a check (pid %d) is storing its findings in ${dbPath}`);

/** Another build or check holds the lock of the warehouse this command would write. */
export class BuildLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dbPath: string,
    readonly role: LockRole = "build",
  ) {
    super(`${doing(role, dbPath).replace("%d", String(pid))}; wait for it or remove ${dbPath}.lock if no ${role} is running`);
    this.name = "BuildLockedError";
  }
}

/** A command that only reads the warehouse was started while a build or check held its lock: it refuses (exit 2). */
export class WarehouseBusyError extends Error {
  constructor(
    readonly pid: number,
    readonly dbPath: string,
    readonly role: LockRole,
  ) {
    super(`${doing(role, dbPath).replace("%d", String(pid))}: not reading it meanwhile (its content is about to change); run this again when the ${role} has finished (or remove ${dbPath}.lock if no ${role} is running)`);
    this.name = "WarehouseBusyError";
  }
}

/** The lock could not be written (a full or read-only disk, ...): nothing was left behind. */
export class LockWriteError extends Error {
  constructor(
    readonly file: string,
    readonly cause: NodeJS.ErrnoException,
  ) {
    super(`could not write the lock ${file} (${cause.code ?? cause.message}): ${adviceFor(cause.code)}`);
    this.name = "LockWriteError";
  }
}


/**
 * What a lock file holds: its text, the pid and role (absent: not a valid lock), or `gone` when it was
 * removed meanwhile. A folder, an unreadable file or text without a pid is no valid lock: stale.
 */
const readLock = (file: string): { gone: true } | { gone: false; text: string; pid?: number; role: LockRole; dir: boolean } => {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return { gone: true };
  }
  if (st.isDirectory()) return { gone: false, text: "", role: "build", dir: true };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { gone: true };
    return { gone: false, text: "\u0000unreadable", role: "build", dir: false };
  }
  const m = /^(\d+)(?: (build|check))?\n?$/u.exec(text);
  const pid = m ? Number(m[1]) : Number.NaN;
  return { gone: false, text, ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}), role: (m?.[2] as LockRole | undefined) ?? "build", dir: false };
};

/** Remove a stale lock: a file, or a folder only if empty (a folder with content is someone's data). */
const removeStale = (file: string, dir: boolean): void => {
  if (!dir) return rmSync(file, { force: true });
  try {
    rmdirSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new LockWriteError(file, e as NodeJS.ErrnoException);
  }
};

/** The live holder of a warehouse's lock (pid and role), or undefined when none (absent or stale). */
export const lockHolder = (dbPath: string): { pid: number; role: LockRole } | undefined => {
  const held = readLock(`${dbPath}.lock`);
  if (held.gone || held.pid === undefined || !processAlive(held.pid)) return undefined;
  return { pid: held.pid, role: held.role };
};

/** Refuse to read a warehouse while a build or check writes it (WarehouseBusyError names the pid). */
export const assertNotBeingWritten = (dbPath: string): void => {
  const holder = lockHolder(dbPath);
  if (holder !== undefined) throw new WarehouseBusyError(holder.pid, dbPath, holder.role);
};

/**
 * Take the exclusive lock of a warehouse file: `<db>.lock`, created only if absent (O_EXCL), holding
 * this process's pid and role. A lock whose process is dead (a killed build), an empty, unreadable or
 * folder lock is stale and taken over. When the pid cannot be written (a full disk) the new lock is
 * removed and LockWriteError thrown: a failed command never leaves a lock. Returns the release
 * function; throws BuildLockedError when a live build or check holds the lock (this process included).
 */
export const acquireBuildLock = (dbPath: string, role: LockRole = "build"): (() => void) => {
  const file = `${dbPath}.lock`;
  const mine = `${process.pid} ${role}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(file, "wx");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST" && code !== "EISDIR") throw new LockWriteError(file, e as NodeJS.ErrnoException);
    }
    if (fd !== undefined) {
      try {
        if (writeSync(fd, mine) !== Buffer.byteLength(mine)) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
      } catch (e) {
        closeSync(fd);
        rmSync(file, { force: true });
        throw new LockWriteError(file, e as NodeJS.ErrnoException);
      }
      closeSync(fd);
      return () => {
        // only our own lock: a lock taken over after ours was judged stale is someone else's
        const now = readLock(file);
        if (!now.gone && now.text === mine) rmSync(file, { force: true });
      };
    }
    const held = readLock(file);
    if (held.gone) continue;
    // A lock being written this instant has no pid yet: give its writer a moment, then call it stale.
    if (held.text === "" && !held.dir && attempt < 2) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      continue;
    }
    if (held.pid !== undefined && processAlive(held.pid)) throw new BuildLockedError(held.pid, dbPath, held.role);
    // Stale: remove it only if it is still the lock we judged (another build may have taken it over).
    const again = readLock(file);
    if (!again.gone && again.text === held.text) removeStale(file, held.dir);
  }
  const last = readLock(file);
  throw new BuildLockedError(!last.gone ? (last.pid ?? 0) : 0, dbPath, !last.gone ? last.role : "build");
};
