// Why an export did not write anything. The command maps each to its exit code.

/** The warehouse file does not exist (exit 2). */
export class NoWarehouseError extends Error {
  constructor(readonly dbPath: string) {
    super(`no warehouse at ${dbPath}: run \`npm run build\` first`);
    this.name = "NoWarehouseError";
  }
}

/** DuckDB would not open the warehouse; `reason` says why and what to do (openFailureReason) (exit 2). */
export class WarehouseOpenError extends Error {
  constructor(readonly dbPath: string, readonly reason: string) {
    super(`could not open the warehouse at ${dbPath}: ${reason}`);
    this.name = "WarehouseOpenError";
  }
}

/** --package named a package the warehouse does not hold (exit 2). */
export class UnknownPackageError extends Error {
  constructor(readonly unknown: ReadonlyArray<string>, readonly loaded: ReadonlyArray<string>) {
    super(`no package ${unknown.map((p) => JSON.stringify(p)).join(", ")} in the warehouse (it holds ${loaded.join(", ") || "none"}); nothing was written`);
    this.name = "UnknownPackageError";
  }
}

/** The warehouse was built by an earlier version, before the build created observations_clean (exit 2). */
export class OutdatedWarehouseError extends Error {
  constructor(readonly dbPath: string) {
    super(`the warehouse at ${dbPath} was built by an earlier version (it has no observations_clean): run \`npm run build\` again`);
    this.name = "OutdatedWarehouseError";
  }
}

/** The target folder exists and holds files, and --force was not given (exit 2). */
export class TargetExistsError extends Error {
  constructor(readonly target: string) {
    super(`${target} exists and is not empty: pass --force to replace it (the old folder is swapped out only once the new one is complete)`);
    this.name = "TargetExistsError";
  }
}

/** One exported row that breaks its contract (schemas/json/observation.schema.json). */
export interface RowProblem {
  readonly resource: string;
  /** 1-based position of the row in the exported file */
  readonly row: number;
  /** the row's key (obs_id) */
  readonly key: string;
  /** the field at fault ("" when the row as a whole is) */
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
}

/** `observations row 12 (obs_id "x:t01/Russia/2006"): field "obs_status": "Z" (expected one of ...)`. */
export const formatRowProblem = (p: RowProblem): string =>
  `${p.resource} row ${p.row} (${JSON.stringify(p.key)}): field ${JSON.stringify(p.field)}: ${JSON.stringify(p.value) ?? "undefined"} (expected ${p.expected})`;

/** Rows failed validation; nothing was written (exit 1). `total` counts the problems beyond those kept. */
export class ExportValidationError extends Error {
  constructor(readonly problems: ReadonlyArray<RowProblem>, readonly total = problems.length) {
    super(`${total} invalid row value(s); nothing was written:\n` + problems.map(formatRowProblem).join("\n"));
    this.name = "ExportValidationError";
  }
}
