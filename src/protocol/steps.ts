import { applyEffects, applySlot } from './applyEffects.ts';
import { adversarySteps, learn } from './byzantine.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { roundSteps } from './round.ts';
import { NO_EFFECTS, runHandler } from './runHandler.ts';
import type { FaultCounter, SysRest } from './SysRest.ts';
import { KEEP, netOf, owedOf, restOf, slotsOf, slotState, slotTimers, withFields, withSlot, type SysState } from './SysState.ts';
import { timerNames, withTimer } from './timerSets.ts';

/** The contract's action kinds for protocol models. */
export type StepKind = 'deliver' | 'drop' | 'duplicate' | 'timeout' | 'crash' | 'recover' | 'partition' | 'heal' | 'byzantine' | 'round';

/** One enabled step of a protocol, with the state it leads to (computed as it is listed). */
export interface Step {
  readonly kind: StepKind;
  /** The node that acts (receives, fires a timer, crashes, recovers). */
  readonly node?: number;
  readonly from?: number;
  readonly to?: number;
  readonly msgKey?: string;
  readonly timer?: string;
  /** For partitions: bit i set = node i is on the far side from node 0. */
  readonly cut?: number;
  /** Choices made by the handler, in words. */
  readonly chosen: readonly string[];
  /** Sends lost to a full link, in words. */
  readonly lost: readonly string[];
  /** Byzantine steps: what an honest sender would have sent, and what the traitor did. */
  readonly truthKey?: string;
  readonly verdict?: 'truth' | 'lie' | 'withhold';
  /** Round steps: which round, and how many messages arrived. */
  readonly round?: number;
  readonly delivered?: number;
  readonly next: SysState;
}

const NONE: readonly string[] = [];

function blocked(cut: number, from: number, to: number): boolean {
  return cut !== 0 && ((cut >>> from) & 1) !== ((cut >>> to) & 1);
}

function spend(rest: SysRest, counted: boolean, counter: FaultCounter): SysRest {
  return counted ? rest.set(counter, rest.get(counter) + 1) : rest;
}

/**
 * Every step enabled in `sys`, in a stable order: deliveries, timers, then faults (drops,
 * duplicates, crashes, recoveries, partitions, heal). Handlers run here, so each choice a
 * handler makes is its own step.
 */
