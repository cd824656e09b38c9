/**
 * A node's decisions as one string (src/protocol/decisions.ts): the strings must tell apart
 * exactly the Lists of decisions `Immutable.is` tells apart, since they replace those Lists in
 * every state, and read back as the decisions made (a decision of -0 reads back as 0, which
 * `Immutable.is` does not tell from it).
 */
import fc from 'fast-check';
import { is, List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { appendDecisions, NO_DECISIONS, readDecisions } from '../../src/protocol/decisions.ts';
import type { Decision } from '../../src/protocol/types.ts';

const decision: fc.Arbitrary<Decision> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 's1:x', ';', ':', 'n1;', 'z', '0'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324),
  fc.boolean(),
  fc.constant(null),
);
const decisions = fc.array(decision, { maxLength: 6 });
const encode = (ds: readonly Decision[]): string => appendDecisions(NO_DECISIONS, ds);
const params = { seed: 20261126, numRuns: 500 };

describe('decisions as strings', () => {
  it('read back as made (-0 as 0), appended one at a time or all at once', () => {
    fc.assert(
      fc.property(decisions, (ds) => {
        const encoded = encode(ds);
        expect(readDecisions(encoded)).toEqual(ds.map((d) => (Object.is(d, -0) ? 0 : d)));
        expect(ds.reduce((s: string, d) => appendDecisions(s, [d]), NO_DECISIONS)).toBe(encoded);
      }),
      params,
    );
  });

  it('are equal exactly when the Lists of decisions are', () => {
    const pair = decisions.chain((a) => fc.tuple(fc.constant(a), fc.oneof(decisions, fc.constant(a.map((d) => (d === 0 ? -0 : d))))));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(encode(a) === encode(b)).toBe(is(List(a), List(b)));
      }),
      params,
    );
  });

  it('none is the empty string', () => {
    expect(encode([])).toBe(NO_DECISIONS);
    expect(readDecisions(NO_DECISIONS)).toEqual([]);
  });
});
