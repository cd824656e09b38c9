/**
 * Traces for the renderer tests, made as the CLI makes them: a model loaded by name, checked
 * (breadth-first: the shortest counterexample) or a path replayed, states as report JSON.
 */
import { replay } from '../../src/checker/replay.ts';
import { applyFaultOption } from '../../src/cli/faultOption.ts';
import { loadModel, type LoadedModel } from '../../src/cli/loadModel.ts';
import { runCheck, stateToJSON } from '../../src/cli/runCheck.ts';
import { parsePath } from '../../src/model/Path.ts';
import type { ReportProperty } from '../../src/render/Report.ts';
import { propertyView } from '../../src/render/sequence/traceDiagrams.ts';
import type { SequenceView, TraceInput } from '../../src/render/sequence/sequenceView.ts';
import { jsonSteps } from '../../src/render/traceText.ts';

async function load(spec: string, params: Record<string, unknown>, faults?: string): Promise<LoadedModel> {
  const loaded = await loadModel(spec, params);
  return faults ? applyFaultOption(loaded, { faults }) : loaded;
}

/** The first failing property of a check of `spec`, with its counterexample. */
export async function counterexample(spec: string, params: Record<string, unknown> = {}, faults?: string): Promise<{ model: string; property: ReportProperty }> {
  const { report } = await runCheck(await load(spec, params, faults), {});
  const property = report.properties.find((p) => p.status === 'fail' && p.trace);
  if (!property) throw new Error(`${spec}: no counterexample`);
  return { model: report.model, property };
}

/** The view of that counterexample, as check draws it. */
export async function counterexampleView(spec: string, params: Record<string, unknown> = {}, faults?: string): Promise<SequenceView> {
  const { model, property } = await counterexample(spec, params, faults);
  return propertyView(model, property)!;
}

/** A path of `spec` replayed, as JSON steps. */
export async function pathTrace(spec: string, params: Record<string, unknown>, path: string, faults?: string): Promise<TraceInput> {
  const loaded = await load(spec, params, faults);
  return { path, steps: jsonSteps(replay(loaded.model, parsePath(path)).steps, stateToJSON(loaded)) };
}

/** The fields of arrows that say what happened, for exact comparisons. */
export function arrowFacts(view: SequenceView): string[] {
  return view.arrows.map(
    (a) =>
      `${a.id} ${a.from}->${a.to} ${a.label} sent ${a.sentAt} ${a.end}${a.endAt !== undefined ? ` ${a.endAt}` : ''}` +
      `${a.copyOf ? ` copy of ${a.copyOf}` : ''}${a.duplicatedAt !== undefined ? ` made at ${a.duplicatedAt}` : ''}` +
      `${a.byzantine ? ' byzantine' : ''}${a.lie ? ` lie (truth ${a.truth})` : ''}`,
  );
}
