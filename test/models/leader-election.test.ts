import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type Model } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { stateGraph } from '../helpers/stateGraph.ts';
import factory, {
  hasLeader,
  leaderElection,
  leadersByTerm,
  type Action,
  type ElectionFairness,
  type LeaderElectionOptions,
  type State,
} from '../../models/leader-election.ts';

const DEFAULTS: LeaderElectionOptions = { terms: 1, fairness: 'random', vote: 'once per term' };
const model = (p: Partial<LeaderElectionOptions> = {}) => leaderElection({ ...DEFAULTS, ...p });
const cache = new Map<string, CheckResult>();
/** A complete check (each combination is run once per file: the results are shared). */
const run = (p: Partial<LeaderElectionOptions> = {}, strategy: 'bfs' | 'dfs' = 'bfs'): CheckResult => {
  const key = JSON.stringify([p, strategy]);
  if (!cache.has(key)) cache.set(key, check(model(p), { continueAfterFailure: true, strategy }));
  return cache.get(key)!;
};
const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const prop = (r: CheckResult, name: string) => r.properties.find((p) => p.name === name)!;
const LIVE = 'a leader is elected';
let defaultGraph: ReturnType<typeof stateGraph<State, Action>> | undefined;
/** The default model's state graph, enumerated by value (once per file). */
const graph = () => (defaultGraph ??= stateGraph(model()));

const enabled = (m: Model<State, Action>, s: State): Action[] => {
  const out: Action[] = [];
  m.actions(s, out);
  return out;
};

/**
 * Whether a cycle (states[i] --actions[i]--> states[i + 1], back to states[0]) is fair under the
 * model's fairness, judged from scratch: a weak class enabled in every state of the cycle must
 * be taken in it, a strong class enabled in any state must be taken. (Every step of this model
 * changes the state, so no step is a stutter.)
 */
function fairCycle(m: Model<State, Action>, states: readonly State[], actions: readonly Action[]): boolean {
  const taken = new Set(actions.map((a, i) => m.fairness!(a, states[i]!)!.key));
  const enabledIn = new Map<string, { n: number; strong: boolean }>();
  for (const s of states) {
    const here = new Map<string, boolean>();
    for (const a of enabled(m, s)) {
      const f = m.fairness!(a, s);
      if (f) here.set(f.key, f.strong ?? false);
    }
    for (const [key, strong] of here) enabledIn.set(key, { n: (enabledIn.get(key)?.n ?? 0) + 1, strong });
  }
  for (const [key, { n, strong }] of enabledIn) {
    if (taken.has(key)) continue;
    if (strong || n === states.length) return false;
  }
  return true;
}

/** The lasso of a property of `r`, replayed: its cycle's states and actions. */
function cycleOf(m: Model<State, Action>, r: CheckResult, name: string) {
  const p = prop(r, name);
  const trace = replay(m, p.path!, p.fingerprints);
  const states = trace.steps.map((s) => s.state as State);
  // The path's last state is the state the cycle returns to (steps[loop]).
  expect(is(states.at(-1), states[p.loop!])).toBe(true);
  const cycleStates = states.slice(p.loop!, -1);
  // Rebuild the actions from the path's indices.
  const actions = p.path!.slice(p.loop! + 1).map((index, i) => enabled(m, cycleStates[i]!)[index]!);
  return { trace, states, cycleStates, actions, loop: p.loop! };
}

