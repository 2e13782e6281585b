import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lookupQualifier, QualifierRegistry, qualifierInterval, type Bound } from "../pipelines/reference/qualifiers.ts";

describe("qualifiers.csv", () => {
  test("loads without errors", () => {
    const { registry, errors } = QualifierRegistry.load();
    expect(errors).toEqual([]);
    expect(registry.size).toBe(33);
  });

  test.each<[string, Bound, number]>([
    ["", "point", 0],
    ["approximately", "approx", 0.1],
    ["Approximately", "approx", 0.1],
    ["about", "approx", 0.1],
    ["around", "approx", 0.1],
    ["some", "approx", 0.1],
    ["roughly", "approx", 0.1],
    ["nearly", "upper", 0.1],
    ["almost", "upper", 0.1],
    ["close to", "upper", 0.1],
    ["Close  to", "upper", 0.1],
    ["up to", "upper", 1],
    ["at most", "upper", 1],
    ["as high as", "upper", 1],
    ["less than", "upper", 1],
    ["under", "upper", 1],
    ["over", "lower", Infinity],
    ["more than", "lower", Infinity],
    ["exceeding", "lower", Infinity],
    ["surpassing", "lower", Infinity],
    ["at least", "lower", Infinity],
    ["between", "range", 0],
    ["estimate", "approx", 0.1],
    ["unofficial", "approx", 0.1],
    ["cumulative", "point", 0],
    ["  ", "point", 0],
  ])("%j -> %s (widen %d)", (q, bound, widen) => {
    expect(lookupQualifier(q)).toMatchObject({ ok: true, bound, widen });
  });

  test("the answer names the qualifier as listed", () => {
    expect(lookupQualifier(" More  Than ")).toEqual({ ok: true, qualifier: "more than", bound: "lower", widen: Infinity });
  });

  test("an unknown qualifier lists every known one", () => {
    const r = lookupQualifier("approximatly");
    expect(r).toMatchObject({ ok: false, code: "unknown-qualifier" });
    const expected = (r as { expected: string }).expected;
    expect(expected.startsWith('one of "", "approximately", ')).toBe(true);
    expect(expected.endsWith('"between", "cumulative"')).toBe(true);
    for (const q of ["about", "nearly", "up to", "more than", "at least", "less than"]) expect(expected).toContain(JSON.stringify(q));
  });

  test.each(["approximatly", "circa.", "more", "than", "toString", "constructor", "__proto__", "up  to  about"])("%j is unknown", (q) => {
    expect(lookupQualifier(q)).toMatchObject({ ok: false, code: "unknown-qualifier" });
  });
});

describe("QualifierRegistry.load: problems are reported, not thrown", () => {
  test("every bad row with line and column", () => {
    const file = join(mkdtempSync(join(tmpdir(), "qualifiers-")), "qualifiers.csv");
    writeFileSync(
      file,
      "qualifier,bound,widen\nabout,approx,0.1\nAbout,approx,0.1\nnear,somewhere,0.1\nup to,upper,2\nover,lower,-1\nbetween,range,0.5\nexactly,point,x\n",
    );
    const { registry, errors } = QualifierRegistry.load(file);
    expect(errors.map((e) => [e.code, e.line, e.column, e.cell])).toEqual([
      ["duplicate-qualifier", 3, 1, "About"],
      ["invalid-bound", 4, 2, "somewhere"],
      ["invalid-widen", 5, 3, "2"],
      ["invalid-widen", 6, 3, "-1"],
      ["invalid-widen", 7, 3, "0.5"],
      ["invalid-widen", 8, 3, "x"],
    ]);
    expect(registry.qualifiers().map((q) => q.qualifier)).toEqual(["about"]);
    expect(lookupQualifier("up to", registry)).toEqual({ ok: false, code: "unknown-qualifier", expected: 'one of "about"' });
  });
});

describe("qualifierInterval", () => {
  const q = (name: string) => {
    const r = lookupQualifier(name);
    if (!r.ok) throw new Error(name);
    return r;
  };
  test.each<[string, number, number, number, number, number]>([
    ["", 100, 100, 0.5, 99.5, 100.5],
    ["about", 1000, 1000, 0, 900, 1100],
    ["about", -1000, -1000, 0, -1100, -900],
    ["nearly", 1000, 1000, 0.5, 899.5, 1000.5],
    ["up to", 1000, 1000, 0, 0, 1000],
    ["more than", 1000, 1000, 0, 1000, Infinity],
    ["more than", 0, 0, 0, 0, Infinity],
    ["between", 16, 25, 0.5, 15.5, 25.5],
  ])("%j %d..%d ±%d -> [%d, %d]", (name, low, high, rounding, a, b) => {
    expect(qualifierInterval(q(name), low, high, rounding)).toEqual({ low: a, high: b });
  });

  test("property: the interval always holds the printed value", () => {
    const { registry } = QualifierRegistry.load();
    fc.assert(
      fc.property(fc.constantFrom(...registry.qualifiers()), fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), (info, v, r) => {
        const { low, high } = qualifierInterval(info, v, v, r);
        expect(low <= v && v <= high).toBe(true);
      }),
    );
  });
});

describe("lookupQualifier: properties", () => {
  test("never throws, always ok or a typed failure", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (text) => {
        const r = lookupQualifier(text);
        if (r.ok) expect(["point", "upper", "lower", "approx", "range"]).toContain(r.bound);
        else expect(r).toMatchObject({ ok: false, code: "unknown-qualifier", expected: expect.any(String) });
      }),
      { numRuns: 2000 },
    );
  });
});
