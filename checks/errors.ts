// Why a check run could not run (exit 2). Bad configuration is reported as InputErrors (pipelines/core/errors.ts).

/** The warehouse file does not exist. */
export class NoWarehouseError extends Error {
  constructor(readonly dbPath: string) {
    super(`no warehouse at ${dbPath}: run npm run build first`);
    this.name = "NoWarehouseError";
  }
}

/** The warehouse exists but DuckDB would not open it; `reason` says why and what to do (openFailureReason). */
export class WarehouseOpenError extends Error {
  constructor(readonly dbPath: string, readonly reason: string) {
    super(`could not open the warehouse at ${dbPath}: ${reason}`);
    this.name = "WarehouseOpenError";
  }
}

/** The warehouse file was replaced (by a build) while the checks ran: findings were not stored. */
export class WarehouseReplacedError extends Error {
  constructor(readonly dbPath: string) {
    super(`${dbPath} was replaced while the checks ran (a build finished meanwhile): its findings were not stored, as they belong to the old file; run the check again`);
    this.name = "WarehouseReplacedError";
  }
}

/** The warehouse was built by an earlier version of the workspace: tables the checks read are missing. */
export class OutdatedWarehouseError extends Error {
  constructor(readonly dbPath: string, readonly missing: ReadonlyArray<string>) {
    super(`the warehouse at ${dbPath} was built by an earlier version of the workspace (it has no ${missing.map((m) => (m.includes(".") ? `column ${m}` : `table ${m}`)).join(", ")}): rebuild it with npm run build`);
    this.name = "OutdatedWarehouseError";
  }
}

/** A check kind misbehaved: its SQL failed, or it returned rows that break the FailureRow contract. */
export class CheckRunError extends Error {
  constructor(readonly checkId: string, readonly kind: string, readonly reason: string) {
    super(`check ${checkId} (kind ${kind}) failed to run: ${reason}; fix the kind in checks/kinds/${kind}/kind.ts or disable the check in checks/checks.json ("enabled": false)`);
    this.name = "CheckRunError";
  }
}

/** No kind registry: checks/kinds/index.ts is missing or exports no `kinds` map. */
export class NoKindsError extends Error {
  constructor(reason: string) {
    super(`could not load the check kinds from checks/kinds/index.ts (${reason}): it must export \`kinds: ReadonlyMap<string, CheckKind>\``);
    this.name = "NoKindsError";
  }
}

/** A SQL file of checks/sql/ failed. */
export class CheckSqlError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file} failed: ${reason}`);
    this.name = "CheckSqlError";
  }
}

/**
 * A stored finding whose details do not match its kind's details schema (a warehouse checked by another
 * version of the workspace, or edited by hand): what reads details stops here, naming the finding.
 */
export class FindingDetailsError extends CheckRunError {
  constructor(readonly findingId: string, checkId: string, kind: string, readonly problems: ReadonlyArray<string>) {
    super(checkId, kind, `finding ${findingId}: its details do not match the kind's details schema (${problems.join("; ")})`);
    this.message = `finding ${findingId} (check ${checkId}, kind ${kind}): its details do not match checks/kinds/${kind}/details.ts (${problems.join("; ")}); run npm run check again to store them with this version`;
    this.name = "FindingDetailsError";
  }
}
