// docs/source-format.md's list of error codes, generated from the catalog (errorCodes.ts): `npm run docs`
// rewrites it; test/error-codes.test.ts fails when the page and the catalog differ.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorCodesMarkdown } from "./errorCodes.ts";

export const SOURCE_FORMAT_DOC = fileURLToPath(new URL("../../docs/source-format.md", import.meta.url));
const BEGIN = "<!-- error codes: generated from pipelines/core/errorCodes.ts by `npm run docs`; edit the catalog, not this list -->";
const END = "<!-- end of the error codes -->";

/** The page with its list of codes replaced by the catalog's; throws when the page has no markers. */
export const withErrorCodes = (page: string): string => {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/source-format.md: the markers ${BEGIN} and ${END} are missing`);
  return `${page.slice(0, start)}${BEGIN}\n${errorCodesMarkdown()}\n${END}${page.slice(end + END.length)}`;
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SOURCE_FORMAT_DOC, withErrorCodes(readFileSync(SOURCE_FORMAT_DOC, "utf8")));
  process.stderr.write(`wrote the error codes into ${SOURCE_FORMAT_DOC}\n`);
}
