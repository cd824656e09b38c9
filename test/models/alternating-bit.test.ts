import { describe, expect, it } from 'vitest';
import { check, type CheckResult } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { runExpectation } from '../../src/cli/commands/test.ts';
import type { Expectation } from '../../src/model/defineModel.ts';
import { stateAt, type SysState } from '../../src/protocol/SysState.ts';
import abp, { alternatingBit, isPrefix, ReceiverState, type AlternatingBitOptions } from '../../models/alternating-bit.ts';

const DEFAULTS: AlternatingBitOptions = { items: 3, order: 'fifo', capacity: 2, drops: true, duplicates: 0 };
const model = (p: Partial<AlternatingBitOptions> = {}) => alternatingBit({ ...DEFAULTS, ...p });
const run = (p: Partial<AlternatingBitOptions> = {}, strategy: 'bfs' | 'dfs' = 'bfs'): CheckResult =>
  check(model(p), { continueAfterFailure: true, strategy });
/** The safety and reachability verdicts (liveness has its own tests below). */
const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.filter((p) => p.kind !== 'eventually').map((p) => [p.name, p.status]));
const prop = (r: CheckResult, name: string) => r.properties.find((p) => p.name === name)!;

/**
 * An independent count of the same state space, written from the protocol's description
 * without protocheck: breadth-first over states encoded as strings. A state is what the
 * protocol's state holds: the sender's next item (its bit is next mod 2; its timer is armed
 * while next < items), the receiver's delivered items (its expected bit is their number mod 2;
 * its decisions are the same list), both links, and the duplications used. It mirrors two
 * rules of protocheck's network: a send to a full link is lost, and a duplication needs room
 * on its link like any other message.
 */
function enumerate(o: AlternatingBitOptions): { states: number; depth: number; violation: number | undefined } {
  interface St {
    next: number;
    delivered: number[];
    s2r: string[];
    r2s: string[];
    dups: number;
  }
  const fifo = o.order === 'fifo';
  const key = (s: St): string =>
    JSON.stringify([s.next, s.delivered, fifo ? s.s2r : [...s.s2r].sort(), fifo ? s.r2s : [...s.r2s].sort(), s.dups]);
  const send = (link: string[], m: string): string[] => (link.length >= o.capacity ? link : [...link, m]);
  const without = (link: string[], i: number): string[] => [...link.slice(0, i), ...link.slice(i + 1)];
  const frame = (next: number): string => `${next % 2}:${next}`;
  const successors = (s: St): St[] => {
    const out: St[] = [];
    // The sender's timer: retransmit the current frame.
    if (s.next < o.items) out.push({ ...s, s2r: send(s.s2r, frame(s.next)) });
    // Deliveries: the head of a FIFO link, any message of an unordered one.
    for (let i = 0; i < (fifo ? Math.min(1, s.s2r.length) : s.s2r.length); i++) {
      const [bit, value] = s.s2r[i]!.split(':').map(Number) as [number, number];
      const r2s = send(s.r2s, String(bit));
      const accept = bit === s.delivered.length % 2;
      out.push({ ...s, s2r: without(s.s2r, i), r2s, delivered: accept ? [...s.delivered, value] : s.delivered });
    }
    for (let i = 0; i < (fifo ? Math.min(1, s.r2s.length) : s.r2s.length); i++) {
      const r2s = without(s.r2s, i);
      if (Number(s.r2s[i]) === s.next % 2 && s.next < o.items) {
        const next = s.next + 1;
        out.push({ ...s, r2s, next, s2r: next < o.items ? send(s.s2r, frame(next)) : s.s2r });
      } else {
        out.push({ ...s, r2s });
      }
    }
    for (const link of ['s2r', 'r2s'] as const) {
      for (let i = 0; i < s[link].length; i++) {
        if (o.drops) out.push({ ...s, [link]: without(s[link], i) });
        if (s.dups < o.duplicates && s[link].length < o.capacity) out.push({ ...s, dups: s.dups + 1, [link]: [...s[link].slice(0, i), s[link][i]!, ...s[link].slice(i)] });
      }
    }
    return out;
  };
  const init: St = { next: 0, delivered: [], s2r: [frame(0)], r2s: [], dups: 0 };
  const seen = new Set([key(init)]);
  let level = [init];
  let depth = 0;
  let violation: number | undefined;
  while (level.length > 0) {
    depth++;
    for (const s of level) {
      const ok = s.delivered.length <= o.items && s.delivered.every((v, i) => v === i);
      if (!ok) violation ??= depth;
    }
    const nextLevel: St[] = [];
    for (const s of level) {
      for (const t of successors(s)) {
        const k = key(t);
        if (!seen.has(k)) {
          seen.add(k);
          nextLevel.push(t);
        }
      }
    }
    level = nextLevel;
  }
  return { states: seen.size, depth: depth, violation };
}

