import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { twoPhase } from '../../models/two-phase.ts';

// Published counts for TLA+ TwoPhase (../shared/REFERENCE.md): TLC, SPIN and Stateright agree.
describe('TwoPhase against the published counts', () => {
  it.each([
    [3, 288, 1146, 11],
    [4, 1568, 8258, 14],
    [5, 8832, 58146, 17],
  ])('%i RMs: %i distinct, %i generated, depth %i', (rms, distinct, generated, depth) => {
    const r = check(twoPhase(rms), { continueAfterFailure: true });
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(distinct);
    expect(r.stats.generated).toBe(generated);
    expect(r.stats.maxDepth).toBe(depth);
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['consistent', 'pass'],
      ['can commit', 'pass'],
    ]);
  });

  it('DFS reaches the same states as BFS', () => {
    const bfs = check(twoPhase(4), { strategy: 'bfs' });
    const dfs = check(twoPhase(4), { strategy: 'dfs' });
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
  });

  it('exact mode (values compared, not only fingerprints) finds the same 288 states', () => {
    expect(check(twoPhase(3), { exact: true }).stats.distinctStates).toBe(288);
  });
});
