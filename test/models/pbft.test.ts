import { describe, expect, it } from 'vitest';
import { check, type CheckOptions, type CheckResult } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { permutations } from '../../src/checker/canonicalizer.ts';
import { fingerprintHex } from '../../src/checker/fingerprint.ts';
import { pbft } from '../../models/pbft.ts';
import { stateGraph } from '../helpers/stateGraph.ts';

type Faulty = Parameters<typeof pbft>[1];

function run(quorum: number, faulty: Faulty, options: Partial<CheckOptions> = {}): CheckResult {
  return check(pbft(quorum, faulty), { continueAfterFailure: true, ...options });
}

function verdicts(r: CheckResult): Record<string, string> {
  return Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
}

const HOLDS = { agreement: 'pass', validity: 'pass', commits: 'pass' };
const SPLITS = { agreement: 'fail', validity: 'pass', commits: 'pass' };

describe('PBFT, quorum 1: counts reasoned by hand', () => {
  // The primary (Byzantine) is prepared and commits at start-up: its honest self owes pre-prepare
  // and commit to each backup, 6 decisions in send order (truth or lie): 1 + 2 + 4 + 8 + 16 + 32 =
  // 63 states before the last. Then each backup has a pre-prepare value, a commit value (the
  // commit is never used: a backup commits as soon as it accepts its pre-prepare) and whether its
  // pre-prepare has arrived: 8^3 = 512. 63 + 512 = 575, depth 1 + 6 + 3 = 10; the shortest split is
  // the 6 decisions (pre-prepare y to r3) and two deliveries: 9 steps.
  it('Byzantine primary: 575 states, agreement fails in 9 steps', () => {
    const r = run(1, 'primary');
    expect(verdicts(r)).toEqual(SPLITS);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(575);
    expect(r.stats.maxDepth).toBe(10);
    expect(r.properties[0]!.path).toHaveLength(9);
  });

  // The honest primary sends its pre-prepares and commits at start-up. r1 and r2 (honest) each
  // have their pre-prepare or not (4); r3 (Byzantine) has not had it (1), or its honest self owes
  // 6 messages (prepare and commit to each peer), k of them decided: 2^k states for k = 0 .. 6
  // (127). 4 x 128 = 512, depth 1 + 3 + 6 = 10.
  it('Byzantine backup r3: 512 states, agreement holds', () => {
    const r = run(1, 'r3');
    expect(verdicts(r)).toEqual(HOLDS);
    expect(r.stats.distinctStates).toBe(512);
    expect(r.stats.maxDepth).toBe(10);
  });

  // Traitor sets give disjoint families of states: 'backup' is r1, r2, r3 in turn (isomorphic by
  // renaming the backups), 'any' adds the primary.
  it('backup = 3 x r3, any = primary + backup', () => {
    expect(run(1, 'r1').stats.distinctStates).toBe(512);
    expect(run(1, 'r2').stats.distinctStates).toBe(512);
    expect(run(1, 'backup').stats.distinctStates).toBe(3 * 512);
    const any = run(1, 'any');
    expect(any.stats.distinctStates).toBe(575 + 3 * 512);
    expect(verdicts(any)).toEqual(SPLITS);
  });
});

describe('PBFT, quorum 2f + 1 = 3: agreement holds in a complete search', () => {
  it('Byzantine primary: 9,434 states, breadth first and depth first', () => {
    const bfs = run(3, 'primary');
    const dfs = run(3, 'primary', { strategy: 'dfs' });
    for (const r of [bfs, dfs]) {
      expect(r.complete).toBe(true);
      expect(verdicts(r)).toEqual(HOLDS);
      expect(r.stats.distinctStates).toBe(9434);
    }
  });

  // One Byzantine backup stands for all three (backup = 3 x r3 at quorum 1 and 2 above and below;
  // at quorum 3 'backup' has 160,356 = 3 x 53,452 states, 'any' 169,790 = 9,434 + 160,356, both
  // in the model's tests).
  it('Byzantine backup r3: 53,452 states', () => {
    const r = run(3, 'r3');
    expect(r.complete).toBe(true);
    expect(verdicts(r)).toEqual(HOLDS);
    expect(r.stats.distinctStates).toBe(53452);
  });
});

