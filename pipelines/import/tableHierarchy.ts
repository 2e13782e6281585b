import type { NumberFormat } from "../parse/numberTypes.ts";
import { isFailure, parseNumber } from "../parse/numbers.ts";
import { periodSpan } from "./periodPhrases.ts";
import type { LabelReaders, Note, TableContext } from "./tableLabels.ts";
import { findPhrase, words } from "./vocabulary.ts";

/** What a table's hierarchy is read from: its labels, what its columns mean, and its labels' readers. */
export interface HierarchyInputs {
  readonly ctx: TableContext;
  readonly note: Note;
  readonly role: LabelReaders["role"];
  readonly resolve: LabelReaders["resolve"];
  readonly rowLabels: string[];
  readonly columnLabels: string[];
  readonly columnsAxis: Record<string, unknown>;
  readonly ofWhichColumns: ReadonlyArray<{ total: string; parts: string[] }>;
}

/**
 * The hierarchy a table shows: group subtotals with the members that follow them, a Total over the groups
 * (or every other row), "Of which" rows, "By ...:" rows, a Total column and "Of which" columns.
 */
export const tableHierarchy = (h: HierarchyInputs): Record<string, unknown>[] => {
  const { ctx, note, role, resolve, rowLabels, columnLabels, columnsAxis, ofWhichColumns } = h;
  const hierarchy: Record<string, unknown>[] = [];
  const rowRole = (l: string): "total" | "aggregate" | "of_which" | "by" | "member" => {
    if (role(l, "of_which")) return "of_which";
    if (role(l, "by") && /:$/u.test(l)) return "by";
    const hit = resolve(l);
    if (role(l, "total") || hit?.code === "TOTAL") return "total";
    if (hit?.kind === "aggregate" && hit.code !== "OTHER") return "aggregate";
    return "member";
  };
  const roles = rowLabels.map(rowRole);
  const years = [...(columnsAxis.dimension === "period" ? columnLabels : rowLabels)].map((l) => periodSpan(l)).filter((p) => p !== undefined);
  const firstYear = years.length > 0 ? Math.min(...years.map((p) => Number(p!.start.slice(0, 4)))) : Number(ctx.publicationYear);
  const groups: Array<{ total: string; parts: string[] }> = [];
  const grouped = new Set<number>();
  /** "Other African countries" under "ECOWAS": the words after the residual's own name a group other than this one */
  const namesOtherGroup = (label: string, group: string): boolean => {
    const ws = words(label);
    const lead = (ctx.vocab.roles.get("residual") ?? []).map((p) => words(p)).filter((p) => p.length > 0 && p.length < ws.length && findPhrase(ws.slice(0, p.length), p) === 0).sort((a, b) => b.length - a.length)[0];
    if (!lead) return false;
    const named = resolve(ws.slice(lead.length).join(" "));
    const own = resolve(group);
    return named?.kind === "aggregate" && own !== undefined && named.code !== own.code;
  };
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "aggregate") continue;
    const parts: string[] = [];
    for (let j = i + 1; j < rowLabels.length && (roles[j] === "member" || roles[j] === "of_which"); j++) {
      if (roles[j] !== "member") continue;
      // a residual ("Other EU countries", "Other countries") closes its group: a row after it is outside the group;
      // one naming another group ("Other African countries" after ECOWAS members) is outside it already
      const residual = role(rowLabels[j]!, "residual") || ["OTHER", "UNSPECIFIED"].includes((resolve(rowLabels[j]!) as { code?: string } | undefined)?.code ?? "");
      if (residual && namesOtherGroup(rowLabels[j]!, rowLabels[i]!)) break;
      parts.push(rowLabels[j]!);
      grouped.add(j);
      if (residual) break;
    }
    if (parts.length === 0) continue;
    const complete = groupComplete(rowLabels[i]!, parts, firstYear, ctx, role);
    hierarchy.push({ axis: "rows", total: rowLabels[i], parts, ...(complete.complete ? {} : { complete: false }) });
    note(`rows: subtotal "${rowLabels[i]}"`, `${parts.length} parts${complete.complete ? "" : ", complete: false"}`, complete.because, 0.8);
    groups.push({ total: rowLabels[i]!, parts });
  }
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "total") continue;
    const aggregates = rowLabels.filter((_, j) => roles[j] === "aggregate");
    const members = rowLabels.filter((_, j) => j !== i && roles[j] === "member");
    // the subtotals, and the members printed outside every group ("Other countries" after the last group)
    const parts = aggregates.length > 0 ? rowLabels.filter((_, j) => roles[j] === "aggregate" || (j !== i && roles[j] === "member" && !grouped.has(j))) : members;
    const byRows = rowLabels.filter((_, j) => roles[j] === "by" && j > i);
    if (byRows.length > 0 && aggregates.length === 0) {
      hierarchy.push({ axis: "rows", total: rowLabels[i], parts: byRows, complete: false });
      note(`rows: total "${rowLabels[i]}"`, `broken down by ${byRows.join(", ")} (complete: false)`, "a By ...: row after it", 0.7);
      continue;
    }
    if (parts.length === 0) continue;
    hierarchy.push({ axis: "rows", total: rowLabels[i], parts });
    note(`rows: total "${rowLabels[i]}"`, `${parts.length} parts`, aggregates.length > 0 ? "the group subtotals" : "every other row", 0.8);
  }
  for (let i = 0; i < rowLabels.length; i++) {
    if (roles[i] !== "of_which") continue;
    if (i > 0 && roles[i - 1] === "of_which") continue;
    let p = i - 1;
    while (p >= 0 && roles[p] === "of_which") p--;
    if (p < 0) continue;
    const parts: string[] = [];
    for (let j = i; j < rowLabels.length && roles[j] === "of_which"; j++) parts.push(rowLabels[j]!);
    hierarchy.push({ axis: "rows", total: rowLabels[p], parts, ...(parts.length >= 2 ? {} : { complete: false }) });
    note(`rows: "${rowLabels[p]}"`, `of which ${parts.join(", ")}`, "an of-which row under it", 0.8);
  }
  const totalColumn = columnLabels.find((l) => l !== "" && role(l, "total"));
  if (totalColumn && !ofWhichColumns.some((o) => o.total === totalColumn)) {
    const parts = columnLabels.filter((l) => l !== "" && l !== totalColumn);
    if (parts.length > 0) {
      hierarchy.push({ axis: "columns", total: totalColumn, parts });
      note(`columns: total "${totalColumn}"`, `${parts.length} parts`, "every other column", 0.8);
    }
  }
  for (const o of ofWhichColumns) hierarchy.push({ axis: "columns", total: o.total, parts: o.parts, ...(o.parts.length >= 2 ? {} : { complete: false }) });
  return hierarchy;
};

