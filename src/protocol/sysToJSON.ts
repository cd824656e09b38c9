import { toPlain } from '../render/toPlain.ts';
import { readDecisions } from './decisions.ts';
import { parseEnvelope } from './network.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { decidedAt, stateAt, timersAt, type SysState } from './SysState.ts';
import { timerNames } from './timerSets.ts';

const plain = toPlain;

/**
 * A protocol state as plain JSON for reports: node states by name, the messages in flight (one
 * entry per copy), armed timers, decisions, crashed nodes, the partition and the faults used.
 * Empty parts are left out so diffs stay short.
 */
export function sysToJSON<S, M>(
  info: ProtocolInfo<S, M>,
  sys: SysState,
  observed?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const names = info.names;
  const out: Record<string, unknown> = {};
  out.nodes = Object.fromEntries(names.map((n, i) => [n, plain(stateAt(sys, i))]));
  out.network = info.network.envelopes(sys.net).map((e) => ({
    from: names[e.from],
    to: names[e.to],
    message: info.messages.get(e.msgKey),
  }));
  const timers = names.flatMap((n, i) => {
    const t = timerNames(timersAt(sys, i));
    return t.length > 0 ? [[n, t.slice()]] : [];
  });
  if (timers.length > 0) out.timers = Object.fromEntries(timers);
  const decisions = names.flatMap((n, i) => {
    const d = decidedAt(sys, i);
    return d ? [[n, readDecisions(d).slice()]] : [];
  });
  if (decisions.length > 0) out.decisions = Object.fromEntries(decisions);
  const rest = sys.rest;
  const crashed = names.filter((_, i) => ((rest.down >>> i) & 1) === 1);
  if (crashed.length > 0) out.crashed = crashed;
  if (rest.cut !== 0) {
    out.partition = [names.filter((_, i) => ((rest.cut >>> i) & 1) === 0), names.filter((_, i) => ((rest.cut >>> i) & 1) === 1)];
  }
  const faults: Record<string, number> = {};
  for (const b of [info.drop, info.duplicate, info.crash, info.recover, info.partition]) {
    if (b.counted && rest.get(b.counter) > 0) faults[b.counter] = rest.get(b.counter);
  }
  if (Object.keys(faults).length > 0) out.faults = faults;
  if (rest.byz !== 0) out.byzantine = names.filter((_, i) => ((rest.byz >>> i) & 1) === 1);
  if (sys.owed.size > 0) {
    out.undecided = sys.owed.toArray().map((k) => {
      const e = parseEnvelope(k);
      return { from: names[e.from], to: names[e.to], message: info.messages.get(e.msgKey) };
    });
  }
  if (info.network.order === 'synchronous') out.round = rest.round;
  if (observed) out.observed = observed;
  return out;
}
