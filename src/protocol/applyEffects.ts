import { appendDecisions } from './decisions.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { envelopeKey, type Net } from './network.ts';
import type { Effects } from './runHandler.ts';
import { KEEP, netOf, owedOf, restOf, slotDecided, slotsOf, slotTimers, withFields, withSlot, type NodeSlot, type SysState } from './SysState.ts';
import { withTimer, type TimerSet } from './timerSets.ts';

/**
 * A node's slot after one of its handlers ran: its new state, its timers (less `fired`, the timer
 * whose firing ran the handler) and its decisions. The slot itself when nothing changed.
 */
export function nextSlot(slot: NodeSlot, state: unknown, effects: Effects, fired?: string): NodeSlot {
  let timers: TimerSet | typeof KEEP = KEEP;
  if (effects.timers || fired !== undefined) {
    let armed = slotTimers(slot);
    if (fired !== undefined) armed = withTimer(armed, fired, false);
    if (effects.timers) for (const [name, on] of effects.timers) armed = withTimer(armed, name, on);
    timers = armed;
  }
  const decided = effects.decisions ? appendDecisions(slotDecided(slot), effects.decisions) : KEEP;
  return withSlot(slot, state, timers, decided);
}

/**
 * Puts a handler's result into the system: the node's new state, its timers, decisions and
 * sends, on top of `net` when given (the network the step began with, after it took its
 * message; else the system's own); `fired` is the timer whose firing ran the handler (disarmed).
 * A send to a full link is lost; `lost` says which, for the trace.
 */
export function applyEffects<S, M>(
  info: ProtocolInfo<S, M>,
  sys: SysState,
  node: number,
  state: S,
  effects: Effects,
  lost?: string[],
  net?: Net,
  fired?: string,
): SysState {
  return applySlot(info, sys, node, nextSlot(slotsOf(sys).get(node)!, state, effects, fired), effects, lost, net);
}

/**
 * `applyEffects` with the node's new slot already made (the handler memo makes it once per
 * handler run): the slot, then the sends. The new system state is made in one copy.
 */
export function applySlot<S, M>(info: ProtocolInfo<S, M>, sys: SysState, node: number, slot: NodeSlot, effects: Effects, lost?: string[], net?: Net): SysState {
  const sysSlots = slotsOf(sys);
  const slots = sysSlots.get(node) === slot ? undefined : sysSlots.set(node, slot);
  let owed: SysState['owed'] | undefined;
  if (effects.sends && info.byzantine && ((restOf(sys).byz >>> node) & 1) === 1) {
    // A traitor's honest self would send these: the adversary decides about each (steps.ts).
    owed = owedOf(sys);
    for (const [to, msgKey] of effects.sends) owed = owed.push(envelopeKey({ from: node, to, msgKey }));
  } else if (effects.sends) {
    net ??= netOf(sys);
    for (const [to, msgKey] of effects.sends) {
      if (info.capacity !== Infinity && info.network.onLink(net, node, to) >= info.capacity) {
        lost?.push(`${info.describeMessage(info.messages.get(msgKey))} to ${info.names[to]} is lost: the link is full (capacity ${info.capacity})`);
        continue;
      }
      net = info.network.add(net, { from: node, to, msgKey });
    }
  }
  return withFields(sys, slots, net, owed, undefined);
}
