/**
 * The alternating bit protocol (Bartlett, Scantlebury and Wilkinson, "A note on reliable
 * full-duplex transmission over half-duplex links", CACM 12(5), 1969): a sender passes a
 * sequence of data items to a receiver over a channel that may lose messages, tagging each
 * frame with a one-bit sequence number. The receiver accepts a frame only if its bit is the one
 * it expects, delivers the item, flips the bit it expects, and acknowledges every frame with the
 * frame's bit. The sender retransmits on a timer until the acknowledgement with its bit comes
 * back, then flips its bit and moves to the next item.
 *
 * What it shows: over lossy FIFO links (with duplication too) the receiver delivers
 * exactly the items sent, in order, each once: 'in order' passes with a complete search. One bit
 * is enough only because FIFO links keep old frames ahead of new ones. Over a link that reorders
 * (`order=unordered`), a retransmitted copy of item 0 can still be in flight when the receiver
 * expects bit 0 again, for item 2: the receiver accepts the stale copy as item 2. That needs the
 * stale frame and the next one in flight together: with `capacity=1` a link cannot reorder and
 * 'in order' passes. The reference figures are SPIN's (../shared/REFERENCE.md, "Alternating bit
 * protocol": 3 items, capacity 2, the defaults here).
 *
 * The shortest counterexample, in this model's steps. The receiver must accept three frames
 * (item 0, item 1, then the stale item 0), the sender must receive ack 0 before it sends item 1,
 * and the receiver must see two copies of item 0 while the sender sends one at start-up: the
 * second comes from a retransmission (a timeout) or a duplication. Five steps at least; five
 * suffice, so with the initial state (step 1) the trace has 6 steps, with or without duplication.
 * One such run (BFS may interleave the same steps differently):
 *   1 initial state: the sender has sent data(bit 0, item 0)
 *   2 the sender's timer fires: it sends item 0 again
 *   3 the receiver accepts item 0 and sends ack 0
 *   4 the sender receives ack 0 and sends data(bit 1, item 1)
 *   5 the receiver accepts item 1 and sends ack 1 (it now expects bit 0)
 *   6 the receiver receives the stale data(bit 0, item 0) and delivers it as the third item
 * SPIN's shortest is 8 steps, 7 with duplication: same events, finer steps. We do not have the
 * SPIN model, so this is a reading of its two figures, not a check of it. Here the first
 * transmission is part of the initial state (in SPIN, a step of its own), and a timeout and the
 * retransmission it causes are one step (in Promela, `timeout -> out!...` is a guard and a send,
 * two steps): 6 + 1 + 1 = 8. A duplication is one step in both, and replaces SPIN's two-step
 * timeout-and-resend but only our one-step timeout: 6 + 1 = 7 there, still 6 here. This reading
 * assumes that SPIN, like us, counts the initial state and takes a receipt together with the send
 * it triggers (with those split, the same run would take 11 steps, 10 with duplication).
 */
import { List, Record } from 'immutable';
import { always, defineModel, eventually, FAIRNESS_PRESETS, protocol, sometimes, type FairnessPreset, type NodeDef } from 'protocheck';

/** A frame: item number `value` (0, 1, 2 ...) tagged with the sender's bit. */
export interface Data {
  readonly type: 'data';
  readonly bit: number;
  readonly value: number;
}

/** An acknowledgement of the frame with bit `bit`. */
export interface Ack {
  readonly type: 'ack';
  readonly bit: number;
}

export type Msg = Data | Ack;

/** The sender: the item it is sending (`items` when done) and its bit. */
export const SenderState = Record({ next: 0, bit: 0 });
export type SenderState = ReturnType<typeof SenderState>;

/** The receiver: the bit it expects next, and the items it has delivered, in order. */
export const ReceiverState = Record({ expected: 0, delivered: List<number>() });
export type ReceiverState = ReturnType<typeof ReceiverState>;

export interface AlternatingBitOptions {
  /** Data items to send: 0, 1, ..., items - 1. */
  readonly items: number;
  readonly order: 'fifo' | 'unordered';
  /** Messages in flight per link; a send to a full link is lost. */
  readonly capacity: number;
  /** Any message may be lost, any number of times. */
  readonly drops: boolean;
  /** How many times the network may duplicate a message (0: never). */
  readonly duplicates: number;
  /** What liveness may assume of the links (default fair-lossy); 'none' shows why it is needed. */
  readonly fairness?: FairnessPreset;
}

const RETRANSMIT = 'retransmit';

/** Whether `delivered` is 0, 1, ..., k - 1 for some k ≤ items: a prefix of what is sent. */
export function isPrefix(delivered: List<number>, items: number): boolean {
  return delivered.size <= items && delivered.every((value, i) => value === i);
}

