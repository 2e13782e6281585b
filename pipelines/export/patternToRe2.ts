// A JSON Schema `pattern` (a JavaScript regular expression, as ajv runs it: `new RegExp(p, "u").test(text)`)
// rewritten for DuckDB's regexp_matches (RE2), so that both say the same of every text. The two syntaxes
// mostly agree but not everywhere: `.` (JS excludes \r, U+2028 and U+2029, RE2 only \n), `\s` (JS includes
// \v and Unicode spaces, RE2 only ASCII), `{` (a literal in RE2, a syntax error in JS's u mode). So the
// pattern is parsed by a small grammar and every atom written out in a form both read alike; anything
// outside the grammar (look-around, back-references, \b, \p{...}) throws rather than being guessed.

/** A pattern this translator does not know how to say in RE2 with the same meaning. */
export class UntranslatablePatternError extends Error {
  constructor(readonly pattern: string, readonly at: number, reason: string) {
    super(`pattern ${JSON.stringify(pattern)} cannot be translated to RE2 at offset ${at}: ${reason}`);
    this.name = "UntranslatablePatternError";
  }
}

// JavaScript's \s (ECMAScript WhiteSpace and LineTerminator), spelled out: RE2's \s is [\t\n\f\r ]
const JS_SPACE = "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: "0-9", w: "0-9A-Za-z_", s: JS_SPACE };
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
const MAX_REPEAT = 1000; // RE2 refuses a larger count

/** One code point as RE2 reads it literally, in or out of a class. */
const literal = (cp: number): string => {
  const ch = String.fromCodePoint(cp);
  if (/^[A-Za-z0-9]$/u.test(ch)) return ch;
  return `\\x{${cp.toString(16).toUpperCase()}}`;
};

