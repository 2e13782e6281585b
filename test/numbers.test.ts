import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { expectedNumber, parseNumber } from "../pipelines/parse/numbers.ts";
import type { MissingMeaning, NumberFormat } from "../pipelines/parse/numberTypes.ts";
import { defaultNumberWords, loadNumberWords } from "../pipelines/reference/numberWords.ts";

const EN: NumberFormat = { decimal: ".", group: "," };
const EU: NumberFormat = { decimal: ",", group: " " };
const DE: NumberFormat = { decimal: ",", group: "." };
const MISSING: Record<string, MissingMeaning> = { "": "missing", "-": "nil", "N/A": "not-available" };

const single = (value: number, decimals = 0, scale = 1, percent = false) => ({
  ok: true,
  value,
  low: null,
  high: null,
  decimals,
  scale,
  percent,
  missing: null,
});
const range = (low: number, high: number, decimals = 0, scale = 1, percent = false) => ({
  ok: true,
  value: null,
  low,
  high,
  decimals,
  scale,
  percent,
  missing: null,
});

describe("parseNumber: digits", () => {
  test.each<[string, NumberFormat, number, number]>([
    ["6,222", EN, 6222, 0],
    ["1,365,004", EN, 1365004, 0],
    ["181,818", EN, 181818, 0],
    ["1,000", EN, 1000, 0],
    ["0", EN, 0, 0],
    ["42", EN, 42, 0],
    ["1234567", EN, 1234567, 0],
    ["3.14", EN, 3.14, 2],
    ["0.5", EN, 0.5, 1],
    [".5", EN, 0.5, 1],
    ["1,234.56", EN, 1234.56, 2],
    ["-9,8", EU, -9.8, 1],
    ["0,3", EU, 0.3, 1],
    ["- 5,1", EU, -5.1, 1],
    ["- 0,7", EU, -0.7, 1],
    ["1 365 004", EU, 1365004, 0],
    ["1\u00A0365\u00A0004", EU, 1365004, 0],
    ["1 234,5", EU, 1234.5, 1],
    ["1,000", EU, 1, 3],
    ["1.234,5", DE, 1234.5, 1],
    ["1.000", DE, 1000, 0],
    ["989, 586", EN, 989586, 0],
    ["6, 222", EN, 6222, 0],
    ["1, 365, 004", EN, 1365004, 0],
    ["  6,222  ", EN, 6222, 0],
    ["\t42\n", EN, 42, 0],
    ["\u22125", EN, -5, 0],
    ["\u2013 5", EN, -5, 0],
    ["\u20135", EN, -5, 0],
    ["-5", EN, -5, 0],
    ["+5", EN, 5, 0],
    ["+ 1,200", EN, 1200, 0],
    ["-0", EN, 0, 0],
  ])("%j (%o) -> %d with %d decimals", (text, format, value, decimals) => {
    expect(parseNumber(text, format, MISSING)).toEqual(single(value, decimals));
  });

  test("negative zero is normalized to 0", () => {
    const r = parseNumber("-0,0", EU, MISSING);
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });
});

describe("parseNumber: percentages", () => {
  test.each<[string, NumberFormat, number, number]>([
    ["2.2 %", EN, 2.2, 1],
    ["-16.2%", EN, -16.2, 1],
    ["57.8 % ", EN, 57.8, 1],
    ["4%", EN, 4, 0],
    ["+0.5%", EN, 0.5, 1],
    ["12,5 %", EU, 12.5, 1],
    ["100%", EN, 100, 0],
  ])("%j -> %d %% with %d decimals", (text, format, value, decimals) => {
    expect(parseNumber(text, format, MISSING)).toEqual(single(value, decimals, 1, true));
  });
});

