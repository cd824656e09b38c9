import { is } from 'immutable';
import { fingerprintInto, fingerprintsTrusted, fpHi, fpLo, readCachedFingerprint } from '../checker/fingerprint.ts';
import { shareValue } from '../checker/sharedValues.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { runHandler, type HandlerOutcome } from './runHandler.ts';

/** One handler run remembered: the node state it ran on and what it returned. */
interface Entry<S> {
  readonly hi: number;
  readonly state: S;
  readonly outcomes: readonly HandlerOutcome<S>[];
  /** Some outcome returned `state` itself (nothing changed): such outcomes are re-aimed at the caller's state. */
  readonly keeps: boolean;
  next: Entry<S> | undefined;
}

type Bucket<S> = Map<number, Entry<S>>;

/**
 * At most this many runs are remembered; then the memo starts again (a search moves on through
 * node states level by level, so what it remembered last is what it needs next).
 */
const CAPACITY = 1 << 18;

/**
 * Handler runs remembered by (node, message and sender or timer, node state). A node's state
 * space is tiny next to the system's: in TwoPhase with 7 RMs, 296,448 system states are made of
 * a few dozen RM and TM states, and each handler run recurs at thousands of system states.
 * Handlers are pure (the README's rule, which replay enforces), so a run's outcomes are a
 * function of its inputs and may be reused, objects and all: the returned node states keep
 * their fingerprints and are shared by every system state that holds them.
 *
 * A remembered run is reused only for a node state equal to the one it ran on (`sameValue`,
 * exact), not merely of equal fingerprint, so the memo never changes what the search finds,
 * `--exact` included.
 */
export class HandlerMemo<S, M> {
  /** Per node: message key → per sender → bucket. */
  private readonly messages: Map<string, (Bucket<S> | undefined)[]>[];
  /** Per node: timer name → bucket. */
  private readonly timers: Map<string, Bucket<S>>[];
  private size = 0;

  constructor(
    private readonly info: ProtocolInfo<S, M>,
    private readonly capacity = CAPACITY,
  ) {
    this.messages = info.names.map(() => new Map());
    this.timers = info.names.map(() => new Map());
  }

  /** The outcomes of node `node` handling message `msgKey` from node `from` in `state`. */
  message(node: number, state: S, msgKey: string, from: number, actionIndex: number): readonly HandlerOutcome<S>[] {
    if (!hashState(state)) return this.runMessage(node, state, msgKey, from, actionIndex);
    const byKey = this.messages[node]!;
    let bySender = byKey.get(msgKey);
    if (bySender === undefined) byKey.set(msgKey, (bySender = []));
    const bucket = (bySender[from] ??= new Map());
    return this.find(bucket, state) ?? this.remember(bucket, state, this.runMessage(node, state, msgKey, from, actionIndex));
  }

  /** The outcomes of timer `timer` of node `node` firing in `state`. */
  timer(node: number, state: S, timer: string, actionIndex: number): readonly HandlerOutcome<S>[] {
    const call = { kind: 'timer', state, timer } as const;
    if (!hashState(state)) return runHandler(this.info, node, call, actionIndex);
    const byName = this.timers[node]!;
    let bucket = byName.get(timer);
    if (bucket === undefined) byName.set(timer, (bucket = new Map()));
    return this.find(bucket, state) ?? this.remember(bucket, state, runHandler(this.info, node, call, actionIndex));
  }

  private runMessage(node: number, state: S, msgKey: string, from: number, actionIndex: number): HandlerOutcome<S>[] {
    const msg = this.info.messages.get(msgKey);
    return runHandler(this.info, node, { kind: 'message', state, msg, from: this.info.names[from]! }, actionIndex);
  }

  /** The remembered outcomes for `state` (whose fingerprint is in fpHi/fpLo), if any. */
  private find(bucket: Bucket<S>, state: S): readonly HandlerOutcome<S>[] | undefined {
    const hi = fpHi;
    for (let e = bucket.get(fpLo); e !== undefined; e = e.next) {
      if (e.hi === hi && (fingerprintsTrusted || sameValue(e.state, state))) {
        // An outcome that kept the state it ran on keeps this one: "unchanged" is by identity.
        return e.keeps ? e.outcomes.map((o) => (o.state === e.state ? { state, effects: o.effects } : o)) : e.outcomes;
      }
    }
    return undefined;
  }

  private remember(bucket: Bucket<S>, state: S, outcomes: HandlerOutcome<S>[]): HandlerOutcome<S>[] {
    // (fpHi/fpLo are the state's again: runHandler hashed only the states it returned.)
    if (this.size >= this.capacity) this.clear();
    hashState(state);
    bucket.set(fpLo, { hi: fpHi, state, outcomes, keeps: outcomes.some((o) => o.state === state), next: bucket.get(fpLo) });
    this.size++;
    // The states it hands out recur in many system states: the frontier stores them by number.
    for (const o of outcomes) if (o.state !== state) shareValue(o.state);
    return outcomes;
  }

  private clear(): void {
    for (const m of this.messages) m.clear();
    for (const m of this.timers) m.clear();
    this.size = 0;
  }
}

/** Puts the fingerprint of a node state in fpHi/fpLo (cached on it when it is an object); false if it has none. */
function hashState(state: unknown): boolean {
  if (typeof state === 'object' && state !== null && readCachedFingerprint(state)) return true;
  try {
    fingerprintInto(state);
    return true;
  } catch {
    // Not a state value: the handler's run reports it.
    return false;
  }
}

/**
 * Whether two node states are the same value, for the handler's purposes: `Immutable.is`, but
 * Records only of the same type (a handler may tell types apart) and compared field by field
 * (Immutable compares Records through sequences it builds for the purpose, far slower).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return is(a, b);
  const proto = Object.getPrototypeOf(a) as { _keys?: readonly string[] } | null;
  const keys = proto?._keys;
  if (keys === undefined || !Array.isArray(keys)) return is(a, b);
  if (Object.getPrototypeOf(b) !== proto) return false;
  const ra = a as { get(k: string): unknown };
  const rb = b as { get(k: string): unknown };
  for (const k of keys) if (!sameValue(ra.get(k), rb.get(k))) return false;
  return true;
}
