import { is } from 'immutable';
import type { Model } from '../model/Model.ts';
import { OptionError } from '../model/OptionError.ts';
import { LIVENESS_KINDS, type Property } from '../model/Property.ts';
import { LivenessGraph } from './LivenessGraph.ts';
import type { Lasso } from './liveness.ts';
import { StepError } from '../model/StepError.ts';
import { canonicalizer } from './canonicalizer.ts';
import type { CheckOptions } from './CheckOptions.ts';
import type { Cut, Verdict } from './CheckResult.ts';
import { findInvalidValue } from './findInvalidValue.ts';
import { fingerprintDeferred, fingerprintInto, fpHi, fpLo, keepFingerprints, ParentChangedError, StateValueError } from './fingerprint.ts';
import { ModelError, type ModelPhase } from './ModelError.ts';
import type { VisitedStore } from './VisitedStore.ts';

/** How many of the first states the symmetry soundness guard tries (see `guardSymmetry`). */
const SYMMETRY_GUARD_STATES = 2000;

/** The implicit property of models that say they never terminate. */
function deadlockProperty<S>(): Property<S> {
  return {
    name: 'deadlock',
    kind: 'deadlock',
    check: () => false,
    description: 'no reachable state is final (the model says it never terminates)',
  };
}

/** The properties a search decides for `model`, the implicit deadlock check included. */
export function propertiesOf<S>(model: Model<S, unknown>): Property<S>[] {
  const props = [...model.properties];
  if (model.terminates === false) props.push(deadlockProperty<S>());
  const seen = new Set<string>();
  for (const p of props) {
    if (seen.has(p.name)) throw new OptionError(`model ${model.name} has two properties named "${p.name}"`);
    seen.add(p.name);
  }
  return props;
}

/** What one explorer found, before verdicts are settled (several workers' tallies merge). */
export interface Tally {
  /** Per property: decided so far ('unknown' while open). */
  readonly status: Verdict[];
  /** Per property: the id of the counterexample or witness, or -1. */
  readonly found: number[];
  transitions: number;
  maxDepth: number;
  finalStates: number;
  initialStates: number;
  cut: Cut | undefined;
  /** Liveness counterexamples by property index. */
  lassos?: Map<number, Lasso>;
}

/**
 * The work of the search on one state, whatever order states come in and however many threads
 * share the visited set: list the actions, compute and fingerprint each successor, record the
 * new ones, check properties. The drivers (`check`, the parallel workers) only decide which
 * state comes next and when to stop. One search loop, not copies.
 */
export class Explorer<S, A> {
  readonly props: Property<S>[];
  readonly tally: Tally;
  /** A property failed and the search stops at the first failure. */
  stopped = false;
  private pendingAlways: number[];
  private pendingSometimes: number[];
  private pendingFinal: number[];
  private readonly canonical: ((s: S) => S) | undefined;
  private readonly buffer: A[] = [];
  private guardBudget: number;
  // What the model is doing right now, for the error message if it throws.
  private phase: ModelPhase = 'initialStates';
  private atId = -1;
  private atAction = -1;
  private atProperty: string | undefined;
  private hashing: unknown;
  /** The state graph, kept when the model has liveness properties. */
  readonly live: LivenessGraph | undefined;
  /** Indices (into props) of the liveness properties, in bit order. */
  readonly liveProps: number[];

