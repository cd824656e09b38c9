import { List, Set } from 'immutable';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { SysState } from './SysState.ts';
import type { Effects } from './runHandler.ts';

/**
 * Puts a handler's result into the system: the node's new state, its timers, decisions and
 * sends. A send to a full link is lost; `lost` says which, for the trace.
 */
export function applyEffects<S, M>(
  info: ProtocolInfo<S, M>,
  sys: SysState,
  node: number,
  state: S,
  effects: Effects,
  lost?: string[],
): SysState {
  let next = sys.nodes.get(node) === state ? sys : sys.set('nodes', sys.nodes.set(node, state));
  if (effects.timers) {
    let armed = next.timers.get(node) ?? Set<string>();
    for (const [name, on] of effects.timers) armed = on ? armed.add(name) : armed.remove(name);
    next = next.set('timers', next.timers.set(node, armed));
  }
  if (effects.decisions) {
    next = next.set('decided', next.decided.set(node, (next.decided.get(node) ?? List()).push(...effects.decisions)));
  }
  if (effects.sends) {
    let net = next.net;
    for (const [to, msgKey] of effects.sends) {
      if (info.capacity !== Infinity && info.network.onLink(net, node, to) >= info.capacity) {
        lost?.push(`${info.describeMessage(info.messages.get(msgKey))} to ${info.names[to]} is lost: the link is full (capacity ${info.capacity})`);
        continue;
      }
      net = info.network.add(net, { from: node, to, msgKey });
    }
    next = next.set('net', net);
  }
  return next;
}
