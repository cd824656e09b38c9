/**
 * Liveness verdicts on random small graphs with fairness, against a reference written here from
 * the definitions and sharing nothing with src/checker/liveness.ts (no Tarjan, no Emerson-Lei
 * narrowing, no waypoints): it enumerates every set of reachable states.
 *
 * Semantics (src/model/Property.ts, src/model/Model.ts). A behaviour is an infinite sequence of
 * states joined by edges (enabled actions; a self-loop is a stuttering step and may be taken for
 * ever); a behaviour that reaches a final state (no non-stuttering edge out) stays there for
 * ever. A fairness class c is enabled in s when some non-stuttering edge out of s has class c,
 * and taken by a step when the step is a non-stuttering edge of class c. Weak: c enabled
 * continuously from some point on => taken infinitely often. Strong: c enabled infinitely often
 * => taken infinitely often.
 *
 * The reference: a fair behaviour violating the property exists iff some non-empty set X of
 * reachable states is
 *   (a) a place a behaviour can stay: |X| >= 2 and strongly connected by edges inside X; or
 *       X = {s} with s final; or X = {s} with a self-loop edge at s;
 *   (b) fair: every weak class is disabled in some state of X or is the class of some
 *       non-stuttering edge inside X; every strong class is disabled in every state of X or is
 *       the class of some non-stuttering edge inside X;
 *   (c) bad for the property, and reachable as it requires:
 *       eventually P:      X ⊆ ¬P, reachable from an initial state through ¬P states only;
 *       alwaysEventually P (P infinitely often): X ⊆ ¬P, reachable;
 *       eventuallyAlways P (P stabilises):      X has a ¬P state, reachable;
 *       P leadsTo Q:       X ⊆ ¬Q, reachable through ¬Q states from a reachable P ∧ ¬Q state.
 *
 * Why. (=>) Take a fair violating behaviour σ and let X = inf(σ), the states it visits
 * infinitely often (non-empty: the graph is finite). From some point on σ stays inside X and
 * takes only edges it takes infinitely often, all of them inside X. If σ stays in one state s
 * for ever, either s is final (the convention) or σ takes a self-loop at s for ever (a
 * non-final state cannot be left otherwise); else every two states of X follow each other
 * infinitely often along edges inside X, so X is strongly connected inside X: (a). A state is
 * visited continuously from some point iff it is in X, so a class is continuously enabled from
 * some point iff it is enabled in every state of X, and enabled infinitely often iff it is
 * enabled in some state of X; a class taken infinitely often is the class of a non-stuttering
 * edge inside X. Fairness of σ then gives (b). The property: eventually P fails iff every state
 * of σ is ¬P (its initial state and the path to X included); P infinitely often fails iff
 * inf(σ) ⊆ ¬P; P stabilises fails iff inf(σ) has a ¬P state; P leadsTo Q fails iff some state
 * of σ is P ∧ ¬Q and every later one is ¬Q (so the path from it to X and X itself): (c).
 * (<=) Given X: go to X by the path (c) asks for, then round a closed walk inside X that visits
 * every state of X and takes every edge inside X (it exists: X is strongly connected), for
 * ever (for a final {s}: stay). Then inf(σ) = X and the edges taken infinitely often are
 * exactly those inside X, so (b) makes σ fair and (c) makes it violate the property. This is
 * the usual fair-SCC (Streett) characterisation with the cycle free to visit all of X; it is
 * exact, not just sufficient, because a bigger cycle never makes a class less enabled than X
 * says nor takes fewer edges. Enumerating all subsets (2^7 = 128 at most) needs no SCCs at all.
 *
 * Each counterexample is checked for itself too: the lasso replays (fingerprints included),
 * walks the graph's own edges, returns to its loop state (or stays in a final one), its cycle
 * is fair by (b) over the states it visits and the edges it takes, it violates the property by
 * (c), and evaluateTrace sees the violation at the loop wherever the path alone shows the loop
 * (see the BUG below for where it does not).
 */
