/** The reachable state graph of a small model, and its drawing with a counterexample highlighted. */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exploreGraph, GraphTooLargeError, pathTo } from '../../src/checker/exploreGraph.ts';
import { loadModel } from '../../src/cli/loadModel.ts';
import { stateToJSON } from '../../src/cli/runCheck.ts';
import { renderSvg } from '../../src/render/sequence/renderSvg.ts';
import { edgeText, pathEdges, stateGraphDot, stateLines } from '../../src/render/stateGraph.ts';

describe('exploreGraph', () => {
  it('Two Generals (3 messengers): 14 states, 12 transitions, one state failing agreement, reached by 0/0/0/1', async () => {
    const { model } = await loadModel('two-generals', {});
    const g = exploreGraph(model);
    expect(g.states).toHaveLength(14); // 4K + 2, as the model's own test pins
    expect(g.edges).toHaveLength(12);
    expect(g.initial.map((i) => [i.id, i.index])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(g.final.size).toBe(8);
    expect(g.violations.get('agreement')).toEqual([11]);
    expect(g.violations.get('validity')).toEqual([]);
    // The breadth-first way there is the counterexample check finds.
    expect(pathTo(g, 11)).toEqual([0, 0, 0, 1]);
    expect(pathEdges(g, [0, 0, 0, 1]).map((e) => [e.from, e.to, e.action.kind])).toEqual([
      [0, 2, 'deliver'],
      [2, 6, 'deliver'],
      [6, 11, 'drop'],
    ]);
  });

  it('counts as check does on a plain model, and marks witnesses of sometimes properties', async () => {
    const { model } = await loadModel('two-phase', {});
    const g = exploreGraph(model);
    expect(g.states).toHaveLength(288);
    expect(g.edges).toHaveLength(1145);
    expect(g.violations.get('consistent')).toEqual([]);
    expect(g.witnesses.get('can commit')!.length).toBeGreaterThan(0);
  });

  it('stops beyond its limit', async () => {
    const { model } = await loadModel('two-generals', {});
    expect(() => exploreGraph(model, 10)).toThrow(GraphTooLargeError);
    expect(() => exploreGraph(model, 10)).toThrow('the model has more than 10 reachable states; a state graph is drawn for at most 10');
    expect(new GraphTooLargeError(300, 1610).message).toBe('the model has 1,610 reachable states; a state graph is drawn for at most 300');
  });
});

describe('stateGraphDot', () => {
  it('marks initial and failing states, highlights the path, and renders to well-formed SVG, the same bytes twice', async () => {
    const loaded = await loadModel('two-generals', {});
    const g = exploreGraph(loaded.model);
    const options = { title: 'two-generals', toJSON: stateToJSON(loaded), highlight: { path: [0, 0, 0, 1], label: 'agreement fails' } };
    const dot = stateGraphDot(g, options);
    expect(dot).toBe(stateGraphDot(exploreGraph(loaded.model), options));
    expect(dot.match(/class="path"/g)).toHaveLength(3);
    expect(dot).toContain('"s6" -> "s11" [label="4. ✕ A→B messenger(n=3,\\lplan=attack)\\l"');
    const svg = await renderSvg(dot);
    expect(XMLValidator.validate(svg)).toBe(true);
    for (const text of ['#0 (initial)', '#11 (final)', '✗ agreement', 'two&#45;generals: 14 states, 12 transitions', 'in flight: A→B messenger(n=1,']) {
      expect(svg).toContain(text);
    }
  });

  it('writes states and transitions short', () => {
    expect(stateLines({ nodes: { A: { plan: 'attack' }, B: null }, network: [{ from: 'A', to: 'B', message: { type: 'm', n: 1 } }], crashed: ['B'], observed: { x: 1 } })).toEqual([
      'A: {plan: attack}',
      'B: null',
      'in flight: A→B m(n=1)',
      'crashed: [B]',
    ]);
    expect(stateLines({ tmState: 'init', rmState: ['working'] })).toEqual(['tmState: init', 'rmState: [working]']);
    expect(edgeText({ kind: 'action', label: '{"type":"TMCommit"}' })).toBe('TMCommit');
    expect(edgeText({ kind: 'drop', label: 'x', from: 'A', to: 'B', message: { type: 'm' } })).toBe('✕ A→B m');
    expect(edgeText({ kind: 'timeout', label: 'timer t fires at A' })).toBe('timer t fires at A');
  });
});
