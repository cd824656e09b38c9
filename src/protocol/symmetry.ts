import { isList, isMap, isOrdered, isRecord, isSet, isStack, List, Map } from 'immutable';
import { permutations } from '../checker/canonicalizer.ts';
import { fingerprintInto, fpHi, fpLo } from '../checker/fingerprint.ts';
import { OptionError } from '../model/OptionError.ts';
import type { Symmetry } from '../model/Symmetry.ts';
import { appendDecisions, NO_DECISIONS, readDecisions } from './decisions.ts';
import { canonicalJson } from './messages.ts';
import { envelopeKey, parseEnvelope, type Envelope } from './network.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import { slotDecided, slotsOf, slotState, slotTimers, withFields, withSlot, type NodeSlot, type SysState } from './SysState.ts';
import { timerNames, timerSet, type TimerSet } from './timerSets.ts';

/**
 * Interchangeable nodes (`symmetric: ['p1', 'p2', 'p3']` in a protocol), compiled into the
 * model's `Symmetry`: element i of the symmetry is the i-th listed node, and a permutation
 * renames nodes everywhere in the system state:
 *
 * - positions: node states, armed timers and decisions move to the renamed node's slot; the
 *   crashed-nodes and partition bitmasks move their bits (a partition keeps node 0 on the near
 *   side: if node 0's bit ends up set, the mask is complemented, which is the same split);
 * - the network: sender and receiver of every message in flight (FIFO queues keep their order);
 * - names as data: every string equal to a symmetric node's name, inside messages (values and
 *   object keys; the message is interned again), node states (Immutable Records, Lists, Stacks,
 *   Maps and OrderedMaps (keys and values), Sets and OrderedSets, at any depth), timer names and
 *   decisions.
 *
 * What the user promises by listing nodes as symmetric: they run the same handlers (the same
 * NodeDef behaviour, up to their own name, `ctx.self`), refer to each other only by name (never by
 * position in `ctx.nodes` or `ctx.peers`, never by a number), and use their names for nothing
 * else (a node called "type" or "vote" would rename a message field or value of that spelling).
 * Names inside longer strings ("ack-p1") are not renamed. Non-symmetric nodes stay in place, but
 * names of symmetric nodes in their states and messages are renamed all the same (a coordinator's
 * Set of voters). The checker refuses properties that tell symmetric states apart on the states it
 * samples; the rest of the promise cannot be checked.
 *
 * The symmetry comes with its own canonical form (see `canonicalForm`): exact orbits like the
 * checker's default, which tries all k! permutations, but it only tries orders of nodes that look
 * alike, so it stays cheap well past 7 nodes unless many nodes are alike without being
 * interchangeable.
 */
