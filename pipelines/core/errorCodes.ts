// Every code an input error can carry, with what it means and what to do: the one list. The type
// ErrorCode is its keys, so an error with a code not listed here does not compile, and
// docs/source-format.md's list is generated from it (npm run docs; test/error-codes.test.ts compares).

/** Where the offending input lives. */
export type ErrorPlace = "file" | "package" | "bulk" | "reference" | "checks" | "corrections" | "import";

export interface ErrorInfo {
  readonly place: ErrorPlace;
  /** what went wrong, in a few words */
  readonly title: string;
  /** what to do about it */
  readonly fix: string;
}

const e = (place: ErrorPlace, title: string, fix: string): ErrorInfo => ({ place, title, fix });

/** The catalog, by code (kebab-case, as frictionless names its errors). */
export const ERROR_CODES = {
  // any file the workspace reads
  "missing-file": e("file", "a file named by the input does not exist", "create it, or correct the path that names it"),
  "unreadable-file": e("file", "a file could not be read", "check its permissions, or that it is a file and not a folder"),
  "empty-file": e("file", "a file has no content", "transcribe its rows, header first"),
  "encoding-error": e("file", "bytes that are not UTF-8", "save the file as UTF-8"),
  "json-syntax": e("file", "a JSON file does not parse", "fix the JSON at the position given (a missing comma or quote, most often)"),
  "lone-surrogate": e("file", "a JSON string escapes half of a surrogate pair alone (\\ud800), which is no character", "write the character itself, or escape both halves of its pair (\\ud83d\\ude00)"),
  "csv-syntax": e("file", "a CSV record does not parse", "fix the quoting of the record at the position given"),
  "unbalanced-quote": e("file", "a quoted CSV field is never closed", "close the quote, or double a quote inside the field"),
  "ragged-row": e("file", "a CSV row has more or fewer cells than the header", "give every row as many cells as the header has columns"),
  "missing-header": e("file", "a CSV file has no header line", "add the header line the file's format names"),
  "wrong-header": e("file", "a CSV header differs from the columns expected", "use exactly the columns named in the message, in that order"),
  "path-outside-package": e("file", "a path leads out of the package folder", "keep every file of a package inside its folder, without '..' or links out"),
  "unsupported-path": e("file", "a path holds characters DuckDB reads as a pattern", "rename the file or folder without *, ?, [, ], { or }"),
  "not-a-regular-file": e("file", "a path names a folder, a device or a pipe, not a file", "name a regular file"),
  "more-errors": e("file", "more errors in a file than are listed", "fix the ones listed, then run again to see the rest"),

  // a package: descriptor.json, its tables, citations, footnotes, statements
  "invalid-descriptor": e("package", "descriptor.json breaks its schema", "correct the field named (schemas/json/descriptor.schema.json says what it holds)"),
  "invalid-citation": e("package", "a row of citations.csv breaks its schema", "correct the field named (schemas/json/citation.schema.json)"),
  "invalid-footnote": e("package", "a row of footnotes.csv breaks its schema", "correct the field named (schemas/json/footnote.schema.json)"),
  "invalid-statement": e("package", "a row of statements.csv breaks its schema", "correct the field named (schemas/json/statement.schema.json)"),
  "invalid-alias": e("package", "a row of an aliases.csv breaks its schema", "correct the field named (schemas/json/alias.schema.json)"),
  "invalid-observation": e("package", "an observation breaks its contract", "correct the figure or descriptor it was read from (schemas/json/observation.schema.json)"),
  "id-mismatch": e("package", "a package id differs from its folder name", "make descriptor.json's id equal to the folder name"),
  "no-packages": e("package", "the sources folder holds no package", "add a folder with a descriptor.json (docs/source-format.md)"),
  "duplicate-id": e("package", "an id is used twice", "give each table, statement or citation its own id"),
  "duplicate-figure": e("package", "two figures get the same observation id", "tell them apart by their labels or parts"),
  "missing-label": e("package", "a label the descriptor declares is not in the table", "transcribe the row or column label, or remove it from the descriptor"),
  "extra-label": e("package", "a table has a label the descriptor does not declare", "declare the label in descriptor.json, or correct the transcription"),
  "duplicate-label": e("package", "a row or column label is printed twice", "tell the two apart in the transcription, as the descriptor expects"),
  "blank-label": e("package", "a row or column label is blank", "transcribe the label as printed"),
  "unknown-label": e("package", "a label the descriptor names is not in the table", "correct the label in descriptor.json to the one printed"),
  "unmapped-label": e("package", "a label has no meaning in the descriptor's labels map", "map the label in descriptor.json (labels)"),
  "invalid-pattern": e("package", "a packed-cell pattern is not a valid regular expression", "correct the pattern in descriptor.json (cells)"),
  "packed-cell-mismatch": e("package", "a packed cell does not match its pattern", "correct the transcription, or the pattern of the part named"),
  "unconsumed-text": e("package", "part of a packed cell is read by no rule", "add a part for the text left over, or correct the transcription"),
  "unparseable-number": e("package", "a figure is not a number in the table's number format", "transcribe it as printed and declare the format (decimal, group) or the missing marker it uses"),
  "invalid-number-format": e("package", "a number format's decimal mark and group separator clash", "give the decimal mark and the group separator different characters"),
  "unparseable-period": e("package", "a period is not a year, a range of years or a date", "write it as 2006, 1995-2000, 2007-01-01/2007-09-30 or as the descriptor's periods declare"),
  "open-period": e("package", "a period has no end", "give the period's end, or the reference date it stands for"),
  "invalid-reference-date": e("package", "a reference date is not a date", "write it as 2008, 2008-10 or 2008-10-15"),
  "unknown-country": e("package", "a country or group name is not known", "use a name of sources/_reference/country-aliases.csv, or add the alias to the package's aliases.csv"),
  "unknown-measure": e("package", "a measure is not in measures.csv", "use a measure of sources/_reference/measures.csv, or add it there"),
  "unknown-unit": e("package", "a unit is not in units.csv", "use a unit of sources/_reference/units.csv, or add it there"),
  "unit-mismatch": e("package", "a unit's base unit is not the measure's", "use a unit in the measure's base unit (measures.csv)"),
  "unknown-qualifier": e("package", "a qualifier is not in qualifiers.csv", "use a qualifier of sources/_reference/qualifiers.csv, or add it there"),
  "unknown-citation": e("package", "a citation id is not in citations.csv", "add the citation, or correct the id"),
  "unknown-footnote": e("package", "a footnote mark is not in footnotes.csv", "add the footnote, or correct the mark"),
  "unknown-ref": e("package", "a reference names no figure", "name a table cell (TABLEID/ROW/COLUMN) or a statement id that exists"),
  "self-reference": e("package", "a statement names itself as its part_of, numerator or denominator", "name another figure"),
  "reference-cycle": e("package", "part_of references lead back to where they start", "make each chain of part_of end at a whole"),
  "hierarchy-cycle": e("package", "a hierarchy's parts lead back to its total", "list as parts only labels that are not the total nor above it"),
  "missing-row-names": e("package", "rows printed without a label have no names in rows.names", "give rows.names one name per blank first cell, in order"),
  "view-name-taken": e("package", "a table's view would take the name of one of the warehouse's own tables or views", "set the table's \"view\" to another name"),
  "duplicate-view-name": e("package", "two tables would get the same view name", "set \"view\" on one of them"),

  // bulk files
  "invalid-bulk": e("bulk", "a bulk table's description is inconsistent", "correct the field of descriptor.json (bulk) named"),
  "missing-column-names": e("bulk", "a bulk file's header lacks columns the descriptor names", "name the columns in the file's header, or correct the descriptor"),
  "missing-column": e("bulk", "a column the descriptor names is not in the bulk file", "add the column, or correct the descriptor"),
  "missing-cell": e("bulk", "a record has fewer cells than the header", "complete the record"),
  "extra-cell": e("bulk", "a record has more cells than the header", "remove the extra cells, or quote a field that holds a comma"),
  "line-too-long": e("bulk", "a line is longer than DuckDB reads", "split the record, or check the file's line endings"),
  "invalid-direction": e("bulk", "a direction is not in, out, net or blank", "write in, out, net or leave it blank"),
  "invalid-breakdown": e("bulk", "a breakdown value holds ';' or '='", "remove ';' and '=' from breakdown values"),
  "too-many-values": e("bulk", "a coded column has too many distinct values", "check the column's role in the descriptor: a coded coordinate has few values"),
  "nul-in-text": e("bulk", "a coded or key value holds a NUL character (a zero byte)", "remove the zero byte from the file: it is no part of a label"),
  "too-many-errors": e("bulk", "more errors of one code than are listed", "fix the ones listed, then build again to see the others"),
  "number-beyond-precision": e("bulk", "a figure has more significant digits than a double holds", "check the figure; keep at most 15 significant digits"),

  // reference vocabularies (sources/_reference/)
  "empty-unit": e("reference", "a unit is blank", "write the unit as printed"),
  "empty-base-unit": e("reference", "a base unit is blank", "give the unit's base unit (persons, ratio, USD, ...)"),
  "invalid-multiplier": e("reference", "a unit's multiplier is not a positive number", "write a positive number: 1, 1000, 1e6 or 0.01"),
  "duplicate-unit": e("reference", "a unit is listed twice", "keep one row per unit"),
  "invalid-bound": e("reference", "a qualifier's bound is not known", "use point, upper, lower, approx or range"),
  "invalid-widen": e("reference", "a qualifier's widen is not a number", "write a non-negative number, or inf"),
  "duplicate-qualifier": e("reference", "a qualifier is listed twice", "keep one row per qualifier"),
  "invalid-number-word": e("reference", "a number word is not one lower-case word", "write one word of letters a-z"),
  "invalid-number-word-value": e("reference", "a number word's value is not a number", "write a non-negative number such as 20, 1e6 or 1/3"),
  "invalid-number-word-kind": e("reference", "a number word's kind is not known", "use number, scale or fraction"),
  "duplicate-number-word": e("reference", "a number word is listed twice", "keep one row per word"),
  "blank-alias": e("reference", "an alias is blank", "write the name as printed, or remove the row"),
  "conflicting-alias": e("reference", "an alias is given two codes", "keep one code per alias (a package's aliases.csv may override the shared one)"),
  "alias-contradicts-iso": e("reference", "an alias names an ISO country's name with another code", "remove the alias: ISO 3166 names resolve by themselves"),
  "country-code-for-non-country": e("reference", "an ISO country code is given a kind other than country", "give an ISO code the kind country, or use a group code"),
  "malformed-code": e("reference", "a code is not three upper-case letters or a group code", "write an ISO 3166-1 alpha-3 code or a code of groups.csv"),
  "unknown-iso-code": e("reference", "a three-letter code is not in ISO 3166-1", "use an ISO 3166-1 alpha-3 code, or declare a group in groups.csv"),
  "unknown-group": e("reference", "a group code is not declared", "declare the group in sources/_reference/groups.csv"),
  "inconsistent-kind": e("reference", "a code is given two kinds", "give each code one kind"),
  "unknown-kind": e("reference", "a kind is not known", "use one of the kinds the message lists"),
  "unknown-member": e("reference", "a group member is not a known country", "use an ISO 3166-1 alpha-3 code"),
  "inverted-validity": e("reference", "a membership ends before it starts", "swap valid_from and valid_to"),
  "malformed-year": e("reference", "a year is not four digits", "write the year as four digits, or leave it blank"),
  "invalid-measure": e("reference", "a row of measures.csv breaks its schema", "correct the field named (schemas/json/measure.schema.json)"),
  "malformed-word": e("reference", "a word of country-name-words.csv is not one word", "write one word of letters or digits"),
  "chained-reading": e("reference", "a word reads as a word that itself reads as another", "read the word directly as the last one"),
  "conflicting-word": e("reference", "a word is given two readings", "keep one rule per word"),
  "invalid-measure-relation": e("reference", "a row of measure-relations.csv names an unknown relation or measure", "correct the field named"),
  "duplicate-measure-relation": e("reference", "a measure relation is listed twice", "keep one row per relation"),
  "measure-relation-cycle": e("reference", "measure relations make each measure a part of the other", "remove one of the two relations"),

  // check configuration (checks/)
  "invalid-checks": e("checks", "checks.json breaks its schema", "correct the field named (schemas/json/checks.schema.json)"),
  "duplicate-check-id": e("checks", "a check id is used twice", "give each check its own id"),
  "unknown-check-kind": e("checks", "a check names a kind that does not exist", "use one of the kinds of checks/kinds/ (the message names the closest)"),
  "invalid-check-params": e("checks", "a check's params are not what its kind takes", "correct the params named"),
  "unknown-check": e("checks", "--only names a check that is not declared", "use an id of checks/checks.json"),
  "invalid-waiver": e("checks", "a waiver row is malformed", "correct the field named (dates are YYYY-MM-DD)"),
  "duplicate-waiver": e("checks", "a finding is waived twice", "keep one waiver per finding"),
  "invalid-findings": e("checks", "a findings report breaks its contract", "report the bug: the runner wrote a report schemas/json/findings.schema.json refuses"),
  "unknown-measure-kind": e("checks", "a check names a measure kind the warehouse does not know", "use a kind of sources/_reference/measures.csv"),
  "unknown-package": e("checks", "--package names a package the warehouse does not hold", "use a package id of the warehouse (npm run sql -- \"SELECT package FROM packages\")"),

  // corrections (checks/corrections.csv)
  "invalid-correction": e("corrections", "a correction row is malformed", "correct the field named (corrected is a number, date is YYYY-MM-DD)"),
  "duplicate-correction": e("corrections", "an observation is corrected twice", "keep one correction per observation"),
  "unknown-observation": e("corrections", "a correction names no observation", "use an obs_id of the warehouse (npm run sql -- \"SELECT obs_id FROM observations\")"),
  "original-mismatch": e("corrections", "a correction's original is not the printed text", "copy the value as printed (observations.value_text)"),
  "corrections-not-built": e("corrections", "the corrections file differs from the one the warehouse was built with", "build again (npm run build) after editing the corrections"),
  "correction-of-another-package": e("corrections", "a package's corrections.csv corrects another package's figure", "move the correction to that package's corrections.csv, or to checks/corrections.csv"),

  // importing a document (npm run import)
  "empty-document": e("import", "the document is empty", "give a profile's text"),
  "binary-document": e("import", "the document is not text (it holds NUL bytes)", "convert the document (a PDF, say) to UTF-8 text first"),
  "invalid-reference": e("import", "the vocabularies the import reads are not valid", "fix the errors listed in sources/_reference/"),
  "no-reporting-country": e("import", "the title names no country the profile is about", "check the document is a country profile, or give its title a country name"),
  "not-a-profile": e("import", "no tables or figures found", "check the document is a profile: tables under 'Table N.' captions or figures in the text"),
  "ambiguous-row": e("import", "a table row cannot be split into its label and figures", "edit the drafted table by hand"),
} as const satisfies Record<string, ErrorInfo>;

/** A code an input error can carry. */
export type ErrorCode = keyof typeof ERROR_CODES;

const PLACES: ReadonlyArray<[ErrorPlace, string]> = [
  ["file", "Any file"],
  ["package", "A package (descriptor.json, tables, citations, footnotes, statements)"],
  ["bulk", "Bulk files"],
  ["reference", "Reference vocabularies (sources/_reference/)"],
  ["checks", "Check configuration (checks/)"],
  ["corrections", "Corrections (checks/corrections.csv and sources/<package>/corrections.csv)"],
  ["import", "Importing a document (npm run import)"],
];

/** The catalog as the Markdown of docs/source-format.md's list: one table per place. */
export const errorCodesMarkdown = (): string =>
  PLACES.map(([place, heading]) => {
    const rows = Object.entries(ERROR_CODES as Record<string, ErrorInfo>)
      .filter(([, info]) => info.place === place)
      .map(([code, info]) => `| \`${code}\` | ${info.title} | ${info.fix} |`);
    return [`${heading}:`, "", "| code | problem | what to do |", "| --- | --- | --- |", ...rows].join("\n");
  }).join("\n\n");
