import { baseUnitOf, classifyMeasure, unclassifiedFor } from "./measures.ts";
import { periodSpan } from "./periodPhrases.ts";
import { breakdownOf, directionOf, fromToOf, slugWords, type Coordinates, type LabelReaders, type Note, type TableContext } from "./tableLabels.ts";
import { words } from "./vocabulary.ts";

/** What a table's axes are read with: its context, its labels' readers, its figures and the table's unit and measure. */
export interface AxisInputs {
  readonly ctx: TableContext;
  readonly note: Note;
  readonly role: LabelReaders["role"];
  readonly resolve: LabelReaders["resolve"];
  readonly body: string[][];
  readonly header: string[][];
  /** the table's unit ("" when none is printed) and its base unit, if it resolves */
  readonly unit: string;
  readonly tableBase: string | undefined;
  readonly tableMeasure: ReturnType<typeof classifyMeasure>;
  /** the caption, the context a label's measure is read in */
  readonly context: string;
}

// a column (or row) of percentages is a share: its own unit and a measure in ratio
const percentLine = (label: string, values: string[]): boolean =>
  /%|\bper ?cent\b|\bshare\b/iu.test(label) || (values.filter((v) => v !== "").length > 0 && values.filter((v) => v !== "").every((v) => /%\s*$/u.test(v)));

/**
 * What the labels of one axis mean: periods, countries (counterparts), breakdowns, measures or directions
 * by label, or a breakdown keyed by the axis title; "none" when the table's coordinates say it all.
 */
