/**
 * What the explorer shows at a position: the trace so far (replayed from its path), its diagram,
 * its steps with their diffs, the current state, each property's status at this step, and the
 * actions enabled here. Plain data, computed per request from the path alone.
 */
import { propertiesOf } from '../../checker/check.ts';
import { evaluateTrace, loopOf, type TraceVerdict } from '../../checker/evaluateTrace.ts';
import { describeInit, isFinal, replay, ReplayError } from '../../checker/replay.ts';
import { formatPath } from '../../model/Path.ts';
import { LIVENESS_KINDS, type PropertyKind } from '../../model/Property.ts';
import { inlineSvg } from '../../render/html/inlineSvg.ts';
import { stepsHtml } from '../../render/html/stepsHtml.ts';
import { type ChangeGroup, traceSteps, type StepData } from '../../render/html/traceSteps.ts';
import { renderSvg } from '../../render/sequence/renderSvg.ts';
import { sequenceDot } from '../../render/sequence/sequenceDot.ts';
import { isProtocolState, sequenceView, type VerdictInput } from '../../render/sequence/sequenceView.ts';
import { MAX_SVG_STEPS } from '../../render/sequence/traceDiagrams.ts';
import { shortJson } from '../../render/shortJson.ts';
import { jsonSteps } from '../../render/traceText.ts';
import type { LoadedModel } from '../loadModel.ts';
import { stateToJSON } from '../runCheck.ts';
import { type EnabledAction, enabledActions, withoutThrowing } from './enabledActions.ts';

/** The prefix of the diagram's element ids in the explorer page. */
export const DIAGRAM_PREFIX = 'x-';

export type { EnabledAction } from './enabledActions.ts';


/** A property at the current step. */
export interface PropertyStatus {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  /** `fail`: violated on this trace; `pass`: holds (or witnessed) on it; `open`: not decided by it. */
  readonly status: 'pass' | 'fail' | 'open';
  /** What this trace says about it, in words. */
  readonly text: string;
  /** The step (from 0) where it is violated or witnessed. */
  readonly step?: number;
}

/** The explorer's answer for one position. */
export interface ExplorerTrace {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Options that rebuilt the model (`--faults loss`). */
  readonly options: readonly string[];
  /** The path (`0/2/1`); empty before an initial state is chosen. */
  readonly path: string;
  /** A lasso: the step its cycle starts at, when given or found (the last state repeats an earlier one, or is final). */
  readonly loop?: number;
  readonly steps: readonly StepData[];
  /** The steps as HTML (the report's markup), ids in the diagram prefixed with `DIAGRAM_PREFIX`. */
  readonly stepsHtml: string;
  /** The sequence diagram, ready to inline (absent before the first step, or for very long traces). */
  readonly svg?: string;
  /** The current state, grouped by node and the other fields of the state. */
  readonly state: readonly ChangeGroup[];
  /** The current state as plain JSON. */
  readonly stateJson?: unknown;
  /** No enabled action changes the current state. */
  readonly final: boolean;
  readonly properties: readonly PropertyStatus[];
  /** The actions enabled here (the initial states before the first step). */
  readonly actions: readonly EnabledAction[];
  /** The model threw while listing the actions enabled here: its message (and `actions` is empty). */
  readonly actionsError?: string;
}

function currentState(state: unknown): ChangeGroup[] {
  const entries = (obj: Record<string, unknown>): ChangeGroup[] =>
    Object.entries(obj).map(([k, v]) => ({
      where: k,
      node: false,
      lines: Array.isArray(v) ? (v.length ? v.map(shortJson) : ['(empty)']) : [shortJson(v)],
    }));
  if (isProtocolState(state)) {
    const { nodes, ...rest } = state;
    const byNode = Object.entries(nodes).map(([k, v]) => ({ where: k, node: true, lines: [v === null ? '(down)' : shortJson(v)] }));
    return [...byNode, ...entries(rest)];
  }
  if (typeof state === 'object' && state !== null && !Array.isArray(state)) return entries(state as Record<string, unknown>);
  return [{ where: 'state', node: false, lines: [shortJson(state)] }];
}