export function enabledSteps<S, M>(info: ProtocolInfo<S, M>, sys: SysState, out: Step[]): void {
  // A traitor's pending message is decided before anything else happens.
  if (owedOf(sys).size > 0) {
    adversarySteps(info, sys, out);
    return;
  }
  // Each field of a Record is a lookup in Immutable's own List: read the ones used per step once.
  const rest = restOf(sys);
  const sysNet = netOf(sys);
  const sysSlots = slotsOf(sys);
  const cut = rest.cut;
  const byz = rest.byz;
  const inFlight = info.network.inFlight(sysNet);
  const down = rest.down;
  const synchronous = info.network.order === 'synchronous';
  if (synchronous && (sysNet.size > 0 || rest.round < info.rounds)) roundSteps(info, sys, out);

  for (const m of inFlight) {
    if (synchronous) break;
    if (!m.deliverable || ((down >>> m.to) & 1) === 1 || blocked(cut, m.from, m.to)) continue;
    const def = info.defs[m.to]!;
    const net = info.network.consumes ? info.network.remove(sysNet, m) : undefined;
    // A traitor learns the signatures in what it receives (its honest self still handles it).
    const here = ((byz >>> m.to) & 1) === 1 ? learn(info, sys, m.msgKey) : sys;
    const slot = sysSlots.get(m.to)!;
    // A node without onMessage takes every message as a handler that changes nothing would.
    const outcomes = def.onMessage ? info.memo.message(m.to, slot, m.msgKey, m.from, out.length) : [{ slot, effects: NO_EFFECTS }];
    for (const o of outcomes) {
      // Most deliveries on a network that keeps its messages change nothing: nothing to apply.
      if (o.slot === slot && o.effects === NO_EFFECTS) {
        out.push({ kind: 'deliver', node: m.to, from: m.from, to: m.to, msgKey: m.msgKey, chosen: NONE, lost: NONE, next: net ? withFields(here, undefined, net, undefined, undefined) : here });
        continue;
      }
      const lost: string[] | undefined = info.capacity === Infinity ? undefined : [];
      const next = applySlot(info, here, m.to, o.slot, o.effects, lost, net);
      out.push({ kind: 'deliver', node: m.to, from: m.from, to: m.to, msgKey: m.msgKey, chosen: o.effects.chosen ?? NONE, lost: lost ?? NONE, next });
    }
  }

  for (let i = 0; i < info.names.length; i++) {
    if (((down >>> i) & 1) === 1) continue;
    const slot = sysSlots.get(i)!;
    const armed = slotTimers(slot);
    if (!armed) continue;
    const def = info.defs[i]!;
    for (const timer of timerNames(armed)) {
      if (!def.onTimer) {
        const next = withFields(sys, sysSlots.set(i, withSlot(slot, KEEP, withTimer(armed, timer, false), KEEP)), undefined, undefined, undefined);
        out.push({ kind: 'timeout', node: i, timer, chosen: NONE, lost: NONE, next });
        continue;
      }
      for (const o of info.memo.timer(i, slot, timer, out.length)) {
        const lost: string[] | undefined = info.capacity === Infinity ? undefined : [];
        const next = applySlot(info, sys, i, o.slot, o.effects, lost);
        out.push({ kind: 'timeout', node: i, timer, chosen: o.effects.chosen ?? NONE, lost: lost ?? NONE, next });
      }
    }
  }

  if (info.drop.enabled && rest.drops < info.drop.max) {
    const spent = spend(rest, info.drop.counted, 'drops');
    for (const m of inFlight) {
      const next = withFields(sys, undefined, info.network.remove(sysNet, m), undefined, spent);
      out.push({ kind: 'drop', from: m.from, to: m.to, msgKey: m.msgKey, chosen: NONE, lost: NONE, next });
    }
  }

  if (info.duplicate.enabled && info.network.consumes && rest.duplicates < info.duplicate.max) {
    const spent = spend(rest, true, 'duplicates');
    for (const m of inFlight) {
      // A copy needs room on its link, like any other message.
      if (info.capacity !== Infinity && info.network.onLink(sysNet, m.from, m.to) >= info.capacity) continue;
      const next = withFields(sys, undefined, info.network.duplicate(sysNet, m), undefined, spent);
      out.push({ kind: 'duplicate', from: m.from, to: m.to, msgKey: m.msgKey, chosen: NONE, lost: NONE, next });
    }
  }

  if (info.crash.enabled && rest.crashes < info.crash.max) {
    const spent = spend(rest, true, 'crashes');
    for (let i = 0; i < info.names.length; i++) {
      if (((down >>> i) & 1) === 1 || ((info.crashable >>> i) & 1) === 0) continue;
      const def = info.defs[i]!;
      const slot = sysSlots.get(i)!;
      const kept = def.durable ? def.durable(slotState(slot) as S) : null;
      // A crashed node keeps its durable state (or nothing) and its decisions; its timers are gone.
      const next = withFields(sys, sysSlots.set(i, withSlot(slot, kept, undefined, KEEP)), undefined, undefined, spent.set('down', down | (1 << i)));
      out.push({ kind: 'crash', node: i, chosen: NONE, lost: NONE, next });
    }
  }

  if (info.recover.enabled && down !== 0 && rest.recoveries < info.recover.max) {
    const spent = spend(rest, info.recover.counted, 'recoveries');
    for (let i = 0; i < info.names.length; i++) {
      if (((down >>> i) & 1) === 0) continue;
      const kept = slotState(sysSlots.get(i)!) as S | null;
      const base = withFields(sys, undefined, undefined, undefined, spent.set('down', down & ~(1 << i)));
      for (const o of runHandler(info, i, { kind: 'recover', kept }, out.length)) {
        const lost: string[] | undefined = info.capacity === Infinity ? undefined : [];
        const next = applyEffects(info, base, i, o.state, o.effects, lost);
        out.push({ kind: 'recover', node: i, chosen: o.effects.chosen ?? NONE, lost: lost ?? NONE, next });
      }
    }
  }

  if (info.partition.enabled && cut === 0 && rest.partitions < info.partition.max) {
    const n = info.names.length;
    const spent = spend(rest, true, 'partitions');
    // Node 0 stays on the near side, so each split of the nodes into two sides is listed once.
    for (let split = 2; split < 1 << n; split += 2) {
      out.push({ kind: 'partition', cut: split, chosen: NONE, lost: NONE, next: sys.set('rest', spent.set('cut', split)) });
    }
  }
  if (cut !== 0) out.push({ kind: 'heal', chosen: NONE, lost: NONE, next: sys.set('rest', rest.set('cut', 0)) });
}