export function alternatingBit(o: AlternatingBitOptions) {
  const data = (s: SenderState): Data => ({ type: 'data', bit: s.bit, value: s.next });

  // Both ends keep their place in the stream on disk (it only matters under the fault matrix's
  // crashes): a restarted sender resumes with its item and bit, a restarted receiver with what it
  // has delivered to its application.
  const sender: NodeDef<SenderState, Msg> = {
    durable: (s) => s,
    init(ctx) {
      const s = SenderState();
      if (o.items > 0) {
        ctx.send('receiver', data(s));
        ctx.setTimer(RETRANSMIT);
      }
      return s;
    },
    onTimer(s, _timer, ctx) {
      // A timeout of any length: send the current frame again and wait for its ack.
      ctx.send('receiver', data(s));
      ctx.setTimer(RETRANSMIT);
      return s;
    },
    onMessage(s, msg, _from, ctx) {
      // A stale ack (the other bit), or any ack once everything is acknowledged: ignore it.
      if (msg.type !== 'ack' || msg.bit !== s.bit || s.next >= o.items) return s;
      const next = SenderState({ next: s.next + 1, bit: 1 - s.bit });
      if (next.next < o.items) ctx.send('receiver', data(next));
      else ctx.cancelTimer(RETRANSMIT);
      return next;
    },
  };

  const receiver: NodeDef<ReceiverState, Msg> = {
    durable: (s) => s,
    init: () => ReceiverState(),
    onMessage(r, msg, from, ctx) {
      if (msg.type !== 'data') return r;
      // Every frame is acknowledged with its own bit; only the expected bit is delivered.
      ctx.send(from, { type: 'ack', bit: msg.bit });
      if (msg.bit !== r.expected) return r;
      ctx.decide(msg.value);
      return r.merge({ expected: 1 - r.expected, delivered: r.delivered.push(msg.value) });
    },
  };

  return protocol<SenderState | ReceiverState, Msg>({
    name: 'alternating-bit',
    nodes: { sender, receiver },
    network: { order: o.order, capacity: o.capacity },
    faults: { drop: o.drops, duplicate: o.duplicates },
    fairness: o.fairness ?? 'fair-lossy',
    describeMessage: (m) => (m.type === 'data' ? `data(bit ${m.bit}, item ${m.value})` : `ack(bit ${m.bit})`),
    properties: [
      always(
        'in order',
        (sys) => isPrefix(sys.state<ReceiverState>('receiver').delivered, o.items),
        'the receiver has delivered a prefix of the items sent: in order, none twice, none made up',
      ),
      eventually(
        'every item arrives',
        (sys) => sys.state<ReceiverState>('receiver').delivered.size === o.items,
        'on every fair run, the receiver eventually has every item (liveness)',
      ),
      sometimes(
        'all delivered',
        (sys) => {
          const delivered = sys.state<ReceiverState>('receiver').delivered;
          return delivered.size === o.items && isPrefix(delivered, o.items);
        },
        'some run delivers every item, in order',
      ),
    ],
  });
}

export default defineModel({
  name: 'alternating-bit',
  description: 'Alternating bit protocol: correct over lossy FIFO links; over reordering links a stale frame is accepted',
  params: {
    items: { default: 3, description: 'data items the sender transmits', integer: true, min: 1, max: 10 },
    order: {
      default: 'fifo' as 'fifo' | 'unordered',
      description: '"fifo" (each link keeps order) or "unordered" (a link may reorder)',
      values: ['fifo', 'unordered'] as ('fifo' | 'unordered')[],
    },
    capacity: { default: 2, description: 'messages in flight per link; a send to a full link is lost', integer: true, min: 1, max: 10 },
    drops: { default: true, description: 'the network may lose any message, any number of times' },
    duplicates: { default: 0, description: 'how many times the network may duplicate a message', integer: true, min: 0, max: 10 },
    fairness: {
      default: 'fair-lossy' as FairnessPreset,
      description: 'what liveness may assume: fair-lossy links (a message sent again and again arrives), or none',
      values: FAIRNESS_PRESETS,
    },
  },
  create: (p) => alternatingBit(p),
  // Distinct states agree with an independent count (test/models/alternating-bit.test.ts) and
  // between BFS and DFS; for 1 item they are counted by hand there. Trace lengths count the
  // initial state as step 1: 6 for the stale frame (see above), 2 × items for 'all delivered'
  // (each item accepted, each but the last acknowledged before the next is sent).
  tests: [
    {
      name: 'lossy FIFO: every item delivered in order, once',
      params: {},
      complete: true,
      properties: { 'in order': 'pass', 'all delivered': 'pass' },
      distinctStates: 90,
      depth: 12,
      traceLength: { 'all delivered': 6 },
    },
    {
      name: 'reordering link: a stale copy of item 0 is accepted as item 2',
      params: { order: 'unordered' },
      complete: true,
      properties: { 'in order': 'fail', 'all delivered': 'pass' },
      distinctStates: 509,
      depth: 18,
      traceLength: { 'in order': 6, 'all delivered': 6 },
      lastStep: { 'in order': 'deliver' },
    },
    {
      name: 'reordering link with a duplication: the counterexample is no shorter',
      params: { order: 'unordered', duplicates: 1 },
      properties: { 'in order': 'fail', 'all delivered': 'pass' },
      distinctStates: 1714,
      traceLength: { 'in order': 6 },
    },
    {
      name: 'lossy FIFO with a duplication: still correct',
      params: { duplicates: 1 },
      properties: { 'in order': 'pass', 'all delivered': 'pass' },
      distinctStates: 183,
    },
    {
      name: '1 item: nothing to confuse it with, whatever the order',
      params: { items: 1, order: 'unordered' },
      properties: { 'in order': 'pass', 'all delivered': 'pass' },
      distinctStates: 20,
      traceLength: { 'all delivered': 2 },
    },
    {
      name: 'capacity 3: more states, same verdicts',
      params: { order: 'unordered', capacity: 3 },
      properties: { 'in order': 'fail', 'all delivered': 'pass' },
      distinctStates: 3808,
      traceLength: { 'in order': 6 },
    },
  ],
});