export function protocolSymmetry<S, M>(info: ProtocolInfo<S, M>, symmetric: unknown): Symmetry<SysState> | undefined {
  if (symmetric === undefined) return undefined;
  const members = resolveMembers(info, symmetric);
  const n = info.names.length;
  const all = n >= 31 ? -1 : (1 << n) - 1;
  const names = new globalThis.Set(members.map((i) => info.names[i]!));
  const mentions = mentionsNames(names);
  // Images are kept on the objects under a key of this protocol's own: a constant shared by two
  // protocols (a module-level Record) must not answer for the other's permutations.
  const images = Symbol(`protocheck.symmetry.images(${info.name})`);
  /** Per permutation (by its digits): where each node goes, how names map, renamed parts. */
  const contexts = new globalThis.Map<string, PermContext>();
  /** The same, by the permutation array itself: the default canonical form passes the same arrays every time. */
  const byArray = new WeakMap<readonly number[], PermContext>();
  const contextFor = (perm: readonly number[]): PermContext => {
    const known = byArray.get(perm);
    if (known !== undefined) return known;
    const id = perm.join(',');
    let ctx = contexts.get(id);
    if (ctx === undefined) {
      if (perm.length !== members.length) {
        throw new Error(`internal: a permutation of ${perm.length} elements for the ${members.length} symmetric nodes of protocol ${info.name}`);
      }
      const to = Int32Array.from({ length: n }, (_, i) => i);
      const rename = new globalThis.Map<string, string>();
      members.forEach((node, i) => {
        const target = members[perm[i]!]!;
        to[node] = target;
        rename.set(info.names[node]!, info.names[target]!);
      });
      ctx = { to, rename, messages: new globalThis.Map(), images, slot: contexts.size, identity: perm.every((p, i) => p === i) };
      contexts.set(id, ctx);
    }
    byArray.set(perm, ctx);
    return ctx;
  };

  const renameMessage = (ctx: PermContext, key: string): string => {
    let out = ctx.messages.get(key);
    if (out === undefined) {
      const msg = info.messages.get(key);
      out = jsonMentions(msg, names) ? info.messages.intern(renameJson(msg, ctx.rename) as M) : key;
      ctx.messages.set(key, out);
    }
    return out;
  };

  const permuteBits = (mask: number, to: Int32Array): number => {
    let out = 0;
    for (let i = 0; i < n; i++) if (((mask >>> i) & 1) === 1) out |= 1 << to[i]!;
    return out;
  };

  /** Decisions (decisions.ts) with the names among them renamed. */
  const renameDecisions = (encoded: string, ctx: PermContext): string => {
    const decisions = readDecisions(encoded);
    if (!decisions.some(mentions)) return encoded;
    return appendDecisions(NO_DECISIONS, decisions.map((d) => (typeof d === 'string' ? (ctx.rename.get(d) ?? d) : d)));
  };

  /** Armed timers (timerSets.ts) with the timers named after nodes renamed. */
  const renameTimers = (set: TimerSet, ctx: PermContext): TimerSet => {
    const timers = timerNames(set);
    return timers.some(mentions) ? timerSet(timers.map((t) => ctx.rename.get(t) ?? t)) : set;
  };

  /** A node's slot with the names in its state, timers and decisions renamed. */
  const renameSlot = (slot: NodeSlot, ctx: PermContext): NodeSlot =>
    withSlot(slot, renameValue(slotState(slot), ctx, mentions), renameTimers(slotTimers(slot), ctx), renameDecisions(slotDecided(slot), ctx));

  /** A List by node index, entries moved to their node's new slot and renamed (images remembered). */
  const permuteSlots = <T>(list: List<T>, ctx: PermContext, rename: (v: T, ctx: PermContext) => T = (v) => renameValue(v, ctx, mentions)): List<T> => {
    let permuted = recall(list, ctx) as List<T> | undefined;
    if (permuted === undefined) {
      const out: T[] = new Array(list.size);
      list.forEach((v, i) => {
        out[ctx.to[i] ?? i] = rename(v, ctx);
      });
      permuted = List(out);
      remember(list, ctx, permuted);
    }
    return permuted;
  };

  const permuteNet = (net: SysState['net'], ctx: PermContext): SysState['net'] => {
    let permuted = recall(net, ctx) as SysState['net'] | undefined;
    if (permuted === undefined) {
      const envelopes: Envelope[] = info.network.envelopes(net);
      permuted = Map<string, number | List<string>>().withMutations((m) => {
        for (const e of envelopes) info.network.add(m, { from: ctx.to[e.from]!, to: ctx.to[e.to]!, msgKey: renameMessage(ctx, e.msgKey) });
      });
      remember(net, ctx, permuted);
    }
    return permuted;
  };

  const permute = (sys: SysState, perm: readonly number[]): SysState => {
    const ctx = contextFor(perm);
    if (ctx.identity) return sys;
    const rest = sys.rest;
    let cut = permuteBits(rest.cut, ctx.to);
    if ((cut & 1) === 1) cut = ~cut & all;
    const net = permuteNet(sys.net, ctx);
    // Traitors: which nodes they are, what they still have to decide, what they know, their lies.
    const owed =
      sys.owed.size === 0
        ? sys.owed
        : sys.owed.map((k) => {
            const e = parseEnvelope(k);
            return envelopeKey({ from: ctx.to[e.from]!, to: ctx.to[e.to]!, msgKey: renameMessage(ctx, e.msgKey) });
          });
    const knows =
      rest.knows.size === 0
        ? rest.knows
        : rest.knows.map((atom) => {
            const bar = atom.indexOf('|');
            const signer = atom.slice(0, bar);
            const content = JSON.parse(atom.slice(bar + 1)) as unknown;
            return `${ctx.rename.get(signer) ?? signer}|${canonicalJson(renameJson(content, ctx.rename))}`;
          });
    const permutedRest = rest.withMutations((s) => {
      s.set('down', permuteBits(rest.down, ctx.to))
        .set('cut', cut)
        .set('byz', permuteBits(rest.byz, ctx.to))
        .set('knows', knows)
        .set('lies', rest.lies.size === 0 ? rest.lies : permuteSlots(rest.lies, ctx));
    });
    return withFields(sys, permuteSlots(slotsOf(sys), ctx, renameSlot), net, owed, permutedRest);
  };

  const canonicalize = canonicalForm(info, members, names, mentions, permute);
  // A traitor's pending sends are decided one at a time in its honest self's send order, and a
  // handler run in a renamed state sends in declaration order, not in the renamed one, so the
  // states half-way through a traitor's decisions are not permuted exactly: the reduced search
  // decides them in other orders than the plain one (with a declared lie alphabet every order
  // reaches the same complete decisions). Nothing else happens while a decision is pending and deciding changes no node's
  // state, so with a declared lie alphabet (byzantine.values) the classes of the states with
  // nothing pending are all reached and the node states half-way are among them (the PBFT test
  // checks it); the default alphabet follows the values in flight, which the order of decisions
  // changes. So the report calls the reduction approximate and asks for a plain run.
  const caveat = info.byzantine
    ? 'symmetry with Byzantine nodes is approximate: a traitor decides its sends in send order, which renaming ' +
      'does not preserve, so the class count is not an exact orbit count and a traitor\'s decisions are explored ' +
      'in other orders than the plain search takes (with the default lie alphabet, which follows the values in ' +
      'flight, that can change which lies are open to it); only the plain search is exact: confirm a pass ' +
      'without --symmetry'
    : undefined;
  return { size: members.length, permute, canonicalize, ...(caveat ? { caveat } : {}) };
}

