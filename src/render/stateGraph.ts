/**
 * The reachable state graph of a small model as Graphviz DOT: one box per state (its contents,
 * short), one arrow per transition; initial states marked with an arrow from nowhere, states that
 * violate a property in red, states that witness a `sometimes` property in green, and a trace
 * (a counterexample) drawn thick and numbered along its path.
 */
import type { GraphEdge, ReachableGraph } from '../checker/exploreGraph.ts';
import type { ActionInfo } from '../model/Model.ts';
import { attrs, leftLines, q, wrap } from './sequence/dotText.ts';
import { describeJson, shortJson } from './shortJson.ts';

/** A trace to draw along the graph: its path and what to call it. */
export interface GraphHighlight {
  readonly path: readonly number[];
  readonly label: string;
}

export interface StateGraphOptions {
  readonly title: string;
  /** Plain JSON of a state, for its label. */
  readonly toJSON: (state: unknown) => unknown;
  readonly highlight?: GraphHighlight;
}

/** Edge labels are left out above this many transitions (they stay as tooltips). */
const LABELLED_EDGES = 400;
const WIDTH = 38;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A state's contents as short lines: a protocol's nodes, messages in flight, faults; else its fields. */
export function stateLines(json: unknown): string[] {
  if (!isObject(json)) return wrap(shortJson(json), WIDTH, 6);
  const lines: string[] = [];
  const add = (text: string): void => {
    lines.push(...wrap(text, WIDTH, 3));
  };
  if (isObject(json.nodes)) {
    for (const [name, s] of Object.entries(json.nodes)) add(`${name}: ${shortJson(s)}`);
    const net = Array.isArray(json.network) ? json.network : [];
    if (net.length) add(`in flight: ${net.map((e) => shortJson(e)).join(', ')}`);
    for (const [k, v] of Object.entries(json)) if (!['nodes', 'network', 'observed'].includes(k)) add(`${k}: ${shortJson(v)}`);
  } else {
    for (const [k, v] of Object.entries(json)) add(`${k}: ${shortJson(v)}`);
  }
  return lines.length ? lines : ['{}'];
}

/** A transition in a few words: the message and its direction, the timer, the fault. */
export function edgeText(a: ActionInfo): string {
  const msg = a.message !== undefined ? describeJson(a.message) : '';
  switch (a.kind) {
    case 'deliver':
      return `${a.from}→${a.to} ${msg}`;
    case 'drop':
      return `✕ ${a.from}→${a.to} ${msg}`;
    case 'duplicate':
      return `×2 ${a.from}→${a.to} ${msg}`;
    case 'byzantine':
      return `${a.lie ? 'LIE ' : ''}${a.from}→${a.to} ${msg}`;
    case 'action': {
      try {
        return describeJson(JSON.parse(a.label));
      } catch {
        return a.label;
      }
    }
    default:
      return a.label;
  }
}

/** The edges a path takes through the graph, in order (fewer if it leaves the graph). */
export function pathEdges(graph: ReachableGraph<unknown>, path: readonly number[]): GraphEdge[] {
  const start = graph.initial.find((i) => i.index === path[0]);
  if (!start) return [];
  const out: GraphEdge[] = [];
  let at = start.id;
  for (const index of path.slice(1)) {
    const e = graph.edges.find((x) => x.from === at && x.index === index);
    if (!e) break;
    out.push(e);
    at = e.to;
  }
  return out;
}

