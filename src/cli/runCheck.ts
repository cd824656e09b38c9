import { check, propertiesOf } from '../checker/check.ts';
import { LIVENESS_KINDS } from '../model/Property.ts';
import { checkParallel } from '../checker/parallel/checkParallel.ts';
import type { CheckOptions } from '../checker/CheckOptions.ts';
import type { CheckResult } from '../checker/CheckResult.ts';
import { canonicalizer } from '../checker/canonicalizer.ts';
import { replay } from '../checker/replay.ts';
import { shrinkPath, storyOrder } from '../checker/shrink.ts';
import { formatPath } from '../model/Path.ts';
import { buildReport, type Report, type ReportTrace } from '../render/Report.ts';
import { toPlain } from '../render/toPlain.ts';
import { jsonSteps } from '../render/traceText.ts';
import type { LoadedModel } from './loadModel.ts';
import { replayCommand } from './replayCommand.ts';

/** A model's JSON view of its states (Immutable's toJS by default). */
export function stateToJSON(loaded: LoadedModel): (s: unknown) => unknown {
  const { model } = loaded;
  if (model.toJSON) return (s) => model.toJSON!(s);
  return toPlain;
}

/**
 * Replays every counterexample and witness of `result`, checking that replay agrees with the
 * search (a nondeterministic model is an error here, not a wrong trace).
 */
/** How to make counterexamples easier to read (see src/checker/shrink.ts). */
export interface Readability {
  /** Drop steps the failure does not need (on by default for depth-first searches). */
  readonly shrink?: boolean;
  /** Reorder independent steps so the trace switches between nodes as little as it can. */
  readonly story?: boolean;
}

export function tracesOf(loaded: LoadedModel, result: CheckResult, readability: Readability = {}): Map<string, ReportTrace> {
  const toJSON = stateToJSON(loaded);
  const traces = new Map<string, ReportTrace>();
  const props = new Map(propertiesOf(loaded.model).map((p) => [p.name, p]));
  const shrink = readability.shrink ?? result.strategy === 'dfs';
  for (const p of result.properties) {
    if (!p.path) continue;
    const canonical = result.symmetry && loaded.model.symmetry ? canonicalizer(loaded.model.symmetry) : undefined;
    // The search's own path first: replaying it with its fingerprints checks determinism.
    let trace = replay(loaded.model, p.path, p.fingerprints, canonical);
    let steps = p.path;
    const prop = props.get(p.name);
    if (prop && p.loop === undefined && (shrink || readability.story)) {
      if (shrink) steps = shrinkPath(loaded.model, steps, prop);
      if (readability.story) steps = storyOrder(loaded.model, steps, prop);
      if (steps !== p.path) trace = replay(loaded.model, steps);
    }
    const path = formatPath(steps);
    traces.set(p.name, {
      path,
      steps: jsonSteps(trace.steps, toJSON),
      replay: replayCommand(loaded.spec, path, loaded.changedParams, [
        ...(loaded.replayArgs ?? []),
        ...(p.loop !== undefined ? ['--loop', String(p.loop)] : []),
      ]),
      ...(p.loop !== undefined ? { loop: p.loop } : {}),
    });
  }
  return traces;
}

/** Runs the search (on `workers` threads) and builds the report: the pipeline behind `check`. */
export async function runCheck(
  loaded: LoadedModel,
  options: Partial<CheckOptions>,
  workers = 1,
  readability: Readability = {},
): Promise<{ result: CheckResult; report: Report }> {
  const liveness = propertiesOf(loaded.model).some((p) => LIVENESS_KINDS.has(p.kind));
  const result =
    workers > 1 && !liveness
      ? await checkParallel(loaded.model, { url: loaded.url, params: loaded.params }, workers, options)
      : check(loaded.model, options);
  return { result, report: buildReport(result, loaded.params, tracesOf(loaded, result, readability), loaded.faultClasses, loaded.replayArgs) };
}
