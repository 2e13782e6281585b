// Broken infrastructure (a full or read-only disk, a folder where a file belongs, a closed pipe) is told in
// one line naming the path and what to do, never as a stack trace.
import { existsSync, mkdirSync, statfsSync } from "node:fs";
import { dirname } from "node:path";

/** File-system error codes told to the user as such (anything else is a bug and keeps its stack). */
export const FS_CODES = ["ENOSPC", "EDQUOT", "EROFS", "EISDIR", "ENOTDIR", "EBUSY", "EACCES", "EPERM", "EPIPE", "EMFILE", "ENFILE", "EIO"] as const;

/** What to do about a file-system error code, in a few words. */
export const adviceFor = (code: string | undefined): string =>
  code === "ENOSPC" || code === "EDQUOT" ? "the disk is full; free some space and run again"
  : code === "EROFS" ? "it is on a read-only file system; use a writable folder (--db, --out, --output)"
  : code === "EACCES" || code === "EPERM" ? "permission denied; check who owns it, or use another folder"
  : code === "EISDIR" ? "a folder stands where a file is expected; name a file"
  : code === "ENOTDIR" ? "a file stands where a folder is expected; name another path"
  : code === "EBUSY" ? "it is in use by another program; close that program and run again"
  : code === "EPIPE" ? "the program reading the output closed it early; nothing else is wrong"
  : code === "EMFILE" || code === "ENFILE" ? "too many open files; close some programs and run again"
  : "the device reported an input/output error; check the disk and run again";

/** DuckDB's IO errors carry the OS message, not the code: the code behind each message. */
const DUCKDB_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/No space left on device/u, "ENOSPC"],
  [/Disk quota exceeded/u, "EDQUOT"],
  [/Read-only file system/u, "EROFS"],
  [/Is a directory/u, "EISDIR"],
  [/Device or resource busy/u, "EBUSY"],
  [/Permission denied/u, "EACCES"],
];

/**
 * One line for an error of the file system (Node's, with code and path, or DuckDB's IO error naming its
 * file), or undefined when `e` is something else.
 */
export const fsErrorLine = (e: unknown): string | undefined => {
  if (!(e instanceof Error)) return undefined;
  if (e instanceof NoSpaceError) return e.message;
  const err = e as NodeJS.ErrnoException;
  let code = typeof err.code === "string" && (FS_CODES as ReadonlyArray<string>).includes(err.code) ? err.code : undefined;
  let path = err.path ?? (err as { dest?: string }).dest;
  if (code === undefined) {
    code = DUCKDB_MESSAGES.find(([re]) => re.test(err.message))?.[1];
    path = /(?:file|directory) "([^"]+)"/u.exec(err.message)?.[1] ?? path;
  }
  if (code === undefined) return undefined;
  return `${code}${path !== undefined ? ` on ${path}` : ""}: ${adviceFor(code)}`;
};

/** There is not enough free space to write safely (checked before DuckDB writes, whose failure can abort the process). */
export class NoSpaceError extends Error {
  constructor(
    readonly path: string,
    readonly free: number,
    readonly needed: number,
  ) {
    super(`ENOSPC on ${path}: only ${Math.floor(free / 1024)} KiB free where ${Math.ceil(needed / 1024)} KiB are needed to write safely; free some space and run again (nothing was changed)`);
    this.name = "NoSpaceError";
  }
}

/** Throw NoSpaceError unless the file system of `dir` has `needed` bytes free for this user. */
export const ensureFreeSpace = (dir: string, needed: number): void => {
  let free: number;
  try {
    const st = statfsSync(dir);
    free = Number(st.bavail) * Number(st.bsize);
  } catch {
    return; // no statfs here: DuckDB's own error stays the guard
  }
  if (free < needed) throw new NoSpaceError(dir, free, needed);
};

/**
 * mkdir -p that fails with the real cause: Node's recursive mkdir says ENOENT on a read-only disk, so
 * on failure the first missing folder is created alone to get its own error (EROFS, EACCES, ENOTDIR).
 */
export const makeFolder = (dir: string): void => {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    let first = dir;
    while (!existsSync(dirname(first)) && dirname(first) !== first) first = dirname(first);
    mkdirSync(first); // throws the cause; if it somehow succeeds, the original error stands
    throw e;
  }
};
