// `npm run build`: read every package, load it into a new warehouse file beside the target and rename it
// into place (a failed or killed build leaves the previous warehouse as it was).
import { makeFolder } from "../core/fsErrors.ts";
import { readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputErrors } from "../core/errors.ts";
import { acquireBuildLock } from "./buildLock.ts";
import { processAlive } from "../core/processAlive.ts";
import { Warehouse } from "../core/duckdb.ts";
import { collectManifest } from "./collectManifest.ts";
import { loadManifest } from "./loadManifest.ts";

export interface BuildOptions {
  readonly sourcesDir: string;
  readonly dbPath: string;
  /** the shared corrections to apply (manifest/corrections.ts), beside each package's own; none when absent */
  readonly correctionsFile?: string;
  /** the figures as printed: no correction applied, neither shared nor a package's own (comparisons, tests) */
  readonly asPrinted?: boolean;
  /** progress lines (stderr in the CLI) */
  readonly log?: (line: string) => void;
  /** called as the build passes each stage ("read", "loaded", "renamed"); an exception aborts the build */
  readonly onStage?: (stage: "read" | "loaded" | "renamed") => void | Promise<void>;
}

export interface BuildResult {
  readonly dbPath: string;
  readonly packages: number;
  readonly observations: number;
  readonly seconds: number;
}

/** Remove what killed builds left beside the warehouse (their temporary databases), never a live build's. */
const removeStaleTemporaries = (dbPath: string): void => {
  const prefix = `.${basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(dirname(dbPath), name), { recursive: true, force: true });
  }
};

/**
 * Build the warehouse atomically: read and validate everything first (nothing is written when any input
 * is bad), load into a new file beside the target, and rename it into place only when all is loaded.
 * A failed or killed build leaves the previous warehouse byte-identical.
 */
export const build = async (opts: BuildOptions): Promise<BuildResult> => {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  makeFolder(dirname(opts.dbPath));
  const release = acquireBuildLock(opts.dbPath);
  try {
    const { manifest, errors } = collectManifest(opts.sourcesDir, opts.correctionsFile, opts.asPrinted === true);
    // Bulk files are checked by DuckDB: with any, the errors of the manifest wait for theirs.
    if (errors.length > 0 && !manifest.packages.some(({ pkg }) => pkg.bulkTables.length > 0)) throw new InputErrors(errors);
    await opts.onStage?.("read");
    log(`read ${manifest.packages.length} package(s) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    removeStaleTemporaries(opts.dbPath);
    const tmp = join(dirname(opts.dbPath), `.${basename(opts.dbPath)}.tmp-${process.pid}`);
    const debris = [tmp, `${tmp}.wal`, `${tmp}.tmp`]; // the database, its log and DuckDB's spill folder
    for (const f of debris) rmSync(f, { recursive: true, force: true });
    let observations = 0;
    try {
      const wh = await Warehouse.open(tmp);
      try {
        observations = await loadManifest(wh, manifest, errors, log);
        const t = performance.now();
        await wh.run("CHECKPOINT");
        log(`written to disk (${((performance.now() - t) / 1000).toFixed(2)} s)`);
      } finally {
        wh.close();
      }
      await opts.onStage?.("loaded");
      renameSync(tmp, opts.dbPath);
      await opts.onStage?.("renamed");
    } finally {
      for (const f of debris) rmSync(f, { recursive: true, force: true });
    }
    const seconds = (performance.now() - started) / 1000;
    log(`loaded ${observations} observations into ${opts.dbPath} in ${seconds.toFixed(2)} s`);
    return { dbPath: opts.dbPath, packages: manifest.packages.length, observations, seconds };
  } finally {
    release();
  }
};
