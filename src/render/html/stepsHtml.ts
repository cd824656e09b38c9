import { esc } from './htmlText.ts';
import type { StepData } from './traceSteps.ts';

/** Words for a step's kind, as a small tag beside it. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  init: 'start',
  deliver: 'deliver',
  drop: 'lost',
  duplicate: 'duplicate',
  timeout: 'timer',
  crash: 'crash',
  recover: 'recover',
  partition: 'partition',
  heal: 'heal',
  byzantine: 'Byzantine',
  action: 'action',
};

function stepHtml(s: StepData, total: number): string {
  const cls = ['step', `kind-${s.kind.replace(/[^\w-]/g, '')}`, ...(s.fails ? ['fails'] : s.notes.some((n) => n.tone === 'pass') ? ['witness'] : []), ...(s.inCycle ? ['cycle'] : [])];
  const changes = s.changes.length
    ? `<dl class="changes">${s.changes
        .map((g) => `<dt${g.node ? ' class="node"' : ''}>${esc(g.where)}</dt>${g.lines.map((l) => `<dd>${esc(l)}</dd>`).join('')}`)
        .join('')}</dl>`
    : s.index > 0
      ? '<p class="nochange">(no visible change)</p>'
      : '';
  const notes = s.notes.map((n) => `<p class="note ${n.tone}">${esc(n.text)}</p>`).join('');
  return (
    `<li class="${cls.join(' ')}" data-step="${s.index}" data-highlight="${esc(s.highlight.join(' '))}" aria-label="step ${s.index + 1} of ${total}">` +
    `<div class="head"><span class="num">${s.index + 1}</span> <span class="label">${esc(s.label)}</span>` +
    ` <span class="kind">${esc(KIND_WORDS[s.kind] ?? s.kind)}</span>${s.inCycle ? ' <span class="kind cyc">cycle</span>' : ''}</div>` +
    `${changes}${notes}</li>`
  );
}

/** A trace's steps as an ordered list, each with what changed per node and its notes. */
export function stepsHtml(steps: readonly StepData[]): string {
  return `<ol class="steps">\n${steps.map((s) => stepHtml(s, steps.length)).join('\n')}\n</ol>`;
}
