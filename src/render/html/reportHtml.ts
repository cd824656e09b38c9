/**
 * The HTML report of a check: one self-contained file (inline CSS, script and SVG; no network, no
 * other file), readable without its script and offline. The same report gives the same bytes.
 * The page is rendered here, from `reportPage`'s data; the script only moves the step highlight.
 */
import type { Report } from '../Report.ts';
import { esc } from './htmlText.ts';
import { inlineSvg } from './inlineSvg.ts';
import { PAGE_STYLE } from './pageStyle.ts';
import { type PropertyPage, reportPage, type ReportPage, type TracePage } from './reportPage.ts';
import { STEP_SCRIPT } from './stepScript.ts';
import { stepsHtml } from './stepsHtml.ts';

const SYMBOL = { pass: '✓', fail: '✗', unknown: '?' } as const;
const STATUS_WORD = { pass: 'passes', fail: 'fails', unknown: 'unknown' } as const;

/** The keys that move the highlight, as the page tells them. */
export const KEYS_HINT = 'Step through with <kbd>←</kbd> <kbd>→</kbd> or <kbd>j</kbd> <kbd>k</kbd> (<kbd>Home</kbd>, <kbd>End</kbd>), or click a step: the diagram highlights its row.';

/** How to read a sequence diagram, under each one. */
export const DIAGRAM_LEGEND =
  'Time flows down, one lane per node. An arrow is a message, from the step that sent it to the step that received it; ' +
  'a red ✗ is a message the network lost, a dotted stub one still in flight at the end. Hover over an arrow to see the whole message.';

/** A trace: heading, replay command, the diagram beside the steps. */
export function traceHtml(trace: TracePage, prefix: string, title: string): string {
  const diagram = trace.svg
    ? `<figure class="diagram-box">${inlineSvg(trace.svg, prefix, `Sequence diagram: ${title}`)}<figcaption class="legend">${esc(DIAGRAM_LEGEND)}</figcaption></figure>`
    : '<p class="meta">(no diagram: it could not be drawn for this trace)</p>';
  const loop =
    trace.loop === undefined
      ? ''
      : `<p class="meta">A lasso: after the last step the behaviour goes back to step ${trace.loop + 1} and repeats for ever; the steps of the cycle are marked <span class="kind cyc">cycle</span>.</p>`;
  return [
    `<div class="trace" data-trace data-prefix="${esc(prefix)}" tabindex="0" aria-label="${esc(trace.heading)}">`,
    `<h3>${esc(trace.heading)} <span class="meta">· path <code>${esc(trace.path)}</code></span></h3>`,
    loop,
    `<div class="replay"><span>Replay:</span> <code id="${esc(prefix)}replay">${esc(trace.replay)}</code> <button type="button" data-copy="${esc(prefix)}replay" aria-label="Copy the replay command">Copy</button></div>`,
    `<p class="keys">${KEYS_HINT}</p>`,
    '<p class="now" aria-live="polite"></p>',
    '<div class="cols">',
    diagram,
    `<div class="steps-box">${stepsHtml(trace.steps)}</div>`,
    '</div>',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function propertySection(p: PropertyPage, i: number, model: string): string {
  const head = `<h2>${SYMBOL[p.status]} ${esc(p.name)} <span class="badge ${p.status}">${STATUS_WORD[p.status]}</span></h2>`;
  const desc = p.description ? `<p class="desc">${esc(p.description)}</p>` : '';
  const verdict = `<p class="meta">${esc(p.kind)} property: ${esc(p.kindMeaning)}.${p.verdict !== p.status ? ` Verdict: ${esc(p.verdict)}.` : ''}</p>`;
  const trace = p.trace ? traceHtml(p.trace, `t${i}-`, `${model}: ${p.name} ${p.status === 'fail' ? 'fails' : 'is witnessed'}`) : '';
  return `<section class="property ${p.status}" id="${esc(p.anchor)}">\n${head}\n${desc}\n${verdict}\n${trace}\n</section>`;
}

function verdictTable(page: ReportPage): string {
  const rows = page.properties.map(
    (p) =>
      `<tr><td>${p.trace ? `<a href="#${esc(p.anchor)}">${esc(p.name)}</a>` : esc(p.name)}</td><td>${esc(p.kind)}</td>` +
      `<td><span class="badge ${p.status}">${SYMBOL[p.status]} ${p.status}</span> ${p.verdict !== p.status ? esc(p.verdict.replace(/^\w+ /, '')) : ''}</td>` +
      `<td>${esc(p.description ?? '')}</td></tr>`,
  );
  return `<table class="verdicts">\n<thead><tr><th scope="col">property</th><th scope="col">kind</th><th scope="col">verdict</th><th scope="col">meaning</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** The page of `reportPage` data as one HTML document. */
export function reportPageHtml(page: ReportPage): string {
  const params = page.params.length ? page.params.map(([k, v]) => `<code>${esc(k)} = ${esc(v)}</code>`).join(', ') : 'none';
  const options = page.options.length ? `<p class="meta">Options: <code>${esc(page.options.join(' '))}</code></p>` : '';
  const stats = page.stats.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const warnings = page.warnings.map((w) => `<p class="warning">Warning: ${esc(w)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(page.title)} · protocheck</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${esc(page.title)}</h1>
<p class="meta">Model <code>${esc(page.model)}</code> · parameters ${params}</p>
${options}
</header>
<main>
<section aria-labelledby="verdicts-h">
<h2 id="verdicts-h">Verdicts</h2>
${verdictTable(page)}
</section>
<section aria-labelledby="search-h">
<h2 id="search-h">Search</h2>
<p class="meta">The search was ${esc(page.search)}.</p>
<dl class="stats">${stats}</dl>
${warnings}
</section>
${page.properties.map((p, i) => (p.trace ? propertySection(p, i, page.model) : '')).filter(Boolean).join('\n')}
</main>
<footer><p class="meta">Made by protocheck. This file is self-contained: it loads nothing.</p></footer>
<script>${STEP_SCRIPT}</script>
</body>
</html>
`;
}

/** A check report as one self-contained HTML page; `svgs` maps a property's name to its diagram. */
export function reportHtml(report: Report, svgs: ReadonlyMap<string, string> = new Map()): string {
  return reportPageHtml(reportPage(report, svgs));
}
