// The export's set-based validation (schemaToSql.ts) against the published validator (ajv): for random
// rows, valid and not, stored with the real column types, the SQL rules flag exactly the fields ajv
// rejects. That agreement is what lets a scan in DuckDB stand in for ajv over every row.
import Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { DuckDBDateValue, DuckDBTypeId, type DuckDBType } from "@duckdb/node-api";
import fc from "fast-check";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { quoteIdent, Warehouse } from "../../pipelines/core/duckdb.ts";
import { validatorFor } from "../../pipelines/manifest/validateJson.ts";
import { queryJson, rowObject } from "../../pipelines/export/jsonRows.ts";
import { patternToRe2, UntranslatablePatternError } from "../../pipelines/export/patternToRe2.ts";
import { compileRowRule, rowSql, UnsupportedSchemaError, type RowRule, type ValueRule } from "../../pipelines/export/schemaToSql.ts";
import { assertObservationsValid, KEPT_PROBLEMS, observationRowRule, observationSql, rowProblems } from "../../pipelines/export/validateObservations.ts";
import { ExportValidationError, type RowProblem } from "../../pipelines/export/errors.ts";
import { observationsResource, readCatalog } from "../../pipelines/export/resources.ts";
import { AJV_OPTIONS } from "../../schemas/validatorCode.ts";
import { realWarehouse, type RealWarehouse } from "../helpers/realWarehouse.ts";

// characters where JavaScript and RE2 could part: line terminators, Unicode spaces, astral and combining
const TRICKY = ["a", "z", "A", "0", "9", ".", "_", "-", "=", ";", " ", "\n", "\r", "\t", "\v", "\u2028", "\u00a0", "\u3000", "é", "e\u0301", "😀", "(", ")", "BC"];
const trickyText = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 });

const enumsOf = (r: ValueRule): string[] => ("anyOf" in r ? r.anyOf.flatMap(enumsOf) : (r.enum ?? []).filter((e): e is string => typeof e === "string"));
const patternsOf = (r: ValueRule): string[] => ("anyOf" in r ? r.anyOf.flatMap(patternsOf) : r.pattern ? [r.pattern.js] : []);

/** Text near what a rule wants: its enum values and pattern matches, altered by a character, and random text. */
const textFor = (rule: ValueRule | undefined): fc.Arbitrary<string> => {
  const near = [...(rule ? enumsOf(rule) : []).map((e) => fc.constant(e)), ...(rule ? patternsOf(rule) : []).map((p) => fc.stringMatching(new RegExp(p)))];
  const altered = near.map((a) => fc.tuple(a, fc.nat(), fc.constantFrom(...TRICKY)).map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1))));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 2, arbitrary: trickyText },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
    ...near.map((arbitrary) => ({ weight: 4, arbitrary })),
    ...altered.map((arbitrary) => ({ weight: 2, arbitrary })),
  );
};

const SAFE = 2n ** 53n - 1n;
// 0001-01-01, the last and first days of 1 BC, the last days of 2 and 3 BC, 0002-01-01, the ends of years 9999 and 10000
const DAY_OF = [-719162, -719163, -719528, -719529, -719894, -718797, 2932896, 2932897];

type Cell = string | number | bigint | boolean | DuckDBDateValue | null;

/** Values of a DuckDB type, near every border ajv and the SQL could disagree on. */
const valuesOf = (type: DuckDBType, rule: ValueRule | undefined): fc.Arbitrary<Cell> => {
  const nul = { weight: 1, arbitrary: fc.constant(null) };
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return fc.oneof(nul, { weight: 6, arbitrary: textFor(rule) });
    case DuckDBTypeId.BOOLEAN:
      return fc.oneof(nul, { weight: 3, arbitrary: fc.boolean() });
    case DuckDBTypeId.INTEGER:
      return fc.oneof(nul, { weight: 3, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 5, 2 ** 31 - 1, -(2 ** 31)) });
    case DuckDBTypeId.BIGINT:
      return fc.oneof(
        nul,
        { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
        { weight: 2, arbitrary: fc.bigInt({ min: -1000n, max: 1000n }) },
        { weight: 2, arbitrary: fc.constantFrom(SAFE, -SAFE, SAFE + 1n, -SAFE - 1n, SAFE + 2n, 2n ** 63n - 1n, -(2n ** 63n)) },
      );
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return fc.oneof(
        nul,
        { weight: 2, arbitrary: fc.double() },
        { weight: 2, arbitrary: fc.integer({ min: -100, max: 1_000_100 }) },
        { weight: 2, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0.5, -1.5, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 1e300) },
      );
    case DuckDBTypeId.DATE:
      return fc.oneof(
        nul,
        { weight: 2, arbitrary: fc.integer({ min: -(2 ** 31 - 2), max: 2 ** 31 - 2 }).map((d) => new DuckDBDateValue(d)) },
        { weight: 2, arbitrary: fc.integer({ min: -800_000, max: 3_000_000 }).map((d) => new DuckDBDateValue(d)) },
        { weight: 2, arbitrary: fc.constantFrom(...DAY_OF, 2 ** 31 - 1, -(2 ** 31 - 1)).map((d) => new DuckDBDateValue(d)) },
      );
    default:
      throw new Error(`no generator for ${type.toString()}: extend the test with the new column type`);
  }
};