/**
 * The pinned figures. Distinct states and depths agree with the independent count above (and
 * BFS with DFS, below); for items = 1 they are also counted by hand. Counterexample and witness
 * lengths count the initial state as step 1 and are reasoned out:
 * - 'in order' over a reordering link: 6 (see the model file: three receiver acceptances, one
 *   ack received by the sender, one extra copy of item 0 from a timeout or a duplication). It
 *   needs a third delivery, so items = 1 cannot fail, whatever the order.
 * - 'all delivered': 2 × items: each item accepted once, and each but the last acknowledged back
 *   to the sender before the next is sent, 2 × items - 1 steps after the initial state.
 */
interface Pinned {
  readonly name: string;
  readonly params: Partial<AlternatingBitOptions>;
  readonly distinct: number;
  readonly depth: number;
  readonly inOrder: 'pass' | 'fail';
  /** Steps of the 'in order' counterexample, when it fails. */
  readonly cex?: number;
  /** Steps of the 'all delivered' witness. */
  readonly witness: number;
}

const PINNED: readonly Pinned[] = [
  { name: 'defaults: 3 items, fifo, capacity 2, lossy', params: {}, distinct: 90, depth: 12, inOrder: 'pass', witness: 6 },
  { name: 'unordered', params: { order: 'unordered' }, distinct: 509, depth: 18, inOrder: 'fail', cex: 6, witness: 6 },
  { name: '1 item, fifo', params: { items: 1 }, distinct: 20, depth: 8, inOrder: 'pass', witness: 2 },
  { name: '1 item, unordered', params: { items: 1, order: 'unordered' }, distinct: 20, depth: 8, inOrder: 'pass', witness: 2 },
  { name: '2 items, fifo', params: { items: 2 }, distinct: 55, depth: 10, inOrder: 'pass', witness: 4 },
  { name: '2 items, unordered', params: { items: 2, order: 'unordered' }, distinct: 144, depth: 13, inOrder: 'fail', cex: 6, witness: 4 },
  { name: 'fifo, no loss', params: { drops: false }, distinct: 86, depth: 14, inOrder: 'pass', witness: 6 },
  { name: 'unordered, no loss', params: { order: 'unordered', drops: false }, distinct: 503, depth: 21, inOrder: 'fail', cex: 6, witness: 6 },
  { name: 'fifo, 1 duplication', params: { duplicates: 1 }, distinct: 183, depth: 12, inOrder: 'pass', witness: 6 },
  { name: 'unordered, 1 duplication', params: { order: 'unordered', duplicates: 1 }, distinct: 1714, depth: 22, inOrder: 'fail', cex: 6, witness: 6 },
  // A link with one slot cannot reorder: the stale frame and the next one never coexist on it.
  { name: 'fifo, capacity 1', params: { capacity: 1 }, distinct: 31, depth: 10, inOrder: 'pass', witness: 6 },
  { name: 'unordered, capacity 1', params: { order: 'unordered', capacity: 1 }, distinct: 31, depth: 10, inOrder: 'pass', witness: 6 },
  { name: 'fifo, capacity 3', params: { capacity: 3 }, distinct: 193, depth: 15, inOrder: 'pass', witness: 6 },
  { name: 'unordered, capacity 3', params: { order: 'unordered', capacity: 3 }, distinct: 3808, depth: 28, inOrder: 'fail', cex: 6, witness: 6 },
];

