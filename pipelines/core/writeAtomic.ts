import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { makeFolder } from "./fsErrors.ts";
import { assertReplaceableFile, type OutputKind } from "./outputGuard.ts";

/**
 * Write a file whole or not at all: write beside it, then rename over it (creating its folder). With a
 * `kind`, an existing file is replaced only when it is of that kind and none of `protect` (else
 * OutputRefusedError, nothing written).
 */
export const writeAtomic = (path: string, text: string, kind?: OutputKind, protect: ReadonlyArray<string> = []): void => {
  if (kind !== undefined) assertReplaceableFile(path, kind, protect);
  makeFolder(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
};
