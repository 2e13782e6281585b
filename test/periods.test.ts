import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { daysInMonth, isLeapYear } from "../pipelines/parse/periodCalendar.ts";
import { parsePeriod, PERIOD_EXPECTED, referenceEnd, type ParsedPeriod } from "../pipelines/parse/periods.ts";

type Flags = Partial<Omit<ParsedPeriod, "ok" | "start" | "end">>;
const period = (start: string, end: string, flags: Flags = {}): ParsedPeriod => {
  const estimate = flags.estimate ?? false;
  const provisional = flags.provisional ?? false;
  return {
    ok: true,
    start,
    end,
    estimate,
    partial: flags.partial ?? false,
    provisional,
    cumulative: flags.cumulative ?? false,
    instant: flags.instant ?? false,
    approximate: flags.approximate ?? false,
    obsStatus: estimate ? "E" : provisional ? "P" : "A",
  };
};
const FAIL = { ok: false, code: "unparseable-period", expected: PERIOD_EXPECTED };

describe("parsePeriod: years and qualifiers", () => {
  test.each<[string, ParsedPeriod]>([
    ["2006", period("2006-01-01", "2006-12-31")],
    [" 2006 ", period("2006-01-01", "2006-12-31")],
    ["1995", period("1995-01-01", "1995-12-31")],
    ["2007 (estimate)", period("2007-01-01", "2007-12-31", { estimate: true })],
    ["2007(estimate)", period("2007-01-01", "2007-12-31", { estimate: true })],
    ["2007 (estimated)", period("2007-01-01", "2007-12-31", { estimate: true })],
    ["2007 (est.)", period("2007-01-01", "2007-12-31", { estimate: true })],
    ["2007 (Estimate)", period("2007-01-01", "2007-12-31", { estimate: true })],
    ["2007 (provisional)", period("2007-01-01", "2007-12-31", { provisional: true })],
    ["2007 (preliminary)", period("2007-01-01", "2007-12-31", { provisional: true })],
    ["2007 (preliminary data)", period("2007-01-01", "2007-12-31", { provisional: true })],
    ["2007(9 months)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2007 (9 months)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2007 (first 9 months)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2007 (nine months)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2008 (2 months)", period("2008-01-01", "2008-02-29", { partial: true })],
    ["2007 (1 month)", period("2007-01-01", "2007-01-31", { partial: true })],
    ["2007 (January-September)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2007 (Jan.\u2013Sept.)", period("2007-01-01", "2007-09-30", { partial: true })],
    ["2007 (April to June)", period("2007-04-01", "2007-06-30", { partial: true })],
    ["2007 (first half)", period("2007-01-01", "2007-06-30", { partial: true })],
    ["2007 (H2)", period("2007-07-01", "2007-12-31", { partial: true })],
    ["2007 (9 months, provisional)", period("2007-01-01", "2007-09-30", { partial: true, provisional: true })],
    ["2007 (9 months) (estimate)", period("2007-01-01", "2007-09-30", { partial: true, estimate: true })],
    ["2007 (estimate; provisional)", period("2007-01-01", "2007-12-31", { estimate: true, provisional: true })],
    ["2007 (cumulative)", period("2007-01-01", "2007-12-31", { cumulative: true })],
    ["1995 \u2013 2006 (estimate)", period("1995-01-01", "2006-12-31", { estimate: true })],
    ["in 2006", period("2006-01-01", "2006-12-31")],
    ["during 2006", period("2006-01-01", "2006-12-31")],
    ["the year 2006", period("2006-01-01", "2006-12-31")],
  ])("%j", (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  test("estimate wins over provisional for OBS_STATUS", () => {
    expect(parsePeriod("2007 (estimate, provisional)")).toMatchObject({ obsStatus: "E", estimate: true, provisional: true });
  });
});

describe("parsePeriod: spans", () => {
  test.each<[string, ParsedPeriod]>([
    ["1995 \u2013 2006", period("1995-01-01", "2006-12-31")],
    ["1995-2006", period("1995-01-01", "2006-12-31")],
    ["1995 - 2006", period("1995-01-01", "2006-12-31")],
    ["2004-2007", period("2004-01-01", "2007-12-31")],
    ["2005 \u2013 2006", period("2005-01-01", "2006-12-31")],
    ["2005\u20142006", period("2005-01-01", "2006-12-31")],
    ["1995 to 2006", period("1995-01-01", "2006-12-31")],
    ["from 1995 to 2006", period("1995-01-01", "2006-12-31")],
    ["between 1995 and 2006", period("1995-01-01", "2006-12-31")],
    ["in the period 2000 - 2006", period("2000-01-01", "2006-12-31")],
    ["the period 2000-2006", period("2000-01-01", "2006-12-31")],
    ["2005/2006", period("2005-01-01", "2006-12-31")],
    ["2005/06", period("2005-01-01", "2006-12-31")],
    ["1999/00", period("1999-01-01", "2000-12-31")],
    ["January-June 2007", period("2007-01-01", "2007-06-30")],
    ["January to June 2007", period("2007-01-01", "2007-06-30")],
    ["May 2003 - March 2007", period("2003-05-01", "2007-03-31")],
    ["2005-01-01 - 2005-06-30", period("2005-01-01", "2005-06-30")],
    ["1 January 2008 - 30 June 2008", period("2008-01-01", "2008-06-30")],
    ["Q1 2007", period("2007-01-01", "2007-03-31")],
    ["2007 Q4", period("2007-10-01", "2007-12-31")],
    ["first quarter of 2007", period("2007-01-01", "2007-03-31")],
    ["third quarter 2007", period("2007-07-01", "2007-09-30")],
    ["H1 2007", period("2007-01-01", "2007-06-30")],
    ["first half of 2007", period("2007-01-01", "2007-06-30")],
    ["second half of 2007", period("2007-07-01", "2007-12-31")],
    ["first 9 months of 2007", period("2007-01-01", "2007-09-30", { partial: true })],
    ["the first nine months of 2007", period("2007-01-01", "2007-09-30", { partial: true })],
    ["1990s", period("1990-01-01", "1999-12-31")],
    ["the 1990s", period("1990-01-01", "1999-12-31")],
    ["1990's", period("1990-01-01", "1999-12-31")],
    ["in the 1990s", period("1990-01-01", "1999-12-31")],
    ["early 2000s", period("2000-01-01", "2003-12-31", { approximate: true })],
    ["the mid-1990s", period("1994-01-01", "1996-12-31", { approximate: true })],
    ["late 1990s", period("1997-01-01", "1999-12-31", { approximate: true })],
    ["early 2006", period("2006-01-01", "2006-04-30", { approximate: true })],
    ["late 2006", period("2006-09-01", "2006-12-31", { approximate: true })],
  ])("%j", (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });
});

describe("parsePeriod: months and days", () => {
  test.each<[string, ParsedPeriod]>([
    ["May 2003", period("2003-05-01", "2003-05-31")],
    ["March 2007", period("2007-03-01", "2007-03-31")],
    ["January 2008", period("2008-01-01", "2008-01-31")],
    ["February 2008", period("2008-02-01", "2008-02-29")],
    ["February 2007", period("2007-02-01", "2007-02-28")],
    ["February 2000", period("2000-02-01", "2000-02-29")],
    ["February 1900", period("1900-02-01", "1900-02-28")],
    ["Sept. 2007", period("2007-09-01", "2007-09-30")],
    ["Nov 2006", period("2006-11-01", "2006-11-30")],
    ["May, 2003", period("2003-05-01", "2003-05-31")],
    ["APRIL 2006", period("2006-04-01", "2006-04-30")],
    ["2008-06", period("2008-06-01", "2008-06-30")],
    ["30 June 2008", period("2008-06-30", "2008-06-30", { instant: true })],
    ["15 June 2007", period("2007-06-15", "2007-06-15", { instant: true })],
    ["1st January 2008", period("2008-01-01", "2008-01-01", { instant: true })],
    ["1 of January 2008", period("2008-01-01", "2008-01-01", { instant: true })],
    ["June 30, 2008", period("2008-06-30", "2008-06-30", { instant: true })],
    ["29 February 2008", period("2008-02-29", "2008-02-29", { instant: true })],
    ["29 February 2000", period("2000-02-29", "2000-02-29", { instant: true })],
    ["30.06.2008", period("2008-06-30", "2008-06-30", { instant: true })],
    ["2008-06-30", period("2008-06-30", "2008-06-30", { instant: true })],
  ])("%j", (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });
});

describe("parsePeriod: instants and cumulative periods", () => {
  test.each<[string, ParsedPeriod]>([
    ["end of 2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["end-2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["end 2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["at the end of 2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["the end of 2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["year-end 2006", period("2006-12-31", "2006-12-31", { instant: true })],
    ["end of June 2008", period("2008-06-30", "2008-06-30", { instant: true })],
    ["end of February 2004", period("2004-02-29", "2004-02-29", { instant: true })],
    ["beginning of 2006", period("2006-01-01", "2006-01-01", { instant: true })],
    ["at the start of 2006", period("2006-01-01", "2006-01-01", { instant: true })],
    ["mid-2006", period("2006-07-01", "2006-07-01", { instant: true })],
    ["mid-year 2006", period("2006-07-01", "2006-07-01", { instant: true })],
    ["middle of 2006", period("2006-07-01", "2006-07-01", { instant: true })],
    ["by 30 June 2008", period("2008-06-30", "2008-06-30", { instant: true, cumulative: true })],
    ["By 30 June 2008", period("2008-06-30", "2008-06-30", { instant: true, cumulative: true })],
    ["by 2005", period("2005-12-31", "2005-12-31", { instant: true, cumulative: true })],
    ["by the end of 2005", period("2005-12-31", "2005-12-31", { instant: true, cumulative: true })],
    ["by end-2005", period("2005-12-31", "2005-12-31", { instant: true, cumulative: true })],
    ["by May 2003", period("2003-05-31", "2003-05-31", { instant: true, cumulative: true })],
    ["as of February 2008", period("2008-02-01", "2008-02-29", { instant: true })],
    ["as of January 2008", period("2008-01-01", "2008-01-31", { instant: true })],
    ["as of 2008", period("2008-01-01", "2008-12-31", { instant: true })],
    ["as of 30 June 2008", period("2008-06-30", "2008-06-30", { instant: true })],
    ["as at 1 January 2008", period("2008-01-01", "2008-01-01", { instant: true })],
    ["on 1 January 2008", period("2008-01-01", "2008-01-01", { instant: true })],
    ["as of the end of 2007", period("2007-12-31", "2007-12-31", { instant: true })],
    ["end of 2006 (estimate)", period("2006-12-31", "2006-12-31", { instant: true, estimate: true })],
  ])("%j", (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  test.each<[string, string, ParsedPeriod]>([
    ["since 2001", "2008-10", period("2001-01-01", "2008-10-31", { cumulative: true })],
    ["Since 2001", "2008", period("2001-01-01", "2008-12-31", { cumulative: true })],
    ["since 2001", "2008-10-15", period("2001-01-01", "2008-10-15", { cumulative: true })],
    ["since May 2003", "2008-02", period("2003-05-01", "2008-02-29", { cumulative: true })],
    ["since 30 June 2008", "2008-10", period("2008-06-30", "2008-10-31", { cumulative: true })],
    ["from 2001 onwards", "2008-10", period("2001-01-01", "2008-10-31", { cumulative: true })],
    ["since 2001 (estimate)", "2008-10", period("2001-01-01", "2008-10-31", { cumulative: true, estimate: true })],
    ["2006", "2008-10", period("2006-01-01", "2006-12-31")],
  ])("%j as of %s", (text, asOf, expected) => {
    expect(parsePeriod(text, { asOf })).toEqual(expected);
  });

  test("an open period without a reference date is an open-period failure", () => {
    const failure = {
      ok: false,
      code: "open-period",
      expected: "a reference date (asOf, e.g. the publication date) on or after the start of an open period such as since 2001",
    };
    expect(parsePeriod("since 2001")).toEqual(failure);
    expect(parsePeriod("since 2009", { asOf: "2008-10" })).toEqual(failure);
  });

  test("an unusable reference date is a failure, not an exception", () => {
    for (const asOf of ["October 2008", "2008-13", "2008-02-30", "", "08"]) {
      expect(parsePeriod("2006", { asOf })).toMatchObject({ ok: false, code: "invalid-reference-date" });
    }
  });
});

describe("parsePeriod: failures", () => {
  test.each([
    "",
    "   ",
    "FY2006",
    "2006 (unofficial)",
    "2006 ()",
    "2006 (13 months)",
    "2006 (12 months)",
    "2006 (0 months)",
    "1995-2006 (9 months)",
    "May 2003 (9 months)",
    "2006-1995",
    "2006 - 2006",
    "1995-96",
    "2005 - 06",
    "2008-13",
    "2008-02-30",
    "29 February 2007",
    "31 April 2007",
    "30 Febtober 2008",
    "06/30/2008",
    "32.01.2008",
    "206",
    "20066",
    "0999",
    "3000",
    "by",
    "since",
    "end of",
    "end of by 2005",
    "as of since 2001",
    "mid-May 2006",
    "early",
    "2007 (estimate",
    "2007 estimate)",
    "(estimate)",
    "Q5 2007",
    "fifth quarter of 2007",
    "1990s-2000s",
    "first 12 months of 2007",
    "yesterday",
  ])("%j is unparseable", (text) => {
    expect(parsePeriod(text, { asOf: "2008-10" })).toEqual(FAIL);
  });
});

describe("calendar", () => {
  test.each<[number, boolean]>([
    [2000, true],
    [1900, false],
    [2004, true],
    [2007, false],
    [2100, false],
    [2400, true],
  ])("isLeapYear(%d) = %s", (y, leap) => expect(isLeapYear(y)).toBe(leap));

  test("days in month agree with the JavaScript calendar", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }),
    );
  });

  test("referenceEnd", () => {
    expect(referenceEnd("2008")).toBe("2008-12-31");
    expect(referenceEnd("2008-02")).toBe("2008-02-29");
    expect(referenceEnd("2008-10-15")).toBe("2008-10-15");
    expect(referenceEnd("2008-1")).toBeNull();
  });
});

describe("parsePeriod: properties", () => {
  const isTyped = (r: unknown): boolean => {
    const x = r as { ok: unknown; code?: unknown; expected?: unknown };
    return x.ok === true || (x.ok === false && typeof x.code === "string" && typeof x.expected === "string");
  };

  test("never throws, always answers ok or a typed failure (any string, any unicode)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), fc.option(fc.string(), { nil: undefined }), (text, asOf) => {
        expect(isTyped(parsePeriod(text, asOf === undefined ? {} : { asOf }))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  const words = fc.constantFrom(
    "2006", "1995", "-", " - ", "–", " to ", "by ", "since ", "end of ", "as of ", "the ", "(estimate)", "(9 months)", "(",
    ")", "May ", "30 ", "June ", "early ", "mid-", "1990s", "/", "06", "between ", " and ", "Q1 ", "first half of ", " ",
  );
  test("never throws on period-like word salad, and an answer is a well-formed span", () => {
    fc.assert(
      fc.property(fc.array(words, { maxLength: 7 }), (parts) => {
        const r = parsePeriod(parts.join(""), { asOf: "2008-10" });
        expect(isTyped(r)).toBe(true);
        if (r.ok) {
          expect(r.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(r.end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(r.start <= r.end).toBe(true);
          expect(new Date(`${r.end}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.end);
          expect(new Date(`${r.start}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.start);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("round trip: any valid day printed as 'D Month YYYY' parses to itself", () => {
    const names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    fc.assert(
      fc.property(fc.date({ min: new Date("1800-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const isoDay = d.toISOString().slice(0, 10);
        const text = `${d.getUTCDate()} ${names[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
        expect(parsePeriod(text)).toEqual(period(isoDay, isoDay, { instant: true }));
        expect(parsePeriod(`by ${text}`)).toEqual(period(isoDay, isoDay, { instant: true, cumulative: true }));
      }),
      { numRuns: 1000 },
    );
  });

  test("round trip: any year and any year span", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 1, max: 50 }), (y, n) => {
        expect(parsePeriod(String(y))).toEqual(period(`${y}-01-01`, `${y}-12-31`));
        if (y + n <= 2999) expect(parsePeriod(`${y} \u2013 ${y + n}`)).toEqual(period(`${y}-01-01`, `${y + n}-12-31`));
      }),
    );
  });
});
