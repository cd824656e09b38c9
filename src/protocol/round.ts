import { Map as IMap } from 'immutable';
import { applyEffects } from './applyEffects.ts';
import { learn } from './byzantine.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { runHandler } from './runHandler.ts';
import type { Step } from './steps.ts';
import { stateAt, type SysState } from './SysState.ts';

const NONE: readonly string[] = [];

function blocked(cut: number, from: number, to: number): boolean {
  return cut !== 0 && ((cut >>> from) & 1) !== ((cut >>> to) & 1);
}

/**
 * One round of a synchronous network: every message in flight arrives (each recipient in node
 * order, its messages in key order), then every running node's `onRound` runs; what they send
 * travels in the next round. A message to a crashed node, or across a partition, is lost. The
 * handlers' choices multiply: each combination is a step of its own.
 */
export function roundSteps<S, M>(info: ProtocolInfo<S, M>, sys: SysState, out: Step[]): void {
  const rest = sys.rest;
  const round = rest.round + 1;
  const envelopes = info.network
    .envelopes(sys.net)
    .slice()
    .sort((a, b) => a.to - b.to || (a.msgKey < b.msgKey ? -1 : a.msgKey > b.msgKey ? 1 : a.from - b.from));
  let partials: { sys: SysState; chosen: string[] }[] = [{ sys: sys.merge({ net: IMap(), rest: rest.set('round', round) }), chosen: [] }];
  let delivered = 0;
  for (const e of envelopes) {
    if (((rest.down >>> e.to) & 1) === 1 || blocked(rest.cut, e.from, e.to)) continue;
    delivered++;
    const def = info.defs[e.to]!;
    const msg = info.messages.get(e.msgKey);
    const from = info.names[e.from]!;
    partials = partials.flatMap((p) => {
      const here = ((rest.byz >>> e.to) & 1) === 1 ? learn(info, p.sys, e.msgKey) : p.sys;
      if (!def.onMessage) return [{ sys: here, chosen: p.chosen }];
      const state = stateAt(here, e.to) as S;
      return runHandler(info, e.to, { kind: 'message', state, msg, from }, out.length).map((o) => ({
        sys: applyEffects(info, here, e.to, o.state, o.effects),
        chosen: o.effects.chosen ? [...p.chosen, ...o.effects.chosen] : p.chosen,
      }));
    });
  }
  for (let i = 0; i < info.names.length; i++) {
    const def = info.defs[i]!;
    if (!def.onRound || ((rest.down >>> i) & 1) === 1) continue;
    partials = partials.flatMap((p) =>
      runHandler(info, i, { kind: 'round', state: stateAt(p.sys, i) as S, round }, out.length).map((o) => ({
        sys: applyEffects(info, p.sys, i, o.state, o.effects),
        chosen: o.effects.chosen ? [...p.chosen, ...o.effects.chosen] : p.chosen,
      })),
    );
  }
  for (const p of partials) out.push({ kind: 'round', round, delivered, chosen: p.chosen.length ? p.chosen : NONE, lost: NONE, next: p.sys });
}
