import type { Cut } from '../checker/CheckResult.ts';
import type { Report, ReportProperty } from './Report.ts';
import { asciiLanes } from './sequence/asciiLanes.ts';
import { propertyView } from './sequence/traceDiagrams.ts';
import { shortJson } from './shortJson.ts';
import { traceText } from './traceText.ts';

const SYMBOL = { pass: '✓', fail: '✗', unknown: '?' } as const;

function n(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Why a search is incomplete, in words, with what to do about it. */
export function cutText(cut: Cut | undefined): string {
  switch (cut) {
    case 'failure':
      return 'stopped at the first failure (--continue explores everything)';
    case 'max-depth':
      return 'cut by --max-depth: states at that depth were not expanded';
    case 'max-states':
      return 'cut by --max-states';
    case 'timeout':
      return 'cut by --timeout';
    default:
      return 'complete';
  }
}

function paramText(params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')})` : '';
}

/** What a property's verdict means, in one phrase (in the text and in the HTML report). */
export function verdictText(p: Pick<ReportProperty, 'status' | 'kind'>, complete: boolean): string {
  if (p.status === 'pass') return p.kind === 'sometimes' ? 'pass (witness found)' : 'pass';
  if (p.status === 'fail') {
    if (p.kind === 'sometimes') return 'fail (no reachable state satisfies it)';
    if (p.kind === 'deadlock') return 'fail (a state where nothing can happen)';
    return 'fail';
  }
  return complete ? 'unknown' : 'unknown (the search was cut before a verdict)';
}

/** What the text of a check shows besides verdicts and traces. */
export interface CheckTextOptions {
  /** The lane diagram under each counterexample of a protocol (default true). */
  readonly lanes?: boolean;
  /** The model's name, for diagram titles. */
  readonly model?: string;
}

/**
 * The trace of one property with its heading, as `check` prints it and `out/` stores it: the
 * numbered steps, then (for protocols) the lane diagram of the same steps, then the replay command.
 */
export function propertyTraceText(p: ReportProperty, options: CheckTextOptions = {}): string {
  if (!p.trace) return '';
  const steps = p.trace.steps;
  const last = steps.length - 1;
  const heading =
    p.status === 'fail'
      ? `${p.name} fails${p.description ? `: ${p.description}` : ''}. Counterexample, ${steps.length} step${steps.length === 1 ? '' : 's'}:`
      : `${p.name} is witnessed${p.description ? `: ${p.description}` : ''}. Witness, ${steps.length} step${steps.length === 1 ? '' : 's'}:`;
  const mark = p.status === 'fail' ? `✗ ${p.name} ${p.kind === 'deadlock' ? '(deadlock) ' : ''}fails here` : `✓ ${p.name} holds here`;
  const view = options.lanes === false ? undefined : propertyView(options.model ?? '', p);
  const lanes = view?.protocol ? `\n\n${asciiLanes(view)}\n` : '';
  const loop = p.trace.loop;
  if (loop !== undefined) {
    // A lasso: the behaviour goes round the cycle for ever (or stays in a final state).
    const marks: Record<number, string> =
      loop === last
        ? { [last]: `✗ ${p.name} fails: nothing more happens, for ever` }
        : { [loop]: '↺ the cycle starts here', [last]: `↺ back to step ${loop + 1}, for ever: ✗ ${p.name} fails` };
    const what =
      loop === last
        ? `${steps.length} steps, then nothing more happens`
        : `${loop + 1} step${loop === 0 ? '' : 's'}, then a cycle of ${last - loop} repeated for ever`;
    return `${p.name} fails${p.description ? `: ${p.description}` : ''}. Counterexample, ${what}:\n${traceText(steps, marks)}${lanes}\n  Replay: ${p.trace.replay}`;
  }
  const state = steps[last]!.state as { observed?: unknown } | null;
  const observed = state && typeof state === 'object' && state.observed !== undefined ? `\n  At step ${last + 1}: ${shortJson(state.observed)}` : '';
  return `${heading}\n${traceText(steps, { [last]: mark })}${observed}${lanes}\n  Replay: ${p.trace.replay}`;
}

/** The text `check` prints: verdicts, the search's size, then each counterexample. */
export function checkText(report: Report, options: CheckTextOptions = {}): string {
  const lines: string[] = [];
  lines.push(`${report.model}${paramText(report.params)}${report.options?.length ? ` ${report.options.join(' ')}` : ''}`);
  const width = Math.max(...report.properties.map((p) => p.name.length), 4);
  for (const p of report.properties) {
    lines.push(`  ${SYMBOL[p.status]} ${p.name.padEnd(width)}  ${p.kind.padEnd(16)} ${verdictText(p, report.complete)}`);
  }
  const s = report.stats;
  lines.push(
    `search ${cutText(report.cut)}${report.symmetry ? ' (symmetry: counts are classes of symmetric states)' : ''}: ${n(s.distinctStates)} states, ${n(s.transitions)} transitions, depth ${s.maxDepth}, ` +
      `${s.seconds.toFixed(2)} s (${n(s.statesPerSecond)} states/s)`,
  );
  for (const w of report.warnings ?? []) lines.push(`warning: ${w}`);
  for (const p of report.properties) {
    if (p.trace && p.status === 'fail') lines.push('', propertyTraceText(p, { model: report.model, ...options }));
  }
  const witnesses = report.properties.filter((p) => p.trace && p.status === 'pass');
  if (witnesses.length > 0) {
    lines.push('', 'Witnesses (replay to see them):');
    for (const p of witnesses) lines.push(`  ${p.name}: ${p.trace!.replay}`);
  }
  return lines.join('\n');
}
