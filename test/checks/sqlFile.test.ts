// A kind's .sql files name their parameters {{name}}; the kind must give exactly those.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { sqlFile } from "../../checks/kinds/sqlFile.ts";

describe("sqlFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "mp-sqlfile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (text: string) => {
    const path = join(dir, `q${Math.random().toString(36).slice(2)}.sql`);
    writeFileSync(path, text);
    return pathToFileURL(path);
  };

  test("fills every named parameter, each place it is used, and drops the file's final newline", () => {
    const q = sqlFile(file("SELECT x FROM t WHERE x > {{min}} AND y < {{min}} + {{width}}\n"));
    expect(q({ min: "CAST(1 AS DOUBLE)", width: "2" })).toBe("SELECT x FROM t WHERE x > CAST(1 AS DOUBLE) AND y < CAST(1 AS DOUBLE) + 2");
  });

  test("a parameter not given, or given and not used, is an error naming the file", () => {
    const q = sqlFile(file("SELECT {{a}}, {{b}}\n"));
    expect(() => q({ a: "1" })).toThrow(/q\w+\.sql: parameters not given: b$/);
    expect(() => q({ a: "1", b: "2", c: "3" })).toThrow(/parameters it does not use: c$/);
  });
});
