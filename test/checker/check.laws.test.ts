/**
 * Laws of the search loop, checked on random small transition systems against an independent
 * reference (test/checker/graphs.ts: a plain BFS over the edge list). Seeds are pinned; a
 * failure prints the graph fast-check shrank it to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { always, check, type CheckResult, type Model, type PropertyResult } from '../../src/index.ts';
import { isFinal, replay } from '../../src/checker/replay.ts';
import { graphArb, graphModel, leaves, minDist, reference, stateId, walk, type Graph, type Reference, type Repr } from './graphs.ts';

const RUNS = 200;
const reprArb = fc.constantFrom<Repr>('number', 'record');

function prop(r: CheckResult, name: string): PropertyResult {
  const p = r.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

/** Replays the result's path (checking fingerprints) and returns the graph state it ends in. */
function endOf(model: Model<unknown, number>, g: Graph, p: PropertyResult): number {
  expect(p.path, `${p.name} ${p.status} has a path`).toBeDefined();
  expect(p.fingerprints).toHaveLength(p.path!.length);
  const trace = replay(model, p.path!, p.fingerprints);
  const last = trace.steps[trace.steps.length - 1]!.state;
  // The path also walks the graph itself, to the same state.
  const walked = walk(g, p.path!);
  expect(walked[walked.length - 1]).toBe(stateId(last));
  return stateId(last);
}

interface Expected {
  readonly safe: 'pass' | 'fail';
  readonly goal: 'pass' | 'fail';
  readonly okAtEnd: 'pass' | 'fail';
  readonly dBad: number | undefined;
  readonly dGoal: number | undefined;
  readonly dNotOk: number | undefined;
}

function expected(g: Graph, ref: Reference): Expected {
  const dBad = minDist(ref, (s) => g.bad.has(s));
  const dGoal = minDist(ref, (s) => g.goal.has(s));
  const dNotOk = minDist(ref, (s) => g.notOk.has(s), ref.finals);
  return {
    safe: dBad === undefined ? 'pass' : 'fail',
    goal: dGoal === undefined ? 'fail' : 'pass',
    okAtEnd: dNotOk === undefined ? 'pass' : 'fail',
    dBad,
    dGoal,
    dNotOk,
  };
}

/** Every path in `r` replays to a state that shows the verdict (and, for BFS, is shortest). */
function checkPaths(model: Model<unknown, number>, g: Graph, ref: Reference, r: CheckResult, shortest: boolean): void {
  const exp = expected(g, ref);
  const safe = prop(r, 'safe');
  if (safe.status === 'fail') {
    const s = endOf(model, g, safe);
    expect(g.bad.has(s)).toBe(true);
    if (shortest) expect(safe.path!.length).toBe(exp.dBad);
  } else expect(safe.path).toBeUndefined();
  const goal = prop(r, 'goal');
  if (goal.status === 'pass') {
    const s = endOf(model, g, goal);
    expect(g.goal.has(s)).toBe(true);
    if (shortest) expect(goal.path!.length).toBe(exp.dGoal);
  } else expect(goal.path).toBeUndefined();
  const ok = prop(r, 'ok at end');
  if (ok.status === 'fail') {
    const s = endOf(model, g, ok);
    expect(g.notOk.has(s)).toBe(true);
    expect(leaves(g, s)).toBe(false);
    if (!model.within) {
      const trace = replay(model, ok.path!);
      expect(isFinal(model, trace.steps[trace.steps.length - 1]!.state)).toBe(true);
    }
    if (shortest) expect(ok.path!.length).toBe(exp.dNotOk);
  } else expect(ok.path).toBeUndefined();
}

