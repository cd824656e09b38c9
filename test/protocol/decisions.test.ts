/**
 * A node's decisions as one string (src/protocol/decisions.ts): the strings must tell apart
 * exactly the Lists of decisions `Immutable.is` tells apart, since they replace those Lists in
 * every state, and read back as the decisions made (a decision of -0 reads back as 0, which
 * `Immutable.is` does not tell from it).
 */
import fc from 'fast-check';
import { is, List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, ModelError, protocol, type NodeDef } from '../../src/index.ts';
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

// A JavaScript model is not held to the Decision type. undefined and bigints were kept when
// decisions were Lists, and must still read back as made; a function or symbol written as text
// read back as other decisions (a function's source parsed as more decisions: a wrong verdict),
// so `decide` refuses them with the handler named.
describe('decisions a JavaScript model may pass', () => {
  const decider = (value: unknown) => {
    const node: NodeDef<number, never> = {
      init(ctx) {
        (ctx.decide as (v: unknown) => void)(value);
        (ctx.decide as (v: unknown) => void)('after');
        return 0;
      },
    };
    return protocol<number, never>({
      name: 'decider',
      nodes: { a: node },
      properties: [always('two decisions', (sys) => sys.decisions('a').length === 2 && sys.decisions('a')[1] === 'after', 'what was decided reads back')],
    });
  };

  it('undefined and bigints read back as made', () => {
    expect(readDecisions(encode([undefined as never, 10n as never, -(2n ** 70n) as never, 's', 1]))).toEqual([undefined, 10n, -(2n ** 70n), 's', 1]);
    for (const v of [undefined, 10n]) expect(check(decider(v)).properties[0]!.status).toBe('pass');
  });

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['an object', { x: 1 }],
  ])('%s is refused with the handler named', (what, value) => {
    expect(() => check(decider(value))).toThrow(ModelError);
    expect(() => check(decider(value))).toThrow(/decided .*a decision must be a string, number, boolean or null/);
    void what;
  });
});
