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
  const nodes = sys.nodes.get(node) === state ? sys.nodes : sys.nodes.set(node, state);
  if (effects.timers) {
    let armed = timers.get(node) ?? Set<string>();
    for (const [name, on] of effects.timers) armed = on ? armed.add(name) : armed.remove(name);
    timers = timers.set(node, armed);
  }
  const decided = effects.decisions
    ? sys.decided.set(node, (sys.decided.get(node) ?? List()).push(...effects.decisions))
    : sys.decided;
  let owed = sys.owed;
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
    (nodes !== sys.nodes ? 1 : 0) + (timers !== sys.timers ? 1 : 0) + (decided !== sys.decided ? 1 : 0) + (net !== sys.net ? 1 : 0) + (owed !== sys.owed ? 1 : 0);
  if (changed === 0) return sys;
  if (changed === 1) {
    if (nodes !== sys.nodes) return sys.set('nodes', nodes);
    if (timers !== sys.timers) return sys.set('timers', timers);
    if (net !== sys.net) return sys.set('net', net);
    if (owed !== sys.owed) return sys.set('owed', owed);
    return sys.set('decided', decided);
  }
  return sys.withMutations((m) => {
    m.set('nodes', nodes).set('timers', timers).set('decided', decided).set('net', net).set('owed', owed);
  });
}