function statusOf(v: TraceVerdict, last: number, final: boolean, loop: number | undefined): PropertyStatus {
  const base = { name: v.name, kind: v.kind, ...(v.description ? { description: v.description } : {}) };
  const at = (i: number): string => `step ${i + 1}`;
  if (v.kind === 'always') {
    return v.violatedAt !== undefined
      ? { ...base, status: 'fail', step: v.violatedAt, text: `violated at ${at(v.violatedAt)}` }
      : { ...base, status: 'pass', text: `holds at every step so far` };
  }
  if (v.kind === 'sometimes') {
    return v.witnessedAt !== undefined
      ? { ...base, status: 'pass', step: v.witnessedAt, text: `witnessed at ${at(v.witnessedAt)}` }
      : { ...base, status: 'open', text: 'not witnessed on this trace yet' };
  }
  if (v.kind === 'final' || v.kind === 'deadlock') {
    if (!final) return { ...base, status: 'open', text: 'judged in final states; this state is not final' };
    return v.violatedAt !== undefined
      ? { ...base, status: 'fail', step: last, text: v.kind === 'deadlock' ? 'violated: nothing can happen here' : 'violated in this final state' }
      : { ...base, status: 'pass', text: 'holds in this final state' };
  }
  if (LIVENESS_KINDS.has(v.kind as PropertyKind)) {
    if (loop === undefined) return { ...base, status: 'open', text: 'judged on infinite behaviours: go on to a final state or back to an earlier state' };
    const behaviour = loop === last ? 'staying in this final state for ever' : `going round steps ${loop + 1} to ${last + 1} for ever`;
    return v.violatedAt !== undefined
      ? { ...base, status: 'fail', step: last, text: `violated by ${behaviour} (if that is fair)` }
      : { ...base, status: 'pass', text: `holds when ${behaviour}` };
  }
  return { ...base, status: 'open', text: '' };
}


/**
 * The explorer's view of `path` (empty: the choice of an initial state). `loop` names the step a
 * lasso's cycle starts at, as `replay --loop` does. Throws `ReplayError` for a path that does
 * not fit the model.
 */
export async function explorerTrace(loaded: LoadedModel, path: readonly number[], loop?: number): Promise<ExplorerTrace> {
  const model = loaded.model;
  const head = { model: model.name, params: loaded.params, options: loaded.replayArgs ?? [] };
  if (path.length === 0) {
    if (loop !== undefined) throw new ReplayError('loop: an empty path has no steps');
    const inits = model.initialStates();
    return {
      ...head,
      path: '',
      steps: [],
      stepsHtml: '',
      state: [],
      final: false,
      properties: propertiesOf(model).map((p) => ({
        name: p.name,
        kind: p.kind,
        ...(p.description ? { description: p.description } : {}),
        status: 'open' as const,
        text: 'choose an initial state',
      })),
      actions: inits.map((s, index) => {
        const info = describeInit(model, index, s);
        return { index, path: String(index), kind: info.kind, label: info.label };
      }),
    };
  }
  const trace = replay(model, path);
  const last = trace.steps.length - 1;
  if (loop !== undefined && (!Number.isInteger(loop) || loop < 0 || loop > last)) {
    throw new ReplayError(`loop ${loop}: the index (from 0) of a step of this ${last + 1}-step path where its cycle starts`);
  }
  const end = trace.steps[last]!.state;
  // An action the model throws on counts as doing nothing here, so the state can still be shown.
  const lenient = withoutThrowing(model);
  const final = isFinal(lenient, end);
  const cycle = loop ?? loopOf(lenient, trace);
  const verdicts = evaluateTrace(lenient, trace, cycle);
  const properties = verdicts.map((v) => statusOf(v, last, final, cycle));
  const pinned: VerdictInput[] = properties
    .filter((p) => p.status === 'fail' && p.step !== undefined)
    .map((p) => {
      const live = LIVENESS_KINDS.has(p.kind as PropertyKind);
      const text = !live ? undefined : cycle === last ? `✗ ${p.name} fails: nothing more happens, for ever` : `↺ back to step ${cycle! + 1}, for ever: ✗ ${p.name} fails`;
      return { step: p.step!, property: p.name, fails: true, kind: p.kind, ...(p.description ? { description: p.description } : {}), ...(text ? { text } : {}) };
    });
  const steps = jsonSteps(trace.steps, stateToJSON(loaded));
  // Only a cycle the user named, or one the trace visibly closes, is drawn as a lasso.
  const lasso = cycle !== undefined && cycle < last ? cycle : undefined;
  const input = { path: formatPath(path), steps, ...(lasso !== undefined ? { loop: lasso } : {}) };
  const failing = pinned.map((p) => p.property);
  const title = `${model.name}${failing.length ? `: ${failing.join(', ')} fail${failing.length === 1 ? 's' : ''}` : ''}`;
  const view = sequenceView(input, title, pinned);
  const stepData = traceSteps(input, view);
  const enabled = enabledActions(loaded, path, end);
  let svg: string | undefined;
  if (steps.length <= MAX_SVG_STEPS) svg = inlineSvg(await renderSvg(sequenceDot(view)), DIAGRAM_PREFIX, `Sequence diagram: ${title}`);
  return {
    ...head,
    path: formatPath(path),
    ...(cycle !== undefined ? { loop: cycle } : {}),
    steps: stepData,
    stepsHtml: stepsHtml(stepData),
    ...(svg !== undefined ? { svg } : {}),
    state: currentState(steps[last]!.state),
    stateJson: steps[last]!.state,
    final,
    properties,
    actions: enabled.actions,
    ...(enabled.error !== undefined ? { actionsError: enabled.error } : {}),
  };
}