describe('leader election: pinned counts and verdicts', () => {
  it('defaults (terms=1, random fairness): 8,753 states; one leader per term; a leader eventually', () => {
    const r = run();
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(8753);
    expect(r.stats.transitions).toBe(49062);
    expect(r.stats.maxDepth).toBe(14);
    expect(verdicts(r)).toEqual({
      'at most one leader per term': 'pass',
      'a leader can be elected': 'pass',
      'split vote': 'pass',
      [LIVE]: 'pass',
    });
    // Witnesses: a timeout, a vote granted, counted; three timeouts and six refusals.
    expect(prop(r, 'a leader can be elected').path).toEqual([0, 0, 0, 1]);
    expect(prop(r, 'split vote').path).toHaveLength(10);
  });

  it('BFS and DFS agree on states, transitions and every verdict, liveness included', () => {
    for (const fairness of ['random'] as const) {
      const bfs = run({ fairness });
      const dfs = run({ fairness }, 'dfs');
      expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
      expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
      expect(verdicts(dfs)).toEqual(verdicts(bfs));
    }
  });

  it('a value-based enumeration counts the same states, and no state has two leaders of one term', () => {
    const { states } = graph();
    expect(states.length).toBe(8753);
    // Judged from the servers' roles, independently of the `elected` history the property reads.
    const twoLeaders = states.filter((s) => {
      const terms = s.servers.filter((v) => v.role === 'leader').map((v) => v.term);
      return terms.toSet().size !== terms.size;
    });
    expect(twoLeaders).toEqual([]);
    expect(states.some(hasLeader)).toBe(true);
  });

  it('a leader can be reached from every reachable state: why random (extreme) fairness makes liveness pass', () => {
    // Under strong fairness of every step from every state, eventually-P holds if P is
    // reachable from every reachable state: a behaviour that never reaches P stays for ever in
    // a set of states that every step from it leads back into, and none of them can reach P.
    const { states, succ } = graph();
    const pred: number[][] = states.map(() => []);
    succ.forEach((out, i) => out.forEach((j) => pred[j]!.push(i)));
    const canReach = states.map((s) => hasLeader(s));
    const queue = canReach.flatMap((c, i) => (c ? [i] : []));
    while (queue.length > 0) {
      for (const i of pred[queue.pop()!]!) {
        if (!canReach[i]) {
          canReach[i] = true;
          queue.push(i);
        }
      }
    }
    expect(canReach.filter((c) => !c)).toHaveLength(0);
  });
});