interface Table {
  readonly name: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: DuckDBType }>;
}

const append = async (wh: Warehouse, table: Table, rows: ReadonlyArray<ReadonlyArray<Cell>>): Promise<void> => {
  await wh.run(`DELETE FROM ${quoteIdent(table.name)}`);
  const app = await wh.connection.createAppender(table.name);
  try {
    for (const row of rows) {
      row.forEach((v, i) => {
        const id = table.columns[i]!.type.typeId;
        if (v === null) app.appendNull();
        else if (id === DuckDBTypeId.VARCHAR) app.appendVarchar(v as string);
        else if (id === DuckDBTypeId.BOOLEAN) app.appendBoolean(v as boolean);
        else if (id === DuckDBTypeId.INTEGER) app.appendInteger(v as number);
        else if (id === DuckDBTypeId.BIGINT) app.appendBigInt(v as bigint);
        else if (id === DuckDBTypeId.DOUBLE) app.appendDouble(v as number);
        else if (id === DuckDBTypeId.FLOAT) app.appendFloat(v as number);
        else if (id === DuckDBTypeId.DATE) app.appendDate(v as DuckDBDateValue);
        else throw new Error(`cannot append ${table.columns[i]!.type.toString()}`);
      });
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
};

/** Per row: the fields the SQL rules flag, and the problem count they give, beside the fields ajv rejects. */
const verdicts = async (wh: Warehouse, rule: RowRule, validate: ValidateFunction, select: string) => {
  const probe = await wh.connection.runAndReadAll(`SELECT * FROM (${select}) LIMIT 0`);
  const types = probe.columnTypes();
  const sql = rowSql(rule, probe.columnNames().map((name, i) => ({ name, type: types[i]! })));
  // one query, so that the values and the verdicts come in the same order
  const data = await queryJson(wh, `SELECT *, ${[...sql.valid.map((v) => v.sql), sql.problems].map((x, k) => `${x} AS verdict_${k}__`).join(", ")} FROM (${select})`);
  const n = probe.columnCount;
  return data.rows.map((r, i) => {
    const row = rowObject(data.columns.slice(0, n), r.slice(0, n));
    const f = r.slice(n);
    const sqlFields = [...sql.valid.filter((_, k) => f[k] === false).map((v) => v.column), ...sql.missing, ...sql.extra].sort();
    const ajvFields = (validate(row) ? [] : rowProblems(validate.errors ?? [], row, i + 1)).map((p) => p.field).sort();
    return { row, sqlFields, ajvFields, problems: Number(f.at(-1)) };
  });
};

const disagreements = (vs: Awaited<ReturnType<typeof verdicts>>) =>
  vs.filter((v) => JSON.stringify(v.sqlFields) !== JSON.stringify(v.ajvFields) || v.problems !== v.ajvFields.length);

describe("the observation schema compiled to SQL agrees with ajv", () => {
  let real: RealWarehouse;
  let wh: Warehouse;
  let table: Table;
  beforeAll(async () => {
    real = realWarehouse("corrected");
    wh = await Warehouse.open(real.db);
    // the columns and types of the observations every export writes, as the build makes them
    await wh.run("CREATE TEMP TABLE gen AS SELECT * FROM observations_clean LIMIT 0");
    const probe = await wh.connection.runAndReadAll("SELECT * FROM gen");
    const types = probe.columnTypes();
    table = { name: "gen", columns: probe.columnNames().map((name, i) => ({ name, type: types[i]! })) };
  });
  afterAll(() => {
    wh.close();
    real.cleanup();
  });

  test("the published schema compiles: every keyword and pattern of it has an exact SQL form", () => {
    const rule = observationRowRule();
    expect(rule.additional).toBe(false);
    expect([...rule.properties.keys()].length).toBeGreaterThan(40);
    // every column an export writes is described, every required property is a column
    expect(table.columns.filter((c) => !rule.properties.has(c.name))).toEqual([]);
    expect(rule.required.filter((p) => !table.columns.some((c) => c.name === p))).toEqual([]);
  });

  test("random rows with the real column types: the SQL flags a field if and only if ajv rejects it", async () => {
    const rule = observationRowRule();
    const validate = validatorFor("observation");
    const row = fc.tuple(...table.columns.map((c) => valuesOf(c.type, rule.properties.get(c.name))));
    let flagged = 0;
    let passed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        await append(wh, table, rows);
        const vs = await verdicts(wh, rule, validate, "SELECT * FROM gen ORDER BY rowid");
        expect(disagreements(vs).map((v) => ({ sql: v.sqlFields, ajv: v.ajvFields, problems: v.problems, row: v.row }))).toEqual([]);
        for (const v of vs) v.ajvFields.length > 0 ? flagged++ : passed++;
      }),
      { numRuns: 60 },
    );
    // both sides of the border were exercised (invalid rows are the common case with 55 random fields)
    expect(flagged).toBeGreaterThan(0);
    expect(passed + flagged).toBeGreaterThan(100);
  }, 120_000);

  test("rows that are valid but for one field: each field's rule is hit alone, both ways", async () => {
    const rule = observationRowRule();
    const validate = validatorFor("observation");
    const base = ((await wh.connection.runAndReadAll("SELECT * FROM observations_clean ORDER BY obs_id LIMIT 1")).getRows()[0] ?? []) as Cell[];
    expect(base.length).toBe(table.columns.length);
    let rejected = 0;
    const oneField = fc.nat(table.columns.length - 1).chain((k) => valuesOf(table.columns[k]!.type, rule.properties.get(table.columns[k]!.name)).map((v) => [k, v] as const));
    await fc.assert(
      fc.asyncProperty(fc.array(oneField, { minLength: 1, maxLength: 40 }), async (changes) => {
        await append(wh, table, changes.map(([k, v]) => base.map((c, i) => (i === k ? v : c))));
        const vs = await verdicts(wh, rule, validate, "SELECT * FROM gen ORDER BY rowid");
        expect(disagreements(vs).map((x) => ({ sql: x.sqlFields, ajv: x.ajvFields, row: x.row }))).toEqual([]);
        vs.forEach((v, i) => {
          expect(v.ajvFields.every((f) => f === table.columns[changes[i]![0]]!.name)).toBe(true);
          if (v.ajvFields.length > 0) rejected++;
        });
      }),
      { numRuns: 40 },
    );
    expect(rejected).toBeGreaterThan(0);
  }, 120_000);

  test("a column missing and a column too many: counted once per row from the query's columns, as ajv counts them", async () => {
    const select = "SELECT * EXCLUDE (measure), 'x' AS surplus FROM observations_clean ORDER BY obs_id";
    const sql = await observationSql(wh, "SELECT * EXCLUDE (measure), 'x' AS surplus FROM observations_clean");
    expect([sql.missing, sql.extra]).toEqual([["measure"], ["surplus"]]);
    const vs = await verdicts(wh, observationRowRule(), validatorFor("observation"), select);
    expect(vs.length).toBeGreaterThan(0);
    expect(disagreements(vs)).toEqual([]);
    expect(new Set(vs.map((v) => v.ajvFields.join(",")))).toEqual(new Set(["measure,surplus"]));
  });
});

