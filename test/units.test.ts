import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNumber } from "../pipelines/parse/numbers.ts";
import type { MissingMeaning, NumberFormat, ParsedNumber } from "../pipelines/parse/numberTypes.ts";
import { baseValue } from "../pipelines/parse/baseValue.ts";
import { readReferenceCsv, UnitRegistry, type UnitInfo } from "../pipelines/reference/units.ts";

const { registry, errors } = UnitRegistry.load();
const EN: NumberFormat = { decimal: ".", group: "," };
const EU: NumberFormat = { decimal: ",", group: " " };
const MISSING: Record<string, MissingMeaning> = { "": "missing", "-": "nil", "N/A": "not-available" };

const unit = (printed: string): UnitInfo => {
  const u = registry.resolve(printed);
  if ("ok" in u) throw new Error(`unknown unit ${printed}`);
  return u;
};
const num = (text: string, format = EN): ParsedNumber => {
  const n = parseNumber(text, format, MISSING);
  if (!n.ok) throw new Error(`unparseable ${text}`);
  return n;
};

describe("units.csv", () => {
  test("loads without errors", () => {
    expect(errors).toEqual([]);
    expect(registry.size).toBeGreaterThanOrEqual(40);
  });

  test.each<[string, string, number]>([
    ["persons", "persons", 1],
    ["person", "persons", 1],
    ["people", "persons", 1],
    ["Persons", "persons", 1],
    ["thousand persons", "persons", 1000],
    ["Thousand  persons", "persons", 1000],
    ["  thousand persons ", "persons", 1000],
    ["migrants", "persons", 1],
    ["victims", "persons", 1],
    ["cases", "cases", 1],
    ["USD", "USD", 1],
    ["usd", "USD", 1],
    ["US $", "USD", 1],
    ["US$", "USD", 1],
    ["million USD", "USD", 1e6],
    ["million US$", "USD", 1e6],
    ["USD million", "USD", 1e6],
    ["billion USD", "USD", 1e9],
    ["%", "ratio", 0.01],
    ["per cent", "ratio", 0.01],
    ["percent", "ratio", 0.01],
    ["migrants/1,000 population", "ratio", 0.001],
    ["per 1,000 population", "ratio", 0.001],
    ["‰", "ratio", 0.001],
    ["sq km", "km2", 1],
    ["km2", "km2", 1],
    ["km²", "km2", 1],
    ["rank", "rank", 1],
    ["ratio", "ratio", 1],
    ["index", "index", 1],
    ["count", "count", 1],
    ["years", "years", 1],
  ])("%j -> %s x %d", (printed, baseUnit, multiplier) => {
    expect(registry.resolve(printed)).toMatchObject({ baseUnit, multiplier });
  });

  test("an unknown unit lists the closest known units", () => {
    expect(registry.resolve("persns")).toEqual({
      ok: false,
      code: "unknown-unit",
      expected: expect.stringMatching(/^a unit listed in sources\/_reference\/units\.csv; closest: "persons", "person"/),
    });
    const r = registry.resolve("milion USD");
    expect(r).toMatchObject({ ok: false, code: "unknown-unit" });
    expect((r as { expected: string }).expected).toContain('"million USD"');
  });

  test("nothing is guessed: an empty or unlisted unit is unknown", () => {
    for (const printed of ["", "  ", "dollars", "USD millions", "constructor", "__proto__"]) {
      expect(registry.resolve(printed)).toMatchObject({ ok: false, code: "unknown-unit" });
    }
  });

  test("the base units agree with the measures vocabulary", () => {
    const bases = new Set(registry.units().map((u) => u.baseUnit));
    for (const b of ["persons", "cases", "ratio", "USD"]) expect(bases.has(b)).toBe(true);
  });
});

describe("UnitRegistry.load: problems are reported, not thrown", () => {
  const write = (text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), "units-")), "units.csv");
    writeFileSync(file, text);
    return file;
  };

  test("every bad row with line and column", () => {
    const file = write(
      "unit,base_unit,multiplier\r\npersons,persons,1\r\n\r\nthousand,persons,x\r\n,persons,1\r\nPERSONS,persons,1\r\nUSD,,1\r\nzero,persons,0\r\n\"a,b\",persons,2\r\nragged,1\r\n",
    );
    const { registry: r, errors: e } = UnitRegistry.load(file);
    expect(e.map((x) => [x.code, x.line, x.column, x.cell])).toEqual([
      ["ragged-row", 10, 0, "ragged,1"],
      ["invalid-multiplier", 4, 3, "x"],
      ["empty-unit", 5, 1, ""],
      ["duplicate-unit", 6, 1, "PERSONS"],
      ["empty-base-unit", 7, 2, ""],
      ["invalid-multiplier", 8, 3, "0"],
    ]);
    expect(e.every((x) => x.file === file)).toBe(true);
    expect(r.units().map((u) => u.unit)).toEqual(["persons", "a,b"]);
  });

  test("a wrong header", () => {
    const { errors: e } = UnitRegistry.load(write("unit,base,multiplier\npersons,persons,1\n"));
    expect(e).toMatchObject([{ code: "wrong-header", line: 1, cell: "unit,base,multiplier", expected: "the header unit,base_unit,multiplier" }]);
  });

  test("an empty file and a missing file", () => {
    expect(UnitRegistry.load(write("")).errors).toMatchObject([{ code: "missing-header" }]);
    expect(UnitRegistry.load(join(tmpdir(), "no-such-dir-xyz", "units.csv")).errors).toMatchObject([{ code: "unreadable-file", line: 0, column: 0 }]);
  });

  test("line numbers survive quoted newlines and a BOM", () => {
    const file = write('\uFEFFunit,base_unit,multiplier\n"two\nlines",persons,1\nbad,persons,-1\n');
    const { errors: e } = readReferenceCsv(file, ["unit", "base_unit", "multiplier"]);
    expect(e).toEqual([]);
    expect(UnitRegistry.load(file).errors).toMatchObject([{ code: "invalid-multiplier", line: 4, column: 3 }]);
  });
});