  constructor(
    readonly model: Model<S, A>,
    readonly opt: CheckOptions,
    readonly visited: VisitedStore<S>,
  ) {
    this.props = propertiesOf(model);
    const props = this.props;
    this.tally = {
      status: props.map(() => 'unknown'),
      found: props.map(() => -1),
      transitions: 0,
      maxDepth: 0,
      finalStates: 0,
      initialStates: 0,
      cut: undefined,
    };
    this.pendingAlways = props.flatMap((p, i) => (p.kind === 'always' ? [i] : []));
    this.pendingSometimes = props.flatMap((p, i) => (p.kind === 'sometimes' ? [i] : []));
    this.pendingFinal = props.flatMap((p, i) => (p.kind === 'final' || p.kind === 'deadlock' ? [i] : []));
    if (opt.symmetry && !model.symmetry) {
      throw new OptionError(`model ${model.name} declares no symmetry, so --symmetry cannot reduce it`);
    }
    this.canonical = opt.symmetry ? canonicalizer(model.symmetry!) : undefined;
    this.guardBudget = opt.symmetry ? SYMMETRY_GUARD_STATES : 0;
    this.liveProps = props.flatMap((p, i) => (LIVENESS_KINDS.has(p.kind) ? [i] : []));
    if (this.liveProps.length > 15) throw new OptionError(`model ${model.name} has more than 15 liveness properties`);
    if (this.liveProps.length > 0 && opt.symmetry) {
      throw new OptionError(
        `symmetry reduction is not supported with liveness properties (${this.liveProps.map((i) => props[i]!.name).join(', ')}): a cycle among classes of states need not be one among states; check without --symmetry`,
      );
    }
    this.live = this.liveProps.length > 0 ? new LivenessGraph() : undefined;
  }

  /**
   * Adds the initial states, handing each new one to `push`. Returns false when the search must
   * stop (a failure, with stop-at-first-failure, or the state bound).
   */
  seed(push: (state: S, id: number) => void): boolean {
    this.phase = 'initialStates';
    const { visited, opt, tally } = this;
    try {
      const inits = this.model.initialStates();
      for (let i = 0; i < inits.length; i++) {
        const state = inits[i]!;
        this.atAction = i;
        const key = this.fingerprint(state);
        if (visited.size >= opt.maxStates && !visited.has(fpHi, fpLo, key)) {
          tally.cut = 'max-states';
          return false;
        }
        const id = visited.add(fpHi, fpLo, key, -1, i, 1);
        if (id < 0) continue;
        tally.initialStates++;
        tally.maxDepth = 1;
        this.onNewState(state, id);
        push(state, id);
        if (this.stopped) {
          if (i < inits.length - 1) tally.cut = 'failure';
          return false;
        }
      }
      this.atAction = -1;
      return true;
    } catch (e) {
      throw this.toModelError(e);
    }
  }

  /**
   * Expands one state: every successor is computed and fingerprinted; new ones are checked and
   * handed to `push`. Returns false when the search must stop.
   */
  expand(state: S, id: number, push: (state: S, id: number) => void): boolean {
    const { model, visited, opt, tally, buffer } = this;
    this.atId = id;
    this.atAction = -1;
    try {
      const depth = visited.depth(id);
      if (model.within) {
        this.phase = 'within';
        if (!model.within(state)) return true;
      }
      this.phase = 'actions';
      buffer.length = 0;
      model.actions(state, buffer);
      const atBound = depth >= opt.maxDepth;
      const hi = visited.hi(id);
      const lo = visited.lo(id);
      const live = this.live;
      live?.begin(id);
      let successors = 0;
      for (let a = 0; a < buffer.length; a++) {
        this.atAction = a;
        this.phase = 'next';
        const next = model.next(state, buffer[a]!);
        if (next === undefined) continue;
        tally.transitions++;
        if (next === state) {
          live?.add(id, id, a, model.fairness?.(buffer[a]!, state), true);
          continue;
        }
        const key = this.fingerprint(next, state);
        // A step to an equal state (a new object with the same value) is stuttering too. (Under
        // symmetry a step to another state of the same class is a duplicate, not a stutter.)
        if (fpHi === hi && fpLo === lo && is(next, state)) {
          live?.add(id, id, a, model.fairness?.(buffer[a]!, state), true);
          continue;
        }
        successors++;
        if (atBound) {
          tally.cut ??= 'max-depth';
          break;
        }
        // (Only with a bound: a shared set's size is a word every thread writes.)
        if (opt.maxStates !== Infinity && visited.size >= opt.maxStates) {
          if (!visited.has(fpHi, fpLo, key)) {
            tally.cut = 'max-states';
            return false;
          }
          // Full, but this successor is known: its edge still belongs to the graph.
          if (live) live.add(id, visited.find(fpHi, fpLo, key), a, model.fairness?.(buffer[a]!, state), false);
          continue;
        }
        // The frontier keeps the concrete state, so the recorded path replays to it exactly.
        const nid = visited.add(fpHi, fpLo, key, id, a, depth + 1);
        if (live) live.add(id, nid >= 0 ? nid : -1 - nid, a, model.fairness?.(buffer[a]!, state), false);
        if (nid < 0) continue;
        // A new state: its parts keep their fingerprints (its successors are hashed against it).
        if (!this.canonical) keepFingerprints();
        if (depth + 1 > tally.maxDepth) tally.maxDepth = depth + 1;
        this.onNewState(next, nid);
        push(next, nid);
        if (this.stopped) {
          tally.cut = 'failure';
          return false;
        }
      }
      this.atAction = -1;
      if (successors === 0) this.onFinalState(state, id);
      return !this.stopped;
    } catch (e) {
      throw this.toModelError(e);
    }
  }