/** Translate a JavaScript (u-mode) pattern to an RE2 pattern with the same matches; throws UntranslatablePatternError. */
export const patternToRe2 = (pattern: string): string => {
  const cps = [...pattern].map((c) => c.codePointAt(0)!);
  let i = 0;
  const fail = (reason: string): never => {
    throw new UntranslatablePatternError(pattern, i, reason);
  };
  const peek = (k = 0): string | undefined => (i + k < cps.length ? String.fromCodePoint(cps[i + k]!) : undefined);

  const hexDigits = (n: number): number => {
    const text = cps.slice(i, i + n).map((c) => String.fromCodePoint(c)).join("");
    if (n < 1 || !new RegExp(`^[0-9A-Fa-f]{${n}}$`, "u").test(text)) fail("a malformed hexadecimal escape");
    i += n;
    return parseInt(text, 16);
  };
  /** An escape naming one code point (after the backslash), or undefined when it is not one. */
  const codePointEscape = (inClass: boolean): number | undefined => {
    const c = peek()!;
    if (c in CONTROL_ESCAPES) return (i++, CONTROL_ESCAPES[c]);
    if (c === "0" && !/[0-9]/u.test(peek(1) ?? "")) return (i++, 0);
    if (c === "x") return (i++, hexDigits(2));
    if (c === "u") {
      i++;
      if (peek() === "{") {
        const close = cps.indexOf("}".codePointAt(0)!, i);
        if (close < 0) fail("an unterminated \\u{...}");
        i++;
        const cp = hexDigits(close - i);
        i++;
        if (cp > 0x10ffff) fail("a code point beyond U+10FFFF");
        return cp;
      }
      const cp = hexDigits(4);
      if (cp >= 0xd800 && cp <= 0xdfff) fail("a surrogate escape");
      return cp;
    }
    if (SYNTAX.has(c) || (inClass && c === "-")) return (i++, c.codePointAt(0)!);
    if (inClass && c === "b") return (i++, 0x08);
    return undefined;
  };

  /** A class atom: a code point, or a class escape's ranges (\d, \w, \s). */
  const classAtom = (): { cp: number } | { ranges: string } => {
    if (peek() === "\\") {
      i++;
      const c = peek();
      if (c === undefined) fail("a pattern ending in a backslash");
      if (c! in CLASS_ESCAPES) return (i++, { ranges: CLASS_ESCAPES[c!]! });
      const cp = codePointEscape(true);
      if (cp === undefined) fail(`the escape \\${c} inside a class`);
      return { cp: cp! };
    }
    return { cp: cps[i++]! };
  };

  const characterClass = (): string => {
    i++; // [
    const negated = peek() === "^";
    if (negated) i++;
    const parts: string[] = [];
    while (peek() !== "]") {
      if (peek() === undefined) fail("an unterminated character class");
      const from = classAtom();
      if (peek() === "-" && peek(1) !== "]" && peek(1) !== undefined) {
        i++;
        const to = classAtom();
        if (!("cp" in from) || !("cp" in to)) fail("a range with a class escape at one end");
        const [a, b] = [(from as { cp: number }).cp, (to as { cp: number }).cp];
        if (a > b) fail("a range out of order");
        parts.push(`${literal(a)}-${literal(b)}`);
      } else {
        parts.push("cp" in from ? literal(from.cp) : from.ranges);
      }
    }
    i++; // ]
    // JS: [] matches nothing and [^] anything; RE2 reads "[]" differently
    if (parts.length === 0) fail("an empty character class");
    return `[${negated ? "^" : ""}${parts.join("")}]`;
  };

  const atom = (): string => {
    const c = peek()!;
    if (c === ".") return (i++, "[^\\x{A}\\x{D}\\x{2028}\\x{2029}]");
    if (c === "[") return characterClass();
    if (c === "(") {
      i++;
      if (peek() === "?") {
        if (peek(1) !== ":") fail("a look-around or named group");
        i += 2;
      }
      const inner = disjunction();
      if (peek() !== ")") fail("an unbalanced parenthesis");
      i++;
      return `(?:${inner})`;
    }
    if (c === "\\") {
      i++;
      const e = peek();
      if (e === undefined) fail("a pattern ending in a backslash");
      if (e! in CLASS_ESCAPES) return (i++, `[${CLASS_ESCAPES[e!]}]`);
      if (e!.toLowerCase() !== e && e!.toLowerCase() in CLASS_ESCAPES) return (i++, `[^${CLASS_ESCAPES[e!.toLowerCase()]}]`);
      const cp = codePointEscape(false);
      if (cp === undefined) fail(`the escape \\${e} (a back-reference, word boundary or property has no exact RE2 equivalent here)`);
      return literal(cp!);
    }
    if (c === ")" || c === "]" || c === "{" || c === "}" || c === "*" || c === "+" || c === "?") fail(`a lone ${c}`);
    i++;
    return literal(c.codePointAt(0)!);
  };

  const quantifier = (): string => {
    const c = peek();
    let q = "";
    if (c === "*" || c === "+" || c === "?") {
      i++;
      q = c;
    } else if (c === "{") {
      const rest = cps.slice(i).map((x) => String.fromCodePoint(x)).join("");
      const m = /^\{(\d+)(,(\d*))?\}/u.exec(rest);
      if (m === null) fail("a { that is not a count");
      const lo = Number(m![1]);
      const hi = m![2] === undefined ? lo : m![3] === "" ? Infinity : Number(m![3]);
      if (hi !== Infinity && hi < lo) fail("a count out of order");
      if (lo > MAX_REPEAT || (hi !== Infinity && hi > MAX_REPEAT)) fail(`a count above ${MAX_REPEAT} (RE2's limit)`);
      i += [...m![0]].length;
      q = m![0];
    } else {
      return "";
    }
    if (peek() === "?") {
      i++;
      q += "?";
    }
    return q;
  };

  const alternative = (): string => {
    let out = "";
    while (peek() !== undefined && peek() !== "|" && peek() !== ")") {
      const c = peek();
      // assertions: without the m flag both read ^ and $ as the start and end of the text
      if (c === "^" || c === "$") {
        i++;
        out += c;
        if (/^[*+?{]$/u.test(peek() ?? "")) fail("a quantified assertion");
        continue;
      }
      out += atom() + quantifier();
    }
    return out;
  };

  function disjunction(): string {
    const alts = [alternative()];
    while (peek() === "|") {
      i++;
      alts.push(alternative());
    }
    return alts.join("|");
  }

  const re2 = disjunction();
  if (i < cps.length) fail("an unbalanced parenthesis");
  return re2;
};
