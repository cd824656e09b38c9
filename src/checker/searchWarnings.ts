import type { Model } from '../model/Model.ts';
import type { CheckOptions } from './CheckOptions.ts';

/**
 * Where a verdict or a count may mislead, in words for the report: liveness with a state
 * constraint, a bound or no fairness (`live`: the model has liveness properties), and a symmetry
 * reduction whose model says it is not exact.
 */
export function searchWarnings<S, A>(model: Model<S, A>, opt: CheckOptions, live: boolean): string[] {
  const out: string[] = [];
  if (opt.symmetry && model.symmetry?.caveat) out.push(model.symmetry.caveat);
  if (!live) return out;
  if (model.within) {
    out.push(
      'liveness with a state constraint (within): states outside it are not expanded and look final, so a ' +
        'counterexample may stop at the constraint rather than in the protocol, and a pass says nothing beyond it',
    );
  }
  if (opt.maxDepth !== Infinity || opt.maxStates !== Infinity || opt.timeoutSeconds !== Infinity) {
    out.push('liveness needs the whole state graph: a search cut by a bound leaves its verdicts unknown');
  }
  if (!model.fairness) {
    out.push('the model declares no fairness: any infinite behaviour counts, even one where a message is never delivered');
  }
  return out;
}
