import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

/** Another build holds the lock of the warehouse this build would write. */
export class BuildLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dbPath: string,
  ) {
    super(`another build (pid ${pid}) is writing ${dbPath}; wait for it or remove ${dbPath}.lock if no build is running`);
    this.name = "BuildLockedError";
  }
}

/** Whether a process is running (signal 0 checks without signalling; EPERM: it runs as another user). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

const readPid = (file: string): { text: string; pid: number } | undefined => {
  try {
    const text = readFileSync(file, "utf8");
    return { text, pid: Number.parseInt(text, 10) };
  } catch {
    return undefined; // removed meanwhile
  }
};

/**
 * Take the exclusive lock of a warehouse file: `<db>.lock`, created only if absent (O_EXCL), holding
 * this process's pid. A lock whose process is dead (a killed build) is stale and taken over. Returns
 * the release function; throws BuildLockedError when a live build holds the lock (this process
 * included: two builds of one process are two builds).
 */
export const acquireBuildLock = (dbPath: string): (() => void) => {
  const file = `${dbPath}.lock`;
  const mine = `${process.pid}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, "wx");
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return () => {
        // only our own lock: a lock taken over after ours was judged stale is someone else's
        if (readPid(file)?.text === mine) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const held = readPid(file);
    if (held === undefined) continue;
    // A lock being written this instant has no pid yet: give its writer a moment.
    if (held.text === "" && attempt < 4) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      continue;
    }
    if (Number.isInteger(held.pid) && held.pid > 0 && processAlive(held.pid)) throw new BuildLockedError(held.pid, dbPath);
    // Stale: remove it only if it is still the lock we judged (another build may have taken it over).
    if (readPid(file)?.text === held.text) rmSync(file, { force: true });
  }
  const last = readPid(file);
  throw new BuildLockedError(last?.pid ?? 0, dbPath);
};
