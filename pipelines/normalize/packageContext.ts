import type { CitationRow, FootnoteRow } from "../../schemas/rows.ts";
import type { InputError } from "../core/errors.ts";
import type { Reference } from "../manifest/loadReference.ts";
import type { SourcePackage } from "../manifest/readPackage.ts";
import { locateInJson, type DescriptorLocator } from "../manifest/validateJson.ts";
import type { Located } from "../manifest/validateRows.ts";
import { closest } from "../reference/units.ts";

/** What every figure of a package is normalized against: its reporting country, citations and footnotes. */
export interface PackageContext {
  /** the publication date, closing open periods */
  readonly asOf: string;
  /** where a path of the descriptor stands in its file */
  readonly locate: DescriptorLocator;
  /** the reporting country's code (UNKNOWN when it does not resolve: an error says so) */
  readonly reportingCode: string;
  readonly citations: ReadonlyMap<string, Located<CitationRow>>;
  readonly footnotes: ReadonlyMap<string, Located<FootnoteRow>>;
  /** an unknown citation id, with the closest known ones */
  readonly citationErr: (file: string, line: number, column: number, id: string) => InputError;
  /** the country a reporter names (null when blank; an error when it does not resolve) */
  readonly reporterCode: (text: string, file: string, line: number, column: number) => string | null;
  /** the reporter of each citation, resolved */
  readonly citationReporter: ReadonlyMap<string, string | null>;
}

/** Resolve a package's reporting country, check its citations and footnotes, resolve citations' reporters. */
export const packageContext = (pkg: SourcePackage, ref: Reference, errors: InputError[]): PackageContext => {
  const d = pkg.descriptor;
  const asOf = d.publication.date;
  const locate = (path: ReadonlyArray<string | number>, atKey = false) => ({ file: pkg.descriptorFile, ...locateInJson(pkg.descriptorText, path, atKey) });

  const reporting = ref.countries.resolve(d.publication.reporting_country);
  if (!reporting.ok) {
    errors.push({ code: reporting.code, ...locate(["publication", "reporting_country"]), expected: reporting.expected });
  }
  const reportingCode = reporting.ok ? reporting.code : "UNKNOWN";

  const citations = new Map(pkg.citations.map((c) => [c.row.id, c]));
  const footnotes = new Map(pkg.footnotes.map((f) => [f.row.mark, f]));
  const seenCitation = new Set<string>();
  for (const c of pkg.citations) {
    if (seenCitation.has(c.row.id)) errors.push({ code: "duplicate-id", file: c.file, line: c.line, column: c.columnOf("id"), cell: c.row.id, expected: "each citation id once" });
    seenCitation.add(c.row.id);
  }
  const citationErr = (file: string, line: number, column: number, id: string): InputError => ({
    code: "unknown-citation",
    file,
    line,
    column,
    cell: id,
    expected: `a citation id of citations.csv (closest: ${closest(id, [...citations.keys()], 3).join(", ")})`,
  });
  for (const f of pkg.footnotes) {
    if (f.row.citation !== "" && !citations.has(f.row.citation)) errors.push(citationErr(f.file, f.line, f.columnOf("citation"), f.row.citation));
  }
  const reporterCode = (text: string, file: string, line: number, column: number): string | null => {
    if (text.trim() === "") return null;
    const r = ref.countries.resolve(text);
    if (!r.ok) {
      errors.push({ code: r.code, file, line, column, cell: text, expected: r.expected });
      return null;
    }
    return r.code;
  };
  const citationReporter = new Map<string, string | null>();
  for (const c of pkg.citations) citationReporter.set(c.row.id, reporterCode(c.row.reporter, c.file, c.line, c.columnOf("reporter")));
  return { asOf, locate, reportingCode, citations, footnotes, citationErr, reporterCode, citationReporter };
};
