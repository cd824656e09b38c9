/**
 * When the model misbehaves, check() raises a ModelError that says where: the phase, the path
 * to the step (replayable up to the failure), and what was wrong.
 */
import { List, Map, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, final, ModelError, sometimes, StepError, type Model, type Property } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';

const S = Record<{ n: number; data: unknown }>({ n: 0, data: Map({ b: List([0, 1, 2]) }) });
type S = ReturnType<typeof S>;

/**
 * States n = 0 .. 4. From n < 4 there are two actions: 'stay' (a new equal state) and
 * 'step' (to n + 1); only the step from `poisonAt` builds a state holding `poison` at data.b[2].
 */
function counter(opts: { poisonAt?: number; poison?: unknown; initPoison?: unknown; properties?: Property<S>[] }): Model<S, string> {
  return {
    name: 'counter',
    initialStates: () => [S(), ...(opts.initPoison !== undefined ? [S({ data: Map({ b: List([0, 1, opts.initPoison]) }) })] : [])],
    actions: (s, out) => {
      if (s.n < 4) out.push('stay', 'step');
    },
    next: (s, a) => {
      if (a === 'stay') return s.set('n', s.n);
      const n = s.n + 1;
      if (s.n === opts.poisonAt) return S({ n, data: Map({ b: List([0, 1, opts.poison]) }) });
      return s.set('n', n);
    },
    properties: opts.properties ?? [always('small', (s) => s.n < 10)],
  };
}

function thrown(f: () => unknown): ModelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('a state holding a value it may not', () => {
  it('a plain object reached in the third step: phase "state", the path to that step, the field named', () => {
    const model = counter({ poisonAt: 2, poison: { oops: 1 } });
    for (const strategy of ['bfs', 'dfs'] as const) {
      const e = thrown(() => check(model, { strategy }));
      expect(e.phase).toBe('state');
      // Initial state 0, then 'step' (action 1) three times: the third builds the bad state.
      expect(e.path).toEqual([0, 1, 1, 1]);
      expect(e.message).toBe('a state holds a plain object (use an Immutable Record or Map) at data.b[2]');
    }
    // Replaying the path up to the step before the failure works (it is a real path).
    expect(replay(model, [0, 1, 1]).steps.at(-1)!.state.n).toBe(2);
  });

  it.each<[string, unknown, string]>([
    ['an array', [1], 'an array (use Immutable List)'],
    ['a JavaScript Map', new globalThis.Map(), 'a JavaScript Map (use Immutable Map)'],
    ['a Date', new Date(0), 'an instance of class Date (state may hold only Immutable values and primitives)'],
  ])('%s in the first step is named with its field', (_, poison, what) => {
    const e = thrown(() => check(counter({ poisonAt: 0, poison })));
    expect(e.phase).toBe('state');
    expect(e.path).toEqual([0, 1]);
    expect(e.message).toBe(`a state holds ${what} at data.b[2]`);
  });

  it('in an initial state: the path is that initial state', () => {
    const e = thrown(() => check(counter({ initPoison: () => 0 })));
    expect(e.phase).toBe('state');
    expect(e.path).toEqual([1]);
    expect(e.message).toBe('a state holds a function at data.b[2]');
  });

  it('a plain object as the whole state', () => {
    const model: Model<unknown, number> = {
      name: 'plain',
      initialStates: () => [0],
      actions: (_s, out) => out.push(0),
      next: () => ({ n: 1 }),
      properties: [],
    };
    const e = thrown(() => check(model));
    expect(e).toMatchObject({ phase: 'state', path: [0, 0] });
    expect(e.message).toBe('a state holds a plain object (use an Immutable Record or Map) at (the state itself)');
  });
});

describe('a property that throws', () => {
  const boom = (at: number) => (s: S): boolean => {
    if (s.n === at) throw new TypeError(`cannot judge ${at}`);
    return true;
  };

  it.each([
    ['always', always<S>('judge', boom(3))],
    ['sometimes', sometimes<S>('judge', (s) => !boom(3)(s))],
  ])('%s: phase "property", the property named, the path to the state it was judging', (_, p) => {
    const e = thrown(() => check(counter({ properties: [always('small', () => true), p] }), { continueAfterFailure: true }));
    expect(e.phase).toBe('property');
    expect(e.property).toBe('judge');
    expect(e.path).toEqual([0, 1, 1, 1]);
    expect(e.message).toBe('TypeError: cannot judge 3');
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(replay(counter({}), e.path).steps.at(-1)!.state.n).toBe(3);
  });

  it('final: judged at the final state (n = 4), the path to it', () => {
    const e = thrown(() => check(counter({ properties: [final<S>('end', boom(4))] })));
    expect(e).toMatchObject({ phase: 'property', property: 'end', path: [0, 1, 1, 1, 1] });
    expect(e.message).toBe('TypeError: cannot judge 4');
  });

  it('on an initial state: the path is that initial state', () => {
    const e = thrown(() => check(counter({ properties: [always<S>('judge', boom(0))] })));
    expect(e).toMatchObject({ phase: 'property', property: 'judge', path: [0] });
  });

  it('a model that behaves gets no error (control)', () => {
    const r = check(counter({ properties: [always<S>('judge', boom(99))] }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(5);
    // 4 states with two actions each: 'stay' stutters but is still a transition.
    expect(r.stats.transitions).toBe(8);
    expect(r.properties[0]!.status).toBe('pass');
  });
});

describe('replay raises the error the search raises, at the same step', () => {
  /** The counter, with next() failing on the step from n = 2: a plain Error, or a StepError naming action 1. */
  function failing(error: 'plain' | 'step'): Model<S, string> {
    const base = counter({});
    return {
      ...base,
      next: (s, a) => {
        if (s.n === 2 && a === 'step') throw error === 'plain' ? new Error('no step from 2') : new StepError('no step from 2', 1);
        return base.next(s, a);
      },
    };
  }

  it.each(['plain', 'step'] as const)('a %s error in next(): same phase, message and path', (kind) => {
    const model = failing(kind);
    const searched = thrown(() => check(model));
    expect(searched.phase).toBe('next');
    // Initial state 0, step twice, then action 1 (step) from n = 2.
    expect(searched.path).toEqual([0, 1, 1, 1]);
    const replayed = thrown(() => replay(model, searched.path));
    expect({ phase: replayed.phase, path: replayed.path, message: replayed.message }).toEqual({
      phase: searched.phase,
      path: searched.path,
      message: searched.message,
    });
  });
});
