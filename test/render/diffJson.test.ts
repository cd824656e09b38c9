/**
 * What a trace step says changed: objects key by key, lists by position or as sets of items.
 */
import { describe, expect, it } from 'vitest';
import { diffJson, formatChange } from '../../src/render/diffJson.ts';

const lines = (before: unknown, after: unknown): string[] => diffJson(before, after).map(formatChange);

describe('diffJson', () => {
  it('objects key by key, with the leading nodes of a protocol state left out', () => {
    expect(lines({ nodes: { A: { received: 0 } } }, { nodes: { A: { received: 1 } } })).toEqual(['A.received: 0 → 1']);
    expect(lines({ a: 1 }, { a: 1, b: 2 })).toEqual(['b = 2']);
    expect(lines({ a: 1, b: 2 }, { a: 1 })).toEqual(['b removed (was 2)']);
  });

  it('a list of primitives of the same length by position: one resource manager changed', () => {
    expect(lines({ rmState: ['working', 'working', 'prepared'] }, { rmState: ['working', 'prepared', 'prepared'] })).toEqual([
      'rmState[1]: working → prepared',
    ]);
  });

  // A set written as a sorted list: by position, one message taken and another sent would read
  // as every later index changing.
  it('sorted lists without repeats on both sides are sets: what came and what went', () => {
    expect(lines({ msgs: ['RequestVote s1->s2', 'RequestVote s1->s3'] }, { msgs: ['RequestVote s1->s3', 'Vote s2->s1'] })).toEqual([
      'msgs − "RequestVote s1->s2"',
      'msgs + "Vote s2->s1"',
    ]);
    expect(lines({ votes: [1, 4, 9] }, { votes: [1, 5, 9] })).toEqual(['votes − 4', 'votes + 5']);
  });

  it('a list that is not sorted, or has repeats, stays positional', () => {
    expect(lines({ log: ['b', 'a'] }, { log: ['b', 'c'] })).toEqual(['log[1]: a → c']);
    expect(lines({ log: ['a', 'a'] }, { log: ['a', 'b'] })).toEqual(['log[1]: a → b']);
  });

  it('lists of different lengths and lists of records as multisets', () => {
    expect(lines({ msgs: ['a'] }, { msgs: ['a', 'b'] })).toEqual(['msgs + b']);
    expect(lines({ network: [{ to: 'B' }, { to: 'B' }] }, { network: [{ to: 'B' }] })).toEqual(['network − {to: B}']);
  });
});
