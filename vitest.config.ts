import { defineConfig } from "vitest/config";

// The suite runs on 2-core machines, busy or not. Vitest's default of one worker per core minus one gives
// such a machine a single worker; two keep both cores busy (the tests spend much of their time in DuckDB
// and in child processes). Test files share each worker's module cache (isolate: false): importing DuckDB,
// Effect and the pipelines once per worker instead of once per file. A file that mocks a module (vi.mock)
// runs isolated, so its mock never reaches another file.
const MOCKING = ["test/safety/faults.test.ts"];
// Each test's data fits in one DuckDB row group (122,880 rows), which DuckDB runs on one thread whatever
// its setting; with two workers on two cores, a second thread per database only adds scheduling (about a
// tenth of the suite's CPU). The few tests of larger data set their own (spill.test.ts), and the bench
// runs with DuckDB's defaults.
const env = { MP_DUCKDB_THREADS: process.env["MP_DUCKDB_THREADS"] ?? "1" };
const common = { testTimeout: 60_000, hookTimeout: 60_000, pool: "forks", env } as const;

export default defineConfig({
  test: {
    // the real package is built once per run, here at the root only (a project's own globalSetup would
    // build it again), and shared read-only with both projects (test/helpers/realWarehouse.ts)
    globalSetup: ["test/globalSetup.ts"],
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: "shared", include: ["test/**/*.test.ts"], exclude: MOCKING, isolate: false } },
      { test: { ...common, name: "isolated", include: MOCKING, isolate: true } },
    ],
  },
});