describe('PBFT, quorum 2f = 2: an equivocating primary splits the replicas', () => {
  it('the shortest counterexample: 12 steps, replayable, with the primary lying', () => {
    const model = pbft(2, 'any');
    const r = check(model);
    const agreement = r.properties[0]!;
    expect(agreement.status).toBe('fail');
    const { steps } = replay(model, agreement.path!, agreement.fingerprints);
    // Start-up (the primary owes 3 pre-prepares), 3 decisions, r1 and r3 accept theirs (each is
    // prepared at once: its own prepare and the pre-prepare make 2), the primary gets r1's prepare
    // and is prepared, 3 decisions about its commits, r1 and r3 get theirs: 1 + 3 + 2 + 1 + 3 + 2.
    expect(steps).toHaveLength(12);
    expect(steps[0]!.action.label).toBe('initial state: Byzantine: r0');
    const lies = steps.map((s) => s.action).filter((a) => a.kind === 'byzantine' && a.lie === true);
    expect(lies).toEqual([
      expect.objectContaining({ from: 'r0', to: 'r3', message: { type: 'preprepare', value: 'y' }, truth: { type: 'preprepare', value: 'x' } }),
      expect.objectContaining({ from: 'r0', to: 'r3', message: { type: 'commit', value: 'y' }, truth: { type: 'commit', value: 'x' } }),
    ]);
    expect(steps[11]!.action).toMatchObject({ kind: 'deliver', from: 'r0', to: 'r3', message: { type: 'commit', value: 'y' } });
    const last = model.toJSON!(steps[11]!.state) as { decisions: Record<string, unknown> };
    expect(last.decisions).toEqual({ r1: ['x'], r3: ['y'] });
  });

  it('counts: any = primary + 3 x r3, breadth first = depth first', () => {
    const counts = (faulty: Faulty): number[] =>
      (['bfs', 'dfs'] as const).map((strategy) => run(2, faulty, { strategy }).stats.distinctStates);
    expect(counts('primary')).toEqual([2507, 2507]);
    expect(counts('r3')).toEqual([4576, 4576]);
    const any = run(2, 'any');
    expect(verdicts(any)).toEqual(SPLITS);
    expect(any.stats.distinctStates).toBe(2507 + 3 * 4576);
  });

  // Within one view an honest primary's pre-prepare fixes the only value honest replicas prepare:
  // a lying backup cannot split them, with any quorum (it matters across view changes).
  it('a Byzantine backup alone cannot break agreement, whatever the quorum', () => {
    expect(verdicts(run(2, 'backup'))).toEqual(HOLDS);
    expect(verdicts(run(1, 'backup'))).toEqual(HOLDS);
  });

  it('the checker counts what an independent enumeration finds', () => {
    expect(stateGraph(pbft(2, 'primary')).states).toHaveLength(2507);
  });
});

describe('PBFT with symmetric backups', () => {
  it.each([
    [1, 'primary' as Faulty, SPLITS],
    [2, 'primary' as Faulty, SPLITS],
    [3, 'primary' as Faulty, HOLDS],
    [1, 'r3' as Faulty, HOLDS],
    [2, 'r3' as Faulty, HOLDS],
    [2, 'backup' as Faulty, HOLDS],
    [2, 'any' as Faulty, SPLITS],
  ])('quorum %i, faulty %s: the same verdicts', (quorum, faulty, expected) => {
    expect(verdicts(run(quorum, faulty, { symmetry: true }))).toEqual(expected);
  });

  // Of the 575 states, the 512 after the decisions are 120 classes (multisets of 3 of the 8
  // kinds of backup: C(10, 3)); before them only the states with one decision left (r1 and r2
  // decided, r3 not: 2 x C(5, 2) = 20 classes of 32 states) have symmetric twins in the order the
  // adversary decides: 1 + 2 + 4 + 8 + 16 + 20 + 120 = 171.
  it('Byzantine primary, quorum 1: 171 classes, the true orbits', () => {
    const model = pbft(1, 'primary');
    expect(orbits(model)).toBe(171);
    for (const strategy of ['bfs', 'dfs'] as const) {
      expect(check(model, { symmetry: true, continueAfterFailure: true, strategy }).stats.distinctStates).toBe(171);
    }
  });

  // A traitor's pending sends are decided in send order, and a handler run in a renamed state sends
  // in declaration order, not in the renamed order: the states half-way through the decisions are
  // not permuted exactly (r3 q1: r1 has its pre-prepare, r2 not, r3 owes 6 sends and has decided
  // k < 6 of them), so the reduced search decides in other orders and its class count is not the
  // orbit count (336 of 399). The classes with nothing pending are all reached, so the verdicts
  // stand; the report says so.
  it('Byzantine backup r3, quorum 1: 336 classes of 399 orbits, same verdicts, and a warning that says why', () => {
    const model = pbft(1, 'r3');
    expect(orbits(model)).toBe(399);
    const plain = run(1, 'r3');
    const reduced = run(1, 'r3', { symmetry: true });
    expect(reduced.stats.distinctStates).toBe(336);
    expect(verdicts(reduced)).toEqual(verdicts(plain));
    expect(reduced.warnings?.some((w) => w.includes('not an exact orbit count'))).toBe(true);
    expect(plain.warnings ?? []).toEqual([]);
    // Every class with no decision pending is reached: the plain search's settled states, up to renaming.
    const settled = (states: readonly unknown[]) =>
      new Set(states.filter((s) => (s as { owed: { size: number } }).owed.size === 0).map((s) => canonicalKey(model, s)));
    const all = settled(stateGraph(model).states);
    const reducedAll = reducedStates(model);
    expect(reducedAll).toHaveLength(336);
    expect(settled(reducedAll)).toEqual(all);
  });
});

/** A state's orbit under the model's own renamings, as the smallest fingerprint in it. */
function canonicalKey(model: ReturnType<typeof pbft>, s: unknown): string {
  const sym = model.symmetry!;
  return permutations(sym.size).map((p) => fingerprintHex(sym.permute(s as never, p))).sort()[0]!;
}

/** Orbits of the reachable states under the model's own renamings. */
function orbits(model: ReturnType<typeof pbft>): number {
  return new Set(stateGraph(model).states.map((s) => canonicalKey(model, s))).size;
}

/** The states a symmetry-reduced search keeps (canonical forms), enumerated independently of the checker. */
function reducedStates(model: ReturnType<typeof pbft>): unknown[] {
  const canon = (s: unknown) => model.symmetry!.canonicalize!(s as never);
  return stateGraph({ ...model, initialStates: () => model.initialStates().map(canon), next: (s, a) => {
    const n = model.next(s, a);
    return n === undefined ? undefined : canon(n);
  } }).states;
}
