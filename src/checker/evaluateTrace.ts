import type { Model } from '../model/Model.ts';
import { propertiesOf } from './check.ts';
import { isFinal, type Trace } from './replay.ts';

/** What one trace says about a property: the step (0-based) where it breaks or is witnessed. */
export interface TraceVerdict {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  /** `always`, `final`, `deadlock`: the first step that violates it. */
  readonly violatedAt?: number;
  /** `sometimes`: the first step that witnesses it. */
  readonly witnessedAt?: number;
}

/** Evaluates every property of `model` along `trace` (final-state kinds at its last step). */
export function evaluateTrace<S, A>(model: Model<S, A>, trace: Trace<S>): TraceVerdict[] {
  const last = trace.steps.length - 1;
  const lastIsFinal = isFinal(model, trace.steps[last]!.state);
  return propertiesOf(model).map((p) => {
    const base = { name: p.name, kind: p.kind, description: p.description };
    switch (p.kind) {
      case 'always': {
        const i = trace.steps.findIndex((s) => !p.check(s.state));
        return i >= 0 ? { ...base, violatedAt: i } : base;
      }
      case 'sometimes': {
        const i = trace.steps.findIndex((s) => p.check(s.state));
        return i >= 0 ? { ...base, witnessedAt: i } : base;
      }
      case 'final':
      case 'deadlock':
        return lastIsFinal && !p.check(trace.steps[last]!.state) ? { ...base, violatedAt: last } : base;
    }
  });
}