describe("parseNumber: missing markers", () => {
  test.each<[string, number | null, MissingMeaning]>([
    ["", null, "missing"],
    ["   ", null, "missing"],
    ["-", 0, "nil"],
    [" - ", 0, "nil"],
    ["N/A", null, "not-available"],
    ["n/a", null, "not-available"],
    [" N/A ", null, "not-available"],
  ])("%j -> value %s (%s)", (text, value, meaning) => {
    expect(parseNumber(text, EN, MISSING)).toEqual({
      ok: true,
      value,
      low: null,
      high: null,
      decimals: 0,
      scale: 1,
      percent: false,
      missing: meaning,
    });
  });

  test("a marker the package does not declare is not a marker", () => {
    expect(parseNumber("-", EN, { "": "missing" }).ok).toBe(false);
    expect(parseNumber("", EN, {}).ok).toBe(false);
    expect(parseNumber("..", EN, MISSING).ok).toBe(false);
  });

  test("a marker declared by the package is read", () => {
    expect(parseNumber("..", EN, { "..": "not-available" })).toMatchObject({ ok: true, value: null, missing: "not-available" });
    expect(parseNumber("\u2013", EN, { "\u2013": "nil" })).toMatchObject({ ok: true, value: 0, missing: "nil" });
  });

  test("Object.prototype names are not markers", () => {
    for (const t of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(parseNumber(t, EN, MISSING).ok).toBe(false);
    }
  });
});

describe("parseNumber: scale words", () => {
  test.each<[string, number, number, number]>([
    ["1.15 million", 1_150_000, 2, 1e6],
    ["2 million", 2_000_000, 0, 1e6],
    ["57 million", 57_000_000, 0, 1e6],
    ["8.4 million", 8_400_000, 1, 1e6],
    ["1.2 billion", 1_200_000_000, 1, 1e9],
    ["500 thousand", 500_000, 0, 1e3],
    ["3 hundred", 300, 0, 100],
    ["2.5 Million", 2_500_000, 1, 1e6],
    ["-1.5 million", -1_500_000, 1, 1e6],
    ["0.1 million", 100_000, 1, 1e6],
    ["1,200 million", 1_200_000_000, 0, 1e6],
  ])("%j -> %d", (text, value, decimals, scale) => {
    expect(parseNumber(text, EN, MISSING)).toEqual(single(value, decimals, scale));
  });

  test("decimal comma with a scale word", () => {
    expect(parseNumber("1,15 million", EU, MISSING)).toEqual(single(1_150_000, 2, 1e6));
  });
});

describe("parseNumber: number words", () => {
  test.each<[string, number, number, number]>([
    ["one", 1, 0, 1],
    ["nine", 9, 0, 1],
    ["Nine", 9, 0, 1],
    ["twenty", 20, 0, 1],
    ["twenty-five", 25, 0, 1],
    ["twenty five", 25, 0, 1],
    ["fifty", 50, 0, 1],
    ["a hundred", 100, 0, 100],
    ["one hundred", 100, 0, 100],
    ["three hundred and fifty", 350, 0, 1],
    ["two thousand five hundred", 2500, 0, 100],
    ["three hundred and fifty thousand", 350_000, 0, 1000],
    ["a billion", 1e9, 0, 1e9],
    ["one million", 1e6, 0, 1e6],
    ["two million", 2e6, 0, 1e6],
    ["Two Million", 2e6, 0, 1e6],
    ["one million and a half", 1.5e6, 1, 1e6],
    ["a million and a half", 1.5e6, 1, 1e6],
    ["one and a half million", 1.5e6, 1, 1e6],
    ["half a million", 5e5, 1, 1e6],
    ["a quarter of a million", 250_000, 2, 1e6],
    ["half", 0.5, 1, 1],
    ["a half", 0.5, 1, 1],
    ["a quarter", 0.25, 2, 1],
    ["three quarters", 0.75, 2, 1],
    ["a third", 1 / 3, 2, 1],
    ["two thirds", 2 / 3, 2, 1],
    ["threefold", 3, 0, 1],
    ["three-fold", 3, 0, 1],
    ["tenfold", 10, 0, 1],
    ["3-fold", 3, 0, 1],
    ["2.5-fold", 2.5, 1, 1],
    ["zero", 0, 0, 1],
  ])("%j -> %d", (text, value, decimals, scale) => {
    expect(parseNumber(text, EN, MISSING)).toEqual(single(value, decimals, scale));
  });

  test.each(["a", "an", "and", "hundred", "million", "one one", "twenty twenty", "five twenty", "a a", "half half", "million one thousand", "thousand million", "one and", "one million and", "of", "a third of", "fold", "seventeenfold fold", "minus five"])(
    "%j is not a number",
    (text) => {
      expect(parseNumber(text, EN, MISSING)).toMatchObject({ ok: false, code: "unparseable-number" });
    },
  );
});

