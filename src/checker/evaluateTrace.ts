import { is } from 'immutable';
import type { Model } from '../model/Model.ts';
import { propertiesOf } from './check.ts';
import { isFinal, type Trace } from './replay.ts';

/** What one trace says about a property: the step (0-based) where it breaks or is witnessed. */
export interface TraceVerdict {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  /** `always`, `final`, `deadlock`: the first step that violates it; liveness: where the cycle starts. */
  readonly violatedAt?: number;
  /** `sometimes`: the first step that witnesses it. */
  readonly witnessedAt?: number;
}

/**
 * Where the trace's behaviour loops for ever: the first step equal to its last (a lasso), or the
 * last step when it is final (it stays there). Undefined when the trace just stops.
 */
export function loopOf<S, A>(model: Model<S, A>, trace: Trace<S>): number | undefined {
  const last = trace.steps.length - 1;
  const end = trace.steps[last]!.state;
  for (let i = 0; i < last; i++) if (is(trace.steps[i]!.state, end)) return i;
  return isFinal(model, end) ? last : undefined;
}

/**
 * Evaluates every property of `model` along `trace`: safety along the steps, final-state kinds
 * at its last step, liveness on the infinite behaviour the trace stands for when it ends in a
 * cycle (back to an earlier state) or in a final state.
 */
export function evaluateTrace<S, A>(
  model: Model<S, A>,
  trace: Trace<S>,
  /** Where the cycle starts, when known (a lasso's path alone can be ambiguous). */
  knownLoop?: number,
): TraceVerdict[] {
  const steps = trace.steps;
  const last = steps.length - 1;
  const lastIsFinal = isFinal(model, steps[last]!.state);
  const loop = knownLoop ?? loopOf(model, trace);
  return propertiesOf(model).map((p): TraceVerdict => {
    const base = { name: p.name, kind: p.kind, description: p.description };
    const holds = (i: number): boolean => p.check(steps[i]!.state);
    switch (p.kind) {
      case 'always': {
        const i = steps.findIndex((s) => !p.check(s.state));
        return i >= 0 ? { ...base, violatedAt: i } : base;
      }
      case 'sometimes': {
        const i = steps.findIndex((s) => p.check(s.state));
        return i >= 0 ? { ...base, witnessedAt: i } : base;
      }
      case 'final':
      case 'deadlock':
        return lastIsFinal && !p.check(steps[last]!.state) ? { ...base, violatedAt: last } : base;
      default: {
        if (loop === undefined) return base;
        // The states of the cycle, repeated for ever (a final state repeats alone).
        const cycle = Array.from({ length: last - loop + (loop === last ? 1 : 0) }, (_, k) => loop + k);
        let violated: boolean;
        if (p.kind === 'eventually') violated = steps.every((_, i) => !holds(i));
        else if (p.kind === 'alwaysEventually') violated = cycle.every((i) => !holds(i));
        else if (p.kind === 'eventuallyAlways') violated = cycle.some((i) => !holds(i));
        else {
          // leadsTo: some P-state with no Q-state at or after it (the cycle comes round again).
          const q = (i: number): boolean => p.target!(steps[i]!.state);
          const qInCycle = cycle.some(q);
          violated = steps.some((_, i) => holds(i) && !qInCycle && !steps.some((__, j) => j >= i && q(j)));
        }
        return violated ? { ...base, violatedAt: loop } : base;
      }
    }
  });
}
