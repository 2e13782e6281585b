/**
 * The importer: a profile's text -> a draft source package (descriptor, tables, citations, footnotes,
 * statements) and its review list. Pure: it reads the vocabularies and returns files as text; writing
 * them is `writePackage.ts`'s job. Every problem of the document is returned as an InputError with its
 * line; `unusable` says the document cannot give a package at all (empty, binary, not a profile).
 */
import type { ErrorCode } from "../core/errorCodes.ts";
import { createHash } from "node:crypto";
import { basename } from "node:path";
import Papa from "papaparse";
import type { InputError } from "../core/errors.ts";
import { decodeUtf8 } from "../core/readCsv.ts";
import { join } from "node:path";
import { CountryResolver } from "../reference/countries.ts";
import { loadNumberWords } from "../reference/numberWords.ts";
import { QualifierRegistry } from "../reference/qualifiers.ts";
import { UnitRegistry } from "../reference/units.ts";
import { CitationBook, draftFootnotes } from "./citations.ts";
import { markPrefix, splitDocument, SUPERSCRIPT_RUN, superscriptNumber, type ProfileDocument } from "./document.ts";
import type { ReviewItem } from "./review.ts";
import { reviewCsv } from "./review.ts";
import { draftStatements, SPACE_GROUPED, STATEMENT_FIELDS, type StatementDraft } from "./statements.ts";
import type { TableContext } from "./tableLabels.ts";
import { draftTable, type TableDraft } from "./tables.ts";
import { loadImportVocabulary, type ImportReference } from "./vocabulary.ts";

export const IMPORTER_VERSION = "0.1.0";

export interface ImportOptions {
  readonly referenceDir: string;
  /** package id; default: reporting country and publication year ("georgia-2010") */
  readonly id?: string;
  /** the date written into provenance (YYYY-MM-DD); default today */
  readonly today?: string;
  /** the file name recorded in provenance; default the document's base name */
  readonly provenanceFile?: string;
}

export interface ImportResult {
  readonly id: string;
  /** path inside the package -> content */
  readonly files: Map<string, string>;
  readonly review: ReviewItem[];
  readonly errors: InputError[];
  /** true when no package can be made from this document (exit 2) */
  readonly unusable: boolean;
  readonly counts: { tables: number; cells: number; statements: number; citations: number; footnotes: number };
}

const loadImportReference = (dir: string): { reference: ImportReference; errors: InputError[] } => {
  const { resolver, errors } = CountryResolver.load(dir, []);
  const units = UnitRegistry.load(join(dir, "units.csv"));
  const qualifiers = QualifierRegistry.load(join(dir, "qualifiers.csv"));
  const numberWords = loadNumberWords(join(dir, "number-words.csv"));
  return {
    reference: { countries: resolver, units: units.registry, qualifiers: qualifiers.registry, numberWords: numberWords.words },
    errors: [...errors, ...units.errors, ...qualifiers.errors, ...numberWords.errors],
  };
};

const DEFAULT_MISSING = { "": "missing", "-": "nil", "N/A": "not-available" } as const;

const fail = (file: string, code: ErrorCode, line: number, cell: string, expected: string, id = "draft"): ImportResult => ({
  id,
  files: new Map(),
  review: [],
  errors: [{ code, file, line, column: line > 0 ? 1 : 0, cell, expected }],
  unusable: true,
  counts: { tables: 0, cells: 0, statements: 0, citations: 0, footnotes: 0 },
});

const csv = (fields: ReadonlyArray<string>, rows: ReadonlyArray<Record<string, unknown>>): string =>
  Papa.unparse({ fields: [...fields], data: rows.map((r) => fields.map((f) => String(r[f] ?? ""))) }, { newline: "\n" }) + "\n";

