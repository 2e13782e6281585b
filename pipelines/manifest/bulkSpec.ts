import { cycleEdges } from "../core/cycles.ts";
import type { Bulk, Table } from "../../schemas/descriptor.ts";
import type { ErrorCode } from "../core/errorCodes.ts";
import type { InputError } from "../core/errors.ts";
import type { DescriptorLocator } from "./validateJson.ts";

/** A coordinate a bulk column can give every figure of its record. */
export type BulkCoordinate = "measure" | "ref_area" | "counterpart" | "direction" | "period" | "unit" | "citation" | "reporter";

/** The descriptor's `bulk` section, checked and indexed: which file column gives what. */
export interface BulkSpec {
  readonly format: Bulk["format"];
  readonly delimiter: string;
  /** every column of the file, by name, with its roles (in the descriptor's order) */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly roles: ReadonlyArray<string> }>;
  readonly value: string;
  /** coordinate -> the column giving it (absent: the table's coordinates give it) */
  readonly coordinate: Readonly<Partial<Record<BulkCoordinate, string>>>;
  /** breakdown key -> column, keys sorted (the canonical breakdown order) */
  readonly breakdowns: ReadonlyArray<{ readonly key: string; readonly column: string; readonly total: string | undefined }>;
  readonly rowKey: ReadonlyArray<string>;
  readonly columnKey: ReadonlyArray<string>;
  readonly hierarchy: ReadonlyArray<BulkRule>;
}

/** A declared total of a bulk file, with the axis its column labels. */
export interface BulkRule {
  readonly index: number; // position in bulk.hierarchy (for locating errors)
  readonly axis: "rows" | "columns";
  readonly column: string;
  readonly total: string;
  readonly parts: "*" | ReadonlyArray<string>;
  readonly except: ReadonlyArray<string>;
  readonly complete: boolean;
}

const COORDINATES: ReadonlyArray<BulkCoordinate> = ["measure", "ref_area", "counterpart", "direction", "period", "unit", "citation", "reporter"];

/**
 * Check what the JSON Schema cannot: one value column, each coordinate from at most one column, keys and
 * hierarchy rules naming columns of the file, and nothing of a printed table's layout (labels, packed
 * cells, label hierarchies) on a bulk table. Errors point at the descriptor entry.
 */