import fc from 'fast-check';
import { Record as ImmutableRecord } from 'immutable';
import { describe, expect, it } from 'vitest';
import {
  always,
  check,
  eventually,
  infinitelyOften,
  leadsTo,
  stabilizes,
  type CheckResult,
  type Model,
  type PropertyKind,
  type PropertyResult,
} from '../../src/index.ts';
import { evaluateTrace, loopOf } from '../../src/checker/evaluateTrace.ts';
import { isFinal, replay, type Trace } from '../../src/checker/replay.ts';

const RUNS = 300;
/** Fairness classes c0, c1, c2; each graph says which are strong. */
const CLASSES = 3;

interface LEdge {
  readonly from: number;
  readonly to: number;
  /** `false`: listed as an action, but `next` returns undefined (no edge). */
  readonly enabled: boolean;
  /** Fairness class, or -1 for none. */
  readonly cls: number;
}

interface LGraph {
  readonly n: number;
  readonly inits: readonly number[];
  readonly edges: readonly LEdge[];
  /** Per class: strong (true) or weak. */
  readonly strong: readonly boolean[];
  readonly P: ReadonlySet<number>;
  readonly Q: ReadonlySet<number>;
}

/** How the model declares fairness: as the graph says, none at all, or every class weak / strong. */
type Mode = 'as-is' | 'none' | 'weak' | 'strong';
type Repr = 'number' | 'record';

const lgraphArb = (maxStates = 7): fc.Arbitrary<LGraph> =>
  fc.integer({ min: 1, max: maxStates }).chain((n) => {
    const state = fc.nat({ max: n - 1 });
    const edge = fc.record({
      from: state,
      // A bias towards self-loops: stuttering steps, and staying for ever.
      to: fc.oneof({ weight: 5, arbitrary: state }, { weight: 1, arbitrary: fc.constant(-1) }),
      enabled: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      cls: fc.oneof({ weight: 2, arbitrary: fc.constant(-1) }, { weight: 3, arbitrary: fc.nat({ max: CLASSES - 1 }) }),
    });
    return fc
      .record({
        inits: fc.array(state, { minLength: 1, maxLength: 3 }),
        edges: fc.integer({ min: 0, max: 3 * n }).chain((k) => fc.array(edge, { minLength: k, maxLength: k })),
        strong: fc.array(fc.boolean(), { minLength: CLASSES, maxLength: CLASSES }),
        P: fc.uniqueArray(state, { maxLength: n }),
        Q: fc.uniqueArray(state, { maxLength: n }),
      })
      .map(
        (g): LGraph => ({
          n,
          inits: g.inits,
          edges: g.edges.map((e) => ({ ...e, to: e.to < 0 ? e.from : e.to })),
          strong: g.strong,
          P: new Set(g.P),
          Q: new Set(g.Q),
        }),
      );
  });

const modeArb = fc.constantFrom<Mode>('as-is', 'as-is', 'none', 'weak', 'strong');
const reprArb = fc.constantFrom<Repr>('number', 'record');

/** The class of an edge under a mode (-1: none) and whether it is strong. */
function classOf(g: LGraph, mode: Mode, e: LEdge): number {
  return mode === 'none' ? -1 : e.cls;
}
function isStrong(g: LGraph, mode: Mode, c: number): boolean {
  return mode === 'strong' || (mode === 'as-is' && g.strong[c]!);
}

const Node = ImmutableRecord({ id: 0 });
function stateId(s: unknown): number {
  return typeof s === 'number' ? s : (s as ReturnType<typeof Node>).id;
}

/** The liveness properties every random model has, by name. */
const LIVE: readonly { readonly name: string; readonly kind: PropertyKind }[] = [
  { name: 'eventually P', kind: 'eventually' },
  { name: 'P leads to Q', kind: 'leadsTo' },
  { name: 'P infinitely often', kind: 'alwaysEventually' },
  { name: 'P stabilises', kind: 'eventuallyAlways' },
  { name: 'eventually Q', kind: 'eventually' },
];

/**
 * The graph as a Model: an action is an edge index, a state's actions its edges in list order.
 * With `record` every step builds a new Record, so a self-loop stutters by value, not identity.
 */