describe("parseNumber: ranges", () => {
  test.each<[string, NumberFormat, ReturnType<typeof range>]>([
    ["16 to 25", EN, range(16, 25)],
    ["16-25", EN, range(16, 25)],
    ["16 - 25", EN, range(16, 25)],
    ["16\u201325", EN, range(16, 25)],
    ["16 \u2013 25", EN, range(16, 25)],
    ["between 16 and 25", EN, range(16, 25)],
    ["Between 579,000 and 687,000", EN, range(579_000, 687_000)],
    ["between 579,000 and 687,000", EN, range(579_000, 687_000)],
    ["from 10 to 12", EN, range(10, 12)],
    ["1.5 to 2 million", EN, range(1_500_000, 2_000_000, 1, 1e6)],
    ["1.5-2 million", EN, range(1_500_000, 2_000_000, 1, 1e6)],
    ["500,000 to 1 million", EN, range(500_000, 1_000_000, 0, 1e6)],
    ["10-15%", EN, range(10, 15, 0, 1, true)],
    ["10%-15%", EN, range(10, 15, 0, 1, true)],
    ["2,5-3,5", EU, range(2.5, 3.5, 1)],
    ["-5 - 10", EN, range(-5, 10)],
    ["two to three million", EN, range(2_000_000, 3_000_000, 0, 1e6)],
    ["between one and two million", EN, range(1_000_000, 2_000_000, 0, 1e6)],
  ])("%j -> range", (text, format, expected) => {
    expect(parseNumber(text, format, MISSING)).toEqual(expected);
  });

  test.each(["25 to 16", "25-16", "16 to", "to 25", "between 16", "between 16 and", "10%-15", "1-2-3"])("%j is not a range", (text) => {
    expect(parseNumber(text, EN, MISSING).ok).toBe(false);
  });
});

describe("parseNumber: failures", () => {
  const EN_EXPECTED =
    'a number such as 1,234 or -9.8 (decimal mark \'.\', thousands separator \',\'), a percentage, or one of the missing markers "", "-", "N/A"';

  test.each(["1,23", "12,3456", "1,2345", ",123", "1,,000", "1..2", "1.2.3", "abc", "12a", "1 2", "--5", "5-", "%", "5 %%", "(5)", "1e5", "0x10", "Infinity", "NaN", "5.", "1,000.", "6,222*", "12 345"])(
    "%j is unparseable with group ','",
    (text) => {
      expect(parseNumber(text, EN, MISSING)).toEqual({ ok: false, code: "unparseable-number", expected: EN_EXPECTED });
    },
  );

  test("the expected text is built from the format and markers", () => {
    expect(parseNumber("x", EU, { "-": "nil" })).toEqual({
      ok: false,
      code: "unparseable-number",
      expected: "a number such as 1 234 or -9,8 (decimal mark ',', thousands separator ' '), a percentage, or one of the missing markers \"-\"",
    });
    expect(expectedNumber({ decimal: ".", group: "" }, {})).toBe(
      "a number such as 1234 or -9.8 (decimal mark '.', no thousands separator) or a percentage",
    );
  });

  test("a format without group separator refuses groups", () => {
    expect(parseNumber("1,000", { decimal: ".", group: "" }, MISSING).ok).toBe(false);
    expect(parseNumber("1000", { decimal: ".", group: "" }, MISSING)).toEqual(single(1000));
  });

  test("the ambiguity trap: the format decides what 1,000 is", () => {
    expect(parseNumber("1,000", EN, MISSING)).toMatchObject({ value: 1000, decimals: 0 });
    expect(parseNumber("1,000", EU, MISSING)).toMatchObject({ value: 1, decimals: 3 });
    expect(parseNumber("1.000", DE, MISSING)).toMatchObject({ value: 1000, decimals: 0 });
    expect(parseNumber("1.000", EN, MISSING)).toMatchObject({ value: 1, decimals: 3 });
  });

  test("a stray space after a group separator is only dropped before exactly three digits", () => {
    expect(parseNumber("989, 58", EN, MISSING).ok).toBe(false);
    expect(parseNumber("989, 5866", EN, MISSING).ok).toBe(false);
    expect(parseNumber("989 ,586", EN, MISSING).ok).toBe(false);
  });

  test("an unusable format is a failure, not an exception", () => {
    for (const format of [{ decimal: ",", group: "," }, { decimal: "", group: "," }, { decimal: "1", group: "," }]) {
      expect(parseNumber("1", format, MISSING)).toMatchObject({ ok: false, code: "invalid-number-format" });
    }
  });
});

