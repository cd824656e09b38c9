import { List } from 'immutable';
import type { Model } from '../model/Model.ts';
import type { Property } from '../model/Property.ts';
import { applyEffects } from './applyEffects.ts';
import { describeStep } from './describeStep.ts';
import { fairnessLabel, stepFairness } from './fairness.ts';
import { resolveProtocol, type ProtocolInfo } from './ProtocolInfo.ts';
import { runHandler, type HandlerOutcome } from './runHandler.ts';
import { enabledSteps, type Step } from './steps.ts';
import { protocolSymmetry } from './symmetry.ts';
import { NodeSlot, slotsOf, SysState } from './SysState.ts';
import { shareValue } from '../checker/sharedValues.ts';
import { sysToJSON } from './sysToJSON.ts';
import { SystemView } from './SystemView.ts';
import type { ProtocolSpec } from './types.ts';

/** An initial state with the choices the nodes made to get there. */
interface Start {
  readonly state: SysState;
  readonly chosen: readonly string[];
}

function initialStates<S, M>(info: ProtocolInfo<S, M>): Start[] {
  const n = info.names.length;
  const empty = SysState({
    slots: List(Array.from({ length: n }, () => NodeSlot())),
  });
  // One family of initial states per set of traitors (none without Byzantine nodes).
  const traitorSets = info.byzantine?.sets ?? [0];
  // Each node's start-up outcomes, then every combination of them, in node order.
  const perNode: HandlerOutcome<S>[][] = info.defs.map((_, i) => runHandler(info, i, { kind: 'init' }, 0));
  let starts: Start[] = traitorSets.map((byz) => ({
    state: empty.set('rest', empty.rest.set('byz', byz)),
    chosen: info.byzantine ? [`Byzantine: ${info.names.filter((_, i) => (byz >>> i) & 1).join(', ') || 'none'}`] : [],
  }));
  perNode.forEach((outcomes, i) => {
    starts = starts.flatMap((s) =>
      outcomes.map((o) => {
        const lost: string[] = [];
        const state = applyEffects(info, s.state, i, o.state, o.effects, lost);
        return { state, chosen: [...s.chosen, ...(o.effects.chosen ?? []), ...lost] };
      }),
    );
  });
  // The nodes' first slots recur in many states, as the slots the handler memo makes do: shared
  // (sharedValues.ts), so that the memo finds them by identity in every state that holds them.
  for (const start of starts) slotsOf(start.state).forEach((slot) => shareValue(slot));
  return starts;
}

/**
 * Compiles a protocol (nodes with handlers, a network, faults, properties) into the generic
 * `Model` the explorer checks. Every fault is a named step; every handler choice is a step of
 * its own; properties see the run through `System`.
 */
export function protocol<S, M>(spec: ProtocolSpec<S, M>): Model<SysState, Step> {
  const model = compile(spec);
  specs.set(model, spec as ProtocolSpec<unknown, unknown>);
  return model;
}

/** The spec a protocol model was compiled from: fault classes recompile it with other faults. */
const specs = new WeakMap<object, ProtocolSpec<unknown, unknown>>();

/** The protocol spec behind `model`, or undefined for a plain transition system. */
export function specOf(model: object): ProtocolSpec<unknown, unknown> | undefined {
  return specs.get(model);
}

function compile<S, M>(spec: ProtocolSpec<S, M>): Model<SysState, Step> {
  const info = resolveProtocol(spec);
  const view = (sys: SysState): SystemView<S, M> => new SystemView(info, sys);
  let starts: Start[] | undefined;
  const getStarts = (): Start[] => (starts ??= initialStates(info));
  const properties: Property<SysState>[] = (spec.properties ?? []).map((p) => ({
    name: p.name,
    kind: p.kind,
    description: p.description,
    check: (sys: SysState) => p.check(view(sys)),
  }));
  const within = spec.within;
  const symmetry = protocolSymmetry(info, spec.symmetric);
  const fairness = stepFairness(spec.fairness ?? 'none');
  return {
    name: spec.name,
    initialStates: () => getStarts().map((s) => s.state),
    actions: (sys, out) => enabledSteps(info, sys, out),
    next: (_sys, step) => step.next,
    properties,
    ...(within ? { within: (sys: SysState) => within(view(sys)) } : {}),
    ...(spec.terminates !== undefined ? { terminates: spec.terminates } : {}),
    describe: (step) => describeStep(info, step),
    ...(fairness ? { fairness: (step: Step) => fairness(step), fairnessLabel: fairnessLabel(spec.fairness!) } : {}),
    describeInit: (index) => {
      const chosen = getStarts()[index]?.chosen ?? [];
      return { kind: 'init', label: chosen.length ? `initial state: ${chosen.join('; ')}` : 'initial state' };
    },
    toJSON: (sys) => sysToJSON(info, sys, spec.observe?.(view(sys))),
    ...(symmetry ? { symmetry } : {}),
  };
}
