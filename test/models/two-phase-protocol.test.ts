import { describe, expect, it } from 'vitest';
import { stateGraph } from '../helpers/stateGraph.ts';
import { check } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { twoPhase } from '../../models/two-phase.ts';
import { expectedStates, twoPhaseProtocol } from '../../models/two-phase-protocol.ts';
import { protocheck } from '../cli/cli.ts';


interface SpecVars {
  rmState: string[];
  tmState: string;
  tmPrepared: string[];
  msgs: string[];
}

const key = (v: SpecVars): string => JSON.stringify([v.rmState, v.tmState, v.tmPrepared, v.msgs]);

/** A state of the generic model, in the vocabulary of `project`. */
function genericKey(s: ReturnType<ReturnType<typeof twoPhase>['initialStates']>[number]): string {
  return key({
    rmState: s.rmState.toArray(),
    tmState: s.tmState,
    tmPrepared: s.tmPrepared.toArray().sort().map((i) => `rm${i + 1}`),
    msgs: s.msgs.toArray().sort(),
  });
}

/** Each spec state and the keys of its successors (itself left out), for `rms` RMs. */
function specGraph(rms: number): Map<string, Set<string>> {
  const { states, succ } = stateGraph(twoPhase(rms));
  const keys = states.map(genericKey);
  return new Map(keys.map((k, i) => [k, new Set(succ[i]!.map((j) => keys[j]!).filter((x) => x !== k))]));
}

function protocolGraph(rms: number, network: 'duplicating' | 'unordered' = 'unordered') {
  const model = twoPhaseProtocol(rms, network);
  const { states, succ } = stateGraph(model);
  const keys = states.map((s) => key((model.toJSON!(s) as { observed: { spec: SpecVars } }).observed.spec));
  return { model, states, succ, keys };
}

describe('TwoPhase as tm and rm nodes on a duplicating network: the spec itself', () => {
  it.each([
    [3, 288],
    [4, 1568],
    [5, 8832],
  ])('%i RMs: the published %i distinct states, depth 3n + 2', (rms, distinct) => {
    const r = check(twoPhaseProtocol(rms), { continueAfterFailure: true });
    expect(expectedStates(rms)).toBe(distinct);
    expect(r.stats).toMatchObject({ distinctStates: distinct, maxDepth: 3 * rms + 2 });
    expect(r.properties.map((p) => p.status)).toEqual(['pass', 'pass']);
  });

  it.each([1, 2, 3])('%i RMs: one protocol state per spec state, and the same steps', (rms) => {
    const spec = specGraph(rms);
    const { keys, succ } = protocolGraph(rms, 'duplicating');
    expect(keys).toHaveLength(spec.size);
    expect(new Set(keys)).toEqual(new Set(spec.keys()));
    keys.forEach((k, i) => {
      const moves = new Set(succ[i]!.map((j) => keys[j]!).filter((x) => x !== k));
      expect([k, moves]).toEqual([k, spec.get(k)]);
    });
  });
});

