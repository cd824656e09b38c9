import type { TraceStep } from '../checker/replay.ts';
import { diffJson, formatChange } from './diffJson.ts';

/** A trace step with its state as plain JSON, as renderers take it. */
export interface JsonStep {
  readonly action: { readonly kind: string; readonly label: string };
  readonly state: unknown;
}

/** Steps of a trace with plain-JSON states. */
export function jsonSteps<S>(steps: readonly TraceStep<S>[], toJSON: (s: S) => unknown): JsonStep[] {
  return steps.map((s) => ({ action: s.action, state: toJSON(s.state) }));
}

/**
 * A trace as numbered text: the action in words, then what changed in the state (the initial
 * state in full). `marks` annotates steps, e.g. `{ 3: '✗ agreement fails here' }`.
 */
export function traceText(steps: readonly JsonStep[], marks: Readonly<Record<number, string>> = {}, indent = '  '): string {
  const width = String(steps.length).length;
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const mark = marks[i] ? `   ${marks[i]}` : '';
    lines.push(`${indent}${String(i + 1).padStart(width)}. ${step.action.label}${mark}`);
    const changes = diffJson(i === 0 ? {} : steps[i - 1]!.state, step.state);
    const pad = `${indent}${' '.repeat(width + 2)}  `;
    if (changes.length === 0 && i > 0) lines.push(`${pad}(no visible change)`);
    for (const c of changes) lines.push(pad + formatChange(c));
  });
  return lines.join('\n');
}
