import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { twoPhase } from '../../models/two-phase.ts';
import { twoPhasePacked, type TwoPhaseView } from '../../models/two-phase-packed.ts';

/** Every state a search finds, through a property that sees each new state once. */
function reachable<S>(model: ReturnType<typeof twoPhase> | ReturnType<typeof twoPhasePacked>): S[] {
  const states: S[] = [];
  const spy = { name: 'spy', kind: 'always' as const, check: (s: S) => (states.push(s), true) };
  check({ ...model, properties: [spy] } as never, { continueAfterFailure: true });
  return states;
}

/** The generic model's state in the packed model's view (sets as sorted lists). */
function view(s: ReturnType<typeof twoPhase> extends { initialStates(): readonly (infer S)[] } ? S : never): TwoPhaseView {
  return {
    rmState: s.rmState.toArray(),
    tmState: s.tmState,
    tmPrepared: s.tmPrepared.toArray().sort((a, b) => a - b),
    msgs: s.msgs.toArray().sort(),
  };
}

describe('TwoPhase packed into one number', () => {
  // Published counts for TLA+ TwoPhase (../shared/REFERENCE.md), as for the generic model.
  it.each([
    [3, 288, 1146, 11],
    [4, 1568, 8258, 14],
    [5, 8832, 58146, 17],
  ])('%i RMs: %i distinct, %i generated, depth %i', (rms, distinct, generated, depth) => {
    const r = check(twoPhasePacked(rms), { continueAfterFailure: true });
    expect(r.complete).toBe(true);
    expect([r.stats.distinctStates, r.stats.generated, r.stats.maxDepth]).toEqual([distinct, generated, depth]);
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['consistent', 'pass'],
      ['can commit', 'pass'],
    ]);
  });

  it.each([3, 4])('%i RMs: its states are exactly the generic model\'s, found in the same order', (rms) => {
    const packed = twoPhasePacked(rms);
    const mine = reachable<number>(packed).map((s) => JSON.stringify(packed.toJSON!(s)));
    const theirs = reachable<Parameters<typeof view>[0]>(twoPhase(rms)).map((s) => JSON.stringify(view(s)));
    expect(new Set(mine).size).toBe(mine.length);
    // Same actions in the same order: the breadth-first search meets the states in one order.
    expect(mine).toEqual(theirs);
  });

  it('the witness of "can commit" is the generic model\'s path, step for step', () => {
    const [a, b] = [check(twoPhasePacked(4)), check(twoPhase(4))].map((r) => r.properties.find((p) => p.name === 'can commit')!);
    expect(a.status).toBe('pass');
    expect(a.path).toEqual(b.path);
    // The initial state's index, then 4 prepares, 4 votes received, TMCommit, 4 commits received.
    expect(a.path!.length).toBe(14);
  });

  it.each([
    [3, 80],
    [5, 314],
  ])('symmetry: %i RMs give %i classes, as the generic model', (rms, classes) => {
    const r = check(twoPhasePacked(rms), { symmetry: true, continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(classes);
    expect(r.properties.every((p) => p.status === 'pass')).toBe(true);
  });

  it('liveness: every RM decides under weak fairness, as in the generic model', () => {
    const r = check(twoPhasePacked(3, true));
    expect(r.properties.find((p) => p.name === 'every RM decides')!.status).toBe('pass');
  });

  it('refuses more RMs than a double holds exactly', () => {
    expect(() => twoPhasePacked(13)).toThrow(/1 to 12 RMs/);
  });
});
