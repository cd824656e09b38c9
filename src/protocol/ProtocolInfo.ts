import { OptionError } from '../model/OptionError.ts';
import { describeJson } from '../render/shortJson.ts';
import { MessageTable } from './messages.ts';
import { networkFor, type Network } from './network.ts';
import type { FaultCounter } from './SysState.ts';
import type { NodeDef, ProtocolSpec } from './types.ts';

/** One fault's resolved budget: `max` times at most, counted in the state when `counted`. */
export interface Budget {
  readonly enabled: boolean;
  readonly max: number;
  readonly counted: boolean;
  readonly counter: FaultCounter;
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
  readonly drop: Budget;
  readonly duplicate: Budget;
  readonly crash: Budget;
  /** Bit i set: node i may crash. */
  readonly crashable: number;
  readonly recover: Budget;
  readonly partition: Budget;
  describeMessage(msg: M): string;
  /** The index of node `name`; throws a readable error for an unknown name. */
  nodeIndex(name: string, where: string): number;
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
  if (order !== 'unordered' && order !== 'fifo' && order !== 'duplicating') {
    throw new OptionError(`network.order must be "unordered", "fifo" or "duplicating", not ${JSON.stringify(order)}`);
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
  return {
    name: spec.name,
    names,
    index,
    defs,
    messages: new MessageTable<M>(),
    network: networkFor(order),
    capacity,
    drop: budget('drop', 'drops', f.drop, true),
    duplicate: budget('duplicate', 'duplicates', f.duplicate, false),
    crash,
    crashable,
    recover,
    partition: budget('partition', 'partitions', f.partition, false),
    describeMessage: spec.describeMessage ?? ((m: M) => describeJson(m)),
    nodeIndex,
  };
}
