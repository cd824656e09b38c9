/** The CSS of the HTML report and the explorer page: readable sizes, the step highlight, verdict colours. */
export const PAGE_STYLE = `
:root { --fail: #b03a2e; --pass: #1e7e44; --unknown: #6c7a89; --ink: #1c2833; --muted: #566573; --line: #d5dbe0;
  --hl: #fff1b8; --hl-edge: #d4a000; --cycle: #7d3c98; --bg: #fbfcfc; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; padding: 1.25rem 1.75rem 3rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; padding-top: .6rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1rem 0 .4rem; }
a { color: #1f4e79; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { text-align: left; padding: .3rem .9rem .3rem 0; vertical-align: top; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); }
.meta { color: var(--muted); margin: .2rem 0; }
.meta code { color: var(--ink); }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; font-weight: 700; font-size: .9rem; color: white; }
.badge.fail { background: var(--fail); } .badge.pass { background: var(--pass); } .badge.unknown { background: var(--unknown); }
.warning { color: #8a5a00; background: #fff7e0; border-left: 4px solid #e0a800; padding: .3rem .6rem; }
dl.stats { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0; }
dl.stats dt { color: var(--muted); } dl.stats dd { margin: 0; }
.desc { margin: .2rem 0 .6rem; font-size: 1.05rem; }
.replay { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .3rem 0 .6rem; }
.replay code { background: #eef2f5; padding: .3rem .5rem; border-radius: 4px; overflow-wrap: anywhere; }
button { font: inherit; font-size: .95rem; padding: .3rem .8rem; border: 1px solid #7f8c8d; border-radius: 5px; background: white; color: var(--ink); cursor: pointer; }
button:hover { background: #eef2f5; }
button:focus-visible, .trace:focus-visible, li.step:focus-visible { outline: 3px solid #2e86de; outline-offset: 2px; }
.keys { color: var(--muted); font-size: .95rem; margin: .2rem 0 .5rem; }
kbd { font-family: inherit; font-size: .85rem; border: 1px solid #aab7b8; border-bottom-width: 2px; border-radius: 4px; padding: 0 .35rem; background: white; }
.now { font-weight: 600; min-height: 1.5em; margin: .2rem 0 .5rem; }
.trace { outline: none; }
/* The diagram beside the steps, never above them (it stays in view while the steps scroll); a
   diagram wider than its column scrolls sideways. On a narrow screen, one above the other. */
.cols { display: grid; grid-template-columns: fit-content(62%) minmax(22rem, 1fr); gap: 1.25rem; align-items: start; }
@media (max-width: 60rem) { .cols { grid-template-columns: minmax(0, 1fr); } .cols .diagram-box { position: static; max-height: none; } }
.diagram-box { flex: 0 1 auto; max-width: 100%; overflow: auto; max-height: 88vh; margin: 0; background: white; border: 1px solid var(--line); border-radius: 6px; position: sticky; top: .5rem; }
.diagram-box svg { display: block; max-width: none; height: auto; }
.diagram-box .legend { color: var(--muted); font-size: .85rem; padding: .3rem .7rem .5rem; width: 0; min-width: 100%; margin: 0; }
.steps-box { min-width: 0; }
ol.steps { list-style: none; margin: 0; padding: 0; }
li.step { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 5px; background: white; padding: .45rem .7rem; margin: 0 0 .45rem; cursor: pointer; }
li.step .head { font-size: 1rem; }
li.step .num { display: inline-block; min-width: 1.8rem; font-weight: 700; color: var(--muted); }
li.step .kind { font-size: .8rem; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; white-space: nowrap; }
li.step .kind.cyc { color: var(--cycle); border-color: var(--cycle); }
li.step.kind-drop .kind, li.step.kind-crash .kind { color: var(--fail); border-color: var(--fail); }
li.step.cycle { border-left-color: var(--cycle); }
li.step.fails { border-color: var(--fail); border-left-color: var(--fail); }
li.step.witness { border-color: var(--pass); border-left-color: var(--pass); }
li.step.current { background: var(--hl); border-color: var(--hl-edge); border-left-color: var(--hl-edge); box-shadow: 0 0 0 1px var(--hl-edge); }
dl.changes { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: .3rem 0 0 1.8rem; font-size: .95rem; }
dl.changes dt { font-weight: 600; color: var(--muted); grid-column: 1; }
dl.changes dt.node { color: #1f4e79; }
dl.changes dd { margin: 0; grid-column: 2; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .88rem; overflow-wrap: anywhere; }
.nochange { margin: .2rem 0 0 1.8rem; color: var(--muted); font-size: .95rem; }
.note { margin: .3rem 0 0 1.8rem; font-weight: 700; color: var(--fail); }
.note.pass { color: var(--pass); } .note.cycle { color: var(--cycle); }
svg .row-band { fill: #ffd54f; fill-opacity: .35; stroke: #d4a000; stroke-width: 1; }
svg .hl path { stroke-width: 3; }
svg .hl text { font-weight: bold; }
svg g.hl.label polygon { fill: #fff1b8; }
@media print { .diagram-box { position: static; max-height: none; } button { display: none; } }
`;