describe("the export's check against ajv over every row (the way it was done before)", () => {
  let real: RealWarehouse;
  beforeAll(() => {
    real = realWarehouse("corrected");
  });
  afterAll(() => real.cleanup());

  /** Every row read into JavaScript and validated by ajv, in the export's order: the problems and their count. */
  const oracle = async (wh: Warehouse, packages?: ReadonlyArray<string>): Promise<{ problems: RowProblem[]; total: number }> => {
    const data = await queryJson(wh, observationsResource(await readCatalog(wh), packages).select);
    const validate = validatorFor("observation");
    const all = data.rows.flatMap((r, i) => {
      const row = rowObject(data.columns, r);
      return validate(row) ? [] : rowProblems(validate.errors ?? [], row, i + 1);
    });
    return { problems: all.slice(0, KEPT_PROBLEMS), total: all.length };
  };

  test.each([
    ["scattered", ["UPDATE observations_printed SET obs_status = 'Z' WHERE col % 3 = 0", "UPDATE observations_printed SET measure = '' WHERE line % 4 = 0",
      "UPDATE observations_printed SET period_start = DATE '0002-01-01 (BC)' WHERE line % 5 = 0", "UPDATE observations_printed SET row_key = 2::BIGINT ** 60 WHERE line % 9 = 0",
      "UPDATE observations_printed SET breakdown = 'sex=f;' WHERE line % 11 = 0", "UPDATE observations_printed SET direction = 'up' WHERE line % 13 = 0"]],
    ["throughout", ["UPDATE observations_printed SET obs_status = 'Z', measure = '', file = ''", "UPDATE observations_printed SET period_end = 'infinity'::DATE WHERE line % 2 = 0"]],
  ])("%s: the same problems, in the same order, and the same count", async (_name, updates) => {
    const db = join(real.dir, `${_name}.duckdb`);
    copyFileSync(real.db, db);
    const wh = await Warehouse.open(db);
    try {
      for (const u of updates) await wh.run(u);
      for (const packages of [undefined, ["azerbaijan-2008"], []]) {
        const want = await oracle(wh, packages);
        const got = await assertObservationsValid(wh, packages).then(() => ({ problems: [], total: 0 }), (e: unknown) => {
          if (!(e instanceof ExportValidationError)) throw e;
          return { problems: [...e.problems], total: e.total };
        });
        expect(got).toEqual(want);
        if (packages?.length !== 0) expect(want.total).toBeGreaterThan(_name === "throughout" ? KEPT_PROBLEMS : 0);
      }
    } finally {
      wh.close();
    }
  });
});

