import { List, Map } from 'immutable';

/** A message in flight as the network holds it: node indices and the message's key. */
export interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly msgKey: string;
}

/** One place a message sits in the network. */
export interface InFlight extends Envelope {
  /** This message is the next its link delivers (always, for an unordered network). */
  readonly deliverable: boolean;
  /** Copies of it in flight (unordered network), else 1. */
  readonly copies: number;
  /** Where it sits: the envelope key (unordered) or the link key (FIFO) ... */
  readonly key: string;
  /** ... and, for FIFO, its position in the link's queue. */
  readonly index: number;
}

export type Net = Map<string, number | List<string>>;

/**
 * The two network semantics over the same state field. Unordered: a multiset of envelopes, any
 * of which may arrive next (the network reorders). FIFO: one queue per link, only heads arrive,
 * and any message may still be lost or duplicated in place.
 */
export interface Network {
  readonly order: 'unordered' | 'fifo' | 'duplicating' | 'synchronous';
  /** Delivering a message takes it out of the network (false: it may be delivered again). */
  readonly consumes: boolean;
  add(net: Net, e: Envelope): Net;
  /** Every message in flight, in a stable order. */
  inFlight(net: Net): InFlight[];
  /** The network without (one copy of) this message. */
  remove(net: Net, m: InFlight): Net;
  /** The network with one more copy of this message (next to it, for FIFO). */
  duplicate(net: Net, m: InFlight): Net;
  /** How many messages are in flight from `from` to `to`. */
  onLink(net: Net, from: number, to: number): number;
  /** The envelopes, one entry per copy, for reports. */
  envelopes(net: Net): Envelope[];
}

const SEP = '\u0001';

function linkKey(from: number, to: number): string {
  return `${from},${to}`;
}

function parseLink(key: string): [number, number] {
  const comma = key.indexOf(',');
  return [Number(key.slice(0, comma)), Number(key.slice(comma + 1))];
}

/** Envelope keys taken apart once: the same few keys are read at every state. */
const parsedEnvelopes = new globalThis.Map<string, Envelope>();

/** The key of an envelope in an unordered network (and in the Byzantine `owed` set). */
export function envelopeKey(e: Envelope): string {
  return linkKey(e.from, e.to) + SEP + e.msgKey;
}

export function parseEnvelope(key: string): Envelope {
  let e = parsedEnvelopes.get(key);
  if (e === undefined) {
    const sep = key.indexOf(SEP);
    const [from, to] = parseLink(key.slice(0, sep));
    e = { from, to, msgKey: key.slice(sep + 1) };
    if (parsedEnvelopes.size < 1 << 20) parsedEnvelopes.set(key, e);
  }
  return e;
}

/** Unordered: envelope key `from,to<SEP>msgKey` → number of copies in flight. */
const unordered: Network = {
  order: 'unordered',
  consumes: true,
  add(net, e) {
    const key = linkKey(e.from, e.to) + SEP + e.msgKey;
    return net.set(key, ((net.get(key) as number | undefined) ?? 0) + 1);
  },
  inFlight(net) {
    const out: InFlight[] = [];
    net.forEach((count, key) => {
      const e = parseEnvelope(key);
      out.push({ from: e.from, to: e.to, msgKey: e.msgKey, deliverable: true, copies: count as number, key, index: 0 });
    });
    return out;
  },
  remove(net, m) {
    return m.copies === 1 ? net.remove(m.key) : net.set(m.key, m.copies - 1);
  },
  duplicate(net, m) {
    return net.set(m.key, m.copies + 1);
  },
  onLink(net, from, to) {
    const prefix = linkKey(from, to) + SEP;
    let n = 0;
    net.forEach((count, key) => {
      if (key.startsWith(prefix)) n += count as number;
    });
    return n;
  },
  envelopes(net) {
    const out: Envelope[] = [];
    net.forEach((count, key) => {
      const e = parseEnvelope(key);
      for (let i = 0; i < (count as number); i++) out.push(e);
    });
    return out;
  },
};

/** FIFO: link key `from,to` → List of message keys, oldest first. */
const fifo: Network = {
  order: 'fifo',
  consumes: true,
  add(net, e) {
    const key = linkKey(e.from, e.to);
    return net.set(key, ((net.get(key) as List<string> | undefined) ?? List<string>()).push(e.msgKey));
  },
  inFlight(net) {
    const out: InFlight[] = [];
    net.forEach((queue, key) => {
      const [from, to] = parseLink(key);
      const q = queue as List<string>;
      for (let i = 0; i < q.size; i++) {
        const msgKey = q.get(i)!;
        // Removing or copying either of two equal neighbours gives the same queue: list it once.
        if (i > 0 && q.get(i - 1) === msgKey) continue;
        out.push({ from, to, msgKey, deliverable: i === 0, copies: 1, key, index: i });
      }
    });
    return out;
  },
  remove(net, m) {
    const rest = (net.get(m.key) as List<string>).remove(m.index);
    return rest.size === 0 ? net.remove(m.key) : net.set(m.key, rest);
  },
  duplicate(net, m) {
    return net.set(m.key, (net.get(m.key) as List<string>).insert(m.index, m.msgKey));
  },
  onLink(net, from, to) {
    return ((net.get(linkKey(from, to)) as List<string> | undefined) ?? List()).size;
  },
  envelopes(net) {
    const out: Envelope[] = [];
    net.forEach((queue, key) => {
      const [from, to] = parseLink(key);
      (queue as List<string>).forEach((msgKey) => {
        out.push({ from, to, msgKey });
      });
    });
    return out;
  },
};

/**
 * Duplicating: a set of envelopes that stay in flight once sent, so any message may arrive any
 * number of times, in any order (Stateright's UnorderedDuplicating; the message set of many
 * TLA+ specs). Sending a message already in flight changes nothing; a drop removes it for good.
 */
const duplicating: Network = {
  ...unordered,
  order: 'duplicating',
  consumes: false,
  add(net, e) {
    return net.set(linkKey(e.from, e.to) + SEP + e.msgKey, 1);
  },
  duplicate(net) {
    return net;
  },
};

/** Synchronous: the messages of the coming round, as a multiset (a `round` step takes them all). */
const synchronous: Network = { ...unordered, order: 'synchronous' };

export function networkFor(order: 'unordered' | 'fifo' | 'duplicating' | 'synchronous'): Network {
  switch (order) {
    case 'fifo':
      return fifo;
    case 'duplicating':
      return duplicating;
    case 'synchronous':
      return synchronous;
    default:
      return unordered;
  }
}
