import { join } from "node:path";
import type { MeasureRow } from "../../schemas/rows.ts";
import { pushAll, type InputError } from "../core/errors.ts";
import { readCsvObjects } from "../core/readCsv.ts";
import { CountryResolver } from "../reference/countries.ts";
import { loadNumberWords, type NumberWords } from "../reference/numberWords.ts";
import { QualifierRegistry } from "../reference/qualifiers.ts";
import { UnitRegistry } from "../reference/units.ts";
import { display } from "../core/paths.ts";
import { validateRows } from "./validateRows.ts";
import { readMeasureRelations, type MeasureRelation } from "../reference/measureRelations.ts";

/** Shared vocabularies from `sources/_reference/` (plus each package's own aliases and measures). */
export interface Reference {
  readonly dir: string;
  readonly countries: CountryResolver;
  readonly units: UnitRegistry;
  readonly measures: ReadonlyMap<string, MeasureRow>;
  readonly qualifiers: QualifierRegistry;
  readonly numberWords: NumberWords;
  /** measure-relations.csv: which measure is a part of which, and which rate is per which measure */
  readonly measureRelations: ReadonlyArray<MeasureRelation>;
}

/** The columns of `measures.csv`, shared and a package's own alike. */
export const MEASURE_COLUMNS = ["measure", "label", "kind", "base_unit"] as const;
/** Words the importer places a figure by (`;`-separated); a package's own measures may leave them out. */
export const MEASURE_OPTIONAL_COLUMNS = ["keywords"] as const;

/**
 * Load the shared vocabularies, with each package's own aliases (`aliases.csv`) and measures
 * (`measures.csv`). A package's measures join the shared ones for the whole build; a code the shared file
 * has, or another package defines differently, is an error at the package's line.
 */
export const loadReference = (
  referenceDir: string,
  packageAliasFiles: ReadonlyArray<string>,
  packageMeasureFiles: ReadonlyArray<string> = [],
): { reference: Reference; errors: InputError[] } => {
  const errors: InputError[] = [];
  const { resolver, errors: cErrors } = CountryResolver.load(referenceDir, packageAliasFiles);
  pushAll(errors, cErrors);
  const { registry, errors: uErrors } = UnitRegistry.load(join(referenceDir, "units.csv"));
  pushAll(errors, uErrors);
  const { registry: qualifiers, errors: qErrors } = QualifierRegistry.load(join(referenceDir, "qualifiers.csv"));
  pushAll(errors, qErrors);
  const { words: numberWords, errors: wErrors } = loadNumberWords(join(referenceDir, "number-words.csv"));
  pushAll(errors, wErrors);
  const measures = new Map<string, MeasureRow>();
  const definedAt = new Map<string, { file: string; line: number; shared: boolean }>();
  const readMeasures = (path: string, shared: boolean): void => {
    const first = errors.length;
    readMeasureRows(path, shared);
    // one file's problems in the order of its lines
    pushAll(errors, errors.splice(first).sort((a, b) => a.line - b.line || a.column - b.column));
  };
  const readMeasureRows = (path: string, shared: boolean): void => {
    const file = display(path);
    const { rows, errors: mErrors } = readCsvObjects(path, file, MEASURE_COLUMNS, MEASURE_OPTIONAL_COLUMNS);
    pushAll(errors, mErrors);
    const { rows: valid, errors: vErrors } = validateRows(rows, file, "measure");
    pushAll(errors, vErrors);
    for (const r of valid) {
      const m = r.row as MeasureRow;
      const earlier = definedAt.get(m.measure);
      const before = measures.get(m.measure);
      if (earlier && before) {
        const same = before.label === m.label && before.kind === m.kind && before.base_unit === m.base_unit;
        // the same definition in two packages is one measure; anything else would give one code two meanings
        if (shared || earlier.shared || !same) {
          const expected = earlier.shared
            ? `a measure code not in the shared vocabulary (${earlier.file}:${earlier.line} defines ${m.measure}: use it, or give this measure another code)`
            : `each measure once (${earlier.file}:${earlier.line} defines ${m.measure}${same ? "" : " differently"})`;
          errors.push({ code: "duplicate-id", file, line: r.line, column: r.columnOf("measure"), cell: m.measure, expected });
        }
        continue;
      }
      definedAt.set(m.measure, { file, line: r.line, shared });
      measures.set(m.measure, m);
    }
  };
  readMeasures(join(referenceDir, "measures.csv"), true);
  for (const path of packageMeasureFiles) readMeasures(path, false);
  // (read once every measure is known, the shared ones and the packages' own)
  const relationsPath = join(referenceDir, "measure-relations.csv");
  const { relations: measureRelations, errors: rErrors } = readMeasureRelations(relationsPath, display(relationsPath), measures);
  errors.push(...rErrors);
  return { reference: { dir: referenceDir, countries: resolver, units: registry, measures, qualifiers, numberWords, measureRelations }, errors };
};
