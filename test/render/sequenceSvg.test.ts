/**
 * The DOT and SVG of sequence diagrams: well-formed XML holding every node, every message and
 * every fault of the trace, and the same bytes for the same trace.
 */
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/render/sequence/renderSvg.ts';
import { sequenceDot } from '../../src/render/sequence/sequenceDot.ts';
import { sequenceView, type SequenceView } from '../../src/render/sequence/sequenceView.ts';
import { counterexampleView, pathTrace } from './traces.ts';

/** Text as it appears inside SVG `<text>` (Graphviz escapes these). */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The texts drawn in an SVG, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#45;/g, '-').replace(/&amp;/g, '&'),
  );
}

const cases: [string, () => Promise<SequenceView>, string[]][] = [
  ['Two Generals', () => counterexampleView('two-generals'), ['dropped', '✗ agreement fails here']],
  ['alternating bit, reordering', () => counterexampleView('alternating-bit', { order: 'unordered' }), ['timer retransmit', 'ack(bit=1) (in flight)', '✗ in order fails here']],
  ['Byzantine Generals, n = 3', () => counterexampleView('byzantine-generals', { n: 3 }), ['(Byzantine)', 'LIE: order(path=[C, L1], value=retreat)', '✗ IC2 fails here', '2 round 1']],
  ['two-phase commit, crash', () => counterexampleView('two-phase-commit', { crash: true }), ['crash', '(crashed)', '✗ all decide fails here']],
  ['alternating bit, duplicate', async () => sequenceView(await pathTrace('alternating-bit', { order: 'unordered', duplicates: 1 }, '0/0/3/0/1/1/0/1'), 'abp'), ['ack(bit=0) (duplicate)', '3 duplicate', 'dropped']],
  ['Two Generals, partition', async () => sequenceView(await pathTrace('two-generals', {}, '0/1/0/0/0', 'partition'), 'tg'), ['partition {A} | {B}', 'the partition heals']],
];

describe.each(cases)('%s', (_, make, faults) => {
  let view: SequenceView;
  let dot: string;
  let svg: string;
  beforeAll(async () => {
    view = await make();
    dot = sequenceDot(view);
    svg = await renderSvg(dot);
  });

  it('is well-formed XML, an SVG document', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('draws every node, every message, every fault and the verdict', () => {
    const drawn = texts(svg);
    for (const lane of view.lanes) expect(drawn, lane.name).toContain(lane.name);
    for (const a of view.arrows) expect(drawn.some((t) => t.includes(a.label)), a.label).toBe(true);
    for (const f of faults) expect(drawn.some((t) => t.includes(f)), f).toBe(true);
    // The whole message and the step in words are there on hover.
    for (const a of view.arrows) expect(svg).toContain(xml(`${a.from} → ${a.to}: ${a.detail}`).replace(/"/g, '&quot;'));
  });

  it('gives the same bytes for the same trace', async () => {
    const again = sequenceDot(await make());
    expect(again).toBe(dot);
    expect(await renderSvg(again)).toBe(svg);
  });
});

describe('renderSvg', () => {
  it('reports what Graphviz could not draw', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/Graphviz could not draw the diagram/);
  });

  it('draws a plain transition system as a column of steps', async () => {
    const view = sequenceView(await pathTrace('two-phase', {}, '0/1/0'), 'two-phase', [{ step: 2, property: 'p', fails: true }]);
    const svg = await renderSvg(sequenceDot(view));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(texts(svg).some((t) => t.includes('✗ p fails here'))).toBe(true);
    expect(texts(svg).filter((t) => /^\d+\. /.test(t))).toHaveLength(3);
  });
});