export const readAxis = (labels: string[], which: "rows" | "columns", a: AxisInputs): Record<string, unknown> => {
  const { ctx, note, role, resolve, body, header, unit, tableBase, tableMeasure, context } = a;
  const named = labels.filter((l) => l !== "" && !role(l, "total"));
  const periodish = named.filter((l) => periodSpan(l) !== undefined);
  const country = named.filter((l) => resolve(l) !== undefined || role(l, "residual"));
  const fromTo = named.filter((l) => fromToOf(l, ctx) !== undefined);
  const map: Record<string, Coordinates> = {};
  if (named.length > 0 && periodish.length === named.length) {
    const spans = named.map((l) => l);
    for (const l of labels) if (l !== "" && role(l, "total")) map[l] = { period: `${spans[0]} – ${spans.at(-1)}` };
    note(`${which}`, "periods", `labels such as ${named.slice(0, 3).join(", ")}`, 1);
    return { dimension: "period", labels: map };
  }
  if (named.length > 0 && country.length >= Math.ceil(named.length * 0.6)) {
    for (const l of named) {
      if (resolve(l) !== undefined) continue;
      // the resolver's own names for a residual: its unspecified and its other-countries entries
      const unspecified = ctx.countries.entry("UNSPECIFIED")?.name ?? "not specified";
      const guess = role(l, "residual") && !/specif|unknown/iu.test(l) ? (ctx.countries.entry("OTHER")?.name ?? unspecified) : unspecified;
      map[l] = { counterpart: guess };
      note(`${which} label "${l}"`, `counterpart ${guess}`, "not a country name; read as a residual", 0.6, role(l, "residual"));
    }
    note(`${which}`, "countries (counterpart)", `${country.length} of ${named.length} labels resolve as countries or groups`, 0.9);
    return { dimension: "counterpart", labels: map };
  }
  const breakdowns = labels.filter((l) => l !== "").map((l) => [l, breakdownOf(l, ctx)] as const);
  if (breakdowns.length > 1 && breakdowns.every(([, b]) => b !== undefined)) {
    for (const [l, b] of breakdowns) map[l] = { breakdown: b! };
    note(`${which}`, "breakdowns", breakdowns.map(([l, b]) => `${l} -> ${b || "total"}`).join("; "), 0.9);
    return { dimension: "breakdown", labels: map };
  }
  // measures (or directions) by row or column: each label its own coordinates
  let parentMeasure = tableMeasure.decided ? tableMeasure.measure : undefined;
  const measures = new Set<string>();
  let ownMeasure = false;
  let previous: Coordinates | undefined;
  for (const l of labels) {
    if (l === "") continue;
    const c: Coordinates = {};
    const ft = fromToOf(l, ctx);
    if (ft) {
      c.direction = ft.direction;
      c.counterpart = ft.counterpart;
      note(`${which} label "${l}"`, `direction ${ft.direction}, counterpart ${ft.counterpart}`, "from X to Y with the reporting country at one end", 0.9);
    }
    const ofWhich = role(l, "of_which") || (role(l, "by") && /:$/u.test(l));
    const lineValues = which === "columns" ? body.map((r) => r[labels.indexOf(l) + 1] ?? "") : (body[labels.indexOf(l)] ?? []).slice(1);
    if (percentLine(l, lineValues) && !(unit !== "" && tableBase === "ratio")) {
      // a share: the table's measure's own share measure when the vocabulary has one
      const own = classifyMeasure(ctx.vocab, l, context, "ratio");
      const sibling = tableMeasure.decided && ctx.vocab.measures.some((m) => m.measure === `${tableMeasure.measure}_share`) ? `${tableMeasure.measure}_share` : undefined;
      c.measure = own.decided ? own.measure : (sibling ?? unclassifiedFor(ctx.vocab, "ratio"));
      c.unit = "%";
      measures.add(c.measure);
      map[l] = c;
      previous = c;
      note(`${which} label "${l}"`, `measure ${c.measure}, unit %`, own.decided ? own.because : sibling ? `a share of the table's measure (${tableMeasure.measure})` : "a share the keywords cannot place", own.decided ? own.confidence : sibling ? 0.6 : 0, own.decided || sibling !== undefined);
      continue;
    }
    // a label names a count of people, cases or things unless it is a share (above)
    const guesses = ["persons", "cases", "count"].map((b) => classifyMeasure(ctx.vocab, l, context, b)).filter((g) => g.decided);
    guesses.sort((a, b) => b.score - a.score);
    const guess = guesses[0] ?? classifyMeasure(ctx.vocab, l, context, "persons");
    const labelDirection = directionOf(l, ctx);
    if (labelDirection && !ft) c.direction = labelDirection.direction;
    if (ofWhich && previous?.measure) {
      c.measure = previous.measure;
      const b = breakdownOf(l, ctx) ?? `subset=${slugWords(l)}`;
      if (!(role(l, "by") && /:$/u.test(l))) c.breakdown = b;
      note(`${which} label "${l}"`, `measure ${c.measure}${c.breakdown ? `, breakdown ${c.breakdown}` : ""}`, "a part of the label above it", 0.7);
    } else if (guess.decided) {
      ownMeasure = true;
      c.measure = guess.measure;
      parentMeasure ??= guess.measure;
      note(`${which} label "${l}"`, `measure ${guess.measure}`, guess.because, guess.confidence);
    } else if (!ft || !tableMeasure.decided) {
      c.measure = tableMeasure.decided ? tableMeasure.measure : unclassifiedFor(ctx.vocab, "persons");
      note(`${which} label "${l}"`, `measure ${c.measure}`, tableMeasure.decided ? `the table's measure (${tableMeasure.because})` : guess.because, tableMeasure.decided ? tableMeasure.confidence : 0, tableMeasure.decided);
    }
    const base = c.measure ? baseUnitOf(ctx.vocab, c.measure) : undefined;
    if (base && base !== "persons" && unit === "") c.unit = base;
    if (c.measure) measures.add(c.measure);
    if (Object.keys(c).length > 0) map[l] = c;
    if (!ofWhich) previous = c;
  }
  if (fromTo.length === named.length && named.length > 0) {
    return { dimension: "none", labels: map };
  }
  // labels that name neither a measure nor anything the vocabularies know ("Under 18", "18-64"): a breakdown
  // keyed by the axis title, so that each row stays a quantity of its own
  if (measures.size <= 1 && !ownMeasure && named.length >= 2) {
    const title = which === "rows" ? (header[0]?.[0] ?? "") : "";
    const key = words(title).join("_").replace(/[^a-z_]/gu, "").slice(0, 30) || "category";
    const labelsOut: Record<string, Coordinates> = {};
    for (const l of labels) if (l !== "") labelsOut[l] = { breakdown: role(l, "total") ? "" : `${key}=${l.replace(/[;=]/gu, " ").trim()}` };
    note(`${which}`, `a breakdown ${key}=<label>`, "labels the vocabularies do not know", 0.3, false);
    return { dimension: "breakdown", labels: labelsOut };
  }
  if (measures.size > 1 || (measures.size === 1 && !tableMeasure.decided)) return { dimension: "measure", labels: map };
  return { dimension: "none", labels: {} };
};