export const bulkSpec = (table: Table, tableIndex: number, locate: DescriptorLocator): { spec: BulkSpec | undefined; errors: InputError[] } => {
  const bulk = table.bulk!;
  const errors: InputError[] = [];
  const at = (path: ReadonlyArray<string | number>, expected: string, code: ErrorCode = "invalid-bulk"): void => {
    errors.push({ code, ...locate(["tables", tableIndex, ...path]), expected });
  };
  if (table.cells !== undefined) at(["cells"], "no cells on a bulk table: each record of a bulk file is one figure");
  if ((table.hierarchy ?? []).length > 0) at(["hierarchy"], "bulk.hierarchy (by key column values) instead of hierarchy on a bulk table");
  for (const axis of ["rows", "columns"] as const) {
    if (table[axis].labels !== undefined) at([axis, "labels"], "no labels on a bulk table: its columns say what each value means (bulk.columns)");
    if (table[axis].names !== undefined) at([axis, "names"], "no names on a bulk table: its columns are named by its header");
  }
  const headerRows = bulk.format === "csv" ? 1 : 0;
  if (table.header_rows !== headerRows) at(["header_rows"], `header_rows ${headerRows} for a bulk ${bulk.format} file`);

  const columns = Object.entries(bulk.columns).map(([name, roles]) => ({ name, roles: typeof roles === "string" ? [roles] : [...roles] }));
  const coordinate: Partial<Record<BulkCoordinate, string>> = {};
  const breakdowns: Array<{ key: string; column: string; total: string | undefined }> = [];
  const values: string[] = [];
  for (const { name, roles } of columns) {
    for (const role of roles) {
      if (role === "value") values.push(name);
      else if (role === "ignore") continue;
      else if (role.startsWith("breakdown:")) {
        const key = role.slice("breakdown:".length);
        if (breakdowns.some((b) => b.key === key)) at(["bulk", "columns", name], `breakdown:${key} given by one column only`);
        else breakdowns.push({ key, column: name, total: bulk.totals?.[name] });
      } else {
        const c = role as BulkCoordinate;
        if (coordinate[c] !== undefined) at(["bulk", "columns", name], `${c} given by one column only (also ${JSON.stringify(coordinate[c])})`);
        else coordinate[c] = name;
      }
    }
    if (roles.length > 1 && (roles.includes("value") || roles.includes("ignore"))) {
      at(["bulk", "columns", name], "value and ignore as the only role of their column");
    }
  }
  if (values.length !== 1) at(["bulk", "columns"], `exactly one column with the role value (found ${values.length})`);
  for (const name of Object.keys(bulk.totals ?? {})) {
    if (!breakdowns.some((b) => b.column === name)) at(["bulk", "totals", name], "a column with a breakdown:<key> role");
  }
  for (const c of COORDINATES) {
    if (coordinate[c] !== undefined && table.coordinates?.[c] !== undefined) {
      at(["coordinates", c], `${c} from the table's coordinates or from column ${JSON.stringify(coordinate[c])}, not both`);
    }
  }
  if (coordinate.period === undefined && (table.coordinates?.period ?? "") === "") {
    at(["bulk", "columns"], "a column with the role period, or a period in the table's coordinates");
  }

  // Keys: every column that varies from record to record labels the figure; the value never does.
  const known = new Set(columns.map((c) => c.name));
  const keyed = new Set<string>();
  for (const key of ["row_key", "column_key"] as const) {
    bulk[key].forEach((name, k) => {
      if (!known.has(name)) at(["bulk", key, k], `a column of bulk.columns (${[...known].join(", ")})`);
      else if (name === values[0]) at(["bulk", key, k], "a key column other than the value column");
      else if (keyed.has(name)) at(["bulk", key, k], "each key column once, in row_key or in column_key");
      keyed.add(name);
    });
  }
  for (const { name, roles } of columns) {
    if (!keyed.has(name) && !roles.includes("value") && !roles.includes("ignore")) {
      at(["bulk", "columns", name], "every column giving a coordinate listed in row_key or column_key (the labels of a figure tell it from the others)");
    }
  }

  const hierarchy: BulkRule[] = [];
  (bulk.hierarchy ?? []).forEach((rule, index) => {
    const axis = bulk.row_key.includes(rule.column) ? "rows" : bulk.column_key.includes(rule.column) ? "columns" : undefined;
    if (axis === undefined) {
      at(["bulk", "hierarchy", index, "column"], `a column of row_key or column_key (${[...bulk.row_key, ...bulk.column_key].join(", ")})`);
      return;
    }
    if (rule.parts !== "*" && rule.except !== undefined) at(["bulk", "hierarchy", index, "except"], 'except only with parts "*"');
    hierarchy.push({ index, axis, column: rule.column, total: rule.total, parts: rule.parts, except: rule.except ?? [], complete: rule.complete ?? true });
  });

  // a total among its own parts, or totals that are each other's parts: a sum compared with itself
  const edges = (bulk.hierarchy ?? []).flatMap((rule, index) =>
    rule.parts === "*" ? [] : rule.parts.map((part, k) => ({ from: `${rule.column}\u0000${rule.total}`, to: `${rule.column}\u0000${part}`, item: { index, k } })),
  );
  for (const { index, k } of cycleEdges(edges)) {
    at(["bulk", "hierarchy", index, "parts", k], "parts that are not the total itself nor a total whose parts lead back to it", "hierarchy-cycle");
  }

  if (errors.length > 0 || values[0] === undefined) return { spec: undefined, errors };
  return {
    spec: {
      format: bulk.format,
      delimiter: bulk.delimiter ?? ",",
      columns,
      value: values[0],
      coordinate,
      breakdowns: breakdowns.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      rowKey: bulk.row_key,
      columnKey: bulk.column_key,
      hierarchy,
    },
    errors,
  };
};
