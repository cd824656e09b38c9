/**
 * Bounded searches (max depth, max states, timeout) never claim what they did not see: an
 * unexplored violation leaves a property `unknown`, never `pass`, and no bound produces a wrong
 * `fail`. Checked on random graphs against the reference BFS in graphs.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type Model, type PropertyResult } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { graphArb, graphModel, leaves, reference, stateId, walk, type Graph, type Repr } from './graphs.ts';

const reprArb = fc.constantFrom<Repr>('number', 'record');

function status(r: CheckResult): string[] {
  return r.properties.map((p) => p.status);
}

/** The graph state `p`'s path ends in, replayed with the search's fingerprints. */
function endOf(model: Model<unknown, number>, g: Graph, p: PropertyResult): number {
  const trace = replay(model, p.path!, p.fingerprints);
  const s = stateId(trace.steps[trace.steps.length - 1]!.state);
  expect(walk(g, p.path!).at(-1)).toBe(s);
  return s;
}

/**
 * Soundness whatever the options: each verdict is one the full state space supports, each path
 * replays to a state that shows it, and `complete` means every reachable state was seen.
 */
function expectSound(model: Model<unknown, number>, g: Graph, r: CheckResult): void {
  const ref = reference(g);
  const reach = [...ref.dist.keys()];
  expect(r.complete).toBe(r.cut === undefined);
  expect(r.stats.distinctStates).toBeLessThanOrEqual(ref.dist.size);
  if (r.complete) expect(r.stats.distinctStates).toBe(ref.dist.size);
  const [safe, goal, ok] = r.properties;
  if (safe!.status === 'fail') expect(g.bad.has(endOf(model, g, safe!))).toBe(true);
  if (safe!.status === 'pass') expect(reach.some((s) => g.bad.has(s))).toBe(false);
  if (goal!.status === 'pass') expect(g.goal.has(endOf(model, g, goal!))).toBe(true);
  if (goal!.status === 'fail') expect(reach.some((s) => g.goal.has(s))).toBe(false);
  if (ok!.status === 'fail') {
    const s = endOf(model, g, ok!);
    expect(g.notOk.has(s) && !leaves(g, s)).toBe(true);
  }
  if (ok!.status === 'pass') expect([...ref.finals].some((s) => g.notOk.has(s))).toBe(false);
  // A bounded search is incomplete, so it passes no invariant and fails no `sometimes`.
  if (!r.complete) {
    expect(safe!.status).not.toBe('pass');
    expect(goal!.status).not.toBe('fail');
    expect(ok!.status).not.toBe('pass');
  }
}

describe('max depth', () => {
  it('BFS sees exactly the states within the bound and decides exactly what they show', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, fc.integer({ min: 1, max: 8 }), (g, repr, k) => {
        const model = graphModel(g, { repr });
        const ref = reference(g);
        const within = [...ref.dist].filter(([, d]) => d <= k).map(([s]) => s);
        // The search is cut iff a state at the bound has a step to a different state.
        const cut = [...ref.dist].some(([s, d]) => d === k && leaves(g, s));
        const r = check(model, { maxDepth: k, continueAfterFailure: true });
        expect(r.cut).toBe(cut ? 'max-depth' : undefined);
        expect(r.complete).toBe(!cut);
        expect(r.stats.distinctStates).toBe(within.length);
        expect(r.stats.maxDepth).toBe(Math.min(k, ref.maxDepth));
        const finals = within.filter((s) => !leaves(g, s));
        expect(r.stats.finalStates).toBe(finals.length);
        const open = cut ? 'unknown' : undefined;
        expect(status(r)).toEqual([
          within.some((s) => g.bad.has(s)) ? 'fail' : (open ?? 'pass'),
          within.some((s) => g.goal.has(s)) ? 'pass' : (open ?? 'fail'),
          finals.some((s) => g.notOk.has(s)) ? 'fail' : (open ?? 'pass'),
        ]);
        for (const p of r.properties) if (p.path) expect(p.path.length).toBeLessThanOrEqual(k);
        expectSound(model, g, r);
      }),
      { seed: 101, numRuns: 300 },
    );
  });

  it('DFS is sound under the bound, and complete exactly when it explored everything', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, fc.integer({ min: 1, max: 8 }), (g, repr, k) => {
        const model = graphModel(g, { repr });
        const r = check(model, { strategy: 'dfs', maxDepth: k, continueAfterFailure: true });
        if (!r.complete) expect(r.cut).toBe('max-depth');
        else expect(r.stats.transitions).toBe(reference(g).transitions);
        for (const p of r.properties) if (p.path) expect(p.path.length).toBeLessThanOrEqual(k);
        expectSound(model, g, r);
      }),
      { seed: 102, numRuns: 300 },
    );
  });

  it('a violation one step past the bound leaves the invariant unknown (chain 0→1→2→3, bad 3)', () => {
    const g: Graph = {
      n: 4,
      inits: [0],
      edges: [0, 1, 2].map((i) => ({ from: i, to: i + 1, enabled: true })),
      bad: new Set([3]),
      goal: new Set([3]),
      notOk: new Set([3]),
      outside: new Set(),
    };
    const cutShort = check(graphModel(g), { maxDepth: 3, continueAfterFailure: true });
    expect(cutShort).toMatchObject({ complete: false, cut: 'max-depth' });
    expect(cutShort.stats).toMatchObject({ distinctStates: 3, maxDepth: 3, finalStates: 0 });
    expect(status(cutShort)).toEqual(['unknown', 'unknown', 'unknown']);
    const enough = check(graphModel(g), { maxDepth: 4, continueAfterFailure: true });
    expect(enough.complete).toBe(true);
    expect(enough.properties.map((p) => [p.status, p.path])).toEqual([
      ['fail', [0, 0, 0, 0]],
      ['pass', [0, 0, 0, 0]],
      ['fail', [0, 0, 0, 0]],
    ]);
  });
});