describe('alternating bit protocol: pinned counts and verdicts', () => {
  it.each(PINNED)('$name: $distinct states, depth $depth, in order $inOrder', ({ params, distinct, depth, inOrder, cex, witness }) => {
    const r = run(params);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(distinct);
    expect(r.stats.maxDepth).toBe(depth);
    expect(verdicts(r)).toEqual({ 'in order': inOrder, 'all delivered': 'pass' });
    expect(prop(r, 'in order').path?.length).toBe(cex);
    expect(prop(r, 'all delivered').path?.length).toBe(witness);

    // The independent count agrees, and so does its shortest violation.
    const e = enumerate({ ...DEFAULTS, ...params });
    expect(e.states).toBe(distinct);
    expect(e.depth).toBe(depth);
    expect(e.violation).toBe(cex);
  });

  it('1 item, by hand: 20 states with loss, 16 without', () => {
    // The sender is at item 0 (s0) or done (s1); the receiver has delivered it (r1) or not (r0);
    // the links hold 0-2 copies of data(0, item 0) and of ack(0) (one message each, so FIFO and
    // unordered coincide). Pairs (data copies, ack copies):
    // with loss: s0 r0: (0-2, 0) = 3; s0 r1: any of 3 × 3 = 9; s1 r1: any but (2, 2), since
    //   nothing adds a data copy once the sender is done, and it got there by taking an ack = 8.
    // without loss: s0 r0: (1-2, 0) = 2; s0 r1: acks only pile up while the sender waits, so
    //   (0-2, 1-2) = 6; s1 r1: every pair but (2, 2) again = 8 (taking an ack from (x, y) gives
    //   (x, y - 1), then the receiver turns data copies into acks, or loses them to a full link).
    expect(run({ items: 1 }).stats.distinctStates).toBe(3 + 9 + 8);
    expect(run({ items: 1, drops: false }).stats.distinctStates).toBe(2 + 6 + 8);
  });
});

describe('the reordering counterexample', () => {
  it.each([
    ['retransmission', {}, 'timeout'],
    ['duplication', { duplicates: 1, drops: false }, undefined],
  ] as const)('over an unordered link (%s): the receiver takes a stale item 0 as item 2; the path replays', (_n, extra, copyKind) => {
    const m = model({ order: 'unordered', ...extra });
    const r = check(m, {});
    const cex = prop(r, 'in order');
    expect(cex.status).toBe('fail');
    const trace = replay(m, cex.path!, cex.fingerprints);
    expect(trace.steps).toHaveLength(6);
    const last = trace.steps[5]!;
    // The last step delivers the old frame of item 0 (bit 0) and the property is false there.
    expect(last.action).toMatchObject({ kind: 'deliver', from: 'sender', to: 'receiver', message: { type: 'data', bit: 0, value: 0 } });
    const state = last.state as SysState;
    const receiver = stateAt(state, 1) as ReceiverState;
    expect(receiver.delivered.toArray()).toEqual([0, 1, 0]);
    expect(isPrefix(receiver.delivered, 3)).toBe(false);
    expect(m.properties.find((p) => p.name === 'in order')!.check(state)).toBe(false);
    // Every state before it satisfies the property (it is the first violation on the path).
    for (const s of trace.steps.slice(0, -1)) expect(m.properties[0]!.check(s.state)).toBe(true);
    // The second copy of item 0 came from a retransmission or a duplication: exactly one.
    const copies = trace.steps.filter((s) => s.action.kind === 'timeout' || s.action.kind === 'duplicate');
    expect(copies).toHaveLength(1);
    if (copyKind) expect(copies[0]!.action.kind).toBe(copyKind);
    expect(trace.steps.filter((s) => s.action.kind === 'deliver')).toHaveLength(4);
  });

  it('a DFS counterexample replays to a violation too (DFS paths need not be shortest)', () => {
    const m = model({ order: 'unordered' });
    const r = check(m, { strategy: 'dfs' });
    const cex = prop(r, 'in order');
    expect(cex.status).toBe('fail');
    expect(cex.path!.length).toBeGreaterThanOrEqual(6);
    const trace = replay(m, cex.path!, cex.fingerprints);
    expect(m.properties[0]!.check(trace.steps[trace.steps.length - 1]!.state)).toBe(false);
  });
});

