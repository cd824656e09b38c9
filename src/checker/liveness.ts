import type { PropertyKind } from '../model/Property.ts';
import type { LivenessGraph } from './LivenessGraph.ts';
import { tarjan } from './tarjan.ts';

/** A counterexample to a liveness property: a path of states that ends back at `ids[loop]`. */
export interface Lasso {
  /** State ids, the initial state first; the cycle is ids[loop..] and returns to ids[loop]. */
  readonly ids: number[];
  /** Action index of each step (ids.length - 1 of them). */
  readonly actions: number[];
  /** The state-graph edge of each step (its fairness class is the one the cycle needs). */
  readonly edges: number[];
  /** Where the cycle starts; equal to the last index when the behaviour stays in a final state. */
  readonly loop: number;
}

/** A liveness property as the analysis reads it: its kind and the bits of its predicates. */
export interface LiveProperty {
  readonly kind: PropertyKind;
  /** Bit of `check` (P) in the graph's per-state bits; `target` (Q, leadsTo) is the next bit. */
  readonly bit: number;
}

/**
 * Looks for a fair behaviour that violates `prop`: a reachable strongly connected set of states
 * (or a final state, where a behaviour stays for ever) in which it can cycle for ever, fairly,
 * without the property coming true. Fairness: weak classes must be taken inside the cycle or be
 * disabled somewhere in it; strong classes must be taken or be disabled everywhere in it (sets
 * that fail a strong class are narrowed to the states where it is disabled, Emerson and Lei).
 * Returns a short lasso: a shortest prefix to the nearest state of the set, then a short fair cycle.
 */
export function findLasso(graph: LivenessGraph, states: number, inits: readonly number[], prop: LiveProperty): Lasso | undefined {
  const P = (id: number): boolean => ((graph.getBits(id) >>> prop.bit) & 1) === 1;
  const Q = (id: number): boolean => ((graph.getBits(id) >>> (prop.bit + 1)) & 1) === 1;
  const nonStutterOut = (id: number): boolean => {
    const [a, b] = graph.range(id);
    for (let e = a; e < b; e++) if (graph.stutter[e] === 0) return true;
    return false;
  };

  // Where the cycle must lie, and where the prefix may go.
  let region: Uint8Array;
  let sources: number[];
  let needNotP = false;
  switch (prop.kind) {
    case 'eventually':
      sources = inits.filter((i) => !P(i));
      region = reach(graph, states, sources, (id) => !P(id));
      break;
    case 'alwaysEventually':
      sources = [...inits];
      region = new Uint8Array(states);
      for (let id = 0; id < states; id++) if (!P(id)) region[id] = 1;
      break;
    case 'eventuallyAlways':
      sources = [...inits];
      region = new Uint8Array(states).fill(1);
      needNotP = true;
      break;
    case 'leadsTo':
      sources = [];
      for (let id = 0; id < states; id++) if (P(id) && !Q(id)) sources.push(id);
      region = reach(graph, states, sources, (id) => !Q(id));
      break;
    default:
      return undefined;
  }

  const found = fairComponent(graph, [...range(states)].filter((id) => region[id] === 1), needNotP ? (id) => !P(id) : undefined, nonStutterOut);
  if (!found) return undefined;
  const { members } = found;
  const inC = new Uint8Array(states);
  for (const id of members) inC[id] = 1;

  // The prefix: a shortest path to the nearest state of the set, through the region where the
  // property requires it.
  let prefix: Path;
  if (prop.kind === 'eventually') prefix = shortestPath(graph, states, inits.filter((i) => !P(i)), members, (id) => region[id] === 1)!;
  else if (prop.kind === 'leadsTo') {
    const tail = shortestPath(graph, states, sources, members, (id) => region[id] === 1)!;
    const head = shortestPath(graph, states, [...inits], [tail.ids[0]!], () => true)!;
    prefix = { ids: [...head.ids, ...tail.ids.slice(1)], edges: [...head.edges, ...tail.edges] };
  } else prefix = shortestPath(graph, states, [...inits], members, () => true)!;
  const t = prefix.ids[prefix.ids.length - 1]!;

  const final = members.length === 1 && !nonStutterOut(t);
  const cycle = final ? { ids: [t], edges: [] } : fairCycle(graph, states, t, inC, needNotP ? (id) => !P(id) : undefined);
  const loop = prefix.ids.length - 1;
  const edges = [...prefix.edges, ...cycle.edges];
  const actions = edges.map((e) => graph.action[e]!);
  return { ids: [...prefix.ids, ...cycle.ids.slice(1)], actions, edges, loop };
}

