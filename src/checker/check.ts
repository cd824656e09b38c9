import { is } from 'immutable';
import type { Model } from '../model/Model.ts';
import { type CheckOptions, resolveCheckOptions } from './CheckOptions.ts';
import type { CheckResult } from './CheckResult.ts';
import { Explorer, propertiesOf } from './Explorer.ts';
import { decideLiveness } from './decideLiveness.ts';
import { LIVENESS_KINDS } from '../model/Property.ts';
import { Frontier } from './Frontier.ts';
import { StateCodec } from './StateCodec.ts';
import { searchWarnings } from './searchWarnings.ts';
import { settle } from './settle.ts';
import { VisitedSet } from './VisitedSet.ts';

export { propertiesOf };

/**
 * Explores every reachable state of `model` in this thread (breadth- or depth-first: the
 * frontier decides the order) and decides each property: pass, fail with a counterexample path,
 * or unknown when a bound cut the search.
 */
export function check<S, A>(model: Model<S, A>, options: Partial<CheckOptions> = {}): CheckResult {
  const opt = resolveCheckOptions(options);
  const liveness = propertiesOf(model).some((p) => LIVENESS_KINDS.has(p.kind));
  const visited = new VisitedSet<S>(opt.exact ? (a, b) => is(a, b) : undefined, undefined, liveness);
  const explorer = new Explorer(model, opt, visited);
  const frontier = new Frontier<S>(opt.strategy === 'dfs', opt.frontier === 'encoded' ? StateCodec.create() : undefined);
  const push = (state: S, id: number): void => frontier.push(state, id);
  const started = performance.now();
  const deadline = started + opt.timeoutSeconds * 1000;
  let nextProgress = started + opt.progressSeconds * 1000;
  const { tally } = explorer;

  if (explorer.seed(push)) {
    let expanded = 0;
    while (frontier.size > 0) {
      const state = frontier.take();
      const id = frontier.lastId;
      if ((++expanded & 1023) === 0) {
        const now = performance.now();
        if (now > deadline) {
          tally.cut = 'timeout';
          break;
        }
        if (opt.onProgress && now >= nextProgress) {
          nextProgress = now + opt.progressSeconds * 1000;
          opt.onProgress({
            distinctStates: visited.size,
            transitions: tally.transitions,
            depth: visited.depth(id),
            frontier: frontier.size,
            seconds: (now - started) / 1000,
          });
        }
      }
      if (!explorer.expand(state, id, push)) break;
    }
  }
  // Stopped at a failure with work left: the search is not complete.
  if (explorer.stopped && !tally.cut && frontier.size > 0) tally.cut = 'failure';
  if (explorer.live && !tally.cut) decideLiveness(explorer, visited);
  const result = settle(model.name, explorer.props, opt, tally, visited, (performance.now() - started) / 1000);
  const warnings = searchWarnings(model, opt, explorer.liveProps.length > 0);
  return warnings.length ? { ...result, warnings } : result;
}
