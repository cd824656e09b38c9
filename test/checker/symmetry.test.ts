/**
 * Symmetry reduction in the checker: orbit counts of TwoPhase reasoned out by hand, the model's
 * sort-based canonical form against the generic one (smallest fingerprint over all
 * permutations), random symmetric systems against an independent reference (a plain BFS over
 * arrays that counts sorted multisets), and the guard that refuses properties naming one element.
 */
import fc from 'fast-check';
import { List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, final, OptionError, sometimes, type CheckResult, type Model, type PropertyResult } from '../../src/index.ts';
import type { Symmetry } from '../../src/model/Symmetry.ts';
import { canonicalizer, permutations } from '../../src/checker/canonicalizer.ts';
import { isFinal, replay } from '../../src/checker/replay.ts';
import { twoPhase } from '../../models/two-phase.ts';
import { stateGraph } from '../helpers/stateGraph.ts';

/** The model with its symmetry but without its own canonical form: the checker's default applies. */
function generic<S, A>(model: Model<S, A>): Model<S, A> {
  const sym = model.symmetry!;
  const plain: Symmetry<S> = { size: sym.size, permute: (s, p) => sym.permute(s, p) };
  return { ...model, symmetry: plain };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * TwoPhase with n RMs, by hand. The TM's state fixes the Commit/Abort messages, and an RM is
 * fully described by a label: its state, whether its Prepared message was sent, whether the TM
 * has its vote. So a class is the TM's state and a multiset of n labels.
 * - TM init: labels W (working), P0 / P1 (prepared, vote not yet / already at the TM), A (chose to
 *   abort, nothing sent): any mix is reachable, C(n+3, 3) multisets (4^n states).
 * - TM committed: every RM was prepared and counted; P1 or C (committed): n + 1 (2^n states).
 * - TM aborted: W, P0, P1, A, and aborted after preparing with the vote counted or not (X1, X0;
 *   an RM may still prepare after the abort, and RMRcvAbortMsg hits any RM): C(n+5, 5) (6^n).
 * 3 RMs: 20 + 4 + 56 = 80 classes (64 + 8 + 216 = 288 states); 4: 35 + 5 + 126 = 166;
 * 5: 56 + 6 + 252 = 314; 6: 84 + 7 + 462 = 553.
 */
const twoPhaseOrbits = (n: number): number => binomial(n + 3, 3) + (n + 1) + binomial(n + 5, 5);

describe('TwoPhase under symmetry', () => {
  it.each([
    [3, 80, 288],
    [4, 166, 1568],
    [5, 314, 8832],
  ])('%i RMs: %i classes (of %i states), as reasoned out', (rms, classes, stateCount) => {
    expect(twoPhaseOrbits(rms)).toBe(classes);
    expect(4 ** rms + 2 ** rms + 6 ** rms).toBe(stateCount);
    const model = twoPhase(rms);
    const r = check(model, { symmetry: true, continueAfterFailure: true });
    expect(r.complete).toBe(true);
    expect(r.symmetry).toBe(true);
    expect(r.stats.distinctStates).toBe(classes);
    // Independently: every reachable state (a value-keyed enumeration, no fingerprints), keyed by
    // the TM's state and the sorted labels of the RMs.
    const { states } = stateGraph(model);
    expect(states.length).toBe(stateCount);
    const keys = new Set(
      states.map((s) => {
        const labels = s.rmState.toArray().map((st, i) => `${st}/${s.tmPrepared.has(i) ? 1 : 0}/${s.msgs.has(`Prepared(rm${i + 1})`) ? 1 : 0}`);
        return `${s.tmState}|${labels.sort().join(',')}`;
      }),
    );
    expect(keys.size).toBe(classes);
    // Verdicts, and the BFS depth, are those of the full search.
    const full = check(model, { continueAfterFailure: true });
    expect(full.stats.distinctStates).toBe(states.length);
    expect(r.properties.map((p) => p.status)).toEqual(full.properties.map((p) => p.status));
    expect(r.stats.maxDepth).toBe(full.stats.maxDepth);
  });

  it.each([3, 4, 5, 6])('%i RMs: the sort-based canonical form and the generic one find the same classes', (rms) => {
    const model = twoPhase(rms);
    const sorted = check(model, { symmetry: true, continueAfterFailure: true });
    const byFingerprint = check(generic(model), { symmetry: true, continueAfterFailure: true });
    expect(sorted.stats.distinctStates).toBe(twoPhaseOrbits(rms));
    expect(byFingerprint.stats.distinctStates).toBe(twoPhaseOrbits(rms));
    expect(byFingerprint.stats.maxDepth).toBe(sorted.stats.maxDepth);
    expect(byFingerprint.properties.map((p) => [p.status, p.path?.length])).toEqual(sorted.properties.map((p) => [p.status, p.path?.length]));
  });

  it('the witness of "can commit" replays concretely, its fingerprints checked through the canonical form', () => {
    const model = twoPhase(4);
    const r = check(model, { symmetry: true });
    const witness = r.properties.find((p) => p.name === 'can commit')!;
    expect(witness.status).toBe('pass');
    // 4 prepares, 4 votes counted, commit, 4 commits received: 13 steps after the initial state.
    expect(witness.path).toHaveLength(14);
    const trace = replay(model, witness.path!, witness.fingerprints, canonicalizer(model.symmetry!));
    expect(trace.steps.at(-1)!.state.rmState.toArray()).toEqual(['committed', 'committed', 'committed', 'committed']);
  });

  it('a property that names one RM is refused, naming the property', () => {
    const model = twoPhase(3);
    type State = ReturnType<typeof model.initialStates>[number];
    const named = { ...model, properties: [...model.properties, always<State>('rm1 never aborts', (s) => s.rmState.get(0) !== 'aborted')] };
    expect(() => check(named, { symmetry: true })).toThrow(OptionError);
    expect(() => check(named, { symmetry: true })).toThrow(/property "rm1 never aborts"/);
    // Without symmetry it is an ordinary (failing) invariant.
    expect(check(named).properties.find((p) => p.name === 'rm1 never aborts')!.status).toBe('fail');
  });
});

// ---------------------------------------------------------------------------------------------
// Random symmetric systems: k interchangeable processes with local states 0 .. m-1.

/** "count(x) op c" over the multiset of local states. */
interface CountPred {
  readonly x: number;
  readonly op: 'le' | 'ge' | 'eq';
  readonly c: number;
}

interface Transition {
  readonly from: number;
  readonly to: number;
  readonly guard?: CountPred;
}

interface SymSystem {
  readonly k: number;
  readonly m: number;
  readonly inits: readonly (readonly number[])[];
  readonly transitions: readonly Transition[];
  readonly inv: CountPred;
  readonly goal: CountPred;
  readonly atEnd: CountPred;
}

const count = (s: readonly number[], x: number): number => s.reduce((n, v) => n + (v === x ? 1 : 0), 0);
const holds = (p: CountPred, s: readonly number[]): boolean => {
  const n = count(s, p.x);
  return p.op === 'le' ? n <= p.c : p.op === 'ge' ? n >= p.c : n === p.c;
};

const systemArb: fc.Arbitrary<SymSystem> = fc
  .record({ k: fc.integer({ min: 2, max: 4 }), m: fc.integer({ min: 2, max: 4 }) })
  .chain(({ k, m }) => {
    const local = fc.nat({ max: m - 1 });
    const pred = fc.record({ x: local, op: fc.constantFrom<CountPred['op']>('le', 'ge', 'eq'), c: fc.nat({ max: k }) });
    return fc.record({
      k: fc.constant(k),
      m: fc.constant(m),
      inits: fc.array(fc.array(local, { minLength: k, maxLength: k }), { minLength: 1, maxLength: 3 }),
      transitions: fc.array(
        fc.record({ from: local, to: local, guard: fc.option(pred, { nil: undefined }) }, { requiredKeys: ['from', 'to'] }),
        { minLength: 1, maxLength: 6 },
      ),
      inv: pred,
      goal: pred,
      atEnd: pred,
    });
  });

type Local = List<number>;
interface Move {
  readonly process: number;
  readonly t: number;
}

function symModel(sys: SymSystem, how: 'generic' | 'sorted' = 'generic', extra: Model<Local, Move>['properties'] = []): Model<Local, Move> {
  const permute = (s: Local, perm: readonly number[]): Local => {
    const out: number[] = [];
    s.forEach((v, i) => void (out[perm[i]!] = v));
    return List(out);
  };
  return {
    name: 'symmetric-processes',
    initialStates: () => sys.inits.map((a) => List(a)),
    actions(s, out) {
      const arr = s.toArray();
      for (let i = 0; i < sys.k; i++) {
        sys.transitions.forEach((t, ti) => {
          if (t.from === arr[i] && (!t.guard || holds(t.guard, arr))) out.push({ process: i, t: ti });
        });
      }
    },
    next: (s, a) => s.set(a.process, sys.transitions[a.t]!.to),
    properties: [
      always('inv', (s) => holds(sys.inv, s.toArray())),
      sometimes('goal', (s) => holds(sys.goal, s.toArray())),
      final('at end', (s) => holds(sys.atEnd, s.toArray())),
      ...extra,
    ],
    symmetry:
      how === 'generic'
        ? { size: sys.k, permute }
        : { size: sys.k, permute, canonicalize: (s) => s.sort() },
  };
}

/** The reference: a BFS over plain arrays (no Immutable, no fingerprints). */
interface SymReference {
  /** Concrete reachable states (joined) and their BFS distance from an initial state. */
  readonly dist: Map<string, number>;
  readonly finals: Set<string>;
  /** Distinct sorted multisets among the reachable states. */
  readonly classes: number;
  /**
   * The BFS depth of the reduced search: a class is first met at its nearest member, so this is
   * the largest over classes of the smallest distance of a member (plus one: states on the path).
   * The full search's depth is larger when the initial states are not closed under permutation.
   */
  readonly classDepth: number;
}

function reference(sys: SymSystem): SymReference {
  const dist = new Map<string, number>();
  const finals = new Set<string>();
  let layer: number[][] = [];
  for (const a of sys.inits) {
    const key = a.join(',');
    if (!dist.has(key)) {
      dist.set(key, 0);
      layer.push([...a]);
    }
  }
  for (let d = 1; layer.length > 0; d++) {
    const nextLayer: number[][] = [];
    for (const s of layer) {
      let moves = 0;
      for (let i = 0; i < sys.k; i++) {
        for (const t of sys.transitions) {
          if (t.from !== s[i] || (t.guard && !holds(t.guard, s)) || t.to === t.from) continue;
          moves++;
          const n = [...s];
          n[i] = t.to;
          const key = n.join(',');
          if (!dist.has(key)) {
            dist.set(key, d);
            nextLayer.push(n);
          }
        }
      }
      if (moves === 0) finals.add(s.join(','));
    }
    layer = nextLayer;
  }
  const byClass = new Map<string, number>();
  for (const [key, d] of dist) {
    const cls = key.split(',').map(Number).sort((a, b) => a - b).join(',');
    byClass.set(cls, Math.min(byClass.get(cls) ?? Infinity, d));
  }
  return { dist, finals, classes: byClass.size, classDepth: Math.max(...byClass.values()) + 1 };
}

/** Path length (states, the initial one included) to the nearest state matching, if any. */
function nearest(ref: SymReference, match: (s: number[]) => boolean, among?: Set<string>): number | undefined {
  let best: number | undefined;
  for (const [key, d] of ref.dist) {
    if (among && !among.has(key)) continue;
    if (match(key.split(',').map(Number)) && (best === undefined || d + 1 < best)) best = d + 1;
  }
  return best;
}

function prop(r: CheckResult, name: string): PropertyResult {
  return r.properties.find((p) => p.name === name)!;
}

describe('random symmetric systems against a reference BFS over sorted multisets', () => {
  it('verdicts, orbit counts, replayable shortest paths', () => {
    fc.assert(
      fc.property(systemArb, (sys) => {
        const ref = reference(sys);
        const expectInv = nearest(ref, (s) => !holds(sys.inv, s));
        const expectGoal = nearest(ref, (s) => holds(sys.goal, s));
        const expectEnd = nearest(ref, (s) => !holds(sys.atEnd, s), ref.finals);
        const expected = {
          inv: [expectInv === undefined ? 'pass' : 'fail', expectInv],
          goal: [expectGoal === undefined ? 'fail' : 'pass', expectGoal],
          'at end': [expectEnd === undefined ? 'pass' : 'fail', expectEnd],
        } as const;

        const plain = symModel(sys);
        const full = check(plain, { continueAfterFailure: true });
        expect(full.stats.distinctStates).toBe(ref.dist.size);
        for (const how of ['generic', 'sorted'] as const) {
          const model = symModel(sys, how);
          const canonical = canonicalizer(model.symmetry!);
          const r = check(model, { symmetry: true, continueAfterFailure: true });
          expect(r.complete).toBe(true);
          expect(r.stats.distinctStates, `${how}: classes`).toBe(ref.classes);
          expect(r.stats.maxDepth, `${how}: depth`).toBe(ref.classDepth);
          expect(r.stats.maxDepth).toBeLessThanOrEqual(full.stats.maxDepth);
          for (const name of ['inv', 'goal', 'at end'] as const) {
            const p = prop(r, name);
            const [status, length] = expected[name];
            expect(p.status, `${how}: ${name}`).toBe(status);
            expect(prop(full, name).status).toBe(status);
            // BFS: the shortest path, with and without symmetry.
            expect(p.path?.length, `${how}: ${name} path length`).toBe(status === (name === 'goal' ? 'pass' : 'fail') ? length : undefined);
            expect(prop(full, name).path?.length).toBe(p.path?.length);
            if (!p.path) continue;
            const trace = replay(model, p.path, p.fingerprints, canonical);
            const last = trace.steps.at(-1)!.state;
            const arr = last.toArray();
            if (name === 'inv') expect(holds(sys.inv, arr)).toBe(false);
            if (name === 'goal') expect(holds(sys.goal, arr)).toBe(true);
            if (name === 'at end') {
              expect(isFinal(model, last)).toBe(true);
              expect(holds(sys.atEnd, arr)).toBe(false);
            }
          }
        }
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('DFS finds the same classes and verdicts', () => {
    fc.assert(
      fc.property(systemArb, (sys) => {
        const ref = reference(sys);
        const model = symModel(sys);
        const r = check(model, { symmetry: true, continueAfterFailure: true, strategy: 'dfs' });
        const full = check(model, { continueAfterFailure: true, strategy: 'dfs' });
        expect(r.stats.distinctStates).toBe(ref.classes);
        expect(r.properties.map((p) => p.status)).toEqual(full.properties.map((p) => p.status));
        const canonical = canonicalizer(model.symmetry!);
        for (const p of r.properties) if (p.path) replay(model, p.path, p.fingerprints, canonical);
      }),
      { seed: 4343, numRuns: 100 },
    );
  });

  it('a property naming process 0 is refused with an OptionError that names it', () => {
    const sys: SymSystem = {
      k: 3,
      m: 2,
      inits: [[0, 0, 0]],
      transitions: [{ from: 0, to: 1 }],
      inv: { x: 0, op: 'ge', c: 0 },
      goal: { x: 1, op: 'ge', c: 3 },
      atEnd: { x: 1, op: 'eq', c: 3 },
    };
    const model = symModel(sys, 'generic', [always('process 0 stays idle', (s) => s.get(0) === 0)]);
    let error: unknown;
    try {
      check(model, { symmetry: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(/unsound for property "process 0 stays idle"/);
    // The symmetric properties alone pass the guard; without symmetry the named one just fails.
    expect(check(symModel(sys), { symmetry: true, continueAfterFailure: true }).stats.distinctStates).toBe(4);
    expect(prop(check(model, { continueAfterFailure: true }), 'process 0 stays idle').status).toBe('fail');
  });

  it('the permutations the default canonical form tries: all n!, the identity first', () => {
    expect(permutations(4)).toHaveLength(24);
    expect(permutations(4)[0]).toEqual([0, 1, 2, 3]);
    expect(new Set(permutations(4).map((p) => p.join())).size).toBe(24);
  });
});
