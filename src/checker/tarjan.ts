import type { LivenessGraph } from './LivenessGraph.ts';

/**
 * Strongly connected components of the subgraph induced by `nodes` (iterative Tarjan over typed
 * arrays: the whole reachable graph may be hundreds of thousands of states).
 */
export function tarjan(graph: LivenessGraph, nodes: readonly number[], inSet: ReadonlySet<number>): number[][] {
  let size = 0;
  for (const v of nodes) if (v + 1 > size) size = v + 1;
  const member = new Uint8Array(size);
  for (const v of nodes) if (inSet.has(v)) member[v] = 1;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const out: number[][] = [];
  const workNode: number[] = [];
  const workEdge: number[] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    workNode.push(root);
    workEdge.push(graph.range(root)[0]);
    while (workNode.length > 0) {
      const top = workNode.length - 1;
      const u = workNode[top]!;
      const e = workEdge[top]!;
      const end = graph.range(u)[1];
      if (e < end) {
        workEdge[top] = e + 1;
        const v = graph.target[e]!;
        if (v >= size || member[v] === 0) continue;
        if (index[v] === -1) {
          index[v] = low[v] = counter++;
          stack.push(v);
          onStack[v] = 1;
          workNode.push(v);
          workEdge.push(graph.range(v)[0]);
        } else if (onStack[v] === 1 && index[v]! < low[u]!) low[u] = index[v]!;
        continue;
      }
      workNode.pop();
      workEdge.pop();
      if (workNode.length > 0) {
        const parent = workNode[workNode.length - 1]!;
        if (low[u]! < low[parent]!) low[parent] = low[u]!;
      }
      if (low[u] === index[u]) {
        const scc: number[] = [];
        let v: number;
        do {
          v = stack.pop()!;
          onStack[v] = 0;
          scc.push(v);
        } while (v !== u);
        out.push(scc);
      }
    }
  }
  return out;
}
