import fc from "fast-check";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importCommand } from "../../pipelines/cli/import.ts";
import { importDocument } from "../../pipelines/import/importDocument.ts";

const REF = "sources/_reference";
const work = mkdtempSync(join(tmpdir(), "import-robust-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BASE = [
  "Migration in Armenia: A Country Profile 2008",
  "",
  "1. IMMIGRANTS",
  "",
  "1.1. Number of immigrants",
  "",
  "..... 235,600 (2005)¹",
  "",
  "Table 1. Immigration to Armenia in 2006 - 2007",
  "",
  "Countries of origin\t2006\t2007",
  "Total\t1,000\t1,100",
  "Russia\t600\t700",
  "Other countries\t400\t400",
  "",
  "Source: National Statistical Service of Armenia, 2008.",
  "",
  "¹ United Nations Population Division, 2005: Trends in Total Migrant Stock.",
  "",
  "According to the Ministry of Labour, about 12,000 persons left in 2007, of whom 7,000 were women.",
];

describe("import never throws", () => {
  it("on any deletion, duplication or truncation of a profile's lines, and on arbitrary text", () => {
    const mangled = fc.oneof(
      fc.array(fc.boolean(), { minLength: BASE.length, maxLength: BASE.length }).map((keep) => BASE.filter((_, i) => keep[i]).join("\n")),
      fc.tuple(fc.nat(BASE.length), fc.nat(BASE.length)).map(([a, b]) => [...BASE.slice(0, a), ...BASE.slice(b)].join("\n")),
      fc.tuple(fc.nat(BASE.length - 1), fc.nat(80)).map(([i, cut]) => BASE.map((l, j) => (j === i ? l.slice(0, cut) : l)).join("\n")),
      fc.string({ unit: "binary", maxLength: 300 }),
    );
    fc.assert(
      fc.property(mangled, (text) => {
        const r = importDocument(Buffer.from(text, "utf8"), "x.txt", { referenceDir: REF });
        // either a package or errors, never both and never neither
        expect(r.files.size > 0).toBe(r.errors.length === 0);
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it("exits 2 on a ragged table, writes nothing, and names the line", async () => {
    const doc = join(work, "ragged.txt");
    writeFileSync(doc, BASE.map((l) => (l === "Russia\t600\t700" ? "Russia\t600\t700\t5" : l)).join("\n"));
    const out = join(work, "out");
    const err: string[] = [];
    const code = await importCommand([doc, "--out", out], { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } });
    expect(code).toBe(2);
    expect(err.join("")).toContain(`${doc}:13:4: ragged-row:`);
    expect(readdirSync(work)).toEqual(["ragged.txt"]);
  });
});

describe("an import killed while it runs", () => {
  it("leaves no partial package: the folder is absent or whole, and the next import clears the debris", async () => {
    const { spawn } = await import("node:child_process");
    const { existsSync: exists, readFileSync: read } = await import("node:fs");
    const projectRoot = process.cwd();
    const main = join(projectRoot, "pipelines", "cli", "main.ts");
    const doc = join(work, "kill.txt");
    writeFileSync(doc, BASE.join("\n") + "\n");
    const parent = join(work, "kills");
    const target = join(parent, "armenia-2008");
    const runOnce = (killAfter: number | undefined) =>
      new Promise<number | null>((done) => {
        // node itself (not the tsx wrapper, whose child would survive the kill) runs the import
        const child = spawn(process.execPath, ["--import", "tsx", main, "import", doc, "--out", target, "--force"], { cwd: projectRoot, stdio: "ignore" });
        const started = Date.now();
        if (killAfter !== undefined) setTimeout(() => child.kill("SIGKILL"), killAfter);
        child.on("exit", (code) => done(killAfter === undefined ? Date.now() - started : code));
      });
    const whole = () => ["descriptor.json", "citations.csv", "footnotes.csv", "statements.csv", "review.csv", "tables/table-01.csv"].every((f) => exists(join(target, f)));
    const full = (await runOnce(undefined))!;
    expect(whole()).toBe(true);
    const reference = read(join(target, "statements.csv"), "utf8");
    for (const fraction of [0.5, 0.7, 0.85, 0.95, 1.0]) {
      await runOnce(Math.round(full * fraction));
      // the previous package stays whole (or the new one replaced it whole)
      expect(whole()).toBe(true);
      expect(read(join(target, "statements.csv"), "utf8")).toBe(reference);
    }
    await runOnce(undefined);
    expect(readdirSync(parent)).toEqual(["armenia-2008"]);
  }, 120_000);
});

describe("debris of a killed import", () => {
  it("is removed when its process is gone, and kept while it runs", async () => {
    const { mkdirSync } = await import("node:fs");
    const { writePackageAtomic } = await import("../../pipelines/import/writePackage.ts");
    const parent = join(work, "debris");
    const dead = join(parent, ".pkg.importing-999999999-abc");
    const running = join(parent, `.pkg.importing-${process.pid}-def`);
    const other = join(parent, ".other.importing-999999999-ghi");
    for (const d of [dead, running, other]) mkdirSync(d, { recursive: true });
    writePackageAtomic(join(parent, "pkg"), new Map([["a.txt", "x"]]), false);
    expect(readdirSync(parent).sort()).toEqual([".other.importing-999999999-ghi", `.pkg.importing-${process.pid}-def`, "pkg"].sort());
  });
});
