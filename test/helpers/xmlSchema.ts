// XML Schema validation with xmllint-wasm (libxml2 compiled to WebAssembly): an independent validator
// for the XML outputs, against schemas vendored under test/fixtures/.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { validateXML } from "xmllint-wasm";

/**
 * Validate `xml` against the schema file `xsd`; the other .xsd files of its folder are its imports.
 * `schemaText` replaces the file's text (a test schema written beside the vendored ones).
 */
export const validateAgainst = async (xml: string, xsd: string, schemaText?: string): Promise<{ valid: boolean; errors: string[] }> => {
  const dir = dirname(xsd);
  const others = readdirSync(dir)
    .filter((f) => f.endsWith(".xsd") && f !== basename(xsd))
    .map((f) => ({ fileName: f, contents: readFileSync(join(dir, f), "utf8") }));
  const r = await validateXML({
    xml: { fileName: "document.xml", contents: xml },
    schema: { fileName: basename(xsd), contents: schemaText ?? readFileSync(xsd, "utf8") },
    preload: others,
    // the SDMX schemas are large and the documents can be
    maxMemoryPages: 4096,
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
};
