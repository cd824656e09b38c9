import { fingerprintInto, fpHi, fpLo, readCachedFingerprint } from '../checker/fingerprint.ts';
import { indistinguishable } from '../checker/indistinguishable.ts';
import { share, shareValue } from '../checker/sharedValues.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { nextSlot } from './applyEffects.ts';
import { runHandler, type Effects } from './runHandler.ts';
import { slotState, type NodeSlot } from './SysState.ts';

/** One outcome of a handler run: the node's slot after it (state, timers, decisions) and its effects. */
export interface SlotOutcome {
  readonly slot: NodeSlot;
  readonly effects: Effects;
}

/** One handler run remembered: the slot it ran on and what it led to. */
interface Entry {
  readonly hi: number;
  readonly slot: NodeSlot;
  readonly outcomes: readonly SlotOutcome[];
  /** Some outcome left the slot as it was: such outcomes are re-aimed at the caller's slot. */
  readonly keeps: boolean;
  next: Entry | undefined;
}

type Bucket = Map<number, Entry>;

/**
 * At most this many runs are remembered; then the memo starts again (a search moves on through
 * node states level by level, so what it remembered last is what it needs next).
 */
const CAPACITY = 1 << 18;

/**
 * Handler runs remembered by (node, message and sender or timer, node slot). A node's state
 * space is tiny next to the system's: in TwoPhase with 7 RMs, 296,448 system states are made of
 * 292 node slots, and 4,051,969 transitions take 1,984 handler runs.
 * Handlers are pure (the README's rule, which replay enforces), so a run's outcomes are a
 * function of its inputs and may be reused, objects and all: the slots it leads to (state,
 * timers and decisions after the run) are made once, keep their fingerprints and are shared by
 * every system state that holds them (`shareValue`: the frontier stores them by number).
 *
 * A remembered run is reused only for the very slot it ran on (the usual case: the slots it
 * hands out are shared, and the frontier gives the same objects back) or for one a handler
 * cannot tell from it (`indistinguishable`): not merely an equal fingerprint or an
 * `Immutable.is`-equal value, since a handler may tell apart two record types with the same
 * fields, or iterate two equal Maps in different orders (the order they were filled in).
 */
export class HandlerMemo<S, M> {
  /** Per node: message key → per sender → bucket. */
  private readonly messages: Map<string, (Bucket | undefined)[]>[];
  /** Per node: timer name → bucket. */
  private readonly timers: Map<string, Bucket>[];
  private size = 0;

  constructor(
    private readonly info: ProtocolInfo<S, M>,
    private readonly capacity = CAPACITY,
  ) {
    this.messages = info.names.map(() => new Map());
    this.timers = info.names.map(() => new Map());
  }

  /** The outcomes of node `node` (in `slot`) handling message `msgKey` from node `from`. */
  message(node: number, slot: NodeSlot, msgKey: string, from: number, actionIndex: number): readonly SlotOutcome[] {
    if (!hashSlot(slot)) return this.runMessage(node, slot, msgKey, from, actionIndex);
    const byKey = this.messages[node]!;
    let bySender = byKey.get(msgKey);
    if (bySender === undefined) byKey.set(msgKey, (bySender = []));
    const bucket = (bySender[from] ??= new Map());
    return this.find(bucket, slot) ?? this.remember(bucket, slot, this.runMessage(node, slot, msgKey, from, actionIndex));
  }

  /** The outcomes of timer `timer` of node `node` (in `slot`) firing; the timer is disarmed. */
  timer(node: number, slot: NodeSlot, timer: string, actionIndex: number): readonly SlotOutcome[] {
    if (!hashSlot(slot)) return this.runTimer(node, slot, timer, actionIndex);
    const byName = this.timers[node]!;
    let bucket = byName.get(timer);
    if (bucket === undefined) byName.set(timer, (bucket = new Map()));
    return this.find(bucket, slot) ?? this.remember(bucket, slot, this.runTimer(node, slot, timer, actionIndex));
  }

  private runMessage(node: number, slot: NodeSlot, msgKey: string, from: number, actionIndex: number): SlotOutcome[] {
    const call = { kind: 'message', state: slotState(slot) as S, msg: this.info.messages.get(msgKey), from: this.info.names[from]! } as const;
    return runHandler(this.info, node, call, actionIndex).map((o) => ({ slot: nextSlot(slot, o.state, o.effects), effects: o.effects }));
  }

  private runTimer(node: number, slot: NodeSlot, timer: string, actionIndex: number): SlotOutcome[] {
    const call = { kind: 'timer', state: slotState(slot) as S, timer } as const;
    return runHandler(this.info, node, call, actionIndex).map((o) => ({ slot: nextSlot(slot, o.state, o.effects, timer), effects: o.effects }));
  }

  /** The remembered outcomes for `slot` (whose fingerprint is in fpHi/fpLo), if any. */
  private find(bucket: Bucket, slot: NodeSlot): readonly SlotOutcome[] | undefined {
    const hi = fpHi;
    for (let e = bucket.get(fpLo); e !== undefined; e = e.next) {
      if (e.slot === slot || (e.hi === hi && indistinguishable(e.slot, slot))) {
        // An outcome that kept the slot it ran on keeps this one: "unchanged" is by identity.
        return e.keeps ? e.outcomes.map((o) => (o.slot === e.slot ? { slot, effects: o.effects } : o)) : e.outcomes;
      }
    }
    return undefined;
  }

  private remember(bucket: Bucket, slot: NodeSlot, made: SlotOutcome[]): SlotOutcome[] {
    if (this.size >= this.capacity) this.clear();
    // The slots it ran on and hands out recur in many system states: shared (stored by number,
    // so the frontier gives these very objects back and later lookups hit by identity), and a
    // slot that one it shares already cannot be told from becomes that one (two runs can lead
    // to the same slot). The slot it ran on may be a copy: of a state another worker packed.
    const outcomes = made.map((o) => (o.slot === slot ? o : { slot: share(o.slot), effects: o.effects }));
    shareValue(slot);
    hashSlot(slot);
    bucket.set(fpLo, { hi: fpHi, slot, outcomes, keeps: outcomes.some((o) => o.slot === slot), next: bucket.get(fpLo) });
    this.size++;
    return outcomes;
  }

  private clear(): void {
    for (const m of this.messages) m.clear();
    for (const m of this.timers) m.clear();
    this.size = 0;
  }
}

/** Puts the fingerprint of a slot in fpHi/fpLo (cached on it); false if its state is no state value. */
function hashSlot(slot: NodeSlot): boolean {
  if (readCachedFingerprint(slot)) return true;
  try {
    fingerprintInto(slot);
    return true;
  } catch {
    // Not a state value: the handler's run reports it.
    return false;
  }
}
