import { attrs, idOf, leftLines, q, wrap } from './dotText.ts';
import type { SequenceView } from './sequenceView.ts';

const MAX_CHANGES = 12;

/**
 * A trace of a plain transition system (no nodes, no network) as DOT: one box per step, top
 * to bottom, with the action and what it changed; the step where a property fails is red.
 */
export function plainTraceDot(view: SequenceView): string {
  const out: string[] = ['digraph trace {'];
  const title = `${view.title}${view.path ? `  ·  path ${view.path}` : ''}`;
  out.push(`  graph${attrs({ layout: 'dot', rankdir: 'TB', label: title, labelloc: 't', fontname: 'Helvetica-Bold', fontsize: 14, nodesep: 0.3, ranksep: 0.25, pad: 0.3, bgcolor: 'white' })};`);
  out.push(`  node${attrs({ fontname: 'Helvetica', fontsize: 10, shape: 'box', style: 'rounded,filled', fillcolor: '#f8f9f9', color: '#95a5a6' })};`);
  out.push(`  edge${attrs({ color: '#7f8c8d', arrowsize: 0.7 })};`);
  for (const s of view.steps) {
    const verdicts = view.verdicts.filter((v) => v.step === s.index);
    const failing = verdicts.some((v) => v.fails);
    const changes = s.changes.length > MAX_CHANGES ? [...s.changes.slice(0, MAX_CHANGES - 1), `… ${s.changes.length - MAX_CHANGES + 1} more changes`] : s.changes;
    const lines = [
      ...wrap(`${s.index + 1}. ${s.label}`, 70),
      ...changes.flatMap((c) => wrap(c, 66).map((l) => `    ${l}`)),
      ...verdicts.flatMap((v) => [v.text, ...(v.observed ? [`    ${v.observed}`] : [])]),
    ];
    const name = idOf('step', s.index + 1);
    out.push(
      `  ${q(name)}${attrs({
        label: leftLines(lines),
        id: name,
        tooltip: [`${s.index + 1}. ${s.label}`, ...s.changes].join('\n'),
        ...(failing ? { color: '#c0392b', fillcolor: '#fdecea', penwidth: 2 } : verdicts.length ? { color: '#1e8449', fillcolor: '#e9f7ef', penwidth: 2 } : {}),
      })};`,
    );
    if (s.index > 0) out.push(`  ${q(idOf('step', s.index))} -> ${q(name)};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