/** The graph as DOT text (layout `dot`, top to bottom). */
export function stateGraphDot(graph: ReachableGraph<unknown>, options: StateGraphOptions): string {
  const out: string[] = ['digraph states {'];
  const path = options.highlight ? pathEdges(graph, options.highlight.path) : [];
  const onPath = new Map(path.map((e, i) => [e, i]));
  const pathStart = options.highlight ? graph.initial.find((i) => i.index === options.highlight!.path[0])?.id : undefined;
  const pathStates = new Set([...(pathStart !== undefined ? [pathStart] : []), ...path.map((e) => e.to)]);
  const title = `${options.title}: ${graph.states.length} state${graph.states.length === 1 ? '' : 's'}, ${graph.edges.length} transition${graph.edges.length === 1 ? '' : 's'}${options.highlight ? `  ·  ${options.highlight.label}` : ''}`;
  out.push(`  graph${attrs({ layout: 'dot', rankdir: 'TB', label: title, labelloc: 't', fontname: 'Helvetica-Bold', fontsize: 14, nodesep: 0.25, ranksep: 0.45, pad: 0.3, bgcolor: 'white' })};`);
  out.push(`  node${attrs({ fontname: 'Helvetica', fontsize: 9, shape: 'box', style: 'rounded,filled', fillcolor: '#f8f9f9', color: '#95a5a6', margin: '0.08,0.04' })};`);
  out.push(`  edge${attrs({ fontname: 'Helvetica', fontsize: 8, color: '#95a5a6', fontcolor: '#566573', arrowsize: 0.6 })};`);

  const failing = new Map<number, string[]>();
  for (const [name, ids] of graph.violations) for (const id of ids) failing.set(id, [...(failing.get(id) ?? []), name]);
  const witnessing = new Map<number, string[]>();
  for (const [name, ids] of graph.witnesses) for (const id of ids) witnessing.set(id, [...(witnessing.get(id) ?? []), name]);
  const initial = new Set(graph.initial.map((i) => i.id));

  graph.states.forEach((state, id) => {
    const json = options.toJSON(state);
    const fails = failing.get(id);
    const holds = witnessing.get(id);
    const lines = [
      `#${id}${initial.has(id) ? ' (initial)' : ''}${graph.final.has(id) ? ' (final)' : ''}`,
      ...stateLines(json),
      ...(fails ? [`✗ ${fails.join(', ')}`] : []),
      ...(holds ? [`✓ ${holds.join(', ')}`] : []),
    ];
    out.push(
      `  ${q(`s${id}`)}${attrs({
        label: leftLines(lines),
        tooltip: JSON.stringify(json, null, 1),
        id: `state-${id}`,
        ...(fails ? { fillcolor: '#fdecea', color: '#c0392b', fontcolor: '#7b241c' } : holds ? { fillcolor: '#e9f7ef', color: '#1e8449' } : {}),
        ...(initial.has(id) ? { penwidth: 2 } : {}),
        ...(pathStates.has(id) ? { color: fails ? '#c0392b' : '#1f4e79', penwidth: 2.5 } : {}),
      })};`,
    );
  });
  for (const i of graph.initial) {
    out.push(`  ${q(`init${i.index}`)}${attrs({ shape: 'point', width: 0.12, color: '#1f4e79', fillcolor: '#1f4e79', label: '', tooltip: i.action.label })};`);
    out.push(`  ${q(`init${i.index}`)} -> ${q(`s${i.id}`)}${attrs({ color: '#1f4e79', penwidth: 1.5, tooltip: i.action.label, ...(pathStart === i.id && options.highlight?.path[0] === i.index ? { penwidth: 3 } : {}) })};`);
  }
  const labelled = graph.edges.length <= LABELLED_EDGES;
  for (const e of graph.edges) {
    const step = onPath.get(e);
    const text = edgeText(e.action);
    out.push(
      `  ${q(`s${e.from}`)} -> ${q(`s${e.to}`)}${attrs({
        ...(labelled || step !== undefined ? { label: leftLines(wrap(step !== undefined ? `${step + 2}. ${text}` : text, 30, 2)) } : {}),
        tooltip: e.action.label,
        ...(step !== undefined ? { color: '#1f4e79', fontcolor: '#1f4e79', penwidth: 3, fontname: 'Helvetica-Bold', class: 'path' } : {}),
        ...(e.action.kind === 'drop' || e.action.kind === 'crash' || e.action.lie ? { color: step !== undefined ? '#c0392b' : '#e6b0aa' } : {}),
      })};`,
    );
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
