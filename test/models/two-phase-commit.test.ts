import { describe, expect, it } from 'vitest';
import { stateGraph } from '../helpers/stateGraph.ts';
import { check } from '../../src/index.ts';
import { evaluateTrace } from '../../src/checker/evaluateTrace.ts';
import { isFinal, replay } from '../../src/checker/replay.ts';
import { readDecisions } from '../../src/protocol/decisions.ts';
import { decidedAt, stateAt, type SysState } from '../../src/protocol/SysState.ts';
import factory, { expectedStates, expectedStatesWithCrash, twoPhaseCommit } from '../../models/two-phase-commit.ts';

/** Safety and reachability verdicts (the liveness property has its own tests below). */
const verdicts = (r: ReturnType<typeof check>): Record<string, string> =>
  Object.fromEntries(r.properties.filter((p) => p.kind !== 'eventually').map((p) => [p.name, p.status]));


describe('two-phase commit without faults', () => {
  // The formula is reasoned out in the model's header: 4^n - 1 + 2^n + 13^n - 11^n.
  it.each([
    [1, 7, 4, 2],
    [2, 67, 7, 8],
    [3, 937, 10, 38],
  ])('%i participants: %i distinct states, depth %i, %i final states', (n, distinct, depth, finals) => {
    const r = check(twoPhaseCommit(n), { continueAfterFailure: true });
    expect(expectedStates(n)).toBe(distinct);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(distinct);
    // The longest run: n prepares, n votes and n decisions delivered, one at a time.
    expect(r.stats.maxDepth).toBe(3 * n + 1);
    expect(depth).toBe(3 * n + 1);
    // Final: everything delivered. After commit, one state; after abort, each participant has
    // nothing in flight in 4 ways (prepare ignored after abort; yes counted; yes ignored; no),
    // at least one of them a no: 1 + 4^n - 3^n.
    expect(r.stats.finalStates).toBe(finals);
    expect(finals).toBe(1 + 4 ** n - 3 ** n);
    expect(verdicts(r)).toEqual({ agreement: 'pass', validity: 'pass', 'all decide': 'pass' });
  });

  it('a value-based enumeration of the state graph counts the same states', () => {
    for (const n of [1, 2, 3]) expect(stateGraph(twoPhaseCommit(n)).states.length).toBe(expectedStates(n));
  });

  it('DFS reaches the same states and transitions as BFS, and exact mode agrees', () => {
    for (const n of [2, 3]) {
      const bfs = check(twoPhaseCommit(n), { strategy: 'bfs' });
      const dfs = check(twoPhaseCommit(n), { strategy: 'dfs' });
      expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
      expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
      expect(verdicts(dfs)).toEqual(verdicts(bfs));
    }
    expect(check(twoPhaseCommit(2), { exact: true }).stats.distinctStates).toBe(67);
  });

  it('every combination of votes is explored: all yes commits, any no aborts', () => {
    const { states } = stateGraph(twoPhaseCommit(2));
    const outcomes = new Set<string>();
    for (const s of states) {
      const coordinator = readDecisions(decidedAt(s, 0));
      if (coordinator.length === 0) continue;
      const votes = [1, 2].map((i) => (stateAt(s, i) as { vote: string | null }).vote ?? '-').join('');
      outcomes.add(`${votes}:${coordinator[0]}`);
    }
    // "-" is a participant that heard abort before it was asked to vote.
    expect([...outcomes].sort()).toEqual(['-no:abort', 'no-:abort', 'nono:abort', 'noyes:abort', 'yesno:abort', 'yesyes:commit']);
  });
});

