// What a command may overwrite. A report or findings file replaces only a file of its own kind (one that
// this workspace wrote, recognized by its content) or nothing; a folder export replaces only a folder an
// earlier export wrote. Everything else is refused, --force or not: a user's typo must not destroy data.
import { closeSync, existsSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of this workspace (the folder holding package.json). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));

/** A command refused to write where it was told (exit 2); nothing was written. */
export class OutputRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`refusing to write ${path}: ${reason}`);
    this.name = "OutputRefusedError";
  }
}

/** Whether `inner` is `outer` or lies inside it (both resolved). */
export const within = (inner: string, outer: string): boolean => {
  const r = relative(resolve(outer), resolve(inner));
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
};

/** The first `bytes` bytes of a file as text (enough to recognize what wrote it). */
const head = (path: string, bytes = 65536): Buffer => {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
};

/** The last `bytes` bytes of a file as text (a report whose signature is its closing line). */
const tail = (path: string, size: number, bytes = 65536): Buffer => {
  const fd = openSync(path, "r");
  try {
    const n = Math.min(bytes, size);
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, size - n);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
};

/** A kind of file a command writes: its name in messages and how to recognize one by its start. */
export interface OutputKind {
  readonly name: string;
  /** true when the file's first 64 KiB are those of this kind */
  readonly recognize: (start: string) => boolean;
  /** where the kind is known by how it ends: true when its last 64 KiB are those of this kind */
  readonly recognizeEnd?: (end: string) => boolean;
}

/**
 * Throws OutputRefusedError unless `path` may be (re)written with a file of `kind`: it does not exist,
 * or it is a regular file that is empty or recognized as that kind, and it is not one of `protect`
 * (the warehouse file, ...). A folder is refused with a message saying to name a file.
 */
export const assertReplaceableFile = (path: string, kind: OutputKind, protect: ReadonlyArray<string> = []): void => {
  for (const p of protect) {
    if (resolve(path) === resolve(p)) throw new OutputRefusedError(path, `it is ${p}, which this command did not write; name a new file`);
  }
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return; // absent: nothing to lose (its folder is created by the writer)
  }
  if (st.isDirectory()) throw new OutputRefusedError(path, `it is a folder; name a file inside it (e.g. ${path.replace(/[\\/]+$/u, "")}/report)`);
  if (!st.isFile()) throw new OutputRefusedError(path, "it is not a regular file (a link, pipe or device); name a new file");
  if (st.size === 0) return;
  const start = head(path);
  const end = kind.recognizeEnd === undefined ? undefined : tail(path, st.size);
  if (start.includes(0) || !kind.recognize(start.toString("utf8")) || (end !== undefined && !kind.recognizeEnd!(end.toString("utf8")))) {
    throw new OutputRefusedError(path, `the file exists and is not a ${kind.name} this workspace wrote; name a new file or remove it yourself`);
  }
};

/** The HTML report (npm run report). */
export const HTML_REPORT: OutputKind = { name: "HTML report", recognize: (s) => /^\s*<!DOCTYPE html>/iu.test(s) };

/** Whether a folder of an earlier export may be replaced, and why not. */
export interface ExportFolderRules {
  /** the warehouse the export reads (its folder and parents are never replaced) */
  readonly dbPath: string;
  /** the name of the marker file an export writes into its folder */
  readonly marker: string;
}

/** The folders no command may replace whole: the project, its parents, sources/, warehouse/, the working folder. */
const projectFolders = (): Array<{ dir: string; what: string }> => [
  { dir: PROJECT_ROOT, what: "the project folder (or a folder holding it)" },
  { dir: resolve(process.cwd()), what: "the working folder (or a folder holding it)" },
  { dir: resolve(PROJECT_ROOT, "sources"), what: "the sources folder" },
  { dir: resolve(PROJECT_ROOT, "warehouse"), what: "the warehouse folder" },
];

/** The same, and the warehouse a command reads with its folder. */
const guardedFolders = (dbPath: string): Array<{ dir: string; what: string }> => [
  ...projectFolders(),
  { dir: resolve(dirname(dbPath)), what: "the folder of the warehouse" },
  { dir: resolve(dbPath), what: "the warehouse file" },
];

/**
 * Whether an existing folder may be replaced by a command that marks the folders it writes (`marker`, a
 * file inside them): never a project folder or one holding it, a file, or a folder holding a git
 * repository; otherwise only a folder holding the marker. `writer` names the command in the message.
 */
export const assertReplaceableMarkedFolder = (target: string, marker: string, writer: string): void => {
  const t = resolve(target);
  for (const g of projectFolders()) {
    if (within(g.dir, t)) throw new OutputRefusedError(target, `it is or holds ${g.what}; name a new folder`);
  }
  if (!statSync(t).isDirectory()) throw new OutputRefusedError(target, `it is a file, not a folder ${writer} wrote; name a new folder`);
  if (existsSync(resolve(t, ".git"))) throw new OutputRefusedError(target, "it holds a git repository; name a new folder");
  if (!existsSync(resolve(t, marker))) {
    throw new OutputRefusedError(target, `it was not written by ${writer} (no ${marker} in it); --force only replaces what ${writer} wrote: name a new folder`);
  }
};

/**
 * Throws OutputRefusedError unless an existing `target` folder may be replaced whole by an export: it must
 * hold the export marker and a datapackage.json, hold no .git, and be none of the guarded folders (nor hold
 * one). Call only for a target that exists and is not empty.
 */
export const assertReplaceableExportFolder = (target: string, rules: ExportFolderRules): void => {
  const t = resolve(target);
  for (const g of guardedFolders(rules.dbPath)) {
    if (within(g.dir, t)) throw new OutputRefusedError(target, `it is or holds ${g.what}; export into a new folder (e.g. exports/csv)`);
  }
  const st = statSync(t);
  if (!st.isDirectory()) throw new OutputRefusedError(target, "it is a file, not a folder an export wrote; name a new folder");
  if (existsSync(resolve(t, ".git"))) throw new OutputRefusedError(target, "it holds a git repository; export into a new folder");
  if (!existsSync(resolve(t, rules.marker)) || !existsSync(resolve(t, "datapackage.json"))) {
    throw new OutputRefusedError(target, `it was not written by an export (no ${rules.marker} and datapackage.json in it); --force only replaces an earlier export: name a new or empty folder`);
  }
};