describe('TwoPhase as tm and rm nodes on a network whose deliveries consume messages', () => {
  // 4^n + 2^n + 9^n: the spec's 4^n + 2^n + 6^n with each no-op message in flight or consumed.
  it.each([
    [1, 15],
    [2, 101],
    [3, 801],
    [4, 6833],
  ])('%i RMs: %i distinct states, the depth of the spec (3n + 2)', (rms, distinct) => {
    const r = check(twoPhaseProtocol(rms, 'unordered'), { continueAfterFailure: true });
    expect(expectedStates(rms, 'unordered')).toBe(distinct);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(distinct);
    expect(r.stats.maxDepth).toBe(3 * rms + 2);
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['consistent', 'pass'],
      ['can commit', 'pass'],
    ]);
  });

  it('the generic model has 4^n + 2^n + 6^n states: the published 288, 1,568, 8,832', () => {
    expect([3, 4, 5].map((n) => 4 ** n + 2 ** n + 6 ** n)).toEqual([288, 1568, 8832]);
    expect(check(twoPhase(3)).stats.distinctStates).toBe(288);
  });

  it.each([1, 2, 3])('%i RMs: the projection onto the spec variables is onto the spec reachable states', (rms) => {
    const spec = specGraph(rms);
    const { keys } = protocolGraph(rms);
    expect(new Set(keys)).toEqual(new Set(spec.keys()));
    expect(spec.size).toBe(4 ** rms + 2 ** rms + 6 ** rms);
  });

  it.each([1, 2, 3])('%i RMs: each spec state stands for 2^(its no-op messages) protocol states', (rms) => {
    const { keys } = protocolGraph(rms);
    const fibre = new Map<string, number>();
    for (const k of keys) fibre.set(k, (fibre.get(k) ?? 0) + 1);
    for (const [k, count] of fibre) {
      const [rmState, tmState, tmPrepared, msgs] = JSON.parse(k) as [string[], string, string[], string[]];
      let expected = 1;
      if (tmState === 'aborted') {
        rmState.forEach((r, i) => {
          const name = `rm${i + 1}`;
          const sent = msgs.includes(`Prepared(${name})`);
          const counted = tmPrepared.includes(name);
          // The Abort to an RM that aborted on its own, or the Prepared tm will ignore.
          if ((r === 'aborted' && !sent) || (sent && !counted)) expected *= 2;
        });
      }
      expect([k, count]).toEqual([k, expected]);
    }
  });

  it.each([1, 2, 3])('%i RMs: every step is a spec step or changes nothing the spec sees, and every spec step is one step', (rms) => {
    const spec = specGraph(rms);
    const { keys, succ } = protocolGraph(rms);
    keys.forEach((k, i) => {
      const moves = new Set(succ[i]!.map((j) => keys[j]!).filter((x) => x !== k));
      expect([k, moves]).toEqual([k, spec.get(k)]);
    });
  });

  it('DFS reaches the same states and transitions as BFS', () => {
    const bfs = check(twoPhaseProtocol(3, 'unordered'), { strategy: 'bfs' });
    const dfs = check(twoPhaseProtocol(3, 'unordered'), { strategy: 'dfs' });
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
  });

  it('the commit witness replays and is as long as the generic model\'s', () => {
    const model = twoPhaseProtocol(3, 'unordered');
    const w = check(model).properties.find((p) => p.name === 'can commit')!;
    const trace = replay(model, w.path!, w.fingerprints);
    const g = check(twoPhase(3)).properties.find((p) => p.name === 'can commit')!;
    // n prepares, n deliveries of Prepared, TMCommit, n deliveries of Commit.
    expect(trace.steps).toHaveLength(3 * 3 + 2);
    expect(g.path).toHaveLength(3 * 3 + 2);
    const kinds = trace.steps.map((s) => s.action.kind);
    expect(kinds.filter((k) => k === 'timeout')).toHaveLength(3 + 1);
    expect(kinds.filter((k) => k === 'deliver')).toHaveLength(3 + 3);
    expect(trace.steps.filter((s) => s.action.label.startsWith('timer TMCommit'))).toHaveLength(1);
  });
});

describe('TwoPhase as nodes, with the RMs declared symmetric', () => {
  // A class is the TM's state and the multiset of per-RM labels: C(n+3,3) + (n+1) + C(n+5,5)
  // on the duplicating network, the generic model's orbits; on the consuming network the aborted
  // TM has 9 labels per RM instead of 6: C(n+3,3) + (n+1) + C(n+8,8).
  it.each([
    [3, 'duplicating', 80],
    [4, 'duplicating', 166],
    [5, 'duplicating', 314],
    [3, 'unordered', 189],
    [4, 'unordered', 535],
  ] as const)('%i RMs on the %s network: %i classes, the same verdicts', (rms, network, classes) => {
    const plain = check(twoPhaseProtocol(rms, network), { continueAfterFailure: true });
    const reduced = check(twoPhaseProtocol(rms, network), { continueAfterFailure: true, symmetry: true });
    expect(reduced.stats.distinctStates).toBe(classes);
    expect(reduced.properties.map((p) => p.status)).toEqual(plain.properties.map((p) => p.status));
    // No traitors: the renaming is exact, and the report has nothing to warn about.
    expect(reduced.warnings).toBeUndefined();
    if (network === 'duplicating') expect(check(twoPhase(rms), { symmetry: true }).stats.distinctStates).toBe(classes);
  });
});

// Found by review: the properties read a crashed RM's state (null) and the fault matrix showed
// errors for both crash classes. A crashed RM (it keeps nothing) counts as neither committed nor
// aborted, and shows as 'crashed' in the projection.
describe('two-phase protocol under crash faults', () => {
  it('crash-stop (one crash): consistent holds, 1,251 states, a commit is still possible', () => {
    const run = protocheck(['check', 'two-phase-protocol', '--faults', 'crash-stop', '--format', 'json', '--no-out']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(1251);
    expect(r.properties.map((p: { name: string; status: string }) => `${p.name}: ${p.status}`)).toEqual(['consistent: pass', 'can commit: pass']);
  });

  it('crash-recovery: an RM that restarts without a log forgets it prepared and aborts after another committed (12 steps)', () => {
    const run = protocheck(['check', 'two-phase-protocol', '--faults', 'crash-recovery', '--format', 'json', '--no-out']);
    expect(run.code).toBe(1);
    const consistent = JSON.parse(run.stdout).properties[0];
    expect(consistent.status).toBe('fail');
    const kinds = consistent.trace.steps.map((s: { action: { kind: string } }) => s.action.kind);
    expect(kinds).toHaveLength(12);
    // Every RM prepares and is counted, tm commits, one RM learns it; another crashes, restarts
    // working (it kept nothing) and chooses to abort.
    expect(kinds.slice(-4)).toEqual(['deliver', 'crash', 'recover', 'timeout']);
    const last = consistent.trace.steps[11].state.observed.spec.rmState;
    expect([...last].sort()).toEqual(['aborted', 'committed', 'prepared'].sort());
  });
});
