// The findings of a run, stored in the warehouse (the only tables a check writes).
import { insertRows, type Warehouse } from "../pipelines/core/duckdb.ts";
import type { Finding } from "./model.ts";

/** Replace the findings tables with this run's findings. */
export const storeFindings = async (wh: Warehouse, findings: ReadonlyArray<Finding>): Promise<void> => {
  await wh.run(`CREATE OR REPLACE TABLE findings (
  id          VARCHAR PRIMARY KEY,
  "check"     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  target      VARCHAR NOT NULL,
  severity    VARCHAR NOT NULL,
  waived      BOOLEAN NOT NULL,
  message     VARCHAR NOT NULL,
  explanation VARCHAR,
  details     JSON
)`);
  await wh.run(`CREATE OR REPLACE TABLE finding_observations (
  finding_id  VARCHAR NOT NULL,
  position    INTEGER NOT NULL,
  obs_id      VARCHAR NOT NULL,
  PRIMARY KEY (finding_id, position)
)`);
  await wh.run(`COMMENT ON TABLE findings IS 'Findings of the last npm run check (checks/checks.json); waived: acknowledged in checks/waivers.csv'`);
  await wh.run(`COMMENT ON TABLE finding_observations IS 'The observations each finding compares, in display order (position from 1)'`);
  await insertRows(wh, "findings", ["id", "check", "kind", "target", "severity", "waived", "message", "explanation", "details"],
    findings.map((f) => ({ ...f, explanation: f.explanation ?? null, details: JSON.stringify(f.details ?? null) })));
  await insertRows(wh, "finding_observations", ["finding_id", "position", "obs_id"],
    findings.flatMap((f) => f.observations.map((o, i) => ({ finding_id: f.id, position: i + 1, obs_id: o.ref }))));
};