export const importDocument = (bytes: Uint8Array, file: string, options: ImportOptions): ImportResult => {
  if (bytes.length === 0 || new TextDecoder().decode(bytes).trim() === "") return fail(file, "empty-document", 0, "", "a profile as UTF-8 text");
  if (bytes.includes(0)) return fail(file, "binary-document", 0, "", "a profile as UTF-8 text (this file holds NUL bytes: a binary file, such as a PDF, must be converted to text first)");
  const decoded = decodeUtf8(bytes, file);
  if ("error" in decoded) return { ...fail(file, "encoding-error", decoded.error.line, decoded.error.cell, decoded.error.expected) };
  const text = decoded.text.replace(/^\uFEFF/u, "");

  let { reference, errors: refErrors } = loadImportReference(options.referenceDir);
  if (refErrors.length > 0) return { ...fail(file, "invalid-reference", 0, "", "valid vocabularies"), errors: refErrors };
  const vocab = loadImportVocabulary(options.referenceDir);
  // a document names the same countries many times, and a failed lookup ranks suggestions over every known name
  const resolved = new Map<string, ReturnType<CountryResolver["resolve"]>>();
  const shared = reference.countries;
  const countries: CountryResolver = Object.assign(Object.create(Object.getPrototypeOf(shared)) as CountryResolver, shared, {
    resolve: (name: string) => {
      let hit = resolved.get(name);
      if (hit === undefined) resolved.set(name, (hit = shared.resolve(name)));
      return hit;
    },
  });
  reference = { ...reference, countries };
  const { doc, errors } = splitDocument(text, file, vocab);
  const review: ReviewItem[] = [];

  // -- publication
  const reporting = reportingCountry(doc, reference);
  if (!reporting) return fail(file, "no-reporting-country", doc.titleLine, doc.title.slice(0, 120), "a title naming the country the profile is about");
  const date = publicationDate(doc);
  const year = date.slice(0, 4);
  const id = options.id ?? `${reporting.name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/gu, "-").replace(/^-|-$/gu, "")}-${year}`;
  review.push({ item: "publication reporting_country", line: doc.titleLine, guessed: reporting.name, from: `the title: "${reporting.words}"`, confidence: 0.9, decided: true });
  review.push({ item: "publication date", line: doc.titleLine, guessed: date, from: date.length > 4 ? "a month and year on the title page" : "a year on the title page", confidence: date.length > 4 ? 0.9 : 0.6, decided: true });

  if (doc.tables.length === 0 && !doc.paragraphs.some((p) => /\d/u.test(p.text))) {
    return fail(file, "not-a-profile", 0, doc.title.slice(0, 80), "a profile: tables under 'Table N.' captions or figures in the text", id);
  }

  // -- citations and footnotes
  const book = new CitationBook(vocab, reference.countries);
  const footnotes = draftFootnotes(doc.footnotes, book, vocab);
  for (const f of footnotes) {
    if (f.citation === "") review.push({ item: `footnote ${f.mark}`, line: f.line, guessed: "no citation", from: "reads as a remark, not a reference", confidence: 0.6, decided: true });
  }
  checkMarks(doc, file, errors);

  // -- tables
  // markers of cells that print no figure: the defaults and those of the vocabulary ("..", "n.a.", "–")
  const missing: Record<string, "nil" | "missing" | "not-available"> = { ...DEFAULT_MISSING };
  for (const [role, markers] of vocab.roles) {
    const meaning = role.startsWith("missing:") ? role.slice("missing:".length) : "";
    if (meaning === "nil" || meaning === "missing" || meaning === "not-available") for (const m of markers) missing[m] ??= meaning;
  }
  const ctx: TableContext = {
    file,
    vocab,
    countries: reference.countries,
    units: reference.units,
    reportingCountry: reporting.name,
    reportingCode: reporting.code,
    publicationYear: year,
    missing,
  };
  const tables: TableDraft[] = [];
  doc.tables.forEach((block, i) => {
    const { draft, errors: tErrors } = draftTable(block, i, ctx, review);
    errors.push(...tErrors);
    if (!draft) return;
    const source = draft.descriptor.source as { printed: string; citation: string };
    const captionCitation = block.marks.map((m) => footnotes.find((f) => f.mark === m)?.citation).find((c) => c);
    source.citation = draft.sourcePrinted !== "" ? book.add(draft.sourcePrinted, true, false, draft.sourceLine) : (captionCitation ?? "");
    const prefix = markPrefix(block.section);
    const marks = draft.descriptor.footnotes as string[];
    for (const m of draft.labelMarks) {
      if (footnotes.some((f) => f.mark === prefix + m)) marks.push(prefix + m);
      else errors.push({ code: "unknown-footnote", file, line: block.rows[0]?.line ?? block.line, column: 1, cell: `Table ${block.number}: mark ${m}`, expected: `a footnote ${m} (a line starting with the mark) after the table` });
    }
    tables.push(draft);
  });

  // -- statements
  let statements: StatementDraft[] = draftStatements(doc, { vocab, reference, book, footnotes, reportingCountry: reporting.name, asOf: date }, review);
  // statements share the package's number format: spaces between thousands only when no figure of the text uses commas
  const spaced = statements.filter((s) => SPACE_GROUPED.test(s.value));
  const commaGroups = statements.some((s) => /\d,\s?\d{3}(?!\d)/u.test(s.value));
  const textFormat = spaced.length > 0 && !commaGroups ? { decimal: ".", group: " " } : { decimal: ".", group: "," };
  if (spaced.length > 0 && commaGroups) {
    // the format has one number format for every statement: a figure it cannot read is left to the reviewer, never guessed
    const dropped = new Set(spaced.map((s) => s.id));
    statements = statements
      .filter((s) => !dropped.has(s.id))
      .map((s) => ({ ...s, part_of: dropped.has(s.part_of) ? "" : s.part_of, numerator: dropped.has(s.numerator) ? "" : s.numerator, denominator: dropped.has(s.denominator) ? "" : s.denominator }));
    for (const s of spaced) {
      review.push({ item: `${s.id} not drafted`, line: lineOfStatement(review, s.id), guessed: `"${s.value}" (${s.label})`, from: "thousands split by spaces in a text whose other figures use commas: the package's one number format cannot read both; add it by hand", confidence: 0, decided: false });
    }
  }

  for (const c of book.rows) {
    const known = book.because.get(c.id) ?? "";
    review.push({
      item: `citation ${c.id}`,
      line: book.lines.get(c.id) ?? 0,
      guessed: `kind ${c.kind}${c.reporter ? `, reporter ${c.reporter}` : ""}${c.year ? `, year ${c.year}` : ""}`,
      from: known,
      confidence: known.startsWith('"') ? 0.7 : 0.3,
      decided: true,
    });
  }
  if (errors.length > 0) {
    return { id, files: new Map(), review, errors, unusable: false, counts: { tables: tables.length, cells: 0, statements: statements.length, citations: book.rows.length, footnotes: footnotes.length } };
  }

  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const isbn = [...new Set(doc.titlePage.concat(doc.titlePage).flatMap((l) => [...l.text.matchAll(/ISBN[:\s]*([0-9X][0-9X-]{8,16}[0-9X])/gu)].map((m) => m[1]!)))];
  const publisher = doc.titlePage.map((l) => /^Publisher\s*:\s*(.+)$/iu.exec(l.text.trim())?.[1]).find((p) => p) ?? "";
  const descriptor = {
    $schema: "../../schemas/json/descriptor.schema.json",
    id,
    publication: {
      title: doc.title,
      publisher: publisher || "unknown (not printed on the title page)",
      date,
      ...(isbn.length > 0 ? { isbn } : {}),
      reporting_country: reporting.name,
      language: "en",
      template: "IOM Migration Profile",
      provenance: {
        file: options.provenanceFile ?? basename(file),
        sha256,
        transcribed: today,
        notes: `Drafted by the importer ${IMPORTER_VERSION} (npm run import) on ${today}; not yet reviewed: see review.csv.`,
      },
    },
    defaults: { number_format: textFormat, missing },
    // a table that declares no format was read with commas between thousands, whatever the text's default
    tables: tables.map((t) => (t.descriptor.number_format || textFormat.group === "," ? t.descriptor : { ...t.descriptor, number_format: { decimal: ".", group: "," } })),
  };
  if (!publisher) review.push({ item: "publication publisher", line: doc.titleLine, guessed: descriptor.publication.publisher, from: "no Publisher: line", confidence: 0, decided: false });

  const files = new Map<string, string>();
  files.set("descriptor.json", JSON.stringify(descriptor, null, 2) + "\n");
  for (const t of tables) files.set(t.csvFile, Papa.unparse(t.rows, { newline: "\n" }) + "\n");
  files.set("citations.csv", csv(["id", "printed", "publisher", "title", "year", "reporter", "kind", "url"], book.rows as unknown as Record<string, unknown>[]));
  files.set("footnotes.csv", csv(["mark", "section", "citation", "pages", "flags", "reference_date"], footnotes as unknown as Record<string, unknown>[]));
  files.set("statements.csv", csv(STATEMENT_FIELDS, statements as unknown as Record<string, unknown>[]));
  files.set("review.csv", reviewCsv(review));
  const cells = tables.reduce((n, t) => n + t.rows.length * (t.rows[0]?.length ?? 0), 0);
  return { id, files, review, errors, unusable: false, counts: { tables: tables.length, cells, statements: statements.length, citations: book.rows.length, footnotes: footnotes.length } };
};