function liveModel(g: LGraph, mode: Mode, repr: Repr = 'number'): Model<unknown, number> {
  const mk = repr === 'number' ? (i: number): unknown => i : (i: number): unknown => Node({ id: i });
  const out: number[][] = Array.from({ length: g.n }, () => []);
  g.edges.forEach((e, i) => out[e.from]!.push(i));
  const P = (s: unknown): boolean => g.P.has(stateId(s));
  const Q = (s: unknown): boolean => g.Q.has(stateId(s));
  return {
    name: 'random-live-graph',
    initialStates: () => g.inits.map(mk),
    actions: (s, acc) => {
      for (const e of out[stateId(s)]!) acc.push(e);
    },
    next: (_s, e) => (g.edges[e]!.enabled ? mk(g.edges[e]!.to) : undefined),
    fairness: (e) => {
      const c = classOf(g, mode, g.edges[e]!);
      return c < 0 ? undefined : { key: `c${c}`, strong: isStrong(g, mode, c) };
    },
    properties: [
      always('never P and Q', (s) => !(P(s) && Q(s))),
      eventually('eventually P', P),
      leadsTo('P leads to Q', P, Q),
      infinitelyOften('P infinitely often', P),
      stabilizes('P stabilises', P),
      eventually('eventually Q', Q),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The reference.

/** Enabled edges out of s (self-loops included). */
function edgesFrom(g: LGraph, s: number): LEdge[] {
  return g.edges.filter((e) => e.from === s && e.enabled);
}

/** No enabled edge to another state: a behaviour here stays for ever. */
function finalIn(g: LGraph, s: number): boolean {
  return edgesFrom(g, s).every((e) => e.to === s);
}

function enabledAt(g: LGraph, mode: Mode, c: number, s: number): boolean {
  return edgesFrom(g, s).some((e) => e.to !== s && classOf(g, mode, e) === c);
}

/** States reachable from `sources` through states satisfying `allowed` (sources must satisfy it). */
function reachThrough(g: LGraph, sources: Iterable<number>, allowed: (s: number) => boolean): Set<number> {
  const seen = new Set<number>();
  const todo: number[] = [];
  for (const s of sources) {
    if (allowed(s) && !seen.has(s)) {
      seen.add(s);
      todo.push(s);
    }
  }
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const e of edgesFrom(g, s)) {
      if (!seen.has(e.to) && allowed(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen;
}

/** (a): a behaviour can stay in X for ever, visiting all of it. */
function canStay(g: LGraph, X: ReadonlySet<number>): boolean {
  if (X.size === 1) {
    const [s] = X;
    return finalIn(g, s!) || edgesFrom(g, s!).some((e) => e.to === s);
  }
  const inside = g.edges.filter((e) => e.enabled && X.has(e.from) && X.has(e.to));
  const from = (x: number, forward: boolean): Set<number> => {
    const seen = new Set([x]);
    const todo = [x];
    while (todo.length > 0) {
      const s = todo.pop()!;
      for (const e of inside) {
        const [a, b] = forward ? [e.from, e.to] : [e.to, e.from];
        if (a === s && !seen.has(b)) {
          seen.add(b);
          todo.push(b);
        }
      }
    }
    return seen;
  };
  const [x] = X;
  return from(x!, true).size === X.size && from(x!, false).size === X.size;
}

/**
 * (b): going round X for ever, visiting every state of X and taking the edges `taken` (and only
 * those) infinitely often, is fair.
 */
function fairOn(g: LGraph, mode: Mode, X: ReadonlySet<number>, taken: readonly LEdge[]): boolean {
  for (let c = 0; c < CLASSES; c++) {
    if (taken.some((e) => e.from !== e.to && classOf(g, mode, e) === c)) continue;
    const enabledIn = [...X].filter((s) => enabledAt(g, mode, c, s)).length;
    if (isStrong(g, mode, c) ? enabledIn > 0 : enabledIn === X.size) return false;
  }
  return true;
}

/** The reference verdict on one liveness property, by enumerating every set X. */
function referenceVerdict(g: LGraph, mode: Mode, kind: PropertyKind, P: ReadonlySet<number>, Q: ReadonlySet<number>): 'pass' | 'fail' {
  const reachable = [...reachThrough(g, g.inits, () => true)];
  const notP = (s: number): boolean => !P.has(s);
  const notQ = (s: number): boolean => !Q.has(s);
  const throughNotP = reachThrough(g, g.inits, notP);
  const throughNotQ = reachThrough(
    g,
    reachable.filter((s) => P.has(s) && notQ(s)),
    notQ,
  );
  for (let mask = 1; mask < 1 << reachable.length; mask++) {
    const X = new Set(reachable.filter((_, i) => (mask >> i) & 1));
    const xs = [...X];
    let bad: boolean;
    switch (kind) {
      case 'eventually':
        bad = xs.every(notP) && xs.some((s) => throughNotP.has(s));
        break;
      case 'alwaysEventually':
        bad = xs.every(notP);
        break;
      case 'eventuallyAlways':
        bad = xs.some(notP);
        break;
      case 'leadsTo':
        bad = xs.every(notQ) && xs.some((s) => throughNotQ.has(s));
        break;
      default:
        throw new Error(`not a liveness kind: ${kind}`);
    }
    if (!bad || !canStay(g, X)) continue;
    const inside = g.edges.filter((e) => e.enabled && X.has(e.from) && X.has(e.to));
    if (fairOn(g, mode, X, inside)) return 'fail';
  }
  return 'pass';
}

function referenceVerdicts(g: LGraph, mode: Mode): Record<string, 'pass' | 'fail'> {
  const P = g.P;
  const Q = g.Q;
  return {
    'eventually P': referenceVerdict(g, mode, 'eventually', P, Q),
    'P leads to Q': referenceVerdict(g, mode, 'leadsTo', P, Q),
    'P infinitely often': referenceVerdict(g, mode, 'alwaysEventually', P, Q),
    'P stabilises': referenceVerdict(g, mode, 'eventuallyAlways', P, Q),
    'eventually Q': referenceVerdict(g, mode, 'eventually', Q, Q),
  };
}

/** Breadth-first distance of each reachable state, the initial states at 1. */
function bfsDistances(g: LGraph): Map<number, number> {
  const dist = new Map<number, number>();
  let layer = [...new Set(g.inits)];
  layer.forEach((s) => dist.set(s, 1));
  for (let d = 1; layer.length > 0; d++) {
    const nextLayer: number[] = [];
    for (const s of layer) {
      for (const e of edgesFrom(g, s)) {
        if (!dist.has(e.to)) {
          dist.set(e.to, d + 1);
          nextLayer.push(e.to);
        }
      }
    }
    layer = nextLayer;
  }
  return dist;
}

function liveVerdicts(r: CheckResult): Record<string, string> {
  return Object.fromEntries(LIVE.map(({ name }) => [name, prop(r, name).status]));
}

function prop(r: CheckResult, name: string): PropertyResult {
  const p = r.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Checking one lasso for itself.

interface Walked {
  readonly trace: Trace<unknown>;
  readonly ids: number[];
  /** The edge of each step: edges[i] goes from ids[i] to ids[i + 1]. */
  readonly edges: LEdge[];
}

/** Replays the counterexample (fingerprints checked) and walks the same path over the graph. */
function walkLasso(g: LGraph, model: Model<unknown, number>, p: PropertyResult): Walked {
  expect(p.path, `${p.name} fails with a path`).toBeDefined();
  expect(p.fingerprints).toHaveLength(p.path!.length);
  const trace = replay(model, p.path!, p.fingerprints);
  const ids = trace.steps.map((s) => stateId(s.state));
  let s = g.inits[p.path![0]!]!;
  expect(ids[0]).toBe(s);
  const edges: LEdge[] = [];
  p.path!.slice(1).forEach((a, i) => {
    const e = g.edges.filter((x) => x.from === s)[a]!;
    expect(e.enabled).toBe(true);
    edges.push(e);
    s = e.to;
    expect(ids[i + 1]).toBe(s);
  });
  return { trace, ids, edges };
}

/**
 * The lasso is one: it ends where its cycle starts (or in a final state, loop at the last
 * index), its cycle is fair over what it visits and takes, and it violates the property.
 */
function checkLasso(g: LGraph, mode: Mode, model: Model<unknown, number>, p: PropertyResult): Walked {
  const w = walkLasso(g, model, p);
  const { ids, edges, trace } = w;
  const last = ids.length - 1;
  const loop = p.loop!;
  expect(Number.isInteger(loop), `${p.name}: loop ${loop}`).toBe(true);
  expect(loop).toBeGreaterThanOrEqual(0);
  expect(loop).toBeLessThanOrEqual(last);
  let X: Set<number>;
  let taken: LEdge[];
  if (loop === last) {
    expect(finalIn(g, ids[last]!), `${p.name}: the loop is the last step, so its state is final`).toBe(true);
    expect(isFinal(model, trace.steps[last]!.state)).toBe(true);
    X = new Set([ids[last]!]);
    taken = [];
  } else {
    expect(ids[last], `${p.name}: the last state is the state at the loop`).toBe(ids[loop]);
    X = new Set(ids.slice(loop, last));
    taken = edges.slice(loop, last);
  }
  expect(fairOn(g, mode, X, taken), `${p.name}: the cycle is fair`).toBe(true);
  // Violated on prefix + cycle for ever, by (c).
  const xs = [...X];
  const P = (s: number): boolean => g.P.has(s);
  const target = p.name === 'eventually Q' ? g.Q : g.P;
  let violated: boolean;
  switch (p.kind) {
    case 'eventually':
      violated = ids.every((s) => !target.has(s));
      break;
    case 'alwaysEventually':
      violated = xs.every((s) => !P(s));
      break;
    case 'eventuallyAlways':
      violated = xs.some((s) => !P(s));
      break;
    case 'leadsTo': {
      const Q = (s: number): boolean => g.Q.has(s);
      violated = xs.every((s) => !Q(s)) && ids.some((s, i) => P(s) && !Q(s) && ids.slice(i).every((t) => !Q(t)));
      break;
    }
    default:
      throw new Error(`not a liveness kind: ${p.kind}`);
  }
  expect(violated, `${p.name}: the lasso violates it`).toBe(true);
  return w;
}

/**
 * evaluateTrace (what `protocheck replay` prints) reads the loop off the path itself: the first
 * step whose state is the last one. Where that is the reported loop, it must see the violation.
 */
function checkEvaluateTrace(model: Model<unknown, number>, p: PropertyResult, w: Walked): boolean {
  if (loopOf(model, w.trace) !== p.loop) return false;
  const v = evaluateTrace(model, w.trace).find((x) => x.name === p.name)!;
  expect(v.violatedAt, `${p.name}: evaluateTrace sees the violation at the loop`).toBe(p.loop);
  return true;
}

interface Seen {
  fails: number;
  passes: number;
  /** Lassos evaluateTrace could judge (the path alone shows the loop). */
  evaluated: number;
  /** Lassos that end in a final state. */
  finalLoops: number;
}

function checkAgainstReference(g: LGraph, mode: Mode, repr: Repr, strategy: 'bfs' | 'dfs', exact = false, seen?: Seen): CheckResult {
  const model = liveModel(g, mode, repr);
  const r = check(model, { strategy, continueAfterFailure: true, exact });
  expect(r.complete).toBe(true);
  expect(liveVerdicts(r)).toEqual(referenceVerdicts(g, mode));
  const reachable = reachThrough(g, g.inits, () => true);
  expect(prop(r, 'never P and Q').status).toBe([...reachable].some((s) => g.P.has(s) && g.Q.has(s)) ? 'fail' : 'pass');
  for (const { name } of LIVE) {
    const p = prop(r, name);
    if (p.status === 'pass') {
      if (seen) seen.passes++;
      expect(p.path).toBeUndefined();
      expect(p.loop).toBeUndefined();
      continue;
    }
    const w = checkLasso(g, mode, model, p);
    const evaluated = checkEvaluateTrace(model, p, w);
    if (seen) {
      seen.fails++;
      if (evaluated) seen.evaluated++;
      if (p.loop === p.path!.length - 1) seen.finalLoops++;
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------

describe('liveness verdicts agree with the subset-enumerating reference', () => {
  it('random graphs (≤ 7 states, weak and strong classes, self-loops, disabled actions): BFS and DFS, every lasso checked', () => {
    const seen: Seen = { fails: 0, passes: 0, evaluated: 0, finalLoops: 0 };
    fc.assert(
      fc.property(lgraphArb(), modeArb, reprArb, fc.boolean(), (g, mode, repr, exact) => {
        for (const strategy of ['bfs', 'dfs'] as const) checkAgainstReference(g, mode, repr, strategy, exact, seen);
      }),
      { seed: 20261126, numRuns: RUNS },
    );
    // The generator exercises both verdicts, lassos of both shapes and evaluateTrace, often.
    expect(seen.fails).toBeGreaterThan(RUNS);
    expect(seen.passes).toBeGreaterThan(RUNS);
    expect(seen.evaluated).toBeGreaterThan(RUNS);
    expect(seen.finalLoops).toBeGreaterThan(RUNS / 4);
  });

  it('graphs where fairness decides: a cycle with exits, every class of every edge', () => {
    // Denser graphs with every edge in a class, so weak/strong distinctions matter.
    const dense = lgraphArb(6).map((g) => ({ ...g, edges: g.edges.map((e, i) => ({ ...e, cls: i % CLASSES })) }));
    fc.assert(
      fc.property(dense, fc.constantFrom<Mode>('as-is', 'weak', 'strong'), (g, mode) => {
        checkAgainstReference(g, mode, 'number', 'bfs');
      }),
      { seed: 99, numRuns: RUNS },
    );
  });

  // Once a bug: a lasso cannot always be told from its path alone, and evaluateTrace (so `protocheck
  // replay`, the command the report prints) takes the loop to be the first step equal to the
  // last one. A leadsTo counterexample goes to a P ∧ ¬Q state and on to the cycle, and that
  // prefix may pass through the cycle's first state earlier (sometimes it must: see the pinned
  // minimal case in liveness.test.ts); evaluateTrace then reads a bigger cycle, which can hold
  // a Q state, and says the property holds. The main test above checks evaluateTrace only where
  // the path is unambiguous. The loop is passed as a third argument in case the fix is one.
  it('evaluateTrace sees the violation on every lasso the search reports', () => {
    const evaluate = evaluateTrace as (model: Model<unknown, number>, trace: Trace<unknown>, loop?: number) => ReturnType<typeof evaluateTrace>;
    fc.assert(
      fc.property(lgraphArb(), modeArb, (g, mode) => {
        const model = liveModel(g, mode);
        const r = check(model, { continueAfterFailure: true });
        for (const { name } of LIVE) {
          const p = prop(r, name);
          if (p.status !== 'fail') continue;
          const w = walkLasso(g, model, p);
          expect(evaluate(model, w.trace, p.loop).find((v) => v.name === name)!.violatedAt, name).toBe(p.loop);
        }
      }),
      { seed: 20261126, numRuns: RUNS },
    );
  });
});

describe('laws', () => {
  it('BFS and DFS give the same liveness verdicts (exact or not, numbers or records)', () => {
    fc.assert(
      fc.property(lgraphArb(), modeArb, reprArb, fc.boolean(), (g, mode, repr, exact) => {
        const model = liveModel(g, mode, repr);
        const bfs = check(model, { strategy: 'bfs', continueAfterFailure: true, exact });
        const dfs = check(model, { strategy: 'dfs', continueAfterFailure: true, exact });
        expect(liveVerdicts(dfs)).toEqual(liveVerdicts(bfs));
      }),
      { seed: 5, numRuns: RUNS },
    );
  });

  it('fairness only removes counterexamples: none ⊇ weak ⊇ as declared ⊇ strong, in failures', () => {
    let differ = 0;
    fc.assert(
      fc.property(lgraphArb(), fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (g, strategy) => {
        const verdicts = (mode: Mode) => liveVerdicts(check(liveModel(g, mode), { strategy, continueAfterFailure: true }));
        const chain = (['none', 'weak', 'as-is', 'strong'] as const).map(verdicts);
        for (const { name } of LIVE) {
          // Once a property passes under some fairness, it passes under every stronger one.
          for (let i = 0; i + 1 < chain.length; i++) {
            if (chain[i]![name] === 'pass') expect(chain[i + 1]![name], `${name}: ${i} → ${i + 1}`).toBe('pass');
          }
          if (chain[0]![name] !== chain[3]![name]) differ++;
        }
      }),
      { seed: 17, numRuns: RUNS },
    );
    // Fairness turns some failures into passes (the law is not vacuous).
    expect(differ).toBeGreaterThan(20);
  });

  it('a search cut by --max-depth or --max-states leaves liveness unknown, never pass (nor fail)', () => {
    let cuts = 0;
    fc.assert(
      fc.property(
        lgraphArb(),
        modeArb,
        fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'),
        fc.oneof(fc.record({ maxDepth: fc.integer({ min: 1, max: 4 }) }), fc.record({ maxStates: fc.integer({ min: 1, max: 7 }) })),
        (g, mode, strategy, bound) => {
          const r = check(liveModel(g, mode), { strategy, continueAfterFailure: true, ...bound });
          const reachable = reachThrough(g, g.inits, () => true);
          if ('maxStates' in bound) expect(r.cut === 'max-states').toBe(bound.maxStates < reachable.size);
          if ('maxDepth' in bound && strategy === 'bfs') {
            // BFS depth is distance (the initial states at 1): cut iff a state at the bound has a step out.
            const dist = bfsDistances(g);
            expect(r.cut === 'max-depth').toBe([...dist].some(([s, d]) => d === bound.maxDepth && !finalIn(g, s)));
          }
          if (r.cut) {
            cuts++;
            expect(r.complete).toBe(false);
            for (const { name } of LIVE) {
              const p = prop(r, name);
              expect(p.status, name).toBe('unknown');
              expect(p.path).toBeUndefined();
              expect(p.loop).toBeUndefined();
            }
          } else if ('maxDepth' in bound) expect(liveVerdicts(r)).toEqual(referenceVerdicts(g, mode));
        },
      ),
      { seed: 23, numRuns: RUNS },
    );
    expect(cuts).toBeGreaterThan(RUNS / 6);
  });

  // Once a bug: once the visited set holds maxStates states, Explorer.expand skips every further
  // successor, already-visited ones included, with `continue` before recording the edge in the
  // liveness graph. A search whose bound equals the number of reachable states is complete
  // (no cut) but its graph lacks the edges of the states expanded after the set filled up:
  // they look final, and liveness verdicts are wrong (a pass turns into a fail whose lasso
  // "stays for ever" in a state that is not final). Minimal case pinned in liveness.test.ts.
  it('a --max-states bound that cuts nothing (= the reachable count) changes no liveness verdict', () => {
    fc.assert(
      fc.property(lgraphArb(), modeArb, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (g, mode, strategy) => {
        const maxStates = reachThrough(g, g.inits, () => true).size;
        const r = check(liveModel(g, mode), { strategy, continueAfterFailure: true, maxStates });
        expect(r.complete).toBe(true);
        expect(liveVerdicts(r)).toEqual(referenceVerdicts(g, mode));
      }),
      { seed: 31, numRuns: RUNS },
    );
  });

  it('stopping at the first (safety) failure: liveness unknown if the search was cut, else the reference verdicts', () => {
    fc.assert(
      fc.property(lgraphArb(), modeArb, (g, mode) => {
        const r = check(liveModel(g, mode), {});
        if (r.cut) {
          expect(r.cut).toBe('failure');
          expect(prop(r, 'never P and Q').status).toBe('fail');
          for (const { name } of LIVE) expect(prop(r, name).status).toBe('unknown');
        } else expect(liveVerdicts(r)).toEqual(referenceVerdicts(g, mode));
      }),
      { seed: 29, numRuns: RUNS },
    );
  });
});