describe('max states', () => {
  it('BFS keeps the first states in breadth-first order and decides only from them', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, fc.integer({ min: 1, max: 25 }), (g, repr, m) => {
        const model = graphModel(g, { repr });
        const ref = reference(g);
        // The bound applies to initial states too.
        const room = m;
        const cut = ref.dist.size > room;
        const seen = ref.order.slice(0, room);
        const r = check(model, { maxStates: m, continueAfterFailure: true });
        expect(r.cut).toBe(cut ? 'max-states' : undefined);
        expect(r.stats.distinctStates).toBe(seen.length);
        if (!cut) expect(r.stats.transitions).toBe(ref.transitions);
        const open = cut ? 'unknown' : undefined;
        const [safe, goal] = r.properties;
        expect(safe!.status).toBe(seen.some((s) => g.bad.has(s)) ? 'fail' : (open ?? 'pass'));
        expect(goal!.status).toBe(seen.some((s) => g.goal.has(s)) ? 'pass' : (open ?? 'fail'));
        expectSound(model, g, r);
      }),
      { seed: 201, numRuns: 300 },
    );
  });

  it('DFS is sound under the bound', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, fc.integer({ min: 1, max: 25 }), (g, repr, m) => {
        const model = graphModel(g, { repr });
        const r = check(model, { strategy: 'dfs', maxStates: m, continueAfterFailure: true });
        if (!r.complete) expect(r.cut).toBe('max-states');
        expectSound(model, g, r);
      }),
      { seed: 202, numRuns: 300 },
    );
  });

  // Once a bug: `maxStates` was only consulted when a successor was found, so 3 initial states
  // with maxStates 1 reported distinctStates 3.
  it('distinctStates never exceeds maxStates (initial states included)', () => {
    fc.assert(
      fc.property(graphArb(), fc.integer({ min: 1, max: 40 }), (g, m) => {
        const r = check(graphModel(g), { maxStates: m, continueAfterFailure: true });
        expect(r.stats.distinctStates).toBeLessThanOrEqual(m);
      }),
      { seed: 203, numRuns: 300 },
    );
  });
});

describe('any combination of bounds and options', () => {
  it('is sound: no wrong fail, no pass or sometimes-fail from an incomplete search', () => {
    const opts = fc.record({
      strategy: fc.constantFrom('bfs' as const, 'dfs' as const),
      maxDepth: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      maxStates: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
      continueAfterFailure: fc.boolean(),
      exact: fc.boolean(),
    });
    fc.assert(
      fc.property(graphArb(), reprArb, opts, (g, repr, o) => {
        const model = graphModel(g, { repr });
        const r = check(model, o);
        if (r.cut === 'failure') expect(r.properties.some((p) => p.status === 'fail')).toBe(true);
        expectSound(model, g, r);
      }),
      { seed: 301, numRuns: 500 },
    );
  });
});

describe('timeout', () => {
  // A chain 0 → 1 → ... → 2999 whose last state is bad, the goal and final (and not ok).
  const chain: Graph = {
    n: 3000,
    inits: [0],
    edges: Array.from({ length: 2999 }, (_, i) => ({ from: i, to: i + 1, enabled: true })),
    bad: new Set([2999]),
    goal: new Set([2999]),
    notOk: new Set([2999]),
    outside: new Set(),
  };
  const model = graphModel(chain);

  it.each(['bfs', 'dfs'] as const)('%s: an expired clock gives unknown, not pass, with cut "timeout"', (strategy) => {
    const r = check(model, { strategy, timeoutSeconds: 1e-9, continueAfterFailure: true });
    expect(r).toMatchObject({ complete: false, cut: 'timeout' });
    // The clock is read every 1024 expansions: 1023 states expanded, 1024 found.
    expect(r.stats.distinctStates).toBe(1024);
    expect(r.stats.transitions).toBe(1023);
    expect(status(r)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('a generous timeout completes: 3000 states, the violation found at step 3000', () => {
    const r = check(model, { timeoutSeconds: 60, continueAfterFailure: true });
    expect(r.complete).toBe(true);
    expect(r.cut).toBeUndefined();
    expect(r.stats).toMatchObject({ distinctStates: 3000, transitions: 2999, maxDepth: 3000, finalStates: 1 });
    expect(status(r)).toEqual(['fail', 'pass', 'fail']);
    for (const p of r.properties) expect(p.path).toHaveLength(3000);
  });
});