describe('laws', () => {
  it.each([
    ['fifo', {}],
    ['unordered', { order: 'unordered' }],
    ['fifo with a duplication', { duplicates: 1 }],
  ] as const)('BFS and DFS agree on states, transitions and verdicts (%s)', (_n, params) => {
    const bfs = run(params, 'bfs');
    const dfs = run(params, 'dfs');
    expect(dfs.complete).toBe(true);
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
    expect(verdicts(dfs)).toEqual(verdicts(bfs));
  });

  it.each([
    { order: 'fifo' as const, capacities: [1, 2, 3], inOrder: 'pass' },
    // Capacity 1 is left out: a one-slot link cannot reorder, so there 'in order' passes.
    { order: 'unordered' as const, capacities: [2, 3], inOrder: 'fail' },
  ])('more capacity, more states, same verdicts ($order, capacity $capacities)', ({ order, capacities, inOrder }) => {
    const results = capacities.map((capacity) => run({ order, capacity }));
    for (let i = 1; i < results.length; i++) {
      expect(results[i]!.stats.distinctStates).toBeGreaterThan(results[i - 1]!.stats.distinctStates);
      expect(verdicts(results[i]!)).toEqual(verdicts(results[0]!));
    }
    expect(verdicts(results[0]!)).toEqual({ 'in order': inOrder, 'all delivered': 'pass' });
  });

  it('exact mode (states compared by value) finds the same states', () => {
    expect(check(model({ order: 'unordered' }), { continueAfterFailure: true, exact: true }).stats.distinctStates).toBe(509);
  });

  it('a send to a full link is lost, and the trace says so', () => {
    // Capacity 1: the initial frame fills the link, so a retransmission is lost at once.
    const m = model({ capacity: 1 });
    const trace = replay(m, [0, 1]);
    expect(trace.steps[1]!.action.kind).toBe('timeout');
    expect(trace.steps[1]!.action.label).toMatch(/is lost: the link is full \(capacity 1\)/);
  });
});

describe("the model's declared expectations (protocheck test)", () => {
  it.each((abp.tests ?? []).map((t) => [t.name ?? JSON.stringify(t.params), t] as const))('%s', (_n, exp) => {
    const outcome = runExpectation({ spec: 'alternating-bit', file: 'models/alternating-bit.ts', url: 'file:///unused', factory: abp }, exp as Expectation);
    expect(outcome.problems).toEqual([]);
  });
});

describe('alternating bit protocol: liveness under fairness', () => {
  // With fair-lossy links a retransmitted frame is eventually delivered, so every item arrives;
  // with no fairness the network may lose the same frame for ever: init, the timer resends it,
  // the network loses it, and round again (the cycle starts at the initial state, which has the
  // first frame in flight: the resend and the loss leave it as it was).
  it.each([1, 2, 3])('%i items, fair-lossy links: every item arrives', (items) => {
    const r = check(model({ items }), { continueAfterFailure: true });
    expect(r.properties.find((p) => p.name === 'every item arrives')!.status).toBe('pass');
  });

  it('no fairness: the same frame lost for ever, a lasso of 3 steps back to the start', () => {
    const m = model({ fairness: 'none' });
    const r = check(m, { continueAfterFailure: true });
    const live = r.properties.find((p) => p.name === 'every item arrives')!;
    expect(live).toMatchObject({ status: 'fail', path: [0, 1, 2], loop: 0 });
    const steps = replay(m, live.path!, live.fingerprints).steps;
    expect(steps.map((s) => s.action.kind)).toEqual(['init', 'timeout', 'drop']);
  });

  it('reliable delivery alone is not enough: a frame lost each time it is sent is never continuously deliverable', () => {
    const r = check(model({ fairness: 'reliable' }), { continueAfterFailure: true });
    expect(r.properties.find((p) => p.name === 'every item arrives')!.status).toBe('fail');
  });
});
