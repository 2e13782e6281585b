import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
export const realSources = join(projectRoot, "sources");

/** A temporary copy of the project's sources/ (reference data and the real packages), removed by cleanup(). */
export const copySources = (): { dir: string; sources: string; pkg: string; db: string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "mp-"));
  const sources = join(dir, "sources");
  cpSync(realSources, sources, { recursive: true });
  return { dir, sources, pkg: join(sources, "azerbaijan-2008"), db: join(dir, "warehouse", "profile.duckdb"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Replace text in a file; fails loudly when the text is not there, so a fixture cannot silently drift. */
export const edit = (file: string, from: string, to: string): void => {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not found in ${file}`);
  writeFileSync(file, text.replace(from, to));
};
