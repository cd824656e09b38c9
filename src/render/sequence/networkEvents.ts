/**
 * Message arrows from the network field of protocol states. A send is not a step of its own: a
 * message appears in the network after the step whose handler sent it, and leaves it at the
 * step that delivers or loses it. Diffing the network between consecutive steps (as multisets)
 * and matching each departure to a copy in flight with the same sender, recipient and message
 * (the oldest first) gives every arrow its send and its end.
 */
import type { ActionInfo } from '../../model/Model.ts';
import { describeJson } from '../shortJson.ts';
import type { Arrow } from './sequenceView.ts';

interface Envelope {
  readonly from: string;
  readonly to: string;
  readonly message: unknown;
}

/** JSON with object keys sorted: equal messages give equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

function keyOf(e: Envelope): string {
  return `${e.from}\u0000${e.to}\u0000${canonical(e.message)}`;
}

function field(state: unknown, name: string): unknown {
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[name] : undefined;
}

function envelopes(state: unknown): Envelope[] {
  const net = field(state, 'network');
  if (!Array.isArray(net)) return [];
  return net.filter((e): e is Envelope => typeof e === 'object' && e !== null && typeof e.from === 'string' && typeof e.to === 'string');
}

/** `before` and `after` as multisets: what left the network and what came into it. */
function networkDiff(before: Envelope[], after: Envelope[]): { removed: Envelope[]; added: Envelope[] } {
  const count = new Map<string, number>();
  for (const e of before) count.set(keyOf(e), (count.get(keyOf(e)) ?? 0) + 1);
  const added: Envelope[] = [];
  for (const e of after) {
    const n = count.get(keyOf(e)) ?? 0;
    if (n > 0) count.set(keyOf(e), n - 1);
    else added.push(e);
  }
  const removed: Envelope[] = [];
  for (const e of before) {
    const n = count.get(keyOf(e)) ?? 0;
    if (n > 0) {
      removed.push(e);
      count.set(keyOf(e), n - 1);
    }
  }
  return { removed, added };
}

function take(list: Envelope[], key: string): boolean {
  const i = list.findIndex((e) => keyOf(e) === key);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/** Whether a synchronous round loses a message: its recipient is down or across the partition. */
function lostInRound(state: unknown, e: Envelope): boolean {
  const crashed = field(state, 'crashed');
  if (Array.isArray(crashed) && crashed.includes(e.to)) return true;
  const partition = field(state, 'partition');
  if (!Array.isArray(partition)) return false;
  const side = (n: string): number => partition.findIndex((s) => Array.isArray(s) && s.includes(n));
  return side(e.from) !== side(e.to);
}

/** An arrow being built: `source` is the arrow it copies, `residual` a copy kept in flight after a delivery. */
type Own = Omit<Arrow, 'copyOf'>;
type Draft = { -readonly [K in keyof Own]: Own[K] } & { key: string; source?: Draft; residual?: boolean };

/** Every copy of every message in the trace, as an arrow from its send to its end. */
export function networkEvents(steps: readonly { readonly action: ActionInfo; readonly state: unknown }[]): Arrow[] {
  const drafts: Draft[] = [];
  const open = (e: Envelope, sentAt: number, extra: Partial<Draft> = {}): Draft => {
    const d: Draft = {
      id: '',
      key: keyOf(e),
      from: e.from,
      to: e.to,
      message: e.message,
      label: describeJson(e.message),
      detail: JSON.stringify(e.message),
      sentAt,
      end: 'in-flight',
      ...extra,
    };
    drafts.push(d);
    return d;
  };
  // The copy in flight a departure takes: the oldest send first (FIFO links deliver it first).
  const pending = (key: string): Draft | undefined => {
    let best: Draft | undefined;
    for (const d of drafts) if (d.end === 'in-flight' && d.key === key && (!best || d.sentAt < best.sentAt)) best = d;
    return best;
  };
  const finish = (e: Envelope, at: number, end: Arrow['end']): void => {
    const d = pending(keyOf(e)) ?? open(e, at);
    d.end = end;
    d.endAt = at;
    d.residual = false;
  };

  for (const e of envelopes(steps[0]?.state)) open(e, 0);
  for (let i = 1; i < steps.length; i++) {
    const { action, state } = steps[i]!;
    const before = steps[i - 1]!.state;
    const { removed, added } = networkDiff(envelopes(before), envelopes(state));
    const own: Envelope | undefined =
      action.from !== undefined && action.to !== undefined && 'message' in action ? { from: action.from, to: action.to, message: action.message } : undefined;
    switch (action.kind) {
      case 'deliver':
      case 'drop': {
        if (!own) break;
        const end = action.kind === 'deliver' ? 'delivered' : 'dropped';
        if (take(removed, keyOf(own))) {
          finish(own, i, end);
          break;
        }
        // A network that keeps messages in flight (duplicating): this delivery is one of many.
        const kept = pending(keyOf(own));
        if (!kept) {
          finish(own, i, end);
          break;
        }
        open(own, kept.sentAt, { source: kept.source ?? kept, residual: true });
        kept.end = end;
        kept.endAt = i;
        kept.residual = false;
        break;
      }
      case 'duplicate': {
        if (!own || !take(added, keyOf(own))) break;
        const original = pending(keyOf(own));
        open(own, original?.sentAt ?? i, { ...(original ? { source: original.source ?? original } : {}), duplicatedAt: i });
        break;
      }
      case 'round':
        for (const e of removed.splice(0)) finish(e, i, lostInRound(before, e) ? 'lost' : 'delivered');
        break;
      case 'byzantine':
        for (const e of added.splice(0)) {
          open(e, i, {
            byzantine: true,
            lie: action.lie === true,
            ...(action.lie && action.truth !== undefined ? { truth: describeJson(action.truth) } : {}),
          });
        }
        break;
    }
    for (const e of removed) finish(e, i, 'lost');
    for (const e of added) open(e, i);
  }
  return number(drafts);
}

/**
 * Stable ids in the order copies appear; copies a network kept in flight after delivering them
 * (and never delivered again) are left out: they are the same send, already drawn.
 */
function number(drafts: Draft[]): Arrow[] {
  const shown = drafts.filter((d) => !(d.residual && d.end === 'in-flight'));
  const ids = new Map<Draft, string>();
  shown.forEach((d, i) => ids.set(d, `m${i + 1}`));
  return shown.map((d) => {
    const { key: _key, residual: _residual, source, ...rest } = d;
    return { ...rest, id: ids.get(d)!, ...(source && ids.has(source) ? { copyOf: ids.get(source)! } : {}) };
  });
}
