import { List, Set } from 'immutable';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { envelopeKey, type Net } from './network.ts';
import type { SysState } from './SysState.ts';
import type { Effects } from './runHandler.ts';

/**
 * Puts a handler's result into the system: the node's new state, its timers, decisions and
 * sends, on top of `net` and `timers` (the network and timers the step began with, after it took
 * its message or timer). A send to a full link is lost; `lost` says which, for the trace. The
 * new system state is made in one copy, however many of its fields change.
 */
export function applyEffects<S, M>(
  info: ProtocolInfo<S, M>,
  sys: SysState,
  node: number,
  state: S,
  effects: Effects,
  lost?: string[],
  net: Net = sys.net,
  timers: List<Set<string>> = sys.timers,
): SysState {
  // Each field of a Record is a lookup in Immutable's own List: read each once.
  const sysNodes = sys.nodes;
  const sysTimers = sys.timers;
  const sysDecided = sys.decided;
  const sysNet = sys.net;
  const sysOwed = sys.owed;
  const nodes = sysNodes.get(node) === state ? sysNodes : sysNodes.set(node, state);
  if (effects.timers) {
    let armed = timers.get(node) ?? Set<string>();
    for (const [name, on] of effects.timers) armed = on ? armed.add(name) : armed.remove(name);
    timers = timers.set(node, armed);
  }
  const decided = effects.decisions ? sysDecided.set(node, (sysDecided.get(node) ?? List()).push(...effects.decisions)) : sysDecided;
  let owed = sysOwed;
  if (effects.sends && ((sys.byz >>> node) & 1) === 1) {
    // A traitor's honest self would send these: the adversary decides about each (steps.ts).
    for (const [to, msgKey] of effects.sends) owed = owed.push(envelopeKey({ from: node, to, msgKey }));
  } else if (effects.sends) {
    for (const [to, msgKey] of effects.sends) {
      if (info.capacity !== Infinity && info.network.onLink(net, node, to) >= info.capacity) {
        lost?.push(`${info.describeMessage(info.messages.get(msgKey))} to ${info.names[to]} is lost: the link is full (capacity ${info.capacity})`);
        continue;
      }
      net = info.network.add(net, { from: node, to, msgKey });
    }
  }
  const changed =
    (nodes !== sysNodes ? 1 : 0) + (timers !== sysTimers ? 1 : 0) + (decided !== sysDecided ? 1 : 0) + (net !== sysNet ? 1 : 0) + (owed !== sysOwed ? 1 : 0);
  if (changed === 0) return sys;
  if (changed === 1) {
    if (nodes !== sysNodes) return sys.set('nodes', nodes);
    if (timers !== sysTimers) return sys.set('timers', timers);
    if (net !== sysNet) return sys.set('net', net);
    if (owed !== sysOwed) return sys.set('owed', owed);
    return sys.set('decided', decided);
  }
  return sys.withMutations((m) => {
    m.set('nodes', nodes).set('timers', timers).set('decided', decided).set('net', net).set('owed', owed);
  });
}