describe("number-words.csv", () => {
  test("the shipped vocabulary loads without errors", () => {
    const { words, errors } = loadNumberWords();
    expect(errors).toEqual([]);
    expect(words.numbers.get("twenty")).toBe(20);
    expect(words.scales.get("million")).toBe(1e6);
    expect(words.fractions.get("third")).toBeCloseTo(1 / 3, 15);
    expect(defaultNumberWords().numbers.size).toBeGreaterThan(20);
  });

  test("a broken vocabulary reports every problem with line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "numwords-"));
    const file = join(dir, "words.csv");
    writeFileSync(file, "word,value,kind\none,1,number\ntwo,x,number\nThree Four,3,number\nfive,5,digit\none,1,number\nsix,6\n");
    const { words, errors } = loadNumberWords(file);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ["ragged-row", 7, 0],
      ["invalid-number-word-value", 3, 2],
      ["invalid-number-word", 4, 1],
      ["invalid-number-word-kind", 5, 3],
      ["duplicate-number-word", 6, 1],
    ]);
    expect([...words.numbers.keys()]).toEqual(["one"]);
    expect(parseNumber("one", EN, MISSING, words)).toEqual(single(1));
    expect(parseNumber("two", EN, MISSING, words).ok).toBe(false);
  });

  test("a missing file is an error value", () => {
    const { errors } = loadNumberWords(join(tmpdir(), "no-such-dir-xyz", "words.csv"));
    expect(errors).toMatchObject([{ code: "unreadable-file", line: 0, column: 0 }]);
  });
});

describe("parseNumber: properties", () => {
  const formats = fc.constantFrom<NumberFormat>(EN, EU, DE, { decimal: ".", group: "" }, { decimal: ".", group: "'" });
  const markers = fc.dictionary(fc.string({ maxLength: 4 }), fc.constantFrom<MissingMeaning>("nil", "missing", "not-available"), { maxKeys: 4 });

  const isTyped = (r: unknown): boolean => {
    const x = r as { ok: unknown; code?: unknown; expected?: unknown };
    return x.ok === true || (x.ok === false && typeof x.code === "string" && typeof x.expected === "string");
  };

  test("never throws, always answers ok or a typed failure (any string, any unicode)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), formats, markers, (text, format, missing) => {
        expect(isTyped(parseNumber(text, format, missing))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test("never throws on strings made of number-ish characters", () => {
    const chars = fc.constantFrom(..."0123456789,. -\u2212\u2013+%()abehilmnorstu".split(""));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 24 }), formats, (text, format) => {
        const r = parseNumber(text, format, MISSING);
        expect(isTyped(r)).toBe(true);
        if (r.ok) {
          expect(r.value === null || Number.isFinite(r.value)).toBe(true);
          expect(Number.isInteger(r.decimals) && r.decimals >= 0).toBe(true);
          expect(r.scale).toBeGreaterThan(0);
          if (r.value === null && r.missing === null) expect(r.low! <= r.high!).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  const group3 = (digits: string, sep: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

  test("round trip: an integer printed with thousands separators parses back", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), formats, (n, format) => {
        const text = (n < 0 ? "-" : "") + group3(String(Math.abs(n)), format.group);
        expect(parseNumber(text, format, MISSING)).toEqual(single(n === 0 ? 0 : n));
      }),
      { numRuns: 1000 },
    );
  });

  test("round trip: a decimal printed with a decimal comma parses back", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat({ max: 999_999_999 }),
        fc.string({ unit: fc.constantFrom(..."0123456789".split("")), minLength: 1, maxLength: 6 }),
        fc.constantFrom<NumberFormat>(EU, DE, { decimal: ",", group: "" }),
        (negative, int, frac, format) => {
          const text = (negative ? "-" : "") + group3(String(int), format.group) + "," + frac;
          const expected = Number(`${negative ? "-" : ""}${int}.${frac}`);
          expect(parseNumber(text, format, MISSING)).toEqual(single(expected === 0 ? 0 : expected, frac.length));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("round trip: a decimal with scale word is exact", () => {
    fc.assert(
      fc.property(fc.nat({ max: 9999 }), fc.nat({ max: 99 }), (int, cents) => {
        const frac = String(cents).padStart(2, "0");
        const r = parseNumber(`${int}.${frac} million`, EN, MISSING);
        expect(r).toEqual(single(int * 1_000_000 + cents * 10_000, 2, 1e6));
      }),
    );
  });
});
