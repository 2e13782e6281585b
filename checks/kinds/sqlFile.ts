// A kind's static SQL lives in .sql files beside its kind.ts, where it reads (and diffs) as SQL. A file
// names its parameters `{{name}}`; the kind fills each with SQL text made by the quoting helpers of
// common.ts (sqlNumber, sqlString, sqlIn) or a shared SQL piece (sqlShownPrinted, sqlFew, ...). They are
// not DuckDB bind parameters: a check is several statements (variables set before the query), which
// DuckDB cannot prepare at once, and a shared piece is SQL, not a value.
import { readFileSync } from "node:fs";

const PARAM = /\{\{([a-z_][a-z0-9_]*)\}\}/gu;

/**
 * The SQL of `file` (a URL beside the kind, read once) as a function of its named parameters. Every name
 * the file uses must be given and every name given must be used: a renamed parameter fails at once.
 */
export const sqlFile = (file: URL): ((params: Readonly<Record<string, string>>) => string) => {
  // (one final newline is the file's, not the query's)
  const text = readFileSync(file, "utf8").replace(/\n$/u, "");
  const names = new Set([...text.matchAll(PARAM)].map((m) => m[1]!));
  return (params) => {
    const given = Object.keys(params);
    const missing = [...names].filter((n) => !given.includes(n));
    const unused = given.filter((n) => !names.has(n));
    if (missing.length > 0 || unused.length > 0) {
      throw new Error(`${file.pathname}: ${[missing.length > 0 ? `parameters not given: ${missing.join(", ")}` : "", unused.length > 0 ? `parameters it does not use: ${unused.join(", ")}` : ""].filter((s) => s !== "").join("; ")}`);
    }
    return text.replace(PARAM, (_, name: string) => params[name]!);
  };
};
