/**
 * The edges of a small directed graph that lie on a cycle (a self-loop included): those whose ends are in
 * one strongly connected component (Tarjan). For the few rules of a table's hierarchy, where a total that
 * is its own part (or two totals each other's) would make a sum compare with itself.
 */
export const cycleEdges = <T>(edges: ReadonlyArray<{ readonly from: string; readonly to: string; readonly item: T }>): T[] => {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components);
      } while (w !== v);
      components++;
    }
  };
  for (const e of edges) if (!index.has(e.from)) visit(e.from);
  return edges.filter((e) => e.from === e.to || (component.has(e.to) && component.get(e.from) === component.get(e.to))).map((e) => e.item);
};
