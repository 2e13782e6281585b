// position(): line and column of an offset, from an index of line starts kept for the last text (a
// descriptor's cells are located one by one), against counting the newlines before the offset.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { position } from "../pipelines/manifest/validateJson.ts";

const counted = (text: string, offset: number) => {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") (line++, (last = i));
  return { line, column: offset - last };
};

describe("position", () => {
  test("the line and column of every offset, as counting newlines gives", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "é", "{", " ") }), fc.string({ unit: fc.constantFrom("b", "\n") }), (a, b) => {
        // two texts in turns: the index of one is never used for the other
        for (const text of [a, b, a])
          for (let o = -1; o <= text.length + 2; o++) expect(position(text, o)).toEqual(counted(text, o));
      }),
    );
  });

  test("a text of one line and of lines ending in a newline", () => {
    expect(position("abc", 2)).toEqual({ line: 1, column: 3 });
    expect(position("a\nb\n", 2)).toEqual({ line: 2, column: 1 });
    expect(position("a\nb\n", 4)).toEqual({ line: 3, column: 1 });
  });
});
