import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkCommand, type CheckIo } from "../pipelines/cli/check.ts";
import { closestKinds } from "../checks/config.ts";
import { CheckRunError, NoWarehouseError } from "../checks/errors.ts";
import { exitCodeOf, findingId } from "../checks/model.ts";
import { runChecks } from "../checks/runner.ts";
import { InputErrors, type InputError } from "../pipelines/core/errors.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";
import { validatorFor } from "../pipelines/manifest/validateJson.ts";
import { readCorrections } from "../pipelines/manifest/corrections.ts";
import { applyCorrections } from "../pipelines/load/corrections.ts";
import { broken, fakeKinds, syntheticWarehouse, writeConfig } from "./helpers/syntheticWarehouse.ts";
import type { CheckKind } from "../checks/types.ts";

const TOTAL = "demo:t01/Total/2006";
const RUSSIA = "demo:t01/Russia/2006";
const GEORGIA = "demo:t01/Georgia/2006";

const sumCheck = { id: "total-adds-up", kind: "sum-equals", description: "Total = Russia + Georgia", params: { total: TOTAL, parts: [RUSSIA, GEORGIA] } };
const fixedCheck = (targets: string[], extra: Record<string, unknown> = {}) => ({ id: "always-fails", kind: "fixed", description: "fails on purpose", params: { targets }, ...extra });

const SUM_ID = findingId("sum-equals", "total-adds-up", TOTAL);

let w: Awaited<ReturnType<typeof syntheticWarehouse>>;
beforeEach(async () => {
  w = await syntheticWarehouse();
});
afterEach(() => w.cleanup());

const run = (config: Parameters<typeof writeConfig>[1], today = "2025-06-01") =>
  runChecks({ dbPath: w.db, ...writeConfig(w.dir, config), kinds: fakeKinds, today });

/** The InputErrors a run throws, as a flat table [file name, line, column, code]. */
const inputErrors = async (p: Promise<unknown>): Promise<Array<[string, number, number, string]>> => {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof InputErrors)) throw e;
    return e.errors.map((x: InputError) => [x.file.split("/").pop()!, x.line, x.column, x.code]);
  }
  throw new Error("expected InputErrors");
};

const query = async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => {
  const wh = await Warehouse.open(w.db, { access_mode: "READ_ONLY" });
  try {
    return await wh.all<T>(sql);
  } finally {
    wh.close();
  }
};

