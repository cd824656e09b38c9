import { List } from 'immutable';
import { canonicalJson } from './messages.ts';
import { parseEnvelope } from './network.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { Step } from './steps.ts';
import type { SysState } from './SysState.ts';
import type { Json } from './types.ts';

const NONE: readonly string[] = [];

/** A signature as a string (`signer|content`), the unit of what traitors know. */
function atom(signer: string, content: Json): string {
  return `${signer}|${canonicalJson(content, 'a signature')}`;
}

/** What traitors learn from receiving message `msgKey`: the signatures it carries. */
export function learn<S, M>(info: ProtocolInfo<S, M>, sys: SysState, msgKey: string): SysState {
  const sign = info.byzantine?.signatures;
  if (!sign) return sys;
  const rest = sys.rest;
  let knows = rest.knows;
  for (const sig of sign(info.messages.get(msgKey))) knows = knows.add(atom(sig.signer, sig.content));
  return knows === rest.knows ? sys : sys.set('rest', rest.set('knows', knows));
}

/** Whether traitors may send `msg`: every loyal signature in it is one they have seen. */
function unforged<S, M>(info: ProtocolInfo<S, M>, sys: SysState, msg: M): boolean {
  const sign = info.byzantine?.signatures;
  if (!sign) return true;
  for (const sig of sign(msg)) {
    const signer = info.index.get(sig.signer);
    if (signer === undefined || ((sys.rest.byz >>> signer) & 1) === 1) continue;
    if (!sys.rest.knows.has(atom(sig.signer, sig.content))) return false;
  }
  return true;
}

function isRecord(x: unknown): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const TAGS = new Set(['type', 'kind', 'tag']);

/**
 * The default lies instead of `msg`: the message with one field changed to another value of that
 * field, from the declared `values` or else from the messages in flight and pending of the same
 * type (values in play, read from the state, so the choice is a function of the state).
 */
function defaultVariants<S, M>(info: ProtocolInfo<S, M>, sys: SysState, msg: M): M[] {
  if (!isRecord(msg)) return [];
  const declared = info.byzantine!.values;
  const sameType = (other: unknown): other is Record<string, Json> =>
    isRecord(other) && [...TAGS].every((t) => other[t] === msg[t]);
  let inPlay: Record<string, Json>[] | undefined;
  const out: M[] = [];
  for (const field of Object.keys(msg)) {
    if (TAGS.has(field)) continue;
    const current = msg[field]!;
    if (current !== null && typeof current === 'object') continue;
    let candidates = declared[field];
    if (!candidates) {
      inPlay ??= [...info.network.envelopes(sys.net).map((e) => e.msgKey), ...sys.owed.toArray().map((k) => parseEnvelope(k).msgKey)]
        .map((k) => info.messages.get(k))
        .filter(sameType) as Record<string, Json>[];
      candidates = [...new Set(inPlay.map((m) => m[field]).filter((v): v is Json => v !== undefined && (v === null || typeof v !== 'object')))].sort(
        (a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1),
      );
    }
    for (const value of candidates) if (value !== current) out.push({ ...msg, [field]: value } as M);
  }
  return out;
}

/** `lies` (empty until the first lie, see SysRest) with one more lie by `node`. */
function tellLie(lies: List<number>, node: number, n: number): List<number> {
  const all = lies.size === 0 ? List(Array.from({ length: n }, () => 0)) : lies;
  return all.set(node, all.get(node)! + 1);
}

/**
 * The adversary's decisions about the next message a traitor's honest self would send (the
 * first in send order, so each set of decisions is reached one way and a FIFO link keeps the
 * order): the truth, each lie, or silence. While any such message waits, nothing else happens: a
 * traitor decides what to send as soon as it would send something, with all it knows by then.
 */
export function adversarySteps<S, M>(info: ProtocolInfo<S, M>, sys: SysState, out: Step[]): void {
  const byz = info.byzantine!;
  const rest = sys.rest;
  const e = parseEnvelope(sys.owed.first()!);
  const base = sys.set('owed', sys.owed.shift());
  const truth = info.messages.get(e.msgKey);
  if (info.capacity !== Infinity && info.network.onLink(sys.net, e.from, e.to) >= info.capacity) {
    // A full link loses whatever the traitor sends on it: one step, whatever it decides.
    out.push({
      kind: 'byzantine',
      node: e.from,
      from: e.from,
      to: e.to,
      truthKey: e.msgKey,
      verdict: 'withhold',
      chosen: NONE,
      lost: [`${info.describeMessage(truth)} to ${info.names[e.to]} is lost: the link is full (capacity ${info.capacity})`],
      next: base,
    });
    return;
  }
  const send = (msgKey: string, s: SysState): SysState => s.set('net', info.network.add(s.net, { from: e.from, to: e.to, msgKey }));
  const step = (verdict: 'truth' | 'lie' | 'withhold', msgKey: string | undefined, next: SysState): Step => ({
    kind: 'byzantine',
    node: e.from,
    from: e.from,
    to: e.to,
    ...(msgKey !== undefined ? { msgKey } : {}),
    truthKey: e.msgKey,
    verdict,
    chosen: NONE,
    lost: NONE,
    next,
  });
  out.push(step('truth', e.msgKey, send(e.msgKey, base)));
  const told = rest.lies.get(e.from) ?? 0;
  if (told < byz.lies) {
    const to = info.names[e.to]!;
    const lies = byz.variants ? byz.variants(truth, to) : defaultVariants(info, sys, truth);
    const seen = new Set([e.msgKey]);
    for (const lie of lies) {
      const key = info.messages.intern(lie, `a lie of ${info.names[e.from]}`);
      if (seen.has(key) || !unforged(info, sys, lie)) continue;
      seen.add(key);
      let next = send(key, base);
      if (byz.lies !== Infinity) next = next.set('rest', next.rest.set('lies', tellLie(next.rest.lies, e.from, info.names.length)));
      out.push(step('lie', key, next));
    }
  }
  if (byz.silence) out.push(step('withhold', undefined, base));
}
