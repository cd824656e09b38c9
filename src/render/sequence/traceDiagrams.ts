import type { Report, ReportProperty } from '../Report.ts';
import { renderSvg } from './renderSvg.ts';
import { sequenceDot } from './sequenceDot.ts';
import { sequenceView, type SequenceView } from './sequenceView.ts';

/** Traces longer than this get a DOT file but no SVG: Graphviz would take long and nobody reads it. */
export const MAX_SVG_STEPS = 2000;

/**
 * The sequence view of a property's trace as `check` reports it: a counterexample fails at its
 * last step (a lasso: where it goes back to the start of its cycle), a witness holds there.
 */
export function propertyView(model: string, p: ReportProperty): SequenceView | undefined {
  if (!p.trace) return undefined;
  const fails = p.status === 'fail';
  const last = p.trace.steps.length - 1;
  const loop = p.trace.loop;
  const text =
    loop === undefined ? undefined : loop === last ? `✗ ${p.name} fails: nothing more happens, for ever` : `↺ back to step ${loop + 1}, for ever: ✗ ${p.name} fails`;
  return sequenceView(p.trace, `${model}: ${p.name} ${fails ? 'fails' : 'is witnessed'}`, [
    { step: last, property: p.name, fails, kind: p.kind, ...(p.description ? { description: p.description } : {}), ...(text ? { text } : {}) },
  ]);
}

/**
 * The diagram files of a report: `<stem>.dot` and `<stem>.svg` for each property with a trace,
 * `stem` naming the files after the property. An SVG that cannot be made (Graphviz fails, the
 * trace is too long) is left out, and `notes` says why.
 */
export async function diagramFiles(report: Report, stemOf: (property: string) => string): Promise<{ files: Map<string, string>; notes: string[] }> {
  const files = new Map<string, string>();
  const notes: string[] = [];
  for (const p of report.properties) {
    const view = propertyView(report.model, p);
    if (!view) continue;
    const stem = stemOf(p.name);
    const dot = sequenceDot(view);
    files.set(`${stem}.dot`, dot);
    if (view.steps.length > MAX_SVG_STEPS) {
      notes.push(`${stem}.svg not drawn: the trace has ${view.steps.length} steps, more than ${MAX_SVG_STEPS} (${stem}.dot has it)`);
      continue;
    }
    try {
      files.set(`${stem}.svg`, await renderSvg(dot));
    } catch (e) {
      notes.push(`${stem}.svg not drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { files, notes };
}