describe("runChecks", () => {
  test("finds a failure with the figures as printed, their source and position, and the kind's explanation", async () => {
    const r = await run({ checks: { checks: [sumCheck] } });
    expect(r.summary).toEqual({ errors: 1, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 1, checks_run: 1, expired_waivers: 0, unmatched_waivers: 0,
      packages: [{ package: "demo", errors: 1, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 1 }] });
    const [f] = r.findings;
    expect(f).toMatchObject({ id: SUM_ID, check: "total-adds-up", kind: "sum-equals", severity: "error", target: TOTAL, waived: false });
    expect(f!.explanation).toBe("10000 unaccounted for among 4 observations");
    expect(f!.details).toEqual({ total: 100000, sum: 90000, residual: 10000 });
    expect(f!.observations.map((o) => o.ref)).toEqual([TOTAL, RUSSIA, GEORGIA]);
    expect(f!.observations[0]).toEqual({
      ref: TOTAL, label: "Total | 2006", value: "100", unit: "thousand persons", value_base: 100000, period: "2006",
      source: { citation: "ssc", printed: "State Statistical Committee, 2007" }, file: "sources/demo/t01.csv", line: 2, column: 3,
    });
  });

  test("finding ids are <kind>-<12 hex> and stable across runs", async () => {
    const config = { checks: { checks: [sumCheck, fixedCheck(["x", "y"])] } };
    const first = await run(config);
    const second = await run(config);
    expect(first.findings.map((f) => f.id)).toEqual(second.findings.map((f) => f.id));
    expect(SUM_ID).toMatch(/^sum-equals-[0-9a-f]{12}$/);
    expect(first.findings.map((f) => f.id)).toEqual([SUM_ID, findingId("fixed", "always-fails", "x"), findingId("fixed", "always-fails", "y")]);
    // the id depends on the target, not on the message or the order of rows
    const reordered = await run({ checks: { checks: [fixedCheck(["y", "x"]), sumCheck] } });
    expect(reordered.findings.map((f) => f.id)).toEqual(first.findings.map((f) => f.id));
  });

  test("findings are ordered by severity, check id and target", async () => {
    const r = await run({
      checks: {
        checks: [
          fixedCheck(["b", "a"], { id: "z-info", severity: "info" }),
          fixedCheck(["d", "c"], { id: "m-warning" }),
          fixedCheck(["f", "e"], { id: "a-warning" }),
          { ...sumCheck, id: "zz-error" },
        ],
      },
    });
    expect(r.findings.map((f) => [f.severity, f.check, f.target])).toEqual([
      ["error", "zz-error", TOTAL],
      ["warning", "a-warning", "e"],
      ["warning", "a-warning", "f"],
      ["warning", "m-warning", "c"],
      ["warning", "m-warning", "d"],
      ["info", "z-info", "a"],
      ["info", "z-info", "b"],
    ]);
    expect(r.checks.map((c) => c.id)).toEqual(["z-info", "m-warning", "a-warning", "zz-error"]);
  });

  test("disabled checks do not run; --only runs just the named ones", async () => {
    const config = { checks: { checks: [sumCheck, fixedCheck(["x"], { enabled: false })] } };
    expect((await run(config)).checks.map((c) => c.id)).toEqual(["total-adds-up"]);
    const only = await runChecks({ dbPath: w.db, ...writeConfig(w.dir, config), kinds: fakeKinds, only: ["always-fails"] });
    expect(only.checks.map((c) => c.id)).toEqual(["always-fails"]);
    expect(await inputErrors(runChecks({ dbPath: w.db, ...writeConfig(w.dir, config), kinds: fakeKinds, only: ["nope"] }))).toEqual([["checks.json", 0, 0, "unknown-check"]]);
  });

  test("a waiver waives its finding; the other stays open", async () => {
    const xId = findingId("fixed", "always-fails", "x");
    const r = await run({
      checks: { checks: [sumCheck, fixedCheck(["x"])] },
      waivers: [`${SUM_ID},Printed total includes unspecified countries,A. Reviewer,2025-01-10,`],
    });
    expect(r.findings.map((f) => [f.id, f.waived])).toEqual([[SUM_ID, true], [xId, false]]);
    expect(r.findings[0]!.waiver).toMatchObject({ reason: "Printed total includes unspecified countries", author: "A. Reviewer", date: "2025-01-10", expires: null, line: 2 });
    expect(r.summary).toMatchObject({ errors: 0, warnings: 1, waived: 1, total: 2 });
  });

  test("an expired waiver does not waive and is reported; a waiver matching no finding is reported as unmatched", async () => {
    const r = await run(
      {
        checks: { checks: [sumCheck] },
        waivers: [
          `${SUM_ID},known misprint,A. Reviewer,2024-01-10,2025-05-31`,
          "fixed-0123456789ab,stale,B. Reviewer,2024-01-10,",
          "fixed-ba9876543210,stale and expired,B. Reviewer,2024-01-10,2024-02-01",
        ],
      },
      "2025-06-01",
    );
    expect(r.findings[0]!.waived).toBe(false);
    expect(r.summary).toMatchObject({ errors: 1, waived: 0, expired_waivers: 2, unmatched_waivers: 1 });
    expect(r.waivers.expired.map((x) => [x.finding_id, x.expires, x.matched, x.line])).toEqual([
      [SUM_ID, "2025-05-31", true, 2],
      ["fixed-ba9876543210", "2024-02-01", false, 4],
    ]);
    expect(r.waivers.unmatched.map((x) => [x.finding_id, x.line])).toEqual([["fixed-0123456789ab", 3]]);
    // the day it expires, a waiver still waives
    const onTheDay = await run({ checks: { checks: [sumCheck] }, waivers: [`${SUM_ID},known misprint,A. Reviewer,2024-01-10,2025-06-01`] }, "2025-06-01");
    expect(onTheDay.findings[0]!.waived).toBe(true);
  });

  test("with a correction, the two passes on check_observations computed into a table (small warehouse) and on its view give the same findings", async () => {
    const corrections = [`${TOTAL},100,90,misprint,A. Reviewer,2025-01-10`, `${RUSSIA},60,50,typo,A. Reviewer,2025-01-10`];
    w.cleanup();
    w = await syntheticWarehouse(undefined, corrections);
    const config = writeConfig(w.dir, { checks: { checks: [sumCheck, fixedCheck([GEORGIA])] }, corrections });
    const strip = (r: Awaited<ReturnType<typeof runChecks>>) => ({ ...r, seconds: 0, checks: r.checks.map((c) => ({ ...c, seconds: 0 })) });
    const logs: string[][] = [[], []];
    const atOnce = await runChecks({ dbPath: w.db, ...config, kinds: fakeKinds, today: "2025-06-01", log: (l) => logs[0]!.push(l) });
    const apart = await runChecks({ dbPath: w.db, ...config, kinds: fakeKinds, today: "2025-06-01", smallWarehouse: 0, log: (l) => logs[1]!.push(l) });
    expect(atOnce.findings.map((f) => [f.id, f.status, f.corrected])).toEqual([[SUM_ID, "open", false], [findingId("fixed", "always-fails", GEORGIA), "open", false]]);
    expect(strip(atOnce)).toEqual(strip(apart));
    // the log keeps the order of one pass after the other
    const checkLines = (lines: string[]) => lines.filter((l) => l.startsWith("check ")).map((l) => l.replace(/ \([0-9.]+ s\)$/, ""));
    expect(checkLines(logs[0]!)).toEqual(checkLines(logs[1]!));
    expect(checkLines(logs[0]!)[0]).toContain("(as printed)");
  });

  test("corrections: observations_clean shows the corrected value, observations keeps the printed one; the finding it resolves is reported as corrected", async () => {
    const corrections = [`${TOTAL},100,90,Russia + Georgia; 100 is a misprint (see the 2009 edition),A. Reviewer,2025-01-10`];
    w.cleanup();
    w = await syntheticWarehouse(undefined, corrections);
    const r = await run({ checks: { checks: [sumCheck] }, corrections });
    // the figures as printed give the finding; the correction resolves it: kept, counted apart, no error
    expect(r.findings.map((f) => [f.id, f.status, f.waived, f.corrected])).toEqual([[SUM_ID, "corrected", false, true]]);
    expect(r.findings[0]!.corrections).toEqual([
      { obs_id: TOTAL, original: "100", corrected: 90, justification: "Russia + Georgia; 100 is a misprint (see the 2009 edition)", author: "A. Reviewer", date: "2025-01-10", file: join(w.dir, "corrections.csv"), line: 2 },
    ]);
    expect(r.findings[0]!.observations[0]).toMatchObject({ ref: TOTAL, value: "100", corrected: 90 });
    expect(r.summary).toMatchObject({ errors: 0, corrected: 1, waived: 0, total: 1 });
    expect(exitCodeOf(r)).toBe(0);
    const rows = await query(`SELECT o.value AS printed, o.value_base AS printed_base, c.value, c.value_base, c.corrected, c.value_printed
      FROM observations o JOIN observations_clean c USING (obs_id) WHERE obs_id = '${TOTAL}'`);
    expect(rows).toEqual([{ printed: 100, printed_base: 100000, value: 90, value_base: 90000, corrected: true, value_printed: 100 }]);
    expect(await query("SELECT obs_id, original, corrected, author, date::VARCHAR AS date FROM corrections")).toEqual([
      { obs_id: TOTAL, original: "100", corrected: 90, author: "A. Reviewer", date: "2025-01-10" },
    ]);
    // the check only reads them: a file that differs from the build's is refused, and the table stays
    expect(await inputErrors(run({ checks: { checks: [sumCheck] } }))).toEqual([["corrections.csv", 0, 0, "corrections-not-built"]]);
    expect(await query("SELECT count(*)::INTEGER AS n FROM corrections")).toEqual([{ n: 1 }]);
  });

  test("a correction that breaks a check is itself a finding, open, saying which correction", async () => {
    // 100 = 60 + 40 as printed; "correcting" Russia to 70 breaks the total
    const consistent = await syntheticWarehouse([
      { obs_id: TOTAL, value_text: "100", line: 2 }, { obs_id: RUSSIA, value_text: "60", line: 3 }, { obs_id: GEORGIA, value_text: "40", line: 4 },
    ], [`${RUSSIA},60,70,typo,A. Reviewer,2025-01-10`]);
    try {
      const r = await runChecks({ dbPath: consistent.db, ...writeConfig(consistent.dir, { checks: { checks: [sumCheck] }, corrections: [`${RUSSIA},60,70,typo,A. Reviewer,2025-01-10`] }), kinds: fakeKinds, today: "2025-06-01" });
      expect(r.findings.map((f) => [f.id, f.status])).toEqual([[SUM_ID, "open"]]);
      expect(r.findings[0]!.explanation).toBe(`only the corrected figures give this finding: the correction of ${RUSSIA} may be wrong; -10000 unaccounted for among 3 observations`);
      expect(r.findings[0]!.corrections?.map((c) => c.obs_id)).toEqual([RUSSIA]);
      expect(exitCodeOf(r)).toBe(1);
    } finally {
      consistent.cleanup();
    }
  });

  test("a package's own corrections.csv and waivers.csv (beside its descriptor) apply; a correction of another package's figure is an error", async () => {
    const pkgDir = join(w.dir, "demo");
    mkdirSync(pkgDir);
    const wh = await Warehouse.open(w.db);
    await wh.run(`UPDATE packages SET descriptor_file = '${join(pkgDir, "descriptor.json")}'`);
    wh.close();
    writeFileSync(join(pkgDir, "waivers.csv"), `finding_id,reason,author,date,expires\n${SUM_ID},known,A. Reviewer,2025-01-10,\n`);
    const waived = await run({ checks: { checks: [sumCheck] } });
    expect(waived.findings.map((f) => [f.status, f.waiver?.file])).toEqual([["waived", join(pkgDir, "waivers.csv")]]);
    // the same finding waived in checks/waivers.csv too: one waiver per finding
    expect(await inputErrors(run({ checks: { checks: [sumCheck] }, waivers: [`${SUM_ID},again,A. Reviewer,2025-01-10,`] }))).toEqual([["waivers.csv", 2, 1, "duplicate-waiver"]]);
    rmSync(join(pkgDir, "waivers.csv"));
    writeFileSync(join(pkgDir, "corrections.csv"), `obs_id,original,corrected,justification,author,date\n${TOTAL},100,90,misprint,A. Reviewer,2025-01-10\nother:s-1,5,6,typo,A. Reviewer,2025-01-10\n`);
    expect(await inputErrors(run({ checks: { checks: [sumCheck] } }))).toEqual([["corrections.csv", 3, 1, "correction-of-another-package"]]);
    const own = join(pkgDir, "corrections.csv");
    writeFileSync(own, `obs_id,original,corrected,justification,author,date\n${TOTAL},100,90,misprint,A. Reviewer,2025-01-10\n`);
    // the build applies corrections: one the warehouse was not built with is refused
    expect(await inputErrors(run({ checks: { checks: [sumCheck] } }))).toEqual([["corrections.csv", 0, 0, "corrections-not-built"]]);
    // as the build does it (pipelines/load/build.ts), then the check labels the finding it resolves
    const built = await Warehouse.open(w.db);
    try {
      await applyCorrections(built, readCorrections(own, own).corrections);
    } finally {
      built.close();
    }
    const corrected = await run({ checks: { checks: [sumCheck] } });
    expect(corrected.findings.map((f) => [f.status, f.corrections?.[0]?.justification])).toEqual([["corrected", "misprint"]]);
  });

  test("a corrected figure in a finding shows the printed value and the correction", async () => {
    const corrections = [`${RUSSIA},60,61,typo,A. Reviewer,2025-01-10`];
    w.cleanup();
    w = await syntheticWarehouse(undefined, corrections);
    const r = await run({ checks: { checks: [sumCheck] }, corrections });
    expect(r.findings[0]!.observations[1]).toMatchObject({ ref: RUSSIA, value: "60", value_base: 61000, corrected: 61 });
  });

  test("a correction naming no observation, or not matching the printed value, is reported with file, line and column", async () => {
    const errors = await inputErrors(
      syntheticWarehouse(undefined, [`${TOTAL},1OO,90,typo,A. Reviewer,2025-01-10`, `demo:t01/Nowhere/2006,5,6,typo,A. Reviewer,2025-01-10`]),
    );
    expect(errors).toEqual([
      ["corrections.csv", 2, 2, "original-mismatch"],
      ["corrections.csv", 3, 1, "unknown-observation"],
    ]);
  });

  test("malformed correction and waiver rows are reported with file, line and column", async () => {
    const errors = await inputErrors(
      run({
        checks: { checks: [sumCheck] },
        waivers: ["not-an-id,reason,A. Reviewer,2025-01-10,", `${SUM_ID},reason,A. Reviewer,2025-02-30,`, `${SUM_ID},,A. Reviewer,2025-01-10,`],
        corrections: [`${TOTAL},100,"1,000",typo,A. Reviewer,2025-01-10`, `${TOTAL},100,90,typo,A. Reviewer,2025-01-10,extra`],
      }),
    );
    expect(errors).toEqual([
      ["waivers.csv", 2, 1, "invalid-waiver"],
      ["waivers.csv", 3, 4, "invalid-waiver"],
      ["waivers.csv", 4, 2, "invalid-waiver"],
      ["corrections.csv", 2, 3, "invalid-correction"],
      ["corrections.csv", 3, 7, "extra-cell"],
    ]);
  });

  test("invalid checks.json is reported with file, line and column; an unknown kind names the closest ones", async () => {
    const text = `{
  "checks": [
    { "id": "Total_Adds_Up", "kind": "sum-equals", "description": "bad id", "params": { "total": "a", "parts": ["b"] } },
    { "id": "typo", "kind": "sum-equal", "description": "unknown kind" },
    { "id": "no-params", "kind": "sum-equals", "description": "params missing" },
    { "id": "typo", "kind": "fixed", "description": "duplicate id", "params": { "targets": [] } },
    { "id": "extra", "kind": "fixed", "description": "x", "params": { "targets": [] }, "severity": "fatal" }
  ]
}
`;
    let thrown: InputErrors | undefined;
    try {
      await runChecks({ dbPath: w.db, ...writeConfig(w.dir, { checks: text }), kinds: fakeKinds });
    } catch (e) {
      thrown = e as InputErrors;
    }
    expect(thrown).toBeInstanceOf(InputErrors);
    expect(thrown!.errors.map((e) => [e.line, e.column, e.code, e.cell])).toEqual([
      [3, 13, "invalid-checks", "Total_Adds_Up"],
      [7, 100, "invalid-checks", "fatal"],
    ]);
    // once the schema passes, the checks are resolved against the kinds
    const resolved = text.replace("Total_Adds_Up", "total-adds-up").replace('"fatal"', '"error"');
    try {
      await runChecks({ dbPath: w.db, ...writeConfig(w.dir, { checks: resolved }), kinds: fakeKinds });
      expect.unreachable();
    } catch (e) {
      const errors = (e as InputErrors).errors;
      expect(errors.map((x) => [x.line, x.column, x.code])).toEqual([
        [4, 29, "unknown-check-kind"],
        [5, 5, "invalid-check-params"],
        [5, 5, "invalid-check-params"],
        [6, 13, "duplicate-check-id"],
      ]);
      expect(errors[0]!.expected).toBe("a known kind; closest: sum-equals, broken, fixed");
      expect(errors[1]!.expected).toBe("no-params: params.total: an obs_id");
    }
  });

  test("closestKinds orders by edit distance", () => {
    expect(closestKinds("sum-of-part", ["ratio-bounds", "sum-of-parts", "same-figure"])).toEqual(["sum-of-parts", "same-figure", "ratio-bounds"]);
    expect(closestKinds("x", [])).toEqual([]);
  });

  test("a missing warehouse is a NoWarehouseError (and no file is created)", async () => {
    const db = join(w.dir, "none.duckdb");
    await expect(runChecks({ dbPath: db, ...writeConfig(w.dir, { checks: { checks: [sumCheck] } }), kinds: fakeKinds })).rejects.toThrow(NoWarehouseError);
    expect(existsSync(db)).toBe(false);
  });

  test("a kind whose SQL fails is a CheckRunError naming the check", async () => {
    await expect(run({ checks: { checks: [{ id: "bad-sql", kind: "broken", description: "x" }] } })).rejects.toThrow(CheckRunError);
    await expect(run({ checks: { checks: [{ id: "bad-sql", kind: "broken", description: "x" }] } })).rejects.toThrow(/^check bad-sql \(kind broken\) failed to run: its SQL failed: /);
  });

  test("with corrections (the printed pass in a transaction a failure aborts), a failing kind is still the CheckRunError naming the check", async () => {
    const corrections = [`${TOTAL},100,90,misprint,A. Reviewer,2025-01-10`];
    w.cleanup();
    w = await syntheticWarehouse(undefined, corrections);
    // a binder error and an error raised while the query runs
    const raising: CheckKind = { ...broken, kind: "raising", compile: () => "SELECT error('boom') AS target, []::VARCHAR[] AS obs_ids, '' AS message, '{}' AS details" };
    const kinds = new Map([...fakeKinds, ["raising", raising]]);
    for (const [id, kind, why] of [["bad-sql", "broken", /no_such_table/], ["boom", "raising", /boom/]] as const) {
      const error = await runChecks({ dbPath: w.db, ...writeConfig(w.dir, { checks: { checks: [{ id, kind, description: "x" }] }, corrections }), kinds, today: "2025-06-01" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckRunError);
      expect(String((error as Error).message)).toMatch(new RegExp(`^check ${id} \\(kind ${kind}\\) failed to run: its SQL failed: `));
      expect(String((error as Error).message)).toMatch(why);
    }
    // the warehouse is left as it was: the next run finds what it found
    const r = await runChecks({ dbPath: w.db, ...writeConfig(w.dir, { checks: { checks: [sumCheck] }, corrections }), kinds, today: "2025-06-01" });
    expect(r.findings.map((f) => f.id)).toEqual([SUM_ID]);
  });

  test("a kind naming an observation that does not exist is a CheckRunError", async () => {
    await expect(run({ checks: { checks: [fixedCheck(["x"], { params: { targets: ["x"], obs: ["demo:nope"] } })] } })).rejects.toThrow(
      'check always-fails (kind fixed) failed to run: target "x" names observation "demo:nope", which is not in observations',
    );
  });

  test("findings and finding_observations are stored in the warehouse", async () => {
    await run({ checks: { checks: [sumCheck, fixedCheck(["x"])] }, waivers: [`${SUM_ID},known,A. Reviewer,2025-01-10,`] });
    expect(await query(`SELECT id, "check", kind, target, severity, waived, message, explanation, details::VARCHAR AS details FROM findings ORDER BY id`)).toEqual([
      { id: findingId("fixed", "always-fails", "x"), check: "always-fails", kind: "fixed", target: "x", severity: "warning", waived: false, message: "failed at x", explanation: null, details: "{}" },
      { id: SUM_ID, check: "total-adds-up", kind: "sum-equals", target: TOTAL, severity: "error", waived: true, message: "total 100000.0 but the parts sum to 90000.0", explanation: "10000 unaccounted for among 4 observations", details: '{"total":100000,"sum":90000,"residual":10000}' },
    ]);
    expect(await query(`SELECT finding_id, position, obs_id FROM finding_observations WHERE finding_id = '${SUM_ID}' ORDER BY position`)).toEqual([
      { finding_id: SUM_ID, position: 1, obs_id: TOTAL },
      { finding_id: SUM_ID, position: 2, obs_id: RUSSIA },
      { finding_id: SUM_ID, position: 3, obs_id: GEORGIA },
    ]);
    // a passing run empties them
    await run({ checks: { checks: [fixedCheck([])] } });
    expect(await query("SELECT count(*)::INTEGER AS n FROM findings")).toEqual([{ n: 0 }]);
  });
});

describe("checkCommand", () => {
  const io = (isTTY = false, env: Record<string, string> = {}) => {
    const out = { stdout: "", stderr: "" };
    const value: CheckIo = {
      stdout: { write: (s: string) => (out.stdout += s), isTTY },
      stderr: { write: (s: string) => (out.stderr += s) },
      env,
      kinds: fakeKinds,
    };
    return { out, io: value };
  };
  const args = (config: Parameters<typeof writeConfig>[1], ...extra: string[]) => {
    const files = writeConfig(w.dir, config);
    return ["--db", w.db, "--checks", files.checksFile, "--waivers", files.waiversFile, "--corrections", files.correctionsFile, "--today", "2025-06-01", ...extra];
  };

  test("exit 1 on an unwaived error", async () => {
    const { out, io: x } = io();
    expect(await checkCommand(args({ checks: { checks: [sumCheck] } }), x)).toBe(1);
    expect(out.stdout).toContain("✗ error  total 100000.0 but the parts sum to 90000.0");
    expect(out.stderr).toContain("check total-adds-up: 1 finding(s)");
  });

  test("exit 0 when the only error is waived, or there are only warnings", async () => {
    const { io: x } = io();
    expect(await checkCommand(args({ checks: { checks: [sumCheck] }, waivers: [`${SUM_ID},known,A. Reviewer,2025-01-10,`] }), x)).toBe(0);
    expect(await checkCommand(args({ checks: { checks: [fixedCheck(["x"])] } }), x)).toBe(0);
    expect(await checkCommand(args({ checks: { checks: [{ ...sumCheck, severity: "warning" }] } }), x)).toBe(0);
  });

  test("exit 1 again when the waiver has expired", async () => {
    const { io: x } = io();
    expect(await checkCommand(args({ checks: { checks: [sumCheck] }, waivers: [`${SUM_ID},known,A. Reviewer,2025-01-10,2025-05-01`] }), x)).toBe(1);
  });

  test("exit 2 without a warehouse, saying what to do", async () => {
    const { out, io: x } = io();
    const missing = join(w.dir, "missing.duckdb");
    const a = args({ checks: { checks: [sumCheck] } });
    a[1] = missing;
    expect(await checkCommand(a, x)).toBe(2);
    expect(out.stderr).toContain(`checks could not run: no warehouse at ${missing}: run npm run build first`);
    expect(out.stdout).toBe("");
  });

  /** The check command's exit code and output on the test warehouse once `sql` has aged it. */
  const onAgedWarehouse = async (sql: string) => {
    const wh = await Warehouse.open(w.db);
    try {
      await wh.run(sql);
    } finally {
      wh.close();
    }
    const { out, io: x } = io();
    return { code: await checkCommand(args({ checks: { checks: [sumCheck] } }), x), out };
  };

  test("exit 2 on a warehouse an earlier version built (a table of the schema missing), saying to rebuild", async () => {
    const { code, out } = await onAgedWarehouse("DROP TABLE figure_refs");
    expect(code).toBe(2);
    expect(out.stderr).toContain(`checks could not run: the warehouse at ${w.db} was built by an earlier version of the workspace (it has no table figure_refs): rebuild it with npm run build`);
    expect(out.stdout).toBe("");
  });

  test("exit 2 on a warehouse whose tables lack a column of the schema, naming it", async () => {
    const { code, out } = await onAgedWarehouse("ALTER TABLE table_hierarchy DROP COLUMN part_key");
    expect(code).toBe(2);
    expect(out.stderr).toContain(`(it has no column table_hierarchy.part_key): rebuild it with npm run build`);
  });

  test("exit 2 on invalid configuration, each problem with file:line:column", async () => {
    const { out, io: x } = io();
    const a = args({ checks: { checks: [{ ...sumCheck, kind: "sum-equal" }] } });
    expect(await checkCommand(a, x)).toBe(2);
    expect(out.stderr).toContain(`${a[3]}:5:15: unknown-check-kind: "sum-equal" (expected a known kind; closest: sum-equals, broken, fixed)`);
    expect(out.stderr).toContain("checks could not run: 1 problem(s) in the check configuration; fix them and run again");
  });

  test("exit 2 on a bad option or format", async () => {
    const { out, io: x } = io();
    expect(await checkCommand(["--format", "xml"], x)).toBe(2);
    expect(out.stderr).toContain('unknown format "xml"');
    expect(await checkCommand(["--frobnicate"], x)).toBe(2);
    expect(out.stderr).toContain("usage: npm run check");
  });

  test("--format json prints only the JSON report, valid against findings.schema.json", async () => {
    const { out, io: x } = io();
    expect(await checkCommand(args({ checks: { checks: [sumCheck] } }, "--format", "json"), x)).toBe(1);
    const doc = JSON.parse(out.stdout);
    expect(validatorFor("findings")(doc)).toBe(true);
    expect(doc.summary).toEqual({ errors: 1, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 1, checks_run: 1, expired_waivers: 0, unmatched_waivers: 0,
      packages: [{ package: "demo", errors: 1, warnings: 0, infos: 0, waived: 0, corrected: 0, total: 1 }] });
    expect(out.stderr).toContain("1 error, 0 warnings, 0 infos, 0 waived");
  });

  test("colour only on a TTY without NO_COLOR", async () => {
    const config = { checks: { checks: [sumCheck] } };
    const tty = io(true);
    await checkCommand(args(config), tty.io);
    expect(tty.out.stdout).toContain("\u001b[31m");
    const noColor = io(true, { NO_COLOR: "1" });
    await checkCommand(args(config), noColor.io);
    expect(noColor.out.stdout).not.toContain("\u001b[");
    const pipe = io(false);
    await checkCommand(args(config), pipe.io);
    expect(pipe.out.stdout).not.toContain("\u001b[");
  });

  test("--output writes the report atomically to a new folder and nothing to stdout", async () => {
    const { out, io: x } = io(true);
    const file = join(w.dir, "reports", "checks.xml");
    expect(await checkCommand(args({ checks: { checks: [sumCheck] } }, "--format", "junit", "--output", file), x)).toBe(1);
    expect(out.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(readdirSync(join(w.dir, "reports"))).toEqual(["checks.xml"]);
    expect(out.stderr).toContain(`wrote the junit report to ${file}`);
    // a human report written to a file has no colour even from a TTY
    const human = join(w.dir, "reports", "checks.txt");
    await checkCommand(args({ checks: { checks: [sumCheck] } }, "--output", human), x);
    expect(readFileSync(human, "utf8")).not.toContain("\u001b[");
    rmSync(join(w.dir, "reports"), { recursive: true });
  });
});
