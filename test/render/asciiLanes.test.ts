/** The lane diagram `check` prints under a counterexample: exact for Two Generals, bounded in width. */
import { describe, expect, it } from 'vitest';
import { asciiLanes } from '../../src/render/sequence/asciiLanes.ts';
import { sequenceView, type TraceInput } from '../../src/render/sequence/sequenceView.ts';
import { counterexampleView, pathTrace } from './traces.ts';

describe('asciiLanes', () => {
  it('draws the Two Generals counterexample: a zig-zag of messengers, the third lost mid-way', async () => {
    expect(asciiLanes(await counterexampleView('two-generals'))).toBe(
      [
        '      A                                              B',
        '  1   *                                              |   initial state: A chooses plan = attack',
        '  2   |-------- messenger(n=1, plan=attack) -------->*   sent at 1',
        '  3   *<-------- messenger(n=2, plan=attack) --------|   sent at 2',
        '  4   |-- messenger(n=3, plan=attack) ---X           |   dropped (sent at 3)',
        '      ✗ agreement fails here: {A decides: attack, B decides: retreat}',
        '  (time flows down, * sends, > or < arrives, X lost)',
      ].join('\n'),
    );
  });

  it('shows a timer, a crash, a lie and messages still in flight, each line within 100 columns', async () => {
    const abp = asciiLanes(await counterexampleView('alternating-bit', { order: 'unordered' }));
    expect(abp).toContain('  3   @                           |   timer retransmit fires at sender');
    expect(abp).toContain('  6   |-- data(bit=0, value=0) -->*   sent at 3');
    expect(abp).toContain('  in flight at the end: receiver -> sender ack(bit=1) (sent at 5)');

    const crash = asciiLanes(await counterexampleView('two-phase-commit', { crash: true }));
    expect(crash).toMatch(/^ {2}5 {3}# {14}\| {14}\| {14}\| {3}coordinator crashes$/m);

    const byzantine = asciiLanes(await counterexampleView('byzantine-generals', { n: 3 }));
    expect(byzantine).toContain('|=order(path=[C, L1], value=retreat)=>|');
    expect(byzantine).toContain('L1!');

    const duplicate = asciiLanes(sequenceView(await pathTrace('alternating-bit', { order: 'unordered', duplicates: 1 }, '0/0/3/0/1/1/0/1'), 'abp'));
    expect(duplicate).toContain('|<...... ack(bit=0) (duplicate) ......|   a copy made at 3 (sent at 2)');

    const partition = asciiLanes(sequenceView(await pathTrace('two-generals', {}, '0/1/0/0/0', 'partition'), 'tg'));
    expect(partition).toMatch(/^ {2}2 {2}~+ {3}partition \{A\} \| \{B\}$/m);

    for (const text of [abp, crash, byzantine, duplicate, partition]) {
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it('fits five lanes in 100 columns, and leaves a note beyond six', () => {
    const names = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
    const traceOf = (lanes: string[]): TraceInput => ({
      steps: [
        { action: { kind: 'init', label: 'initial state' }, state: { nodes: Object.fromEntries(lanes.map((n) => [n, 0])), network: [{ from: lanes[0], to: lanes.at(-1), message: { type: 'hello', text: 'a rather long message indeed' } }] } },
        { action: { kind: 'deliver', label: 'delivered' }, state: { nodes: Object.fromEntries(lanes.map((n) => [n, 0])), network: [] } },
      ],
    });
    const five = asciiLanes(sequenceView(traceOf(names.slice(0, 5)), 'five'));
    for (const line of five.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(five).toContain('hello(text="a rather long message indeed")');
    expect(asciiLanes(sequenceView(traceOf(names), 'seven'))).toBe('  (no lane diagram: 7 nodes do not fit in 100 columns; the .svg diagram shows them all)');
  });

  it('says so for a model without nodes', async () => {
    expect(asciiLanes(sequenceView(await pathTrace('two-phase', {}, '0/1'), 'two-phase'))).toBe('  (no lane diagram: this model has no nodes)');
  });
});
