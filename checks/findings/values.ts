// The figures of a finding side by side: shared by the text, JUnit and Markdown reports.
import type { FindingObservation } from "../model.ts";

export const VALUE_COLUMNS = ["label", "value", "unit", "period", "source", "where"] as const;

/** Shortest text of a number (no exponent for ordinary magnitudes). */
const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12))));

/** One observation as display cells: label, value as printed (and corrected), unit, period, source, file:line. */
export const observationCells = (o: FindingObservation): Record<(typeof VALUE_COLUMNS)[number], string> => ({
  label: o.label,
  value: (o.value ?? "") + (o.corrected !== undefined ? ` (corrected: ${num(o.corrected)})` : ""),
  unit: o.unit ?? "",
  period: o.period ?? "",
  source: o.source === null ? "" : (o.source.printed ?? o.source.citation),
  where: `${o.file}:${o.line}`,
});

/** Rows padded to aligned columns (the value column right-aligned), trailing blanks trimmed. */
export const alignRows = (rows: ReadonlyArray<ReadonlyArray<string>>, rightAligned: ReadonlyArray<number> = []): string[] => {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = " ".repeat((widths[i] ?? 0) - [...c].length);
        return rightAligned.includes(i) ? pad + c : c + pad;
      })
      .join("  ")
      .trimEnd(),
  );
};

/** The values of a finding as an aligned plain-text table with a header line. */
export const valuesText = (observations: ReadonlyArray<FindingObservation>, maxSource = Infinity): string[] => {
  const cut = (s: string) => ([...s].length > maxSource ? [...s].slice(0, maxSource - 1).join("") + "…" : s);
  const rows = observations.map((o) => {
    const c = observationCells(o);
    return VALUE_COLUMNS.map((k) => (k === "source" ? cut(c[k]) : c[k]));
  });
  return alignRows([[...VALUE_COLUMNS], ...rows], [1]);
};

/** "1 error" / "2 errors". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
