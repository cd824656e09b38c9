import { check } from '../../checker/check.ts';
import type { Cut, Verdict } from '../../checker/CheckResult.ts';
import { formatPath } from '../../model/Path.ts';
import { cutText } from '../../render/checkText.ts';
import type { LoadedModel } from '../loadModel.ts';

/** A property's verdict from a check run by the explorer, with the path to open. */
export interface FoundProperty {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  readonly status: Verdict;
  /** The counterexample (`fail`) or the witness (`pass` of `sometimes`). */
  readonly path?: string;
  readonly steps?: number;
  /** A lasso: the step its cycle starts at. */
  readonly loop?: number;
}

/** What "find counterexamples" answers. */
export interface FoundCounterexamples {
  readonly complete: boolean;
  readonly cut?: Cut;
  /** `complete`, or why the search stopped (`cut by --timeout`). */
  readonly search: string;
  readonly distinctStates: number;
  readonly seconds: number;
  readonly properties: readonly FoundProperty[];
}

/**
 * Checks the explorer's model breadth-first (shortest counterexamples), on until every property
 * has a verdict or `timeoutSeconds` have passed.
 */
export function findCounterexamples(loaded: LoadedModel, timeoutSeconds: number): FoundCounterexamples {
  const result = check(loaded.model, { continueAfterFailure: true, timeoutSeconds });
  return {
    complete: result.complete,
    ...(result.cut ? { cut: result.cut } : {}),
    search: cutText(result.cut),
    distinctStates: result.stats.distinctStates,
    seconds: Math.round(result.stats.seconds * 100) / 100,
    properties: result.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      ...(p.description ? { description: p.description } : {}),
      status: p.status,
      ...(p.path ? { path: formatPath(p.path), steps: p.path.length } : {}),
      ...(p.loop !== undefined ? { loop: p.loop } : {}),
    })),
  };
}
