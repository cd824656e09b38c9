import type { List } from 'immutable';
import { appendDecisions, NO_DECISIONS } from './decisions.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { envelopeKey, type Net } from './network.ts';
import { nodesOf, timersOf, netOf, decidedOf, owedOf, restOf, withFields, type SysState } from './SysState.ts';
import type { Effects } from './runHandler.ts';
import { withTimer } from './timerSets.ts';

/**
 * Puts a handler's result into the system: the node's new state, its timers, decisions and
 * sends, on top of `net` when given (the network the step began with, after it took its
 * message; else the system's own); `fired` is the timer whose firing ran the handler (disarmed). A send to a full link is lost;
 * `lost` says which, for the trace. The new system state is made in one copy, however many of
 * its fields change.
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
  // Each field read of a Record is a lookup in Immutable's own List, and most handler runs
  // change only a field or two: read only what the effects touch.
  const sysNodes = nodesOf(sys);
  const nodes = sysNodes.get(node) === state ? undefined : sysNodes.set(node, state);
  let timers: SysState['timers'] | undefined;
  if (effects.timers || fired !== undefined) {
    const sysTimers = timersOf(sys);
    const before = sysTimers.get(node);
    let armed = fired === undefined ? before : withTimer(before, fired, false);
    if (effects.timers) for (const [name, on] of effects.timers) armed = withTimer(armed, name, on);
    if (armed !== before) timers = sysTimers.set(node, armed);
  }
  let decided: List<string> | undefined;
  if (effects.decisions) {
    const sysDecided = decidedOf(sys);
    decided = sysDecided.set(node, appendDecisions(sysDecided.get(node) ?? NO_DECISIONS, effects.decisions));
  }
  let owed: List<string> | undefined;
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
  return withFields(sys, nodes, timers, decided, net, owed, undefined);
}