describe("the compiler on other schemas and types", () => {
  // every JSON type a column can reach ajv as (dates as text, wide integers as text when beyond a
  // double, NaN and infinities as text) against each keyword the compiler knows
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $ref: "#/$defs/Row",
    $defs: {
      Row: {
        type: "object",
        properties: {
          whole: { type: "integer", minimum: -10, maximum: 1_000_000 },
          count: { anyOf: [{ type: "number", minimum: 0 }, { type: "null" }] },
          day: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
          era: { anyOf: [{ type: "string", pattern: "\\(BC\\)$|^0000-|^\\d{5,}-" }, { type: "null" }] },
          year2: { anyOf: [{ type: "string", pattern: "^0002-" }, { type: "null" }] },
          word: { type: "string", minLength: 2, maxLength: 4, pattern: "^(?:a|z.z|\\s+A)|9$" },
          mixed: { enum: ["a", 5, true, null] },
          flag: { type: "boolean" },
          small: { type: ["number", "null"], maximum: 5, description: "an annotation is allowed" },
          ratio: { type: ["number", "string"], minimum: -1.5, minLength: 3 },
          big: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
        },
        required: ["whole", "day", "word", "flag", "big"],
        additionalProperties: false,
      },
    },
  };
  const columns = { whole: "DOUBLE", count: "BIGINT", day: "DATE", era: "DATE", year2: "DATE", word: "VARCHAR", mixed: "VARCHAR", flag: "INTEGER", small: "INTEGER", ratio: "FLOAT", big: "BIGINT", extra: "VARCHAR" };
  let wh: Warehouse;
  let table: Table;
  beforeAll(async () => {
    wh = await Warehouse.open();
    await wh.run(`CREATE TABLE t (${Object.entries(columns).map(([n, t]) => `${quoteIdent(n)} ${t}`).join(", ")})`);
    const probe = await wh.connection.runAndReadAll("SELECT * FROM t");
    const types = probe.columnTypes();
    table = { name: "t", columns: probe.columnNames().map((name, i) => ({ name, type: types[i]! })) };
  });
  afterAll(() => wh.close());

  test("random rows: the SQL flags a field if and only if ajv (compiled here, with the project's options) rejects it", async () => {
    const rule = compileRowRule(schema);
    const validate = new Ajv2020.default({ ...AJV_OPTIONS }).compile(schema);
    const row = fc.tuple(...table.columns.map((c) => valuesOf(c.type, rule.properties.get(c.name))));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        await append(wh, table, rows);
        for (const select of ["SELECT * FROM t ORDER BY rowid", "SELECT * EXCLUDE (extra, word) FROM t ORDER BY rowid"]) {
          const vs = await verdicts(wh, rule, validate, select);
          expect(disagreements(vs).map((v) => ({ sql: v.sqlFields, ajv: v.ajvFields, row: v.row }))).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  test("an unknown keyword, anywhere, stops the compiler (a future rule cannot be skipped)", () => {
    const withRule = (extra: Record<string, unknown>) => ({ ...schema, $defs: { Row: { ...schema.$defs.Row, properties: { ...schema.$defs.Row.properties, word: { ...schema.$defs.Row.properties.word, ...extra } } } } });
    for (const extra of [{ format: "email" }, { const: "a" }, { multipleOf: 2 }, { not: { type: "null" } }, { exclusiveMinimum: 0 }, { items: {} }]) {
      expect(() => compileRowRule(withRule(extra)), JSON.stringify(extra)).toThrow(UnsupportedSchemaError);
    }
    expect(() => compileRowRule(withRule({ pattern: "(?=a)" }))).toThrow(UntranslatablePatternError);
    expect(() => compileRowRule({ ...schema, $defs: { Row: { ...schema.$defs.Row, additionalProperties: { type: "string" } } } })).toThrow(UnsupportedSchemaError);
    expect(() => compileRowRule({ ...schema, $defs: { Row: { ...schema.$defs.Row, patternProperties: {} } } })).toThrow(/patternProperties/);
    expect(() => compileRowRule({ ...schema, $ref: "#/$defs/Nowhere" })).toThrow(UnsupportedSchemaError);
    expect(() => compileRowRule(withRule({ enum: [["a"]] }))).toThrow(/enum value/);
    // a column type without a SQL form of its JSON value
    expect(() => rowSql(compileRowRule(schema), [{ name: "word", type: { typeId: DuckDBTypeId.INTERVAL, toString: () => "INTERVAL" } as unknown as DuckDBType }])).toThrow(/INTERVAL/);
  });
});

describe("JavaScript patterns in RE2", () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open();
    await wh.run("CREATE TABLE s (text VARCHAR)");
  });
  afterAll(() => wh.close());

  const PATTERNS = [
    "^[a-z0-9][a-z0-9._-]*$",
    "^([a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)?$",
    "^\\d{4}-\\d{2}-\\d{2}$",
    "a.b",
    "^.*$",
    "\\s",
    "^\\S+$",
    "\\w+\\W",
    "[\\s.]",
    "^(?:BC|\\()|z$",
    "e\\u0301|\\u{1F600}",
    "^a{2,3}$|^\\.{1}",
    "[^a-z\\d]",
    "\\x41|\\t|\\/",
    "(a|)+?=",
    "",
  ];

  test("each pattern says the same of random text in JavaScript (u mode, as ajv) and in DuckDB", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(trickyText, fc.string({ unit: "grapheme", maxLength: 8 })), { minLength: 1, maxLength: 50 }), async (texts) => {
        await wh.run("DELETE FROM s");
        const app = await wh.connection.createAppender("s");
        for (const t of texts) {
          app.appendVarchar(t);
          app.endRow();
        }
        app.closeSync();
        const got = await queryJson(wh, `SELECT ${PATTERNS.map((p) => `regexp_matches(text, '${patternToRe2(p).replaceAll("'", "''")}')`).join(", ")} FROM s ORDER BY rowid`);
        const want = texts.map((t) => PATTERNS.map((p) => new RegExp(p, "u").test(t)));
        expect(got.rows).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  test.each(["(?=a)", "(?!a)", "(?<=a)b", "(?<n>a)", "(a)\\1", "\\bword", "\\p{L}", "a{1001}", "[]", "[^]", "a{", "\\k<n>", "\\cA", "[\\d-z]", "(a", "a)", "^*"])(
    "%s has no translation: it throws",
    (p) => {
      expect(() => patternToRe2(p)).toThrow(UntranslatablePatternError);
    },
  );
});
