import type { CitationBook, FootnoteRow } from "./citations.ts";
import type { ImportReference, ImportVocabulary } from "./vocabulary.ts";

/** What the statements of a document are drafted with: the vocabularies, its citations and footnotes. */
export interface StatementContext {
  readonly vocab: ImportVocabulary;
  readonly reference: ImportReference;
  readonly book: CitationBook;
  readonly footnotes: ReadonlyArray<FootnoteRow>;
  readonly reportingCountry: string;
  /** publication date, closing open periods ("since 2003") */
  readonly asOf: string;
}
