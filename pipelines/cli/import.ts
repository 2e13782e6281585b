/**
 * `npm run import -- DOCUMENT [--id ID] [--out DIR] [--force] [--compare sources/ID]`: draft a source
 * package from a profile's text (see pipelines/import/). Exit 0: drafted (or compared); 2: the document
 * cannot be used as it stands (each problem named with its line), the target exists, or a usage error;
 * nothing is written then.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import { command, dateOptionProblem, parseCommand } from "./program.ts";
import { formatError } from "../core/errors.ts";
import { compareDraft, formatComparison } from "../import/compare.ts";
import { importDocument } from "../import/importDocument.ts";
import { loadImportVocabulary } from "../import/vocabulary.ts";
import { TargetExistsError, writePackageAtomic } from "../import/writePackage.ts";
import { OutputRefusedError } from "../core/outputGuard.ts";

export const importUsage = `usage: npm run import -- DOCUMENT [--id ID] [--out DIR] [--force] [--reference DIR] [--today YYYY-MM-DD]
       npm run import -- DOCUMENT --compare sources/ID      compare the draft with a package made by hand (writes nothing)`;

/** `import`'s arguments: one document, and the options below. */
export const importProgram = (): Command =>
  command("npm run import --", "draft a source package from a profile's text", importUsage)
    .argument("[document]", "the profile as a UTF-8 text file")
    .allowExcessArguments(true)
    .option("--id <id>", "the package id (default: from --out, else drafted from the title)")
    .option("--out <dir>", "the package folder to write (named after its id)")
    .option("--force", "replace a folder that exists", false)
    .option("--compare <dir>", "compare the draft with a package made by hand (writes nothing)")
    .option("--reference <dir>", "the shared vocabularies", join("sources", "_reference"))
    .option("--today <date>", "YYYY-MM-DD: the date the draft is made on");

export interface ImportIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export const importCommand = async (args: string[], io: ImportIo): Promise<number> => {
  const err = (s: string) => io.stderr.write(s + "\n");
  const parsed = parseCommand<{ id?: string; out?: string; force: boolean; compare?: string; reference: string; today?: string }>(importProgram(), args, io, importUsage);
  if (typeof parsed === "number") return parsed;
  const { options: values, args: positionals } = parsed;
  if (positionals.length !== 1) {
    err(importUsage);
    return 2;
  }
  const today = values.today !== undefined ? dateOptionProblem("--today", values.today) : undefined;
  if (today !== undefined) {
    err(today);
    return 2;
  }
  const documentPath = positionals[0]!;
  if (!existsSync(documentPath) || !statSync(documentPath).isFile()) {
    err(`${documentPath}:0:0: missing-file: "" (expected a profile as a UTF-8 text file)`);
    return 2;
  }
  // a package's id is its folder's name (the build checks it): --out names the folder, --id must agree
  const ID = /^[a-z0-9][a-z0-9._-]*$/u;
  const outName = values.out !== undefined ? basename(resolve(values.out)) : undefined;
  const id = values.id ?? outName;
  if (id !== undefined && !ID.test(id)) {
    err(`${values.id !== undefined ? "--id" : "--out"}: "${id}" is not a package id (expected lower-case letters, digits, '.', '_' and '-')`);
    return 2;
  }
  if (values.id !== undefined && outName !== undefined && values.id !== outName) {
    err(`--id "${values.id}" and --out "${values.out}": the package folder must be named after its id (expected --out .../${values.id})`);
    return 2;
  }
  const started = performance.now();
  const result = importDocument(readFileSync(documentPath), documentPath, {
    referenceDir: values.reference!,
    ...(id !== undefined && values.compare === undefined ? { id } : values.id !== undefined ? { id: values.id } : {}),
    ...(values.today !== undefined ? { today: values.today } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.errors.length > 0) {
    for (const e of result.errors) err(formatError(e));
    err(`import failed: ${result.errors.length} error(s) in ${documentPath}; nothing written`);
    return 2;
  }
  const c = result.counts;
  err(`drafted ${result.id}: ${c.tables} table(s), ${c.cells} cells, ${c.statements} statement(s), ${c.citations} citation(s), ${c.footnotes} footnote(s) in ${seconds.toFixed(2)} s`);
  if (values.compare !== undefined) {
    const comparison = compareDraft(result, values.compare, loadImportVocabulary(values.reference!).roles.get("citation_boilerplate") ?? []);
    io.stdout.write(formatComparison(comparison));
    return 0;
  }
  const out = values.out ?? join("sources", result.id);
  try {
    writePackageAtomic(out, result.files, values.force!);
  } catch (e) {
    if (e instanceof TargetExistsError) {
      err(`${out}:0:0: target-exists: "${out}" (expected a folder that does not exist yet, or --force to replace it)`);
      return 2;
    }
    if (e instanceof OutputRefusedError) {
      err(`nothing written: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const undecided = result.review.filter((r) => !r.decided).length;
  err(`wrote ${resolve(out)} (review.csv: ${undecided} undecided of ${result.review.length} item(s), listed first)`);
  return 0;
};