describe('complete searches agree with a reference BFS', () => {
  it('BFS and DFS (continue after failure, exact or not): counts, verdicts, replayable paths', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, fc.boolean(), (g, repr, exact) => {
        const model = graphModel(g, { repr });
        const ref = reference(g);
        const exp = expected(g, ref);
        for (const strategy of ['bfs', 'dfs'] as const) {
          const r = check(model, { strategy, continueAfterFailure: true, exact });
          expect(r.complete).toBe(true);
          expect(r.cut).toBeUndefined();
          expect(r.stats.distinctStates).toBe(ref.dist.size);
          expect(r.stats.initialStates).toBe(ref.uniqueInits);
          expect(r.stats.transitions).toBe(ref.transitions);
          expect(r.stats.generated).toBe(ref.transitions + ref.uniqueInits);
          expect(r.stats.finalStates).toBe(ref.finals.size);
          if (strategy === 'bfs') expect(r.stats.maxDepth).toBe(ref.maxDepth);
          else expect(r.stats.maxDepth).toBeGreaterThanOrEqual(ref.maxDepth);
          if (exact) expect(r.stats.collisionProbability).toBe(0);
          expect(r.properties.map((p) => [p.name, p.status])).toEqual([
            ['safe', exp.safe],
            ['goal', exp.goal],
            ['ok at end', exp.okAtEnd],
          ]);
          checkPaths(model, g, ref, r, strategy === 'bfs');
        }
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('states outside `within` are checked but neither expanded nor judged final', () => {
    fc.assert(
      fc.property(graphArb(), reprArb, (g, repr) => {
        const model = graphModel(g, { repr, within: true });
        const ref = reference(g, true);
        const exp = expected(g, ref);
        for (const strategy of ['bfs', 'dfs'] as const) {
          const r = check(model, { strategy, continueAfterFailure: true });
          expect(r.complete).toBe(true);
          expect(r.stats.distinctStates).toBe(ref.dist.size);
          expect(r.stats.transitions).toBe(ref.transitions);
          expect(r.stats.finalStates).toBe(ref.finals.size);
          expect(r.properties.map((p) => p.status)).toEqual([exp.safe, exp.goal, exp.okAtEnd]);
          checkPaths(model, g, ref, r, strategy === 'bfs');
        }
      }),
      { seed: 7, numRuns: RUNS },
    );
  });

  it('a model that never terminates fails `deadlock` iff a final state is reachable, at the nearest one (BFS)', () => {
    fc.assert(
      fc.property(graphArb(), (g) => {
        const model = graphModel(g, { terminates: false });
        const ref = reference(g);
        const r = check(model, { continueAfterFailure: true });
        const d = prop(r, 'deadlock');
        expect(d.kind).toBe('deadlock');
        expect(d.status).toBe(ref.finals.size > 0 ? 'fail' : 'pass');
        if (d.status === 'fail') {
          const s = endOf(model, g, d);
          expect(ref.finals.has(s)).toBe(true);
          expect(d.path!.length).toBe(minDist(ref, () => true, ref.finals));
        }
      }),
      { seed: 11, numRuns: RUNS },
    );
  });

  it('pins one small example: 0→1→2, 1→1, 2→0, 0→3 (disabled), bad 2', () => {
    const g: Graph = {
      n: 4,
      inits: [0, 0],
      edges: [
        { from: 0, to: 1, enabled: true },
        { from: 1, to: 1, enabled: true },
        { from: 1, to: 2, enabled: true },
        { from: 2, to: 0, enabled: true },
        { from: 0, to: 3, enabled: false },
      ],
      bad: new Set([2]),
      goal: new Set([3]),
      notOk: new Set(),
      outside: new Set(),
    };
    const r = check(graphModel(g, { repr: 'record' }), { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 3, transitions: 4, generated: 5, initialStates: 1, maxDepth: 3, finalStates: 0 });
    expect(r.properties.map((p) => [p.name, p.status, p.path])).toEqual([
      ['safe', 'fail', [0, 0, 1]],
      ['goal', 'fail', undefined],
      ['ok at end', 'pass', undefined],
    ]);
  });
});

describe('stopping at the first failure (BFS)', () => {
  /** Two invariants with their own bad sets, so "the first failure" is a real choice. */
  const withSecondInvariant = (g: Graph, bad2: ReadonlySet<number>): Model<unknown, number> =>
    graphModel(g, { extra: [always<number>('safe too', (s) => !bad2.has(s))] });

  it('the first invariant failure is at the minimal depth of any invariant violation', () => {
    fc.assert(
      fc.property(graphArb(), fc.uniqueArray(fc.nat({ max: 39 }), { maxLength: 4 }), (g, bad2list) => {
        const bad2 = new Set(bad2list);
        const model = withSecondInvariant(g, bad2);
        const ref = reference(g);
        const exp = expected(g, ref);
        const d = minDist(ref, (s) => g.bad.has(s) || bad2.has(s));
        const r = check(model, {});
        const safe = prop(r, 'safe');
        const safe2 = prop(r, 'safe too');
        const failed = [safe, safe2].filter((p) => p.status === 'fail');
        if (d === undefined) {
          expect(failed).toEqual([]);
          // Only a final-state failure can stop this search early.
          if (exp.okAtEnd === 'pass') expect(r.complete).toBe(true);
          return;
        }
        // Final-state failures are found when a state is expanded, after its level was found.
        if (exp.dNotOk !== undefined && exp.dNotOk < d) return;
        expect(failed.length).toBeGreaterThan(0);
        for (const p of failed) {
          expect(p.path!.length).toBe(d);
          const s = endOf(model, g, p);
          expect(p.name === 'safe' ? g.bad.has(s) : bad2.has(s)).toBe(true);
        }
        // Both fail only when one state violates both.
        if (failed.length === 2) expect(safe.path).toEqual(safe2.path);
        // The search broke off: the other invariant and anything undecided are unknown.
        expect(r.complete).toBe(false);
        expect(r.cut).toBe('failure');
        for (const p of [safe, safe2]) if (p.status !== 'fail') expect(p.status).toBe('unknown');
        expect(prop(r, 'ok at end').status).toBe('unknown');
        expect(prop(r, 'goal').status).not.toBe('fail');
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('pins the case: an invariant violation at step 2 is reported before a final-state one at step 1', () => {
    // Initial states 0 and 1; 0 → 2. State 2 is bad; state 1 is final and not ok. Expanding 0
    // finds 2 before 1 is expanded (and found final), so the search stops at the invariant.
    const g: Graph = {
      n: 3,
      inits: [0, 1],
      edges: [{ from: 0, to: 2, enabled: true }],
      bad: new Set([2]),
      goal: new Set(),
      notOk: new Set([1]),
      outside: new Set(),
    };
    const r = check(graphModel(g), {});
    expect(r).toMatchObject({ complete: false, cut: 'failure' });
    expect(r.properties.map((p) => [p.name, p.status, p.path])).toEqual([
      ['safe', 'fail', [0, 0]],
      ['goal', 'unknown', undefined],
      ['ok at end', 'unknown', undefined],
    ]);
    // Going on finds the final-state violation too, at step 1.
    expect(prop(check(graphModel(g), { continueAfterFailure: true }), 'ok at end').path).toEqual([1]);
  });

  it('with invariants and final-state properties, the first failure is at most one level past the shallowest violation', () => {
    // An invariant is checked when a state is found, a final-state property when a state is
    // expanded (finality needs the successors). Breadth-first, all of level d is expanded
    // before level d+1 is, but level d+1 is being found meanwhile: a final-state violation at
    // level d can be preceded by an invariant violation at d+1, never a deeper one. (TLC
    // reports deadlocks in the same way.)
    fc.assert(
      fc.property(graphArb(), (g) => {
        const model = graphModel(g);
        const ref = reference(g);
        const exp = expected(g, ref);
        const r = check(model, {});
        const failed = r.properties.filter((p) => p.kind !== 'sometimes' && p.status === 'fail');
        const candidates = [exp.dBad, exp.dNotOk].filter((x): x is number => x !== undefined);
        if (candidates.length === 0) {
          expect(failed).toEqual([]);
          expect(r.complete).toBe(true);
          return;
        }
        expect(failed).toHaveLength(1);
        const first = failed[0]!;
        const d = Math.min(...candidates);
        const len = first.path!.length;
        if (exp.dBad !== undefined && (exp.dNotOk === undefined || exp.dBad <= exp.dNotOk)) expect(first.name).toBe('safe');
        if (exp.dNotOk !== undefined && (exp.dBad === undefined || exp.dBad > exp.dNotOk + 1)) expect(first.name).toBe('ok at end');
        if (first.name === 'safe') {
          expect(len).toBe(exp.dBad);
          expect(len === d || (exp.dNotOk === d && len === d + 1)).toBe(true);
        } else {
          expect(len).toBe(exp.dNotOk);
          expect(len).toBe(d);
        }
        endOf(model, g, first);
        const other = r.properties.find((p) => p.kind !== 'sometimes' && p !== first)!;
        // Stopping early never passes the other property: unknown, unless the failure came at
        // the very last state (then the search was complete after all).
        expect(other.status).toBe(r.complete ? (other.name === 'safe' ? exp.safe : exp.okAtEnd) : 'unknown');
        if (!r.complete) expect(r.cut).toBe('failure');
        else expect(r.stats.distinctStates).toBe(ref.dist.size);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