/** The document line of a statement, from the review items drafted for it. */
const lineOfStatement = (review: ReadonlyArray<ReviewItem>, id: string): number => review.find((r) => r.item.startsWith(`${id} `))?.line ?? 0;

/** The country a title names (longest run of words the resolver knows). */
const reportingCountry = (doc: ProfileDocument, reference: ImportReference): { name: string; code: string; words: string } | undefined => {
  const ws = doc.title.split(/[^\p{L}'-]+/u).filter((w) => w !== "");
  for (let n = Math.min(5, ws.length); n >= 1; n--) {
    for (let i = 0; i + n <= ws.length; i++) {
      const phrase = ws.slice(i, i + n).join(" ");
      const hit = reference.countries.resolve(phrase);
      if (hit.ok && hit.kind === "country") return { name: hit.name, code: hit.code, words: phrase };
    }
  }
  return undefined;
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** "May 2010" on the title page -> 2010-05; else "© 2010"; else a year in the title. */
const publicationDate = (doc: ProfileDocument): string => {
  for (const l of doc.titlePage) {
    const m = /^([A-Z][a-z]+)\s+((?:19|20)\d\d)$/u.exec(l.text.trim());
    const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1;
    if (m && month >= 0) return `${m[2]}-${String(month + 1).padStart(2, "0")}`;
  }
  for (const l of doc.titlePage) {
    const m = /©\s*((?:19|20)\d\d)/u.exec(l.text);
    if (m) return m[1]!;
  }
  return /\b((?:19|20)\d\d)\b/u.exec(doc.title)?.[1] ?? String(new Date().getUTCFullYear());
};

/** Every superscript mark in the text or a caption must have its footnote. */
const checkMarks = (doc: ProfileDocument, file: string, errors: InputError[]): void => {
  const known = new Set(doc.footnotes.map((f) => f.mark));
  const prefix = markPrefix;
  for (const p of doc.paragraphs) {
    for (const m of p.text.matchAll(SUPERSCRIPT_RUN)) {
      const mark = prefix(p.section) + superscriptNumber(m[0]);
      if (!known.has(mark)) {
        errors.push({ code: "unknown-footnote", file, line: p.line, column: (m.index ?? 0) + 1, cell: p.text.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + m[0].length).trim(), expected: `a footnote ${superscriptNumber(m[0])} (a line starting with the mark) after the paragraph` });
      }
    }
  }
  for (const t of doc.tables) {
    for (const m of t.marks) {
      if (!known.has(prefix(t.section) + m)) errors.push({ code: "unknown-footnote", file, line: t.line, column: 1, cell: `Table ${t.number}. ${t.title}`.slice(0, 80), expected: `a footnote ${m} after the table` });
    }
  }
};