  /**
   * Fingerprints a state (its class representative, under symmetry) into fpHi/fpLo. A successor
   * is hashed against its parent (only what the step changed is hashed), and its parts keep
   * their fingerprints only if it turns out to be new (`keepFingerprints`).
   */
  private fingerprint(state: S, parent?: S): S {
    this.phase = 'state';
    this.hashing = state;
    if (this.canonical) {
      const key = this.canonical(state);
      fingerprintInto(key);
      return key;
    }
    if (parent === undefined) fingerprintInto(state);
    else fingerprintDeferred(state, parent);
    return state;
  }

  /**
   * Action indices that replay `lasso` from the initial state, found by re-executing the model.
   * A lasso takes state-graph edges that may have been recorded on another object of an equal
   * state: one made by another history, whose Maps and Sets may iterate in another order
   * (Immutable's layout depends on history), so its action list may be in another order too.
   * (Paths along parent links do not need this: each state object was made by its parent path.)
   * Each step takes the action whose successor has the next state's fingerprint and whose
   * fairness class is its edge's (the cycle is fair through those), the recorded index first.
   */
  replayableActions(lasso: Lasso): number[] {
    const { model, visited } = this;
    const graph = this.live!;
    const { ids, actions: recorded, edges } = lasso;
    const out: number[] = [];
    try {
      let state = model.initialStates()[visited.action(ids[0]!)]!;
      const actions: A[] = [];
      for (let k = 0; k + 1 < ids.length; k++) {
        const hi = visited.hi(ids[k + 1]!);
        const lo = visited.lo(ids[k + 1]!);
        const fairClass = graph.fairClass[edges[k]!]!;
        this.atId = ids[k]!;
        this.atAction = -1;
        actions.length = 0;
        this.phase = 'actions';
        model.actions(state, actions);
        const first = recorded[k]!;
        const order = [first, ...actions.keys()].filter((a, i) => a < actions.length && (i === 0 || a !== first));
        let found = -1;
        let next: S | undefined;
        for (const a of order) {
          this.atAction = a;
          this.phase = 'next';
          next = model.next(state, actions[a]!) ?? undefined;
          if (next === undefined) continue;
          this.phase = 'state';
          fingerprintInto(next);
          if (fpHi !== hi || fpLo !== lo || graph.classOf(model.fairness?.(actions[a]!, state)) !== fairClass) continue;
          found = a;
          break;
        }
        if (found < 0) throw new Error(`internal: no action leads from state ${ids[k]} to state ${ids[k + 1]} on replay`);
        out.push(found);
        state = next!;
      }
      return out;
    } catch (e) {
      throw this.toModelError(e);
    }
  }

  private decide(i: number, verdict: Verdict, id: number): void {
    this.tally.status[i] = verdict;
    this.tally.found[i] = id;
    if (verdict === 'fail' && !this.opt.continueAfterFailure) this.stopped = true;
  }

