import type { Property } from '../model/Property.ts';
import type { CheckOptions } from './CheckOptions.ts';
import type { CheckResult, PropertyResult } from './CheckResult.ts';
import type { Tally } from './Explorer.ts';
import type { VisitedStore } from './VisitedStore.ts';

/**
 * Turns what the search found into the result: verdicts (an open property is settled only by a
 * complete search), paths with their fingerprints, statistics.
 */
export function settle<S>(
  modelName: string,
  props: readonly Property<S>[],
  opt: CheckOptions,
  tally: Tally,
  visited: VisitedStore<S>,
  seconds: number,
  extra: { readonly workers?: number } = {},
): CheckResult {
  const cut = tally.cut;
  const complete = cut === undefined;
  const results: PropertyResult[] = props.map((p, i) => {
    let verdict = tally.status[i]!;
    if (verdict === 'unknown' && complete) verdict = p.kind === 'sometimes' ? 'fail' : 'pass';
    const base: PropertyResult = { name: p.name, kind: p.kind, status: verdict, description: p.description };
    const lasso = tally.lassos?.get(i);
    if (lasso) {
      return {
        ...base,
        path: [visited.action(lasso.ids[0]!), ...lasso.actions],
        fingerprints: lasso.ids.map((x) => visited.fingerprintHex(x)),
        loop: lasso.loop,
      };
    }
    const id = tally.found[i]!;
    if (id < 0) return base;
    const ids = visited.idsTo(id);
    return { ...base, path: visited.pathTo(id), fingerprints: ids.map((x) => visited.fingerprintHex(x)) };
  });
  const { transitions, initialStates } = tally;
  return {
    model: modelName,
    complete,
    ...(cut ? { cut } : {}),
    strategy: opt.strategy,
    exact: opt.exact,
    symmetry: opt.symmetry,
    ...(extra.workers ? { workers: extra.workers } : {}),
    stats: {
      distinctStates: visited.size,
      transitions,
      generated: transitions + initialStates,
      initialStates,
      maxDepth: tally.maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? visited.size / seconds : visited.size,
      bytesPerState: visited.bytesPerState(),
      collisionProbability: opt.exact ? 0 : (visited.size * transitions) / 2 ** 64,
      finalStates: tally.finalStates,
    },
    properties: results,
  };
}
