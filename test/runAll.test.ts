// runAll shares the checks of a pass between connections: whatever order the checks end in, their
// findings, runs and log lines come in the declared order, and a failure stops the checks not yet started.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CheckRunError } from "../checks/errors.ts";
import { runAll } from "../checks/runCheck.ts";
import type { CheckDeclaration, CheckKind } from "../checks/types.ts";
import { Warehouse } from "../pipelines/core/duckdb.ts";

/** A kind whose query takes `rows` rows of work before it returns one failure named after the check. */
const slowKind: CheckKind = {
  kind: "slow",
  defaultSeverity: "error",
  summary: "a query that takes a while",
  validate: () => [],
  compile: (c) =>
    `SELECT ${`'${c.id}'`} AS target, ['x']::VARCHAR[] AS obs_ids, 'slow' AS message, '{}' AS details
     FROM (SELECT sum(hash(i)) AS h FROM range(${Number(c.params?.["rows"] ?? 0)}) t(i)) WHERE h IS NOT NULL OR h IS NULL`,
};
const failingKind: CheckKind = {
  kind: "failing",
  defaultSeverity: "error",
  summary: "a query that fails",
  validate: () => [],
  compile: () => "SELECT * FROM no_such_table",
};
const kinds = new Map([slowKind, failingKind].map((k) => [k.kind, k]));
const slow = (id: string, rows: number): CheckDeclaration => ({ id, kind: "slow", description: id, params: { rows } });

/** The connection, noting the target of each check query when it ends. */
const recording = (c: Warehouse, ended: string[]): Warehouse =>
  new Proxy(c, {
    get(target, prop) {
      if (prop === "all") {
        return async (sql: string) => {
          const rows = await target.all(sql);
          const m = /SELECT '([^']+)' AS target/.exec(sql);
          if (m) ended.push(m[1]!);
          return rows;
        };
      }
      const v: unknown = Reflect.get(target, prop);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });

let wh: Warehouse;
let other: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(":memory:", { threads: "1" });
  other = await wh.connectAgain();
});
afterAll(() => {
  other.close();
  wh.close();
});

describe("runAll on two connections", () => {
  test("a check that ends first is still reported in its declared place", async () => {
    // the first check is long, the three after it short: the second connection ends them first
    const selected = [slow("long", 30_000_000), slow("a", 0), slow("b", 0), slow("c", 0)];
    const log: string[] = [];
    const ended: string[] = [];
    const r = await runAll([recording(wh, ended), recording(other, ended)], kinds, selected, (l) => log.push(l), "");
    // (what the test is about: the long one did end last)
    expect(ended).toHaveLength(4);
    expect(ended.at(-1)).toBe("long");
    expect(r.findings.map((f) => f.target)).toEqual(["long", "a", "b", "c"]);
    expect(r.runs.map((x) => x.id)).toEqual(["long", "a", "b", "c"]);
    expect(log.map((l) => l.split(":")[0])).toEqual(["check long", "check a", "check b", "check c"]);
    // the runs' seconds are each check's own
    expect(r.runs[0]!.seconds).toBeGreaterThan(0);
  });

  test("after a failure no other check starts, and the first failure in the declared order is thrown", async () => {
    const started: string[] = [];
    const spy = new Map([...kinds].map(([name, k]): [string, CheckKind] => [name, { ...k, compile: (c) => (started.push(c.id), k.compile(c)) }]));
    const selected = [slow("first", 0), { id: "broken", kind: "failing", description: "fails" }, slow("x", 0), slow("y", 0), slow("z", 0)];
    const log: string[] = [];
    const error = await runAll([wh, other], spy, selected, (l) => log.push(l), "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckRunError);
    expect(String((error as Error).message)).toContain("broken");
    // at most the check the other connection had taken when it failed: never all of them
    expect(started.length).toBeLessThan(selected.length);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^check first: 1 finding\(s\) \(\d+\.\d\d s\)$/);
  });

  test("one connection runs them one after the other with the same results", async () => {
    const selected = [slow("long", 1_000_000), slow("a", 0), slow("b", 0)];
    const both = await runAll([wh, other], kinds, selected, () => {}, "");
    const one = await runAll([wh], kinds, selected, () => {}, "");
    const strip = (r: typeof one) => ({ findings: r.findings, runs: r.runs.map((x) => ({ ...x, seconds: 0 })) });
    expect(strip(both)).toEqual(strip(one));
  });
});
