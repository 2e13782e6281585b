// The Azerbaijan and the hostile-label warehouses, built and checked once for a test file's suite and
// removed after it: the report format tests read their findings back with independent readers.
import { afterAll, beforeAll } from "vitest";
import { hostileCheckedWarehouse, type HostileWarehouse } from "./hostilePackage.ts";
import { realCheckedWarehouse, type RealCheckedWarehouse } from "./realReport.ts";

export interface CheckedWarehouses {
  real: RealCheckedWarehouse;
  hostile: HostileWarehouse;
}

/** Register the set-up and clean-up in the calling suite; the fields are set once beforeAll has run. */
export const useCheckedWarehouses = (): CheckedWarehouses => {
  const w = {} as CheckedWarehouses;
  beforeAll(async () => {
    [w.real, w.hostile] = await Promise.all([realCheckedWarehouse(), hostileCheckedWarehouse()]);
  }, 120_000);
  afterAll(() => {
    w.real?.cleanup();
    w.hostile?.cleanup();
  });
  return w;
};