/** Whether a group's printed members can be all of it: a residual member, or every member of the group in groups.csv printed. */
const groupComplete = (
  label: string,
  parts: string[],
  firstYear: number,
  ctx: TableContext,
  role: (l: string, r: string) => boolean,
): { complete: boolean; because: string } => {
  if (parts.some((p) => role(p, "residual") || ctx.countries.resolve(p).ok && ["OTHER", "UNSPECIFIED"].includes((ctx.countries.resolve(p) as { code: string }).code))) {
    return { complete: true, because: "a residual member (other, not specified) is printed" };
  }
  const hit = ctx.countries.resolve(label);
  if (!hit.ok) return { complete: false, because: "the group is not known" };
  const members = ctx.countries
    .groups()
    .filter((g) => g.group_code === hit.code && (g.valid_to === null || g.valid_to >= firstYear) && g.member !== ctx.reportingCode)
    .map((g) => g.member);
  if (members.length === 0) return { complete: false, because: `no member list for ${hit.code} in groups.csv and no residual member printed` };
  const printed = new Set(parts.map((p) => ctx.countries.resolve(p)).filter((r) => r.ok).map((r) => (r as { code: string }).code));
  const absent = members.filter((m) => !printed.has(m));
  return absent.length === 0
    ? { complete: true, because: `every member of ${hit.code} in groups.csv is printed` }
    : { complete: false, because: `members of ${hit.code} not printed: ${absent.join(", ")}` };
};

/** True when reading blank cells as zero makes every total of the table that involves one add up. */
export const blanksAreZero = (
  body: string[][],
  rowLabels: string[],
  columnLabels: string[],
  hierarchy: Record<string, unknown>[],
  format: NumberFormat,
  ctx: TableContext,
): boolean => {
  const value = (r: number, c: number): number | undefined => {
    const t = body[r]?.[c + 1] ?? "";
    if (t === "") return 0;
    const p = parseNumber(t, format, ctx.missing);
    return isFailure(p) || p.value === null ? undefined : p.value;
  };
  let involved = 0;
  for (const h of hierarchy) {
    const parts = h.parts as string[];
    if (h.complete === false) continue;
    const rowsAxis = h.axis === "rows";
    const totalIndex = (rowsAxis ? rowLabels : columnLabels).indexOf(h.total as string);
    const partIndexes = parts.map((p) => (rowsAxis ? rowLabels : columnLabels).indexOf(p));
    const across = rowsAxis ? columnLabels.length : rowLabels.length;
    for (let k = 0; k < across; k++) {
      const get = (i: number) => (rowsAxis ? value(i, k) : value(k, i));
      const blank = (i: number) => (rowsAxis ? body[i]?.[k + 1] : body[k]?.[i + 1]) === "";
      if (!partIndexes.some(blank) && !blank(totalIndex)) continue;
      involved++;
      const total = get(totalIndex);
      const sum = partIndexes.reduce((s, i) => s + (get(i) ?? NaN), 0);
      if (total === undefined || Number.isNaN(sum) || Math.abs(total - sum) > 1e-9) return false;
    }
  }
  return involved > 0;
};
