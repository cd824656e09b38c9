import { join } from 'node:path';
import { check } from '../../checker/check.ts';
import { evaluateTrace, loopOf } from '../../checker/evaluateTrace.ts';
import { exploreGraph, GraphTooLargeError, pathTo, type ReachableGraph } from '../../checker/exploreGraph.ts';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import { NondeterminismError, replay } from '../../checker/replay.ts';
import { formatPath, parsePath } from '../../model/Path.ts';
import { LIVENESS_KINDS } from '../../model/Property.ts';
import { asciiLanes } from '../../render/sequence/asciiLanes.ts';
import { renderSvg } from '../../render/sequence/renderSvg.ts';
import { sequenceDot } from '../../render/sequence/sequenceDot.ts';
import { sequenceView, type VerdictInput } from '../../render/sequence/sequenceView.ts';
import { stateGraphDot } from '../../render/stateGraph.ts';
import { jsonSteps, traceText } from '../../render/traceText.ts';
import { CliError } from '../CliError.ts';
import type { CliContext } from '../CliContext.ts';
import { applyFairnessOption, applyFaultOption, type RawFaultOptions } from '../faultOption.ts';
import { loadModel, type LoadedModel } from '../loadModel.ts';
import type { Outcome } from '../Outcome.ts';
import { parseParams } from '../parseParams.ts';
import { replayCommand } from '../replayCommand.ts';
import { stateToJSON } from '../runCheck.ts';
import { outputFormat } from '../searchOptions.ts';
import { safeName, writeArtifacts } from '../writeArtifacts.ts';

/** The raw options of `render`. */
export interface RawRenderOptions extends RawFaultOptions {
  readonly param?: string[];
  readonly fairness?: string;
  readonly format?: string;
  readonly out?: string | false;
  readonly graph?: boolean;
  readonly loop?: string;
}

/** What a render produced: the files' common name, the DOT, and the text for the terminal. */
interface Drawing {
  readonly stem: string;
  readonly dot: string;
  /** The lane diagram of a trace (ascii format). */
  readonly ascii?: string;
  readonly text: string;
}

