/**
 * review.csv: one row per drafted item with what was guessed, from which words and how confident the
 * importer is; the items it could not decide come first, so a reviewer starts where the draft is weakest.
 */
import Papa from "papaparse";

export interface ReviewItem {
  /** what the row is about: "t01 rows", "s-1.1-01 measure", "citation smith-john-2007" */
  readonly item: string;
  /** line of the document it comes from */
  readonly line: number;
  readonly guessed: string;
  /** the words or rule the guess rests on */
  readonly from: string;
  /** 0 (a placeholder) to 1 (read as printed) */
  readonly confidence: number;
  /** false: the importer could not decide and left a placeholder */
  readonly decided: boolean;
}

export const REVIEW_COLUMNS = ["status", "item", "line", "guessed", "from", "confidence"] as const;

/** Undecided items first (by line), then the rest by confidence, lowest first. */
export const sortReview = (items: ReadonlyArray<ReviewItem>): ReviewItem[] =>
  [...items].sort((a, b) => Number(a.decided) - Number(b.decided) || (a.decided ? a.confidence - b.confidence : 0) || a.line - b.line);

export const reviewCsv = (items: ReadonlyArray<ReviewItem>): string =>
  Papa.unparse(
    {
      fields: [...REVIEW_COLUMNS],
      data: sortReview(items).map((r) => [r.decided ? "guessed" : "undecided", r.item, r.line, r.guessed, r.from, r.confidence.toFixed(2)]),
    },
    { newline: "\n" },
  ) + "\n";
