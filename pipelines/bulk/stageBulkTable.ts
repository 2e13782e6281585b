import { quoteIdent, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import type { InputError } from "../core/errors.ts";
import type { Reference } from "../manifest/loadReference.ts";
import type { BulkSource, SourcePackage } from "../manifest/readPackage.ts";
import { bulkResolvers } from "./bulkResolvers.ts";
import { givenBy, startStaging } from "./bulkStaging.ts";
import { distinctQuantities } from "./distinctQuantities.ts";
import { columnLabelsSql, figureLocator, hierarchyLoad, packedKey } from "./figureKeys.ts";
import { observationsSql } from "./observationsView.ts";
import { readBulkFile } from "./readBulkFile.ts";
import { resolveCodedColumns } from "./resolveCodedColumns.ts";
import { resolveConstants } from "./resolveConstants.ts";
import { storeFigures, storeMappingTables } from "./storeFigures.ts";
import { checkDuplicates, checkFigures, checkHierarchyLabels, checkUnitsAgainstMeasures, reportOverflow } from "./validateBulk.ts";

/** What staging a bulk file found, and the SQL that loads it once the whole build has no error. */
export interface StagedBulkTable {
  readonly errors: InputError[];
  /** every country label of the file as printed, with its resolution (for geography_labels) */
  readonly labels: Map<string, { code: string; kind: string; matchedBy: string }>;
  /** INSERT INTO table_hierarchy ... (one per rule), and the file's row of bulk_files */
  readonly load: ReadonlyArray<string>;
  /**
   * The SELECT of this table's part of the view observations: every column of observations computed
   * from the narrow stored figures (bulk_figures_N) and the mapping tables (bulk_map_N_K). Empty when
   * staging failed.
   */
  readonly observations: string;
  /** the table of the stored figures (bulk_figures_N); empty when staging failed */
  readonly figures: string;
  /** a query of the file's column labels (col_label), each once, in the order of their first line */
  readonly columnLabels: string;
  /**
   * A query of the figures of this file that `ids` name (obs_id, package, table_id, line, col), found by
   * their key values (an id is split on the values each key column has), or null when no id can name one.
   */
  readonly locate: (ids: ReadonlyArray<string>) => string | null;
  /** DROP the temporary tables */
  readonly cleanup: ReadonlyArray<string>;
}

/**
 * Read a bulk file into a temporary table with DuckDB's own reader (rejected records kept), check every
 * value the way the printed-table path does (country labels, periods, measures, units and citations are
 * few: their distinct values are resolved in TypeScript and joined back as tables; figures are parsed in
 * SQL), and compile the statements that load it into observations and table_hierarchy.
 */
export const stageBulkTable = async (
  wh: Warehouse,
  pkg: SourcePackage,
  source: BulkSource,
  ref: Reference,
  reportingCode: string,
  ordinal: number,
  log: (line: string) => void = () => {},
): Promise<StagedBulkTable> => {
  const s = startStaging(wh, pkg, source, ref, reportingCode, ordinal, log);
  const { errors, labels, cleanup, stored, types } = s;
  const { spec } = source;
  const fail = (): StagedBulkTable => ({
    errors, labels, load: [], observations: "", figures: "", columnLabels: "", locate: () => null,
    cleanup: [...cleanup, ...stored.map((t) => `DROP TABLE IF EXISTS main.${quoteIdent(t)}`), ...types.map((t) => `DROP TYPE IF EXISTS main.${quoteIdent(t)}`)],
  });

  // Read: every column as text, in the file's order; each record placed on its line.
  const read = await readBulkFile(s);
  if (read === undefined) return fail();
  // Resolve: the coded columns' distinct values, then the table's constant coordinates.
  const lookups = bulkResolvers(s);
  const columns = await resolveCodedColumns(s, read, lookups);
  s.step(`resolved the values of ${columns.coded.length} coded column(s)`);
  const constants = resolveConstants(s, lookups);
  // Validate and store: units against measures, the figures parsed in SQL and checked, hierarchy labels,
  // duplicate keys; nothing more is stored when anything is wrong.
  await checkUnitsAgainstMeasures(s, read, lookups, constants, { measureColumn: givenBy(columns.coded, "measure"), unitColumn: givenBy(columns.coded, "unit") });
  const figures = await storeFigures(s, read, columns);
  await checkFigures(s, read, figures);
  checkHierarchyLabels(s, columns);
  await checkDuplicates(s, read, columns, figures);
  reportOverflow(s);
  if (errors.length > 0) return fail();
  await storeMappingTables(s, columns.coded);

  // View: the observations, the hierarchy rules and the lookups, computed from the stored figures.
  const keys = {
    rowKeyOf: packedKey(spec.rowKey, columns.coded, figures.enumOf, columns.valuesOf),
    colKeyOf: packedKey(spec.columnKey, columns.coded, figures.enumOf, columns.valuesOf),
  };
  const observations = observationsSql(s, read, columns, constants, figures, keys);
  const load = [
    ...hierarchyLoad(s, figures, keys),
    `INSERT INTO bulk_files SELECT ${quoteLiteral(pkg.id)}, ${quoteLiteral(source.table.id)}, ${quoteLiteral(s.figures)}, count(*), ${distinctQuantities(spec, columns.coded)} FROM main.${quoteIdent(s.figures)}`,
  ];
  return { errors, labels, load, observations, figures: s.figures, columnLabels: columnLabelsSql(s, figures), locate: figureLocator(s, read, columns, figures), cleanup };
};