/**
 * A true canonical form, cheaper than trying all k! permutations. Each symmetric node gets a
 * signature: the whole state described from its point of view (its own name read as SELF, the
 * other symmetric names as OTHER, the other symmetric nodes' slots as a sorted multiset,
 * unordered collections sorted). A renaming carries node e's signature to node π(e) unchanged, so
 * the states that list the nodes in signature order are the same set for every state of a class,
 * and the one with the smallest fingerprint among them is the class's representative, as the
 * checker's default would pick among all permutations. Only ties need trying: nodes with equal
 * signatures, in every order, except that a group of tied nodes that any swap of two of them
 * leaves unchanged (truly interchangeable in this state, the usual case) is tried in one order.
 */
function canonicalForm<S, M>(
  info: ProtocolInfo<S, M>,
  members: readonly number[],
  names: ReadonlySet<string>,
  mentions: (v: unknown) => boolean,
  permute: (sys: SysState, perm: readonly number[]) => SysState,
): (sys: SysState) => SysState {
  const k = members.length;
  const n = info.names.length;
  const memberOf = Int32Array.from({ length: n }, () => -1);
  members.forEach((node, e) => (memberOf[node] = e));
  const abstractions = Symbol(`protocheck.symmetry.abstractions(${info.name})`);
  const messageViews = members.map(() => new globalThis.Map<string, string>());
  /**
   * A description as a short token: its fingerprint. A function of the description alone, never
   * of the order descriptions were met in, so every process (a replay, a worker) picks the same
   * representative; a collision only makes two nodes look alike, which costs time, not accuracy.
   */
  const token = (description: string): string => {
    fingerprintInto(description);
    return `${fpHi},${fpLo}`;
  };
  const ordersBySize: number[][][] = [];
  const orders = (size: number): number[][] => (ordersBySize[size] ??= permutations(size));
  /** Swaps of neighbouring positions, as stable arrays. */
  const swaps = Array.from({ length: Math.max(0, k - 1) }, (_, p) => Array.from({ length: k }, (_, i) => (i === p ? p + 1 : i === p + 1 ? p : i)));

  /** A state value seen from node e; values that mention no symmetric name are their fingerprint. */
  const view = (v: unknown, e: number): string => {
    switch (typeof v) {
      case 'string':
        return names.has(v) ? (v === info.names[members[e]!] ? '@S' : '@O') : JSON.stringify(v);
      case 'number':
        return `#${v}`;
      case 'object':
        if (v === null) return 'null';
        break;
      default:
        return `${typeof v}:${String(v)}`;
    }
    const holder = v as { [key: symbol]: string[] | undefined };
    // Views are short tokens (fingerprints of the descriptions), so signatures stay short.
    // Slot k holds the view of a value that mentions no symmetric name: the same from every node.
    const plain = !mentions(v);
    const known = holder[abstractions]?.[plain ? k : e];
    if (known !== undefined) return known;
    if (plain) {
      fingerprintInto(v);
      const out = `h${fpHi},${fpLo}`;
      if (Object.isExtensible(v)) (holder[abstractions] ??= [])[k] = out;
      return out;
    }
    let out: string;
    if (isRecord(v)) {
      const fields: string[] = [];
      v.toSeq().forEach((x, key) => void fields.push(`${JSON.stringify(key)}:${view(x, e)}`));
      out = `R{${fields.sort().join(',')}}`;
    } else if (isMap(v)) {
      const entries: string[] = [];
      v.forEach((x, key) => void entries.push(`${view(key, e)}=>${view(x, e)}`));
      out = isOrdered(v) ? `OM[${entries.join(',')}]` : `M{${entries.sort().join(',')}}`;
    } else if (isSet(v)) {
      const items = (v as unknown as { toArray(): unknown[] }).toArray().map((x) => view(x, e));
      out = isOrdered(v) ? `OS[${items.join(',')}]` : `S{${items.sort().join(',')}}`;
    } else if (isList(v) || isStack(v)) {
      out = `${isList(v) ? 'L' : 'K'}[${(v as List<unknown>).toArray().map((x) => view(x, e)).join(',')}]`;
    } else {
      out = '?';
    }
    out = token(out);
    if (Object.isExtensible(v)) (holder[abstractions] ??= [])[e] = out;
    return out;
  };

  /** A node's decisions (decisions.ts) seen from node e. */
  const viewDecisions = (encoded: string, e: number): string => {
    const decisions = readDecisions(encoded);
    return decisions.some(mentions) ? `D[${decisions.map((d) => view(d, e)).join(',')}]` : JSON.stringify(encoded);
  };

  /** A node's armed timers seen from node e (as a Set's view: their order is not theirs). */
  const viewTimers = (set: TimerSet, e: number): string => {
    const timers = timerNames(set);
    return timers.some(mentions) ? `S{${timers.map((t) => view(t, e)).sort().join(',')}}` : (set ?? '');
  };

  /** A message seen from node e (object keys sorted after the names are read). */
  const viewJson = (v: unknown, e: number): string => {
    if (typeof v === 'string') return names.has(v) ? (v === info.names[members[e]!] ? '@S' : '@O') : JSON.stringify(v);
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => viewJson(x, e)).join(',')}]`;
    const entries = Object.entries(v).map(([key, x]) => `${viewJson(key, e)}:${viewJson(x, e)}`);
    return `{${entries.sort().join(',')}}`;
  };
  const viewMessage = (key: string, e: number): string => {
    const cache = messageViews[e]!;
    let out = cache.get(key);
    if (out === undefined) {
      const msg = info.messages.get(key);
      out = token(jsonMentions(msg, names) ? viewJson(msg, e) : key);
      cache.set(key, out);
    }
    return out;
  };

  const who = (node: number, self: number): string => (node === self ? 'S' : memberOf[node]! >= 0 ? 'O' : String(node));

  /** Node e's signature: the whole system from its point of view. */
  const signature = (sys: SysState, envelopes: readonly Envelope[], e: number): string => {
    const self = members[e]!;
    const { cut, down, byz } = sys.rest;
    const slot = (j: number): string => {
      const slot = slotsOf(sys).get(j)!;
      const side = cut === 0 ? '' : ((cut >>> j) & 1) === ((cut >>> self) & 1) ? '=' : '/';
      return `${view(slotState(slot), e)}|${viewTimers(slotTimers(slot), e)}|${viewDecisions(slotDecided(slot), e)}|${(down >>> j) & 1}${(byz >>> j) & 1}${side}`;
    };
    const fixed: string[] = [];
    const others: string[] = [];
    for (let j = 0; j < n; j++) {
      if (j === self) fixed.push(`S:${slot(j)}`);
      else if (memberOf[j]! >= 0) others.push(slot(j));
      else fixed.push(`${j}:${slot(j)}`);
    }
    // Messages by link; an unordered link is a multiset, a FIFO link a sequence.
    const links = new globalThis.Map<string, string[]>();
    for (const env of envelopes) {
      const link = `${env.from},${env.to}`;
      let queue = links.get(link);
      if (queue === undefined) {
        queue = [`${who(env.from, self)}>${who(env.to, self)}${env.from === env.to ? '=' : ''}`];
        links.set(link, queue);
      }
      queue.push(viewMessage(env.msgKey, e));
    }
    const network: string[] = [];
    for (const [head, ...queue] of links.values()) {
      if (info.network.order !== 'fifo') queue.sort();
      network.push(`${head}:${queue.join(',')}`);
    }
    return `${fixed.join(';')};O:${others.sort().join(';')};N:${network.sort().join(';')}`;
  };

  /**
   * Whether the permutation leaves the state as it is, by fingerprint, as the search compares
   * states (were two fingerprints to collide, a class would at worst get a second representative).
   */
  const fixes = (sys: SysState, perm: readonly number[]): boolean => {
    const image = permute(sys, perm);
    fingerprintInto(sys);
    const hi = fpHi;
    const lo = fpLo;
    fingerprintInto(image);
    return hi === fpHi && lo === fpLo;
  };

  return (sys) => {
    if (k < 2) return sys;
    const envelopes = info.network.envelopes(sys.net);
    const sigs = members.map((_, e) => signature(sys, envelopes, e));
    const order = Array.from({ length: k }, (_, e) => e).sort((a, b) => (sigs[a]! < sigs[b]! ? -1 : sigs[a]! > sigs[b]! ? 1 : 0));
    const toSorted: number[] = [];
    order.forEach((e, position) => (toSorted[e] = position));
    const sorted = permute(sys, toSorted);
    // Runs of equal signatures, by position in `sorted`; drop the runs every swap leaves as they are.
    const open: number[][] = [];
    for (let i = 0; i < k; ) {
      let j = i + 1;
      while (j < k && sigs[order[j]!] === sigs[order[i]!]) j++;
      if (j - i > 1) {
        let free = true;
        for (let p = i; p < j - 1 && free; p++) free = fixes(sorted, swaps[p]!);
        if (!free) open.push(Array.from({ length: j - i }, (_, x) => i + x));
      }
      i = j;
    }
    if (open.length === 0) return sorted;
    // Every order within each open run: the smallest fingerprint wins (the default's rule).
    let best = sorted;
    fingerprintInto(sorted);
    let bestHi = fpHi >>> 0;
    let bestLo = fpLo >>> 0;
    const perm = Array.from({ length: k }, (_, i) => i);
    const walk = (r: number): void => {
      if (r === open.length) {
        // A copy: permute remembers permutation arrays by identity.
        const candidate = permute(sorted, [...perm]);
        fingerprintInto(candidate);
        const hi = fpHi >>> 0;
        const lo = fpLo >>> 0;
        if (hi < bestHi || (hi === bestHi && lo < bestLo)) {
          best = candidate;
          bestHi = hi;
          bestLo = lo;
        }
        return;
      }
      const run = open[r]!;
      for (const order of orders(run.length)) {
        run.forEach((position, x) => (perm[position] = run[order[x]!]!));
        walk(r + 1);
      }
    };
    walk(0);
    return best;
  };
}

interface PermContext {
  /** Node index → the index it is renamed to. */
  readonly to: Int32Array;
  /** Symmetric node name → its new name. */
  readonly rename: ReadonlyMap<string, string>;
  /** Message key → the key of the renamed message. */
  readonly messages: globalThis.Map<string, string>;
  /** The protocol's key for the arrays of images `remember` keeps on objects ... */
  readonly images: symbol;
  /** ... and where this permutation's image sits in them. */
  readonly slot: number;
  readonly identity: boolean;
}

/** The listed nodes' indices, checked: real nodes, each once, alike in what faults may hit. */
function resolveMembers<S, M>(info: ProtocolInfo<S, M>, symmetric: unknown): number[] {
  const where = `protocol ${info.name}: symmetric`;
  if (!Array.isArray(symmetric)) {
    throw new OptionError(`${where} must be a list of node names (the interchangeable nodes), not ${JSON.stringify(symmetric) ?? String(symmetric)}`);
  }
  if (symmetric.some((x) => Array.isArray(x))) {
    throw new OptionError(
      `${where} lists groups of nodes; only one group of interchangeable nodes is supported: list its names (symmetric: ['p1', 'p2', 'p3'])`,
    );
  }
  const seen = new globalThis.Set<number>();
  const members: number[] = [];
  for (const name of symmetric as unknown[]) {
    if (typeof name !== 'string') throw new OptionError(`${where} must list node names (strings), not ${JSON.stringify(name) ?? String(name)}`);
    const i = info.index.get(name);
    if (i === undefined) throw new OptionError(`${where} names ${JSON.stringify(name)}, which is not a node; the nodes are ${info.names.join(', ')}`);
    if (seen.has(i)) throw new OptionError(`${where} lists node ${name} twice`);
    seen.add(i);
    members.push(i);
  }
  const crashable = (i: number): boolean => ((info.crashable >>> i) & 1) === 1;
  for (const i of members) {
    if (crashable(i) !== crashable(members[0]!)) {
      const [yes, no] = crashable(i) ? [i, members[0]!] : [members[0]!, i];
      throw new OptionError(
        `${where}: nodes ${info.names[yes]} and ${info.names[no]} are not interchangeable: faults.crash.nodes lets ${info.names[yes]} crash and not ${info.names[no]}`,
      );
    }
  }
  return members;
}

/** Whether a message (plain JSON) holds a name of `names`, as a string value or an object key. */
function jsonMentions(v: unknown, names: ReadonlySet<string>): boolean {
  if (typeof v === 'string') return names.has(v);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some((x) => jsonMentions(x, names));
  for (const [k, x] of Object.entries(v)) if (names.has(k) || jsonMentions(x, names)) return true;
  return false;
}

/** A message (plain JSON) with every name renamed, in values and in object keys. */
function renameJson(v: unknown, rename: ReadonlyMap<string, string>): unknown {
  if (typeof v === 'string') return rename.get(v) ?? v;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => renameJson(x, rename));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[rename.get(k) ?? k] = renameJson(x, rename);
  return out;
}

/**
 * Whether a state value holds one of `names` anywhere, remembered on each Immutable object (under
 * a key of this protocol's own; values are persistent, so most of a successor's parts were
 * already looked at).
 */
function mentionsNames(names: ReadonlySet<string>): (v: unknown) => boolean {
  const key = Symbol('protocheck.symmetry.mentions');
  const mentions = (v: unknown): boolean => {
    if (typeof v === 'string') return names.has(v);
    if (typeof v !== 'object' || v === null) return false;
    const holder = v as { [key]?: boolean };
    const known = holder[key];
    if (known !== undefined) return known;
    let found = false;
    if (isRecord(v)) found = v.toSeq().some((x) => mentions(x));
    else if (isMap(v)) found = v.some((x, k) => mentions(k) || mentions(x));
    else if (isList(v) || isSet(v) || isStack(v)) found = (v as List<unknown>).some((x) => mentions(x));
    if (Object.isExtensible(v)) holder[key] = found;
    return found;
  };
  return mentions;
}

/**
 * Images of an Immutable object (a node state or a part of one, a List of slots, the network)
 * under each permutation, kept on the object itself like its fingerprint: successors share most
 * of their parts with their predecessor, so most lookups hit, and an image reused keeps its own
 * cached fingerprint. (A WeakMap per permutation did the same at twice the garbage-collection cost.)
 */
function recall(o: object, ctx: PermContext): unknown {
  return (o as { [key: symbol]: unknown[] | undefined })[ctx.images]?.[ctx.slot];
}

function remember(o: object, ctx: PermContext, image: unknown): void {
  const holder = o as { [key: symbol]: unknown[] | undefined };
  let images = holder[ctx.images];
  if (images === undefined) {
    if (!Object.isExtensible(o)) return;
    images = holder[ctx.images] = [];
  }
  images[ctx.slot] = image;
}

/** A state value with every name renamed; parts that hold no name are kept as they are. */
function renameValue<T>(v: T, ctx: PermContext, mentions: (v: unknown) => boolean): T {
  if (!mentions(v)) return v;
  if (typeof v === 'string') return (ctx.rename.get(v) ?? v) as T;
  if (typeof v !== 'object' || v === null) return v;
  const known = recall(v, ctx);
  if (known !== undefined) return known as T;
  const r = (x: unknown): unknown => renameValue(x, ctx, mentions);
  let out: unknown = v;
  if (isRecord(v)) {
    const rec = v as unknown as {
      toSeq(): { forEach(f: (x: unknown, k: string) => void): void };
      withMutations(f: (m: { set(k: string, x: unknown): void }) => void): unknown;
    };
    out = rec.withMutations((m) => {
      rec.toSeq().forEach((x, k) => {
        if (mentions(x)) m.set(k, r(x));
      });
    });
  } else if (isMap(v)) {
    // map / mapEntries keep the collection's type (Ordered ones keep their order).
    out = v.mapEntries(([k, x]) => [r(k), r(x)]);
  } else if (isList(v) || isSet(v) || isStack(v)) {
    out = (v as List<unknown>).map(r);
  }
  remember(v, ctx, out);
  return out as T;
}
