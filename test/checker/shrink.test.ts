import { List, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, final, protocol, type NodeDef } from '../../src/index.ts';
import { evaluateTrace } from '../../src/checker/evaluateTrace.ts';
import { replay } from '../../src/checker/replay.ts';
import { shrinkPath, storyOrder } from '../../src/checker/shrink.ts';
import { propertiesOf } from '../../src/checker/check.ts';
import { byzantineGenerals } from '../../models/byzantine-generals.ts';

/** Two nodes that each tick twice on their own timers; a third steps aside with noise. */
const Ticks = Record({ ticks: 0 });
type Ticks = ReturnType<typeof Ticks>;
function tickers(noise: boolean) {
  const ticker: NodeDef<Ticks, never> = {
    init: (ctx) => (ctx.setTimer('tick'), Ticks()),
    onTimer: (s, _t, ctx) => (s.ticks < 1 && ctx.setTimer('tick'), s.set('ticks', s.ticks + 1)),
  };
  const idle: NodeDef<Ticks, never> = {
    init: (ctx) => (noise && ctx.setTimer('noise'), Ticks()),
    onTimer: (s) => s.set('ticks', s.ticks + 1),
  };
  return protocol<Ticks, never>({
    name: 'tickers',
    nodes: { A: ticker, B: ticker, N: idle },
    properties: [
      always('not both done', (sys) => !(sys.state('A').ticks === 2 && sys.state('B').ticks === 2)),
      final('never ends', () => false),
    ],
  });
}

const kinds = (m: ReturnType<typeof tickers>, path: readonly number[]) => replay(m, path).steps.slice(1).map((s) => s.action.label);

describe('readable counterexamples', () => {
  it('story order: independent steps grouped by node, the failure kept', () => {
    const m = tickers(false);
    // A, B, A, B (3 switches): timers are listed in node order, A's first.
    const interleaved = [0, 0, 1, 0, 0];
    expect(kinds(m, interleaved)).toEqual(['timer tick fires at A', 'timer tick fires at B', 'timer tick fires at A', 'timer tick fires at B']);
    expect(evaluateTrace(m, replay(m, interleaved))[0]!.violatedAt).toBe(4);
    const story = storyOrder(m, interleaved, propertiesOf(m)[0]!);
    expect(kinds(m, story)).toEqual(['timer tick fires at A', 'timer tick fires at A', 'timer tick fires at B', 'timer tick fires at B']);
    expect(evaluateTrace(m, replay(m, story))[0]!.violatedAt).toBe(4);
  });

  it('shrink: a depth-first counterexample loses the steps the failure does not need', () => {
    const m = tickers(true);
    const p = check(m, { strategy: 'dfs' }).properties[0]!;
    const original = kinds(m, p.path!);
    expect(original).toContain('timer noise fires at N');
    const shrunk = shrinkPath(m, p.path!, propertiesOf(m)[0]!);
    expect(kinds(m, shrunk)).toHaveLength(4);
    expect(kinds(m, shrunk)).not.toContain('timer noise fires at N');
    expect(evaluateTrace(m, replay(m, shrunk))[0]!.violatedAt).toBe(4);
  });

  it('shrink: lies the failure does not need become the truth (OM(2), 6 generals, depth first)', () => {
    const m = byzantineGenerals(6, 2, 'OM', 2);
    const p = check(m, { strategy: 'dfs' }).properties.find((x) => x.name === 'IC2')!;
    const lies = (path: readonly number[]) => replay(m, path).steps.filter((s) => s.action.lie).length;
    expect(p.path).toHaveLength(36);
    expect(lies(p.path!)).toBe(32);
    const shrunk = shrinkPath(m, p.path!, propertiesOf(m).find((x) => x.name === 'IC2')!);
    expect(shrunk).toHaveLength(36); // every pending message must still be decided
    expect(lies(shrunk)).toBe(7);
    const v = evaluateTrace(m, replay(m, shrunk)).find((x) => x.name === 'IC2')!;
    expect(v.violatedAt).toBe(35);
  });

  it('a lasso is left as it is', () => {
    const m = tickers(false);
    const fake = { ...propertiesOf(m)[0]!, kind: 'eventually' as const };
    expect(shrinkPath(m, [0, 0, 0], fake)).toEqual([0, 0, 0]);
    expect(List([1]).size).toBe(1);
  });
});
