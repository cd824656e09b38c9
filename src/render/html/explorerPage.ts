/**
 * The explorer's page: one HTML document with inline CSS and script that asks the explorer's
 * JSON API (`api/trace`, `api/counterexamples`) for each position and shows the diagram growing,
 * the current state, the properties at this step and the enabled actions as buttons. The URL's
 * fragment holds the path (`#/0/2/1`, a lasso `#/0/2/1?loop=1`): a position can be shared and
 * reloaded, and the browser's back button walks back.
 */
import { esc } from './htmlText.ts';
import { EXPLORER_SCRIPT } from './explorerScript.ts';
import { PAGE_STYLE } from './pageStyle.ts';
import { STEP_SCRIPT } from './stepScript.ts';

const EXPLORER_STYLE = `
.toolbar { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin: .5rem 0; }
.explorer { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
.explorer .left { flex: 1 1 36rem; min-width: 0; }
.explorer .right { flex: 0 1 30rem; min-width: 20rem; }
.explorer h2 { margin-top: 1rem; }
.explorer .diagram-box { position: static; max-height: 70vh; }
#actions { display: flex; flex-direction: column; gap: .35rem; }
button.action { text-align: left; display: flex; gap: .5rem; align-items: baseline; border-left: 5px solid #1f4e79; }
button.action .kind { font-size: .8rem; color: var(--muted); min-width: 4.5rem; }
button.action.kind-drop, button.action.kind-crash, button.action.kind-byzantine { border-left-color: var(--fail); }
button.action.kind-timeout { border-left-color: #b7950b; }
button.action.kind-recover, button.action.kind-heal { border-left-color: var(--pass); }
button.action.kind-duplicate, button.action.kind-partition { border-left-color: #7d3c98; }
button.action.stutters { opacity: .75; }
button.action.throws { flex-wrap: wrap; border-left-color: var(--fail); }
#actions-note.error { color: var(--fail); font-weight: 600; }
button.action .error { flex-basis: 100%; color: var(--fail); font-weight: 600; font-size: .9rem; }
button:disabled { opacity: .45; cursor: default; }
ul.props, ul.found { list-style: none; padding: 0; margin: .3rem 0; }
ul.props li, ul.found li { margin: 0 0 .45rem; }
#found { background: white; border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; margin: .3rem 0 .6rem; }
#found ul.found li { display: inline-block; margin: 0 1.5rem .2rem 0; }
#found a.here { font-weight: 700; }
#found a.here::after { content: ' ← shown'; color: var(--muted); font-weight: 400; }
.st { font-weight: 700; display: inline-block; min-width: 1.2rem; }
.st.fail { color: var(--fail); } .st.pass { color: var(--pass); } .st.open { color: var(--unknown); }
#error { color: white; background: var(--fail); padding: .5rem .8rem; border-radius: 5px; font-weight: 600; }
#state { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
#state dt { font-weight: 600; color: var(--muted); } #state dt.node { color: #1f4e79; }
#state dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9rem; overflow-wrap: anywhere; }
.busy { cursor: progress; }
`;

/** The explorer's page for a model called `model`. */
export function explorerPageHtml(model: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model)} · protocheck explorer</title>
<style>${PAGE_STYLE}${EXPLORER_STYLE}</style>
</head>
<body>
<header>
<h1>Explorer: <code>${esc(model)}</code></h1>
<p class="meta" id="params"></p>
<nav class="toolbar" aria-label="position">
<button type="button" id="back">← Back</button>
<button type="button" id="restart">Restart</button>
<span>Path: <code id="path">(none yet)</code></span>
<button type="button" id="find" title="Check the whole model breadth-first and link each failing property to its shortest counterexample">Find counterexamples</button>
</nav>
<div id="found" aria-live="polite" hidden></div>
</header>
<div id="error" role="alert" hidden></div>
<main class="explorer">
<div class="left" id="trace-slot"></div>
<aside class="right">
<section aria-labelledby="actions-h"><h2 id="actions-h">Enabled actions</h2><p class="meta" id="actions-note"></p><div id="actions"></div></section>
<section aria-labelledby="props-h"><h2 id="props-h">Properties at this step</h2><ul class="props" id="properties"></ul></section>
<section aria-labelledby="state-h"><h2 id="state-h">Current state</h2><dl id="state"></dl></section>
</aside>
</main>
<script>${STEP_SCRIPT}</script>
<script>${EXPLORER_SCRIPT}</script>
</body>
</html>
`;
}