describe('two-phase commit when the coordinator may crash', () => {
  // 2(4^n - 1) + 2 * 2^n + 13^n - 9^n (the model's header).
  it.each([
    [1, 14],
    [2, 126],
    [3, 1610],
  ])('%i participants: %i distinct states, BFS = DFS', (n, distinct) => {
    const bfs = check(twoPhaseCommit(n, { crash: true }), { continueAfterFailure: true });
    const dfs = check(twoPhaseCommit(n, { crash: true }), { continueAfterFailure: true, strategy: 'dfs' });
    expect(expectedStatesWithCrash(n)).toBe(distinct);
    expect(bfs.stats.distinctStates).toBe(distinct);
    expect(dfs.stats.distinctStates).toBe(distinct);
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
    expect(bfs.stats.maxDepth).toBe(3 * n + 2);
    expect(verdicts(bfs)).toEqual({ agreement: 'pass', validity: 'pass', 'all decide': 'fail', blocked: 'pass' });
    expect(verdicts(dfs)).toEqual(verdicts(bfs));
  });

  it('the shortest run where a participant never decides: n prepares delivered and the crash', () => {
    for (const n of [1, 2, 3]) {
      const model = twoPhaseCommit(n, { crash: true });
      const r = check(model, { continueAfterFailure: true });
      const p = r.properties.find((x) => x.name === 'all decide')!;
      const trace = replay(model, p.path!, p.fingerprints);
      // Every final state needs all n prepares delivered, and an undecided participant the crash.
      expect(trace.steps).toHaveLength(n + 2);
      expect(trace.steps.filter((s) => s.action.kind === 'deliver')).toHaveLength(n);
      expect(trace.steps.filter((s) => s.action.kind === 'crash')).toHaveLength(1);
      expect(isFinal(model, trace.steps.at(-1)!.state)).toBe(true);
      expect(evaluateTrace(model, trace).find((v) => v.name === 'all decide')!.violatedAt).toBe(n + 1);
    }
  });

  it('pins the 3-participant counterexample and the blocked witness', () => {
    const model = twoPhaseCommit(3, { crash: true });
    const r = check(model, { continueAfterFailure: true });
    const allDecide = r.properties.find((x) => x.name === 'all decide')!;
    const blocked = r.properties.find((x) => x.name === 'blocked')!;
    expect(allDecide.path).toEqual([0, 0, 0, 1, 3]);
    expect(replay(model, allDecide.path!, allDecide.fingerprints).steps.map((s) => s.action.label)).toEqual([
      'initial state',
      'p1 receives prepare from coordinator (p1 chooses vote = yes)',
      'p3 receives prepare from coordinator (p3 chooses vote = yes)',
      'p2 receives prepare from coordinator (p2 chooses vote = yes)',
      'coordinator crashes',
    ]);
    // The witness: p1 votes yes and the coordinator crashes; p1 is stuck from then on.
    expect(blocked.path).toEqual([0, 0, 5]);
    const witness = replay(model, blocked.path!, blocked.fingerprints);
    expect(witness.steps.map((s) => s.action.kind)).toEqual(['init', 'deliver', 'crash']);
  });

  it('with the default check (stop at the first failure) the counterexample is as short', () => {
    const model = twoPhaseCommit(3, { crash: true });
    const r = check(model);
    expect(r.complete).toBe(false);
    const p = r.properties.find((x) => x.name === 'all decide')!;
    expect(p.status).toBe('fail');
    expect(replay(model, p.path!, p.fingerprints).steps).toHaveLength(5);
  });
});

describe('two-phase commit over a lossy network', () => {
  it('one drop: agreement and validity hold, all decide fails in 2n steps, blocked without a crash', () => {
    for (const [n, distinct, blockedLength] of [
      [2, 149, 3],
      [3, 2532, 4],
    ] as const) {
      const model = twoPhaseCommit(n, { drops: 1 });
      const r = check(model, { continueAfterFailure: true });
      expect(r.stats.distinctStates).toBe(distinct);
      expect(verdicts(r)).toEqual({ agreement: 'pass', validity: 'pass', 'all decide': 'fail', blocked: 'pass' });
      // Shortest: one prepare lost, the other n - 1 prepares and their yes votes delivered.
      const allDecide = r.properties.find((x) => x.name === 'all decide')!;
      const trace = replay(model, allDecide.path!, allDecide.fingerprints);
      expect(trace.steps).toHaveLength(2 * n);
      expect(trace.steps.filter((s) => s.action.kind === 'drop')).toHaveLength(1);
      // Blocked: n - 1 participants vote yes and the last prepare is lost, so the coordinator
      // waits forever (with n = 2 that is p1's yes and p2's lost prepare).
      const blocked = r.properties.find((x) => x.name === 'blocked')!;
      expect(replay(model, blocked.path!, blocked.fingerprints).steps).toHaveLength(blockedLength);
      expect(blockedLength).toBe(n + 1);
    }
  });
});

