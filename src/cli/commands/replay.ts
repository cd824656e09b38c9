import { evaluateTrace, type TraceVerdict } from '../../checker/evaluateTrace.ts';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import { NondeterminismError, replay } from '../../checker/replay.ts';
import { formatPath, parsePath } from '../../model/Path.ts';
import { jsonSteps, traceText } from '../../render/traceText.ts';
import { CliError } from '../CliError.ts';
import type { CliContext } from '../CliContext.ts';
import { applyFairnessOption, applyFaultOption, type RawFaultOptions } from '../faultOption.ts';
import { loadModel } from '../loadModel.ts';
import type { Outcome } from '../Outcome.ts';
import { parseParams } from '../parseParams.ts';
import { stateToJSON } from '../runCheck.ts';
import { outputFormat } from '../searchOptions.ts';

function verdictLine(v: TraceVerdict, steps: number): string {
  if (v.violatedAt !== undefined) return `✗ ${v.name} (${v.kind}): violated at step ${v.violatedAt + 1}`;
  if (v.witnessedAt !== undefined) return `✓ ${v.name} (${v.kind}): witnessed at step ${v.witnessedAt + 1}`;
  if (v.kind === 'sometimes') return `· ${v.name} (${v.kind}): not witnessed in these ${steps} steps`;
  if (v.kind === 'final' || v.kind === 'deadlock') return `· ${v.name} (${v.kind}): holds (or the trace does not end in a final state)`;
  return `✓ ${v.name} (${v.kind}): holds at every step`;
}

/**
 * `protocheck replay <model> <path>`: re-executes a path, prints it with what changed at each
 * step and which properties it breaks. It runs the path twice and compares the states, so a
 * nondeterministic model is reported instead of printing a trace that will not come back.
 */
export async function replayCommand(
  spec: string,
  pathText: string,
  raw: { param?: string[]; format?: string; fairness?: string; loop?: string } & RawFaultOptions,
  ctx: CliContext,
): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json'] as const);
  let path: number[];
  try {
    path = parsePath(pathText);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const loaded = applyFairnessOption(applyFaultOption(await loadModel(spec, parseParams(raw.param ?? [])), raw), raw);
  ctx.loaded = loaded;
  const trace = replay(loaded.model, path);
  const again = replay(loaded.model, path, trace.steps.map((s) => fingerprintHex(s.state)));
  if (again.steps.length !== trace.steps.length) throw new NondeterminismError(path, again.steps.length);
  let loop: number | undefined;
  if (raw.loop !== undefined) {
    loop = Number(raw.loop);
    if (!Number.isInteger(loop) || loop < 0 || loop >= trace.steps.length) {
      throw new CliError(`--loop ${raw.loop}: the index (from 0) of a step of this ${trace.steps.length}-step path where its cycle starts`);
    }
  }
  const verdicts = evaluateTrace(loaded.model, trace, loop);
  const steps = jsonSteps(trace.steps, stateToJSON(loaded));
  const exitCode = verdicts.some((v) => v.violatedAt !== undefined) ? 1 : 0;
  if (format === 'json') {
    const doc = { model: loaded.model.name, params: loaded.params, path: formatPath(path), steps, properties: verdicts };
    return { exitCode, stdout: JSON.stringify(doc, null, 2) };
  }
  const marks: Record<number, string> = {};
  for (const v of verdicts) {
    if (v.violatedAt !== undefined) marks[v.violatedAt] = [marks[v.violatedAt], `✗ ${v.name} fails here`].filter(Boolean).join(', ');
  }
  const params = Object.entries(loaded.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = [
    `${loaded.model.name}${params.length ? ` (${params.join(', ')})` : ''}, path ${formatPath(path)}:`,
    traceText(steps, marks),
    'Properties along this trace:',
    ...verdicts.map((v) => `  ${verdictLine(v, steps.length)}`),
  ].join('\n');
  return { exitCode, stdout: text };
}