describe('a leader is elected: the verdict follows the fairness assumed', () => {
  it.each([
    ['none', 'fail', 7],
    ['weak', 'fail', 10],
    ['strong', 'fail', 52],
    ['random', 'pass', undefined],
  ] as const)('%s: %s (lasso of %s states)', (fairness: ElectionFairness, status, length) => {
    const r = run({ fairness });
    expect(r.stats.distinctStates).toBe(8753);
    expect(prop(r, 'at most one leader per term').status).toBe('pass');
    const p = prop(r, LIVE);
    expect(p.status).toBe(status);
    expect(p.path?.length).toBe(length);
    if (status === 'fail') expect(p.loop).toBe(3);
  });

  it('no fairness: s1 times out again and again before counting the votes it was granted', () => {
    const m = model({ fairness: 'none' });
    const r = run({ fairness: 'none' });
    const { trace, states, loop } = cycleOf(m, r, LIVE);
    expect(prop(r, LIVE).path).toEqual([0, 0, 0, 0, 2, 0, 0]);
    expect(loop).toBe(3);
    expect(trace.steps.map((s) => s.action.label)).toEqual([
      'initial state',
      's1 times out: candidate in term 1 (relative)',
      's2 receives RequestVote(term 1) from s1: grant',
      's3 receives RequestVote(term 1) from s1: grant',
      's1 times out: candidate in term 1 (relative)',
      's2 receives RequestVote(term 1) from s1: grant',
      's3 receives RequestVote(term 1) from s1: grant',
    ]);
    expect(states.some(hasLeader)).toBe(false);
  });

  // Weak: s1 and s3 time out in turn, each before counting the votes it was granted (s2 never
  // needs to). Strong: a class enabled anywhere on the cycle must be taken, so all three do.
  it.each([
    ['weak', [0, 2]],
    ['strong', [0, 1, 2]],
  ] as const)('%s fairness: the lasso the checker prints is fair and elects nobody', (fairness, servers) => {
    const m = model({ fairness });
    const r = run({ fairness });
    const { states, cycleStates, actions } = cycleOf(m, r, LIVE);
    expect(states.some(hasLeader)).toBe(false);
    expect(fairCycle(m, cycleStates, actions)).toBe(true);
    // Elections that never end.
    const timedOut = new Set(actions.filter((a) => a.type === 'timeout').map((a) => (a as { server: number }).server));
    expect([...timedOut].sort()).toEqual(servers);
  });

  it('split votes for ever: one more round from the split-vote state is a fair cycle under weak and strong fairness, not under random', () => {
    const verdictsByFairness: Record<string, boolean> = {};
    for (const fairness of ['weak', 'strong', 'random'] as const) {
      const m = model({ fairness });
      const w = prop(run({ fairness }), 'split vote');
      const split = replay(m, w.path!, w.fingerprints).steps.at(-1)!.state as State;
      // Every server times out again (in order), then every RequestVote is refused.
      const cycleStates: State[] = [split];
      const actions: Action[] = [];
      const take = (pick: (a: Action) => boolean): void => {
        const s = cycleStates.at(-1)!;
        const a = enabled(m, s).find(pick)!;
        actions.push(a);
        cycleStates.push(m.next(s, a)!);
      };
      for (const server of [0, 1, 2]) take((a) => a.type === 'timeout' && a.server === server);
      for (let i = 0; i < 6; i++) take((a) => a.type === 'deliver');
      expect(actions.map((a, i) => (a.type === 'deliver' ? m.describe!(a, cycleStates[i]!, cycleStates[i + 1]!).label.split(': ')[1] : 'timeout'))).toEqual([
        'timeout',
        'timeout',
        'timeout',
        'refuse',
        'refuse',
        'refuse',
        'refuse',
        'refuse',
        'refuse',
      ]);
      // Back to the very same state (terms are relative).
      expect(is(cycleStates.at(-1), split)).toBe(true);
      cycleStates.pop();
      expect(cycleStates.some(hasLeader)).toBe(false);
      verdictsByFairness[fairness] = fairCycle(m, cycleStates, actions);
    }
    // Under random fairness a request that would be granted (sent before its receiver times
    // out) is a class of its own, enabled in the cycle and never taken.
    expect(verdictsByFairness).toEqual({ weak: true, strong: true, random: false });
  });
});

describe('a server that votes twice in a term', () => {
  it('breaks election safety in 7 steps: two leaders of one term', () => {
    const m = model({ vote: 'forgetful' });
    const r = check(m, {});
    expect(r.complete).toBe(false);
    expect(r.stats.distinctStates).toBe(551);
    const p = prop(r, 'at most one leader per term');
    expect(p.status).toBe('fail');
    expect(p.path).toEqual([0, 0, 0, 1, 3, 3, 4]);
    const trace = replay(m, p.path!, p.fingerprints);
    // Two timeouts, two votes granted, two counted.
    expect(trace.steps.map((s) => s.action.label.split(': ')[1] ?? s.action.label)).toEqual([
      'initial state',
      'candidate in term 1 (relative)',
      'grant',
      'count',
      'candidate in term 1 (relative)',
      'grant',
      'count',
    ]);
    const last = trace.steps.at(-1)!.state as State;
    expect([...leadersByTerm(last).values()]).toEqual([[0, 2]]);
    expect(last.servers.filter((v) => v.role === 'leader').size).toBe(2);
  });
});

describe('the declared expectations', () => {
  it('are the figures pinned above', () => {
    expect(factory.tests!.map((t) => [t.params ?? {}, t.properties?.[LIVE] ?? t.properties?.['at most one leader per term'], t.traceLength?.[LIVE]])).toEqual([
      [{}, 'pass', undefined],
      [{ fairness: 'none' }, 'fail', 7],
      [{ fairness: 'weak' }, 'fail', 10],
      [{ vote: 'forgetful' }, 'fail', undefined],
    ]);
  });
});
