// How a table's wide view (the build's) and its exported file (export's) name their columns: one rule for both.

/**
 * The wide view's column names: each column's label as printed, unless it is blank ("(blank)") or a name
 * taken already, "row", "part" or an earlier column's in another case (DuckDB's names ignore case, of
 * ASCII letters only: "é" and "É" are two names): that one gets " (2)", " (3)", ... A bulk file's key may
 * print any of these; a printed table's labels are never blank (a blank one is an input error).
 */
export const wideColumnNames = (labels: ReadonlyArray<string>): string[] => {
  const taken = new Set(["row", "part"]);
  const folded = (name: string) => name.replace(/[A-Z]+/gu, (m) => m.toLowerCase());
  return labels.map((label) => {
    const base = label === "" ? "(blank)" : label;
    let name = base;
    for (let n = 2; taken.has(folded(name)); n++) name = `${base} (${n})`;
    taken.add(folded(name));
    return name;
  });
};