describe("baseValue", () => {
  test.each<[string, NumberFormat, string, number | null, number | null]>([
    ["-9,8", EU, "thousand persons", -9800, 50],
    ["- 5,1", EU, "thousand persons", -5100, 50],
    ["2.2 %", EN, "%", 0.022, 0.0005],
    ["2.2", EN, "%", 0.022, 0.0005],
    ["2.2", EN, "per cent", 0.022, 0.0005],
    ["-16.2%", EN, "%", -0.162, 0.0005],
    ["6,222", EN, "persons", 6222, 0], // a whole count printed in its own unit is exact
    ["6,222", EN, "thousand persons", 6_222_000, 500],
    ["2.5", EN, "persons", 2.5, 0.05],
    ["1.15 million", EN, "persons", 1_150_000, 5000],
    ["1.15 million", EN, "USD", 1_150_000, 5000],
    ["1.15", EN, "million USD", 1_150_000, 5000],
    ["2", EN, "billion USD", 2e9, 5e8],
    ["3.5", EN, "migrants/1,000 population", 0.0035, 0.00005],
    ["-", EN, "persons", 0, 0],
    ["-", EN, "thousand persons", 0, 500],
    ["", EN, "persons", null, null],
    ["N/A", EN, "persons", null, null],
    ["one million", EN, "persons", 1e6, 5e5],
    ["86,600", EN, "sq km", 86600, 0.5],
  ])("%j %s -> %s (rounding %s)", (text, format, printed, value, rounding) => {
    const b = baseValue(num(text, format), unit(printed));
    expect(b.value_base).toBe(value);
    expect(b.rounding_base).toBe(rounding);
  });

  test("a % sign makes the figure a ratio whatever the unit", () => {
    expect(baseValue(num("4%"), unit("persons"))).toEqual({
      value_base: 0.04,
      low_base: null,
      high_base: null,
      rounding_base: 0.005,
      base_unit: "ratio",
      multiplier: 0.01,
    });
  });

  test("a % sign with unit % is not divided twice", () => {
    expect(baseValue(num("57.8 %"), unit("%"))).toMatchObject({ value_base: 0.578, base_unit: "ratio", multiplier: 0.01 });
  });

  test("ranges keep their ends in base units", () => {
    expect(baseValue(num("16 to 25"), unit("thousand persons"))).toEqual({
      value_base: null,
      low_base: 16000,
      high_base: 25000,
      rounding_base: 500,
      base_unit: "persons",
      multiplier: 1000,
    });
    expect(baseValue(num("10-15%"), unit("%"))).toMatchObject({ low_base: 0.1, high_base: 0.15 });
  });

  test("property: value_base is value x multiplier, free of float noise for printed decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom("persons", "thousand persons", "%", "million USD", "‰"), (n, decimals, printed) => {
        const text = (n / 10 ** decimals).toFixed(decimals);
        const u = unit(printed);
        const b = baseValue(num(text), u);
        expect(b.value_base).toBe(Number(((n * u.multiplier) / 10 ** decimals).toPrecision(15)));
        const exact = decimals === 0 && u.multiplier === 1 && u.baseUnit === "persons";
        expect(b.rounding_base).toBeCloseTo(exact ? 0 : 0.5 * 10 ** -decimals * u.multiplier, 12);
      }),
    );
  });
});

describe("UnitRegistry.resolve: properties", () => {
  test("never throws, always a unit or a typed failure", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (printed) => {
        const r = registry.resolve(printed);
        if ("ok" in r) {
          expect(r).toMatchObject({ ok: false, code: "unknown-unit" });
          expect(typeof r.expected).toBe("string");
        } else {
          expect(typeof r.baseUnit).toBe("string");
          expect(r.multiplier).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("every listed unit resolves to itself under any case and spacing", () => {
    const units = registry.units();
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.boolean(), fc.constantFrom(" ", "  ", "\t", "\u00A0"), (u, upper, space) => {
        const printed = ` ${(upper ? u.unit.toUpperCase() : u.unit.toLowerCase()).replace(/ /g, space)} `;
        expect(registry.resolve(printed)).toEqual(u);
      }),
    );
  });
});
