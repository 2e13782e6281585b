// Charts of one shape share one vega-lite compilation and vega parse (pipelines/report/vega.ts): a chart
// rendered from them must be the chart its own compilation gives, with its own data and description.
import { describe, expect, test } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../pipelines/report/vega.ts";

const bars = (values: ReadonlyArray<{ country: string; n: number }>, extra: object = {}): TopLevelSpec =>
  ({
    width: 200,
    height: { step: 20 },
    layer: [
      { data: { values }, mark: "bar", encoding: { y: { field: "country", type: "nominal", sort: null }, x: { field: "n", type: "quantitative" } } },
      // the same data in a second layer: vega-lite merges equal datasets into one
      { data: { values }, mark: { type: "text", align: "left", dx: 3 }, encoding: { y: { field: "country", type: "nominal", sort: null }, x: { field: "n", type: "quantitative" }, text: { field: "n" } } },
    ],
    ...extra,
  }) as TopLevelSpec;

const a = [{ country: "Georgia", n: 12 }, { country: "Armenia", n: 7 }];
const b = [{ country: "Moldova", n: 30 }, { country: "Belarus", n: 3 }, { country: "Ukraine", n: 18 }];

describe("charts of one shape", () => {
  test("the second chart of a shape is the chart its own compilation gives", async () => {
    const first = await renderSvg(bars(a), "a", "chart A");
    const second = await renderSvg(bars(b), "b", "chart B");
    // usermeta reaches no mark: it only makes the shape new, so that this one is compiled on its own
    const alone = await renderSvg(bars(b, { usermeta: { alone: true } }), "b", "chart B");
    expect(second).toBe(alone);
    expect(second).not.toBe(first);
    expect(second).toContain('aria-label="chart B"');
    for (const c of ["Moldova", "Belarus", "Ukraine", ">30<", ">18<"]) expect(second).toContain(c);
    for (const c of ["Georgia", "Armenia"]) expect(second).not.toContain(c);
    expect(first).toContain('aria-label="chart A"');
  });

  test("two layers with different data keep each their own", async () => {
    const mixed = bars(a) as { layer: Array<{ data: { values: unknown } }> };
    mixed.layer[1]!.data = { values: a.map((r) => ({ ...r, n: r.n * 100 })) };
    const svg = await renderSvg(mixed as TopLevelSpec, "m", "mixed");
    const alone = await renderSvg({ ...(mixed as TopLevelSpec), usermeta: { alone: true } } as TopLevelSpec, "m", "mixed");
    expect(svg).toBe(alone);
    expect(svg).toContain(">1200<");
  });
});