describe('the blocked predicate is exactly "a yes voter that can never decide"', () => {
  // Checked against the state graph: a participant can still decide iff some state where it has
  // decided is reachable.
  it.each([
    [2, { crash: true, drops: 2 }],
    [3, { crash: true }],
    [3, { drops: 1 }],
  ] as const)('%i participants, %o', (n, faults) => {
    const model = twoPhaseCommit(n, faults);
    const { states, succ } = stateGraph(model);
    const blocked = model.properties.find((p) => p.name === 'blocked')!;
    const pred: number[][] = states.map(() => []);
    succ.forEach((out, i) => out.forEach((j) => pred[j]!.push(i)));
    const stuckYesVoter = states.map(() => false);
    for (let node = 1; node <= n; node++) {
      const canDecide = states.map((s: SysState) => decidedAt(s, node) !== '');
      const queue = canDecide.flatMap((c, i) => (c ? [i] : []));
      while (queue.length > 0) {
        for (const i of pred[queue.pop()!]!) {
          if (!canDecide[i]) {
            canDecide[i] = true;
            queue.push(i);
          }
        }
      }
      states.forEach((s, i) => {
        if ((stateAt(s, node) as { vote: string | null }).vote === 'yes' && !canDecide[i]) stuckYesVoter[i] = true;
      });
    }
    const mismatches = states.filter((s, i) => blocked.check(s) !== stuckYesVoter[i]);
    expect(mismatches).toEqual([]);
    expect(stuckYesVoter.some((x) => x)).toBe(true);
  });

  it('without faults no participant is ever stuck (so the property is not listed)', () => {
    const model = twoPhaseCommit(3);
    expect(model.properties.map((p) => p.name)).toEqual(['agreement', 'validity', 'all decide', 'everyone decides']);
  });
});

describe('the declared expectations', () => {
  it('are the numbers pinned above', () => {
    expect(factory.tests!.map((t) => [t.params, t.distinctStates])).toEqual([
      [{ participants: 2 }, 67],
      [{ participants: 3 }, 937],
      [{ participants: 2, crash: true }, expectedStatesWithCrash(2)],
      [{ participants: 3, crash: true }, expectedStatesWithCrash(3)],
      [{ participants: 2, drops: 1 }, 149],
    ]);
  });
});

describe('two-phase commit: everyone eventually decides', () => {
  it('holds without crashes, under reliable delivery', () => {
    const r = check(twoPhaseCommit(3), { continueAfterFailure: true });
    expect(r.properties.find((p) => p.name === 'everyone decides')!.status).toBe('pass');
  });

  // The coordinator crashes once the votes are in: the yes voters wait for ever. The shortest
  // such run: the n prepares delivered, then the crash (n + 2 states); the lasso ends there, in a
  // final state (loop at the last index).
  it('fails when the coordinator may crash: a lasso that stays in the blocked state', () => {
    const model = twoPhaseCommit(3, { crash: true });
    const r = check(model, { continueAfterFailure: true });
    const live = r.properties.find((p) => p.name === 'everyone decides')!;
    expect(live.status).toBe('fail');
    const steps = replay(model, live.path!, live.fingerprints).steps;
    expect(live.loop).toBe(steps.length - 1);
    expect(steps.map((s) => s.action.kind)).toContain('crash');
  });
});