/**
 * A short fair cycle from `t` back to `t` inside the set marked `inC` (which `fairComponent`
 * judged to hold one): the shortest cycle through t, then, while some fairness class is not
 * met on it, a detour from t that meets it (takes an edge of the class, or, for a weak class,
 * visits a state where it is disabled), whichever is nearer. Each detour meets one class for
 * good (states and edges are only added), so it ends; readers get a cycle of the steps that
 * matter, not a tour of the whole component.
 */
function fairCycle(graph: LivenessGraph, states: number, t: number, inC: Uint8Array, mustVisit: ((id: number) => boolean) | undefined): Path {
  const inside = (id: number): boolean => inC[id] === 1;
  // Edges are stored in the order states were expanded, not by id: index their sources.
  const source = new Map<number, number>();
  for (let u = 0; u < states; u++) {
    if (!inside(u)) continue;
    const [a, b] = graph.range(u);
    for (let e = a; e < b; e++) source.set(e, u);
  }
  const sourceOf = (e: number): number => source.get(e)!;
  /** t -> the edge e -> back to t. */
  const detourThrough = (e: number): Path => {
    const there = shortestPath(graph, states, [t], [sourceOf(e)], inside)!;
    const back = shortestPath(graph, states, [graph.target[e]!], [t], inside)!;
    return { ids: [...there.ids, ...back.ids], edges: [...there.edges, e, ...back.edges] };
  };
  /** t -> u -> back to t (u != t). */
  const detourTo = (u: number): Path => {
    const there = shortestPath(graph, states, [t], [u], inside)!;
    const back = shortestPath(graph, states, [u], [t], inside)!;
    return { ids: [...there.ids, ...back.ids.slice(1)], edges: [...there.edges, ...back.edges] };
  };
  /** A fairness class the cycle made of these loops through t does not meet (or -1), and whether it visits `mustVisit`. */
  const unmetBy = (loops: readonly Path[]): number => {
    const onCycle = new Set<number>([t]);
    const taken = new Set<number>();
    for (const p of loops) {
      for (const id of p.ids) onCycle.add(id);
      for (const e of p.edges) if (graph.fairClass[e]! >= 0 && graph.stutter[e] === 0) taken.add(graph.fairClass[e]!);
    }
    if (mustVisit && ![...onCycle].some(mustVisit)) return MUST_VISIT;
    // Per class enabled on the cycle: in how many of its states. A strong class enabled anywhere
    // on it, or a weak one enabled everywhere, must be taken.
    const enabledIn = new Map<number, number>();
    for (const u of onCycle) {
      const seen = new Set<number>();
      const [a, b] = graph.range(u);
      for (let e = a; e < b; e++) {
        const c = graph.fairClass[e]!;
        if (c >= 0 && graph.stutter[e] === 0 && !seen.has(c)) {
          seen.add(c);
          enabledIn.set(c, (enabledIn.get(c) ?? 0) + 1);
        }
      }
    }
    for (const [c, count] of enabledIn) if (!taken.has(c) && (graph.classStrong[c] || count === onCycle.size)) return c;
    return -1;
  };

  // The shortest cycle through t: out along one edge inside the set, the shortest way back.
  const [a0, b0] = graph.range(t);
  let shortest: Path | undefined;
  for (let e = a0; e < b0; e++) {
    if (!inside(graph.target[e]!)) continue;
    const c = detourThrough(e);
    if (!shortest || c.edges.length < shortest.edges.length) shortest = c;
  }
  const loops: Path[] = [shortest!];
  // Distances from t inside the set: the same for every detour.
  const dist = distancesFrom(graph, states, t, inside);
  for (let c = unmetBy(loops); c !== -1; c = unmetBy(loops)) {
    if (c === MUST_VISIT) {
      loops.push(detourTo(nearest(dist, t, mustVisit!)!));
      continue;
    }
    // The nearest edge of the class inside the set, and for a weak class the nearest state where it is disabled.
    let edge = -1;
    for (let u = 0; u < states; u++) {
      if (!inside(u) || dist[u]! < 0) continue;
      const [a, b] = graph.range(u);
      for (let e = a; e < b; e++) {
        if (graph.fairClass[e] === c && graph.stutter[e] === 0 && inside(graph.target[e]!)) {
          if (edge < 0 || dist[u]! < dist[sourceOf(edge)]!) edge = e;
        }
      }
    }
    const disabledAt = graph.classStrong[c]
      ? undefined
      : nearest(dist, t, (u) => {
          const [a, b] = graph.range(u);
          for (let e = a; e < b; e++) if (graph.fairClass[e] === c && graph.stutter[e] === 0) return false;
          return true;
        });
    if (disabledAt !== undefined && (edge < 0 || dist[disabledAt]! <= dist[sourceOf(edge)]! + 1)) loops.push(detourTo(disabledAt));
    else if (edge >= 0) loops.push(detourThrough(edge));
    else throw new Error('internal: a fair component without a way to meet a fairness class');
  }
  // A later loop can make an earlier one needless (the detour to a state that must be visited
  // often passes where the first loop went): leave out every loop the cycle can do without.
  for (let i = 0; i < loops.length && loops.length > 1; ) {
    const without = loops.filter((_, j) => j !== i);
    if (unmetBy(without) === -1) loops.splice(i, 1);
    else i++;
  }
  const cycle: Path = { ids: [t], edges: [] };
  for (const p of loops) {
    cycle.ids.push(...p.ids.slice(1));
    cycle.edges.push(...p.edges);
  }
  return cycle;
}

