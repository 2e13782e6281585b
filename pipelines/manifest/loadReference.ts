import { join } from "node:path";
import type { MeasureRow } from "../../schemas/rows.ts";
import type { InputError } from "../core/errors.ts";
import { readCsvObjects } from "../core/readCsv.ts";
import { CountryResolver } from "../reference/countries.ts";
import { loadNumberWords, type NumberWords } from "../reference/numberWords.ts";
import { QualifierRegistry } from "../reference/qualifiers.ts";
import { UnitRegistry } from "../reference/units.ts";
import { display } from "../core/paths.ts";
import { validateRows } from "./validateRows.ts";

/** Shared vocabularies from `sources/_reference/` (plus each package's own aliases). */
export interface Reference {
  readonly dir: string;
  readonly countries: CountryResolver;
  readonly units: UnitRegistry;
  readonly measures: ReadonlyMap<string, MeasureRow>;
  readonly qualifiers: QualifierRegistry;
  readonly numberWords: NumberWords;
}

export const loadReference = (referenceDir: string, packageAliasFiles: ReadonlyArray<string>): { reference: Reference; errors: InputError[] } => {
  const errors: InputError[] = [];
  const { resolver, errors: cErrors } = CountryResolver.load(referenceDir, packageAliasFiles);
  errors.push(...cErrors);
  const { registry, errors: uErrors } = UnitRegistry.load(join(referenceDir, "units.csv"));
  errors.push(...uErrors);
  const { registry: qualifiers, errors: qErrors } = QualifierRegistry.load(join(referenceDir, "qualifiers.csv"));
  errors.push(...qErrors);
  const { words: numberWords, errors: wErrors } = loadNumberWords(join(referenceDir, "number-words.csv"));
  errors.push(...wErrors);
  const measuresPath = join(referenceDir, "measures.csv");
  const file = display(measuresPath);
  const { rows, errors: mErrors } = readCsvObjects(measuresPath, file, ["measure", "label", "kind", "base_unit"]);
  errors.push(...mErrors);
  const { rows: valid, errors: vErrors } = validateRows(rows, file, "measure");
  errors.push(...vErrors);
  const measures = new Map<string, MeasureRow>();
  for (const r of valid) {
    const m = r.row as MeasureRow;
    if (measures.has(m.measure)) {
      errors.push({ code: "duplicate-id", file, line: r.line, column: r.columnOf("measure"), cell: m.measure, expected: "each measure once" });
    }
    measures.set(m.measure, m);
  }
  return { reference: { dir: referenceDir, countries: resolver, units: registry, measures, qualifiers, numberWords }, errors };
};
