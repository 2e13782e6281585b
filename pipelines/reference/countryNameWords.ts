import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import { readCsv } from "./countryCsv.ts";
import { foldTokens, type NameWords } from "./countryNameKeys.ts";

export const NAME_WORD_KINDS = ["abbreviation", "variant", "ignored", "formal", "link"] as const;
export const NAME_WORD_COLUMNS = ["word", "reads_as", "kind", "note"] as const;

const isNameWordKind = (text: string): text is (typeof NAME_WORD_KINDS)[number] => (NAME_WORD_KINDS as ReadonlyArray<string>).includes(text);

/** Read `country-name-words.csv`; malformed rows are reported and skipped. */
export const loadNameWords = (file: string, errors: InputError[]): NameWords => {
  const table = readCsv(file, ["word", "reads_as", "kind"], errors);
  const readings = new Map<string, string[]>();
  const ignored = new Set<string>();
  const formal = new Set<string>();
  const links = new Set<string>();
  if (!table) return { readings, ignored, formal, links };
  const rows: Array<{ line: number; word: string; readsAs: string; kind: (typeof NAME_WORD_KINDS)[number] }> = [];
  for (const row of table.rows) {
    const err = (column: string, code: ErrorCode, cell: string, expected: string): void => {
      errors.push({ code, file: table.file, line: row.line, column: table.column(column), cell, expected });
    };
    const wordText = row.cells.word ?? "";
    const readsText = row.cells.reads_as ?? "";
    const kind = (row.cells.kind ?? "").trim();
    const word = foldTokens(wordText);
    const readsAs = foldTokens(readsText);
    if (word.length !== 1) {
      err("word", "malformed-word", wordText, "one word (letters or digits, as a name prints it)");
      continue;
    }
    if (!isNameWordKind(kind)) {
      err("kind", "unknown-kind", kind, `one of ${NAME_WORD_KINDS.join(", ")}`);
      continue;
    }
    const reads = kind === "abbreviation" || kind === "variant";
    if (reads && (readsAs.length !== 1 || readsAs[0] === word[0])) {
      err("reads_as", "malformed-word", readsText, `the one word ${word[0]} stands for (an ${kind} reads as another word)`);
      continue;
    }
    if (!reads && readsText.trim() !== "") {
      err("reads_as", "malformed-word", readsText, `blank: a ${kind} word is read as itself`);
      continue;
    }
    rows.push({ line: row.line, word: word[0]!, readsAs: reads ? readsAs[0]! : "", kind });
  }
  for (const r of rows) {
    if (r.kind === "ignored") ignored.add(r.word);
    else if (r.kind === "formal") formal.add(r.word);
    else if (r.kind === "link") links.add(r.word);
    else readings.set(r.word, [...(readings.get(r.word) ?? []), r.readsAs]);
  }
  // A reading is final: "rep" -> "republic", never "rep" -> "repub" -> "republic" (the order of rows would matter).
  for (const r of rows) {
    if (r.readsAs !== "" && readings.has(r.readsAs)) {
      errors.push({ code: "chained-reading", file: table.file, line: r.line, column: table.column("reads_as"), cell: r.readsAs, expected: `a word that is not itself read as another (${r.readsAs} reads as ${readings.get(r.readsAs)!.join(" or ")})` });
      readings.delete(r.word);
    }
    if (r.kind !== "abbreviation" && r.kind !== "variant" && readings.has(r.word)) {
      errors.push({ code: "conflicting-word", file: table.file, line: r.line, column: table.column("kind"), cell: r.kind, expected: `one rule for ${r.word}: it is also read as ${readings.get(r.word)!.join(" or ")}` });
    }
  }
  return { readings, ignored, formal, links };
};