/** unmetBy's answer when the cycle misses the states it must visit. */
const MUST_VISIT = -2;

/** Breadth-first distances from `t` through allowed states (-1: unreachable). */
function distancesFrom(graph: LivenessGraph, states: number, t: number, allowed: (id: number) => boolean): Int32Array {
  const dist = new Int32Array(states).fill(-1);
  dist[t] = 0;
  const queue = [t];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    const [a, b] = graph.range(u);
    for (let e = a; e < b; e++) {
      const v = graph.target[e]!;
      if (dist[v] === -1 && allowed(v)) {
        dist[v] = dist[u]! + 1;
        queue.push(v);
      }
    }
  }
  return dist;
}

/** The nearest state other than `t` that satisfies `goal`, by the distances from `t`. */
function nearest(dist: Int32Array, t: number, goal: (id: number) => boolean): number | undefined {
  let best: number | undefined;
  for (let u = 0; u < dist.length; u++) {
    if (u !== t && dist[u]! >= 0 && goal(u) && (best === undefined || dist[u]! < dist[best]!)) best = u;
  }
  return best;
}

interface Path {
  ids: number[];
  edges: number[];
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** The states reachable from `sources` through states that satisfy `allowed` (sources included if allowed). */
function reach(graph: LivenessGraph, states: number, sources: readonly number[], allowed: (id: number) => boolean): Uint8Array {
  const seen = new Uint8Array(states);
  const queue: number[] = [];
  for (const s of sources) {
    if (allowed(s) && !seen[s]) {
      seen[s] = 1;
      queue.push(s);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const [a, b] = graph.range(queue[i]!);
    for (let e = a; e < b; e++) {
      const to = graph.target[e]!;
      if (!seen[to] && allowed(to)) {
        seen[to] = 1;
        queue.push(to);
      }
    }
  }
  return seen;
}

/** A shortest path (breadth-first) from any of `from` to any of `to`, through allowed states. */
function shortestPath(
  graph: LivenessGraph,
  states: number,
  from: readonly number[],
  to: readonly number[],
  allowed: (id: number) => boolean,
): Path | undefined {
  const goal = new Set(to);
  const parentEdge = new Int32Array(states).fill(-2);
  const parentState = new Int32Array(states).fill(-1);
  const queue: number[] = [];
  for (const s of from) {
    if (parentEdge[s] === -2) {
      parentEdge[s] = -1;
      queue.push(s);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    if (goal.has(u)) {
      const ids: number[] = [];
      const edges: number[] = [];
      for (let at = u; at >= 0 && parentEdge[at] !== -1; at = parentState[at]!) {
        ids.push(at);
        edges.push(parentEdge[at]!);
      }
      let at = u;
      while (parentEdge[at] !== -1) at = parentState[at]!;
      ids.push(at);
      return { ids: ids.reverse(), edges: edges.reverse() };
    }
    const [a, b] = graph.range(u);
    for (let e = a; e < b; e++) {
      const v = graph.target[e]!;
      if (parentEdge[v] === -2 && allowed(v)) {
        parentEdge[v] = e;
        parentState[v] = u;
        queue.push(v);
      }
    }
  }
  return undefined;
}

/**
 * A fair strongly connected set among `nodes` (the one reached first, by smallest id): one that
 * holds a fair cycle (fairCycle finds a short one), or undefined.
 */
function fairComponent(
  graph: LivenessGraph,
  nodes: readonly number[],
  mustVisit: ((id: number) => boolean) | undefined,
  nonStutterOut: (id: number) => boolean,
): { members: number[] } | undefined {
  const inSet = new Set(nodes);
  const smallest = (xs: readonly number[]): number => xs.reduce((m, x) => (x < m ? x : m), Infinity);
  const sccs = tarjan(graph, nodes, inSet)
    .map((scc) => ({ scc, first: smallest(scc) }))
    .sort((a, b) => a.first - b.first)
    .map((x) => x.scc);
  let size = 0;
  for (const v of nodes) if (v + 1 > size) size = v + 1;
  const mark = new Uint8Array(size);
  for (const scc of sccs) {
    if (scc.length === 1) {
      const id = scc[0]!;
      const [a, b] = graph.range(id);
      let selfLoop = false;
      for (let e = a; e < b; e++) if (graph.target[e] === id) selfLoop = true;
      if (!selfLoop && nonStutterOut(id)) continue; // passes through, cannot stay
    }
    if (mustVisit && !scc.some(mustVisit)) continue;
    for (const u of scc) mark[u] = 1;
    const result = judge(graph, scc, mark, mustVisit, nonStutterOut);
    for (const u of scc) mark[u] = 0;
    if (result) return result;
  }
  return undefined;
}

/** Whether the strongly connected set `scc` (marked in `mark`) holds a fair cycle, and which. */
function judge(
  graph: LivenessGraph,
  scc: readonly number[],
  mark: Uint8Array,
  mustVisit: ((id: number) => boolean) | undefined,
  nonStutterOut: (id: number) => boolean,
): { members: number[] } | undefined {
  // Per fairness class: in how many of its states it is enabled, and whether an edge inside takes it.
  const enabledIn = new Map<number, number>();
  const taken = new Set<number>();
  for (const u of scc) {
    const [a, b] = graph.range(u);
    let seenHere: number[] | undefined;
    for (let e = a; e < b; e++) {
      const c = graph.fairClass[e]!;
      if (c < 0 || graph.stutter[e] === 1) continue;
      if (!seenHere?.includes(c)) {
        (seenHere ??= []).push(c);
        enabledIn.set(c, (enabledIn.get(c) ?? 0) + 1);
      }
      if (mark[graph.target[e]!] === 1) taken.add(c);
    }
  }
  const strongFails = new Set<number>();
  for (const [c, count] of enabledIn) {
    if (taken.has(c)) continue;
    if (graph.classStrong[c]) strongFails.add(c);
    else if (count === scc.length) return undefined; // weakly fair class enabled throughout, never taken
  }
  if (strongFails.size > 0) {
    // Emerson-Lei: a fair cycle can only use the states where those classes are disabled (one
    // pass over each state's edges: models with a class per transition have thousands).
    const keep = scc.filter((u) => {
      const [a, b] = graph.range(u);
      for (let e = a; e < b; e++) if (graph.stutter[e] === 0 && strongFails.has(graph.fairClass[e]!)) return false;
      return true;
    });
    return keep.length > 0 ? fairComponent(graph, keep, mustVisit, nonStutterOut) : undefined;
  }
  return { members: [...scc] };
}
