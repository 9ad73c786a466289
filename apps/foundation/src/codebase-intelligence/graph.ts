/** Adjacency list of the import graph. */
export type Graph = Map<string, Set<string>>;

/**
 * buildGraph.
 *
 * @example
 * buildGraph([['a.ts', 'b.ts']]).get('a.ts'); // Set { 'b.ts' }
 */
export function buildGraph(edges: [string, string][]): Graph {
  const g: Graph = new Map();
  for (const [a, b] of edges) {
    if (!g.has(a)) g.set(a, new Set());
    g.get(a)!.add(b);
  }
  return g;
}

/**
 * Every file reachable from `start` (excluding itself), sorted; bounded.
 *
 * @example
 * transitiveDeps(buildGraph([['a','b'],['b','c']]), 'a'); // ['b','c']
 */
export function transitiveDeps(g: Graph, start: string, limit = 10_000): string[] {
  const seen = new Set<string>();
  const queue = [...(g.get(start) ?? [])];
  while (queue.length && seen.size < limit) {
    const n = queue.shift()!;
    if (seen.has(n) || n === start) continue;
    seen.add(n);
    for (const m of g.get(n) ?? []) if (!seen.has(m)) queue.push(m);
  }
  return [...seen].sort();
}

/**
 * Import cycles through `start`: for each direct dependency, the shortest
 * path back to `start`, as [start, ..., start]; deduplicated, bounded.
 *
 * @example
 * cyclesThrough(buildGraph([['a','b'],['b','a']]), 'a'); // [['a','b','a']]
 */
export function cyclesThrough(g: Graph, start: string, maxCycles = 20): string[][] {
  const cycles: string[][] = [];
  const keys = new Set<string>();
  for (const first of g.get(start) ?? []) {
    const prev = new Map<string, string>([[first, start]]);
    const queue = [first];
    let found = false;
    while (queue.length && !found && prev.size < 20_000) {
      const n = queue.shift()!;
      for (const m of g.get(n) ?? []) {
        if (m === start) {
          const path = [start];
          let cur: string | undefined = n;
          const back: string[] = [];
          while (cur && cur !== start) {
            back.push(cur);
            cur = prev.get(cur);
          }
          path.push(...back.reverse(), start);
          const key = path.join('>');
          if (!keys.has(key)) {
            keys.add(key);
            cycles.push(path);
          }
          found = true;
          break;
        }
        if (!prev.has(m)) {
          prev.set(m, n);
          queue.push(m);
        }
      }
    }
    if (cycles.length >= maxCycles) break;
  }
  return cycles;
}
