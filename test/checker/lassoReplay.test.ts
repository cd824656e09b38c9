/**
 * A liveness counterexample's path replays from the initial state and keeps the fairness its
 * cycle was found with, even when the model lists its actions in an order that depends on how a
 * state was built (Immutable Map iteration order follows history).
 */
import { Map, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, eventually, type Model } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';

// Found by review. From each state two actions lead to the same next state: 'p' (strongly fair,
// one class per location) leaves the Map as it is; 'q' (no fairness) re-inserts its first key,
// which flips the Map's iteration order, and the actions are listed in that order. The only fair
// cycle takes p at both locations.
const S = Record({ loc: 0, m: Map<string, number>() });
type S = ReturnType<typeof S>;
const twoWay: Model<S, string> = {
  name: 'two-way',
  initialStates: () => [S({ loc: 0, m: Map<string, number>().set('q', 0).set('p', 0) })],
  actions: (s, out) => void out.push(...s.m.keys()),
  next: (s, a) => {
    const loc = 1 - s.loc;
    if (a === 'p') return s.set('loc', loc);
    const first = s.m.keySeq().first()!;
    return s.set('loc', loc).set('m', s.m.remove(first).set(first, 0));
  },
  fairness: (a, s) => (a === 'p' ? { key: `p@${s.loc}`, strong: true } : undefined),
  properties: [eventually<S>('done', () => false)],
};

describe('lassos replay, with the fairness of their cycle', () => {
  it.each(['bfs', 'dfs'] as const)('%s: the cycle takes p at both locations (path 0/1/1, loop 0)', (strategy) => {
    const r = check(twoWay, { strategy });
    const p = r.properties[0]!;
    expect(p.status).toBe('fail');
    expect(p.loop).toBe(0);
    expect(p.path).toEqual([0, 1, 1]);
    const trace = replay(twoWay, p.path!, p.fingerprints);
    const taken = trace.steps.slice(1).map((step) => step.action.label);
    expect(taken).toEqual(['p', 'p']);
  });
});