function heading(loaded: LoadedModel): string {
  const params = Object.entries(loaded.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${loaded.model.name}${params.length ? ` (${params.join(', ')})` : ''}`;
}

/** A trace's diagram: replayed (twice, to catch nondeterminism), its failures pinned to their steps. */
function traceDrawing(loaded: LoadedModel, path: number[], loopText?: string): Drawing {
  const model = loaded.model;
  const trace = replay(model, path);
  const again = replay(model, path, trace.steps.map((s) => fingerprintHex(s.state)));
  if (again.steps.length !== trace.steps.length) throw new NondeterminismError(path, again.steps.length);
  const last = trace.steps.length - 1;
  let loop: number | undefined;
  if (loopText !== undefined) {
    loop = Number(loopText);
    if (!Number.isInteger(loop) || loop < 0 || loop > last) {
      throw new CliError(`--loop ${loopText}: the index (from 0) of a step of this ${last + 1}-step path where its cycle starts`);
    }
  }
  const violated = evaluateTrace(model, trace, loop).filter((v) => v.violatedAt !== undefined);
  // A liveness failure without --loop: the cycle the trace ends in, as replay finds it.
  if (loop === undefined && violated.some((v) => LIVENESS_KINDS.has(v.kind as never))) loop = loopOf(model, trace);
  const verdicts: VerdictInput[] = violated.map((v) => {
    const base = { property: v.name, fails: true, kind: v.kind, ...(v.description ? { description: v.description } : {}) };
    if (!LIVENESS_KINDS.has(v.kind as never)) return { ...base, step: v.violatedAt! };
    const text = loop === last ? `✗ ${v.name} fails: nothing more happens, for ever` : `↺ back to step ${(loop ?? v.violatedAt!) + 1}, for ever: ✗ ${v.name} fails`;
    return { ...base, step: last, text };
  });
  const steps = jsonSteps(trace.steps, stateToJSON(loaded));
  const title = `${model.name}${violated.length ? `: ${violated.map((v) => v.name).join(', ')} fail${violated.length === 1 ? 's' : ''}` : ''}`;
  const view = sequenceView({ path: formatPath(path), steps, ...(loop !== undefined ? { loop } : {}) }, title, verdicts);
  const marks: Record<number, string> = {};
  for (const v of view.verdicts) marks[v.step] = [marks[v.step], v.text].filter(Boolean).join(', ');
  const body = view.protocol ? asciiLanes(view) : traceText(steps, marks);
  return {
    stem: `trace-${path.join('-')}`,
    dot: sequenceDot(view),
    ...(view.protocol ? { ascii: body } : {}),
    text: `${heading(loaded)}, path ${formatPath(path)}:\n${body}`,
  };
}

/** The number of reachable states, if a short search can count them. */
function countStates(loaded: LoadedModel): number | undefined {
  try {
    const result = check(loaded.model, { continueAfterFailure: true, maxStates: 1_000_000, timeoutSeconds: 10 });
    return result.complete ? result.stats.distinctStates : undefined;
  } catch {
    return undefined;
  }
}

/** The state graph, with a trace highlighted: the path given, else the first counterexample. */
function graphDrawing(loaded: LoadedModel, path: number[] | undefined): Drawing {
  let graph: ReachableGraph<unknown>;
  try {
    graph = exploreGraph(loaded.model);
  } catch (e) {
    if (!(e instanceof GraphTooLargeError)) throw e;
    const count = countStates(loaded);
    throw new CliError(
      new GraphTooLargeError(e.limit, count).message,
      'Draw it with smaller parameters (--param ...), or draw one trace of it: protocheck render <model> <path> (check prints the path of each counterexample).',
    );
  }
  const failing = [...graph.violations].find(([, ids]) => ids.length > 0);
  const highlight = path
    ? { path, label: `path ${formatPath(path)}` }
    : failing
      ? { path: pathTo(graph, failing[1][0]!), label: `${failing[0]} fails: path ${formatPath(pathTo(graph, failing[1][0]!))}` }
      : undefined;
  const count = (n: number, what: string): string => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const lines = [
    `${heading(loaded)}: ${count(graph.states.length, 'state')}, ${count(graph.edges.length, 'transition')}, ${count(graph.initial.length, 'initial state')}, ${count(graph.final.size, 'final state')}`,
  ];
  for (const [name, ids] of graph.violations) lines.push(`  ${ids.length ? '✗' : '✓'} ${name}: ${ids.length ? `violated in ${count(ids.length, 'state')} (${ids.slice(0, 8).map((i) => `#${i}`).join(', ')}${ids.length > 8 ? ', ...' : ''})` : 'no state violates it'}`);
  for (const [name, ids] of graph.witnesses) lines.push(`  ${ids.length ? '✓' : '✗'} ${name}: ${ids.length ? `witnessed in ${count(ids.length, 'state')}` : 'no state witnesses it'}`);
  if (highlight) lines.push(`Highlighted: ${highlight.label} (${replayCommand(loaded.spec, formatPath(highlight.path), loaded.changedParams, loaded.replayArgs)})`);
  return { stem: 'state-graph', dot: stateGraphDot(graph, { title: heading(loaded), toJSON: stateToJSON(loaded), ...(highlight ? { highlight } : {}) }), text: lines.join('\n') };
}

/**
 * `protocheck render <model> [path]`: the sequence diagram of one trace (`trace-<path>.dot` and
 * `.svg` under out/<model>/), or with `--graph` the reachable state graph of a small model
 * (`state-graph.dot` and `.svg`). `--format dot|svg|ascii` prints that document on stdout.
 */
export async function renderCommand(spec: string, pathText: string | undefined, raw: RawRenderOptions, ctx: CliContext): Promise<Outcome> {
  const format = raw.format === undefined ? undefined : outputFormat(raw.format, ['dot', 'svg', 'ascii'] as const);
  let path: number[] | undefined;
  if (pathText !== undefined) {
    try {
      path = parsePath(pathText);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  if (!raw.graph && path === undefined) {
    throw new CliError(
      'render needs a path (for example 0/2/1), or --graph',
      'check prints the path of each counterexample (its Replay: line); render <model> <path> draws that trace. --graph draws the state graph of a small model.',
    );
  }
  if (raw.graph && format === 'ascii') throw new CliError('--format ascii draws a trace; draw the state graph as dot or svg');
  const loaded = applyFairnessOption(applyFaultOption(await loadModel(spec, parseParams(raw.param ?? [])), raw), raw);
  ctx.loaded = loaded;
  const drawing = raw.graph ? graphDrawing(loaded, path) : traceDrawing(loaded, path!, raw.loop);
  const svg = format === 'svg' || raw.out !== false ? await renderSvg(drawing.dot) : undefined;

  let note = '';
  if (raw.out !== false) {
    const dir = join(raw.out ?? 'out', safeName(loaded.model.name));
    writeArtifacts(dir, new Map([[`${drawing.stem}.dot`, drawing.dot], [`${drawing.stem}.svg`, svg!]]));
    note = `Diagram: ${join(dir, `${drawing.stem}.svg`)} (and .dot)`;
  }
  if (format !== undefined) {
    if (note) ctx.warn(note);
    const doc = format === 'dot' ? drawing.dot : format === 'svg' ? svg! : (drawing.ascii ?? drawing.text);
    return { exitCode: 0, stdout: doc };
  }
  return { exitCode: 0, stdout: `${drawing.text}${note ? `\n\n${note}` : ''}` };
}
