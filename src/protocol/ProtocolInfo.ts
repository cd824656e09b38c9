import { OptionError } from '../model/OptionError.ts';
import { describeJson } from '../render/shortJson.ts';
import { HandlerMemo } from './HandlerMemo.ts';
import { MessageTable } from './messages.ts';
import { networkFor, type Network } from './network.ts';
import type { FaultCounter } from './SysRest.ts';
import type { Json, NodeDef, ProtocolSpec, Signature } from './types.ts';

/** One fault's resolved budget: `max` times at most, counted in the state when `counted`. */
export interface Budget {
  readonly enabled: boolean;
  readonly max: number;
  readonly counted: boolean;
  readonly counter: FaultCounter;
}

/** The Byzantine options, checked. */
export interface ResolvedByzantine<M> {
  /** Every set of traitors to try, as bitmasks, in a stable order. */
  readonly sets: readonly number[];
  readonly variants: ((msg: M, to: string) => readonly M[]) | undefined;
  readonly values: Readonly<Record<string, readonly Json[]>>;
  readonly silence: boolean;
  readonly lies: number;
  readonly signatures: ((msg: M) => readonly Signature[]) | undefined;
}

/** Every subset of `size` bits of `mask`, in increasing numeric order. */
function subsets(mask: number, size: number): number[] {
  const bits: number[] = [];
  for (let i = 0; i < 31; i++) if ((mask >>> i) & 1) bits.push(i);
  const out: number[] = [];
  const walk = (from: number, left: number, acc: number): void => {
    if (left === 0) {
      out.push(acc);
      return;
    }
    for (let k = from; k <= bits.length - left; k++) walk(k + 1, left - 1, acc | (1 << bits[k]!));
  };
  walk(0, size, 0);
  return out.sort((a, b) => a - b);
}

/** A protocol spec checked and resolved once into what the step functions read. */
export interface ProtocolInfo<S, M> {
  readonly name: string;
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly defs: readonly NodeDef<S, M>[];
  readonly messages: MessageTable<M>;
  readonly network: Network;
  readonly capacity: number;
  /** Synchronous networks: rounds that happen even with nothing in flight. */
  readonly rounds: number;
  readonly drop: Budget;
  readonly duplicate: Budget;
  readonly crash: Budget;
  /** Bit i set: node i may crash. */
  readonly crashable: number;
  readonly recover: Budget;
  readonly partition: Budget;
  /** Byzantine nodes, when the protocol has them. */
  readonly byzantine: ResolvedByzantine<M> | undefined;
  describeMessage(msg: M): string;
  /** The index of node `name`; throws a readable error for an unknown name. */
  nodeIndex(name: string, where: string): number;
  /** Message and timer handler runs, remembered by node state (HandlerMemo). */
  readonly memo: HandlerMemo<S, M>;
}

function budget(name: string, counter: FaultCounter, value: number | boolean | undefined, unboundedAllowed: boolean): Budget {
  if (value === undefined || value === false || value === 0) return { enabled: false, max: 0, counted: false, counter };
  if (value === true) {
    if (!unboundedAllowed) throw new OptionError(`faults.${name} needs a number (a budget), not true: unbounded ${name}s make the state space infinite`);
    return { enabled: true, max: Infinity, counted: false, counter };
  }
  if (!Number.isInteger(value) || value < 0) throw new OptionError(`faults.${name} must be a whole number of times or true, not ${JSON.stringify(value)}`);
  return { enabled: true, max: value, counted: true, counter };
}

export function resolveProtocol<S, M>(spec: ProtocolSpec<S, M>): ProtocolInfo<S, M> {
  const names = Object.keys(spec.nodes);
  if (names.length === 0) throw new OptionError(`protocol ${spec.name} has no nodes`);
  if (names.length > 30) throw new OptionError(`protocol ${spec.name} has ${names.length} nodes; at most 30 are supported`);
  const index = new Map(names.map((n, i) => [n, i]));
  const nodeIndex = (name: string, where: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new OptionError(`${where}: there is no node named ${JSON.stringify(name)}; the nodes are ${names.join(', ')}`);
    return i;
  };
  const defs = names.map((n) => {
    const def = spec.nodes[n]!;
    if (typeof def?.init !== 'function') throw new OptionError(`node ${n} of protocol ${spec.name} has no init(ctx) handler`);
    return def;
  });
  const order = spec.network?.order ?? 'unordered';
  if (order !== 'unordered' && order !== 'fifo' && order !== 'duplicating' && order !== 'synchronous') {
    throw new OptionError(`network.order must be "unordered", "fifo", "duplicating" or "synchronous", not ${JSON.stringify(order)}`);
  }
  const rounds = spec.network?.rounds;
  if (rounds !== undefined && (order !== 'synchronous' || !Number.isInteger(rounds) || rounds < 0)) {
    throw new OptionError(`network.rounds is a whole number of rounds, for synchronous networks only (not ${JSON.stringify(rounds)} on ${order})`);
  }
  let byzantine: ResolvedByzantine<M> | undefined;
  const b = spec.byzantine;
  if (b && b.count > 0) {
    let candidates = 0;
    for (const n of b.nodes ?? names) candidates |= 1 << nodeIndex(n, 'byzantine.nodes');
    const pool = names.filter((_, i) => (candidates >>> i) & 1).length;
    if (!Number.isInteger(b.count) || b.count < 0 || b.count > pool) {
      throw new OptionError(`byzantine.count must be a whole number from 0 to ${pool} (the nodes that may be Byzantine), not ${JSON.stringify(b.count)}`);
    }
    if (b.lies !== undefined && (!Number.isInteger(b.lies) || b.lies < 0)) throw new OptionError(`byzantine.lies must be a whole number of lies, not ${JSON.stringify(b.lies)}`);
    byzantine = {
      sets: subsets(candidates, b.count),
      variants: b.variants,
      values: b.values ?? {},
      silence: b.silence ?? true,
      lies: b.lies ?? Infinity,
      signatures: b.signatures,
    };
  } else if (b && b.count !== 0) {
    throw new OptionError(`byzantine.count must be a whole number of nodes, not ${JSON.stringify(b.count)}`);
  }
  const capacity = spec.network?.capacity ?? Infinity;
  if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 1))) {
    throw new OptionError(`network.capacity must be a whole number of messages, at least 1, not ${JSON.stringify(capacity)}`);
  }
  const f = spec.faults ?? {};
  const crashSpec = typeof f.crash === 'object' ? f.crash : { max: f.crash ?? 0 };
  let crashable = 0;
  for (const n of crashSpec.nodes ?? names) crashable |= 1 << nodeIndex(n, 'faults.crash.nodes');
  const crash = budget('crash', 'crashes', crashSpec.max, false);
  const recover = budget('recover', 'recoveries', f.recover, true);
  if (recover.enabled && !crash.enabled) throw new OptionError('faults.recover needs faults.crash: only a crashed node can recover');
  const info = {
    name: spec.name,
    names,
    index,
    defs,
    messages: new MessageTable<M>(),
    network: networkFor(order),
    capacity,
    rounds: spec.network?.rounds ?? 0,
    drop: budget('drop', 'drops', f.drop, true),
    duplicate: budget('duplicate', 'duplicates', f.duplicate, false),
    crash,
    crashable,
    recover,
    partition: budget('partition', 'partitions', f.partition, false),
    byzantine,
    describeMessage: spec.describeMessage ?? ((m: M) => describeJson(m)),
    nodeIndex,
  };
  // The memo runs handlers with the info it belongs to.
  return Object.assign(info, { memo: new HandlerMemo<S, M>(info as unknown as ProtocolInfo<S, M>) });
}
