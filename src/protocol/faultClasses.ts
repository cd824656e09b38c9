import { OptionError } from '../model/OptionError.ts';
import type { ProtocolSpec } from './types.ts';

/**
 * The fault classes of the fault matrix, each with the assumption (the fallacy of distributed
 * computing) a protocol silently relies on if it fails only under that class.
 */
export interface FaultClass {
  readonly name: string;
  readonly fallacy: string;
  /** Adds this class to a spec; `budget` is how many times each fault may happen. */
  apply<S, M>(spec: ProtocolSpec<S, M>, budget: number, original: ProtocolSpec<S, M>): ProtocolSpec<S, M>;
  /**
   * Why the class means nothing for this spec, if it does not (reordering a synchronous network
   * does not): in words for the matrix's legend.
   */
  notApplicable?(original: ProtocolSpec<unknown, unknown>): string | undefined;
}

const notReorderable = (o: ProtocolSpec<unknown, unknown>): string | undefined => {
  const order = o.network?.order ?? 'unordered';
  if (order === 'duplicating') return 'the duplicating network already delivers any message any number of times, in any order';
  if (order === 'synchronous') return 'a synchronous network delivers each round at once: there is no order to change';
  return undefined;
};

export const FAULT_CLASSES: readonly FaultClass[] = [
  {
    name: 'loss',
    fallacy: 'the network is reliable',
    apply: (spec, budget) => ({ ...spec, faults: { ...spec.faults, drop: budget } }),
  },
  {
    name: 'duplication',
    fallacy: 'the network is reliable',
    apply: (spec, budget) => ({ ...spec, faults: { ...spec.faults, duplicate: budget } }),
    notApplicable: (o) =>
      (o.network?.order ?? 'unordered') === 'duplicating' ? 'the duplicating network already delivers any message any number of times' : undefined,
  },
  {
    name: 'reordering',
    fallacy: 'latency is zero (messages overtake each other)',
    apply: (spec) => ({ ...spec, network: { ...spec.network, order: 'unordered' } }),
    notApplicable: notReorderable,
  },
  {
    name: 'crash-stop',
    fallacy: 'topology does not change (a node fails while the others go on)',
    apply: (spec, budget) => ({ ...spec, faults: { ...spec.faults, crash: budget } }),
  },
  {
    name: 'crash-recovery',
    fallacy: 'there is one administrator (nodes restart, with only what they kept on disk)',
    apply: (spec, budget) => ({ ...spec, faults: { ...spec.faults, crash: budget, recover: true } }),
  },
  {
    name: 'partition',
    fallacy: 'the network is reliable; topology does not change',
    apply: (spec, budget) => ({ ...spec, faults: { ...spec.faults, partition: budget } }),
  },
  {
    name: 'byzantine',
    fallacy: 'the network is secure (nodes lie)',
    apply: (spec, budget, original) => ({
      ...spec,
      byzantine: { ...(original.byzantine ?? {}), count: Math.min(budget, Object.keys(spec.nodes).length) },
    }),
  },
];

/** The baseline of the matrix: the protocol with every fault removed and no reordering. */
export function reliable<S, M>(spec: ProtocolSpec<S, M>): ProtocolSpec<S, M> {
  const order = spec.network?.order ?? 'unordered';
  const { byzantine: _dropped, ...rest } = spec;
  void _dropped;
  return { ...rest, faults: {}, network: { ...spec.network, order: order === 'unordered' ? 'fifo' : order } };
}

export function faultClass(name: string): FaultClass {
  const c = FAULT_CLASSES.find((f) => f.name === name);
  if (!c) throw new OptionError(`no fault class "${name}": the classes are none, ${FAULT_CLASSES.map((f) => f.name).join(', ')}`);
  return c;
}

/**
 * The protocol under exactly these fault classes (`none`: reliable), each fault at most `budget`
 * times: what `--faults loss,crash-stop` checks and what each row of the fault matrix is.
 */
export function withFaultClasses<S, M>(spec: ProtocolSpec<S, M>, classes: readonly string[], budget: number): ProtocolSpec<S, M> {
  if (!Number.isInteger(budget) || budget < 1) throw new OptionError(`the fault budget must be a whole number, at least 1, not ${budget}`);
  let out = reliable(spec);
  for (const name of classes) {
    if (name === 'none') continue;
    out = faultClass(name).apply(out, budget, spec);
  }
  return out;
}

/** Parses `loss+crash-stop` (a combination) into its classes, checking each name. */
export function parseCombination(text: string): string[] {
  const names = text.split('+').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new OptionError(`"${text}" names no fault class`);
  for (const n of names) if (n !== 'none') faultClass(n);
  return names;
}