  /** Checks a newly discovered state against the properties still open. */
  private onNewState(state: S, id: number): void {
    this.phase = 'property';
    if (this.guardBudget > 0) this.guardSymmetry(state, id);
    const { props, tally } = this;
    if (this.live) {
      let bits = 0;
      this.liveProps.forEach((i, j) => {
        const p = props[i]!;
        this.atProperty = p.name;
        if (p.check(state)) bits |= 1 << (2 * j);
        if (p.target?.(state)) bits |= 1 << (2 * j + 1);
      });
      this.live.setBits(id, bits);
    }
    if (this.pendingAlways.length > 0) {
      let decided = false;
      for (const i of this.pendingAlways) {
        this.atProperty = props[i]!.name;
        if (!props[i]!.check(state)) {
          this.decide(i, 'fail', id);
          decided = true;
        }
      }
      if (decided) this.pendingAlways = this.pendingAlways.filter((i) => tally.status[i] === 'unknown');
    }
    if (this.pendingSometimes.length > 0) {
      let decided = false;
      for (const i of this.pendingSometimes) {
        this.atProperty = props[i]!.name;
        if (props[i]!.check(state)) {
          this.decide(i, 'pass', id);
          decided = true;
        }
      }
      if (decided) this.pendingSometimes = this.pendingSometimes.filter((i) => tally.status[i] === 'unknown');
    }
    this.atProperty = undefined;
  }

  private onFinalState(state: S, id: number): void {
    this.tally.finalStates++;
    if (this.pendingFinal.length === 0) return;
    this.phase = 'property';
    let decided = false;
    for (const i of this.pendingFinal) {
      this.atProperty = this.props[i]!.name;
      if (!this.props[i]!.check(state)) {
        this.decide(i, 'fail', id);
        decided = true;
      }
    }
    this.atProperty = undefined;
    if (decided) this.pendingFinal = this.pendingFinal.filter((i) => this.tally.status[i] === 'unknown');
  }

  /**
   * Symmetry reduction is sound only for properties that cannot tell equivalent states apart.
   * Tries each property on the first states found and on permutations of them; refuses if one
   * differs.
   */
  private guardSymmetry(state: S, id: number): void {
    this.guardBudget--;
    const { model } = this;
    const sym = model.symmetry!;
    const n = sym.size;
    // A rotation and a swap generate every permutation.
    const perms = n < 2 ? [] : [Array.from({ length: n }, (_, i) => (i + 1) % n), Array.from({ length: n }, (_, i) => (i < 2 ? 1 - i : i))];
    for (const perm of perms) {
      const image = sym.permute(state, perm);
      for (const p of this.props) {
        if (p.kind === 'deadlock') continue;
        if (p.check(state) !== p.check(image)) {
          throw new OptionError(
            `symmetry reduction is unsound for property "${p.name}": it holds in one of two symmetric states and not ` +
              `in the other (the state at path ${this.visited.pathTo(id).join('/')} and its image under the permutation ` +
              `[${perm.join(', ')}]). It probably names one specific element; check without --symmetry, or make ` +
              'the property symmetric.',
          );
        }
      }
      if (model.within && model.within(state) !== model.within(image)) {
        throw new OptionError('symmetry reduction is unsound for the state constraint (within): it tells symmetric states apart');
      }
    }
  }

  private toModelError(e: unknown): unknown {
    if (e instanceof ModelError || e instanceof OptionError) return e;
    const { visited, atId, atAction } = this;
    const base = atId >= 0 ? visited.pathTo(atId) : [];
    if (e instanceof StepError) return new ModelError(e.message, 'next', [...base, e.actionIndex], e.cause ?? e);
    const path = atAction >= 0 ? [...base, atAction] : base;
    if (e instanceof ParentChangedError) return new ModelError(e.message, 'next', path, e);
    if (e instanceof StateValueError) {
      const where = findInvalidValue(this.hashing);
      const field = where ? ` at ${where.path}` : '';
      return new ModelError(`a state holds ${where?.what ?? e.what}${field}`, 'state', path, e);
    }
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return new ModelError(what, this.phase, path, e, this.atProperty);
  }
}
