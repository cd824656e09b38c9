import { is } from 'immutable';
import type { Model } from '../model/Model.ts';
import type { Property } from '../model/Property.ts';
import { OptionError } from '../model/OptionError.ts';
import { StepError } from '../model/StepError.ts';
import { type CheckOptions, resolveCheckOptions } from './CheckOptions.ts';
import type { CheckResult, Cut, PropertyResult, Verdict } from './CheckResult.ts';
import { fingerprintInto, findInvalidValue, fpHi, fpLo, StateValueError } from './fingerprint.ts';
import { canonicalizer } from './canonicalizer.ts';
import { Frontier } from './Frontier.ts';
import { ModelError, type ModelPhase } from './ModelError.ts';
import { VisitedSet } from './VisitedSet.ts';

/** How many of the first states the symmetry soundness guard tries (see guardSymmetry). */
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

/**
 * Explores every reachable state of `model` (breadth- or depth-first: one loop, the frontier
 * decides the order) and decides each property: pass, fail with a counterexample path, or
 * unknown when a bound cut the search.
 */
export function check<S, A>(model: Model<S, A>, options: Partial<CheckOptions> = {}): CheckResult {
  const opt = resolveCheckOptions(options);
  const props = propertiesOf(model);
  const status: Verdict[] = props.map(() => 'unknown');
  const found: number[] = props.map(() => -1);
  let pendingAlways = props.flatMap((p, i) => (p.kind === 'always' ? [i] : []));
  let pendingSometimes = props.flatMap((p, i) => (p.kind === 'sometimes' ? [i] : []));
  let pendingFinal = props.flatMap((p, i) => (p.kind === 'final' || p.kind === 'deadlock' ? [i] : []));

  const visited = new VisitedSet<S>(opt.exact ? (a, b) => is(a, b) : undefined);
  const frontier = new Frontier<S>(opt.strategy === 'dfs');
  const started = performance.now();
  const deadline = started + opt.timeoutSeconds * 1000;
  let nextProgress = started + opt.progressSeconds * 1000;
  let transitions = 0;
  let maxDepth = 0;
  let finalStates = 0;
  let initialStates = 0;
  let cut: Cut | undefined;
  let failed = false;
  /** The search left work undone because it stops at the first failure. */
  let brokeOff = false;

  // What the model is doing right now, for the error message if it throws.
  let phase: ModelPhase = 'initialStates';
  let atId = -1;
  let atAction = -1;
  let atProperty: string | undefined;

  const decide = (i: number, verdict: Verdict, id: number): void => {
    status[i] = verdict;
    found[i] = id;
    if (verdict === 'fail') failed = true;
  };

  // Symmetry reduction is sound only for properties that cannot tell equivalent states apart.
  // Try each property on the first states found and on permutations of them; refuse if one differs.
  let guardBudget = opt.symmetry ? SYMMETRY_GUARD_STATES : 0;
  const guardSymmetry = (state: S, id: number): void => {
    guardBudget--;
    const sym = model.symmetry!;
    const n = sym.size;
    // A rotation and a swap generate every permutation.
    const perms = n < 2 ? [] : [Array.from({ length: n }, (_, i) => (i + 1) % n), Array.from({ length: n }, (_, i) => (i < 2 ? 1 - i : i))];
    for (const perm of perms) {
      const image = sym.permute(state, perm);
      for (const p of props) {
        if (p.kind === 'deadlock') continue;
        if (p.check(state) !== p.check(image)) {
          throw new OptionError(
            `symmetry reduction is unsound for property "${p.name}": it holds in one of two symmetric states and not ` +
              `in the other (the state at path ${visited.pathTo(id).join('/')} and its image under the permutation ` +
              `[${perm.join(', ')}]). It probably names one specific element; check without --symmetry, or make ` +
              'the property symmetric.',
          );
        }
      }
      if (model.within && model.within(state) !== model.within(image)) {
        throw new OptionError('symmetry reduction is unsound for the state constraint (within): it tells symmetric states apart');
      }
    }
  };

  /** Checks a newly discovered state against the properties still open. */
  const onNewState = (state: S, id: number): void => {
    phase = 'property';
    if (guardBudget > 0) guardSymmetry(state, id);
    if (pendingAlways.length > 0) {
      let decided = false;
      for (const i of pendingAlways) {
        atProperty = props[i]!.name;
        if (!props[i]!.check(state)) {
          decide(i, 'fail', id);
          decided = true;
        }
      }
      if (decided) pendingAlways = pendingAlways.filter((i) => status[i] === 'unknown');
    }
    if (pendingSometimes.length > 0) {
      let decided = false;
      for (const i of pendingSometimes) {
        atProperty = props[i]!.name;
        if (props[i]!.check(state)) {
          decide(i, 'pass', id);
          decided = true;
        }
      }
      if (decided) pendingSometimes = pendingSometimes.filter((i) => status[i] === 'unknown');
    }
    atProperty = undefined;
  };

  const onFinalState = (state: S, id: number): void => {
    finalStates++;
    if (pendingFinal.length === 0) return;
    phase = 'property';
    let decided = false;
    for (const i of pendingFinal) {
      atProperty = props[i]!.name;
      if (!props[i]!.check(state)) {
        decide(i, 'fail', id);
        decided = true;
      }
    }
    atProperty = undefined;
    if (decided) pendingFinal = pendingFinal.filter((i) => status[i] === 'unknown');
  };

  let hashing: unknown;
  if (opt.symmetry && !model.symmetry) {
    throw new OptionError(`model ${model.name} declares no symmetry, so --symmetry cannot reduce it`);
  }
  const canonical = opt.symmetry ? canonicalizer(model.symmetry!) : undefined;
  /** Fingerprints a state (its class representative, under symmetry) into fpHi/fpLo; returns what was hashed. */
  const fingerprint = (state: S): S => {
    phase = 'state';
    hashing = state;
    const key = canonical ? canonical(state) : state;
    fingerprintInto(key);
    return key;
  };

  try {
    const inits = model.initialStates();
    for (let i = 0; i < inits.length; i++) {
      const state = inits[i]!;
      atAction = i;
      const key = fingerprint(state);
      if (visited.size >= opt.maxStates && !visited.has(fpHi, fpLo, key)) {
        cut = 'max-states';
        break;
      }
      const id = visited.add(fpHi, fpLo, key, -1, i, 1);
      if (id < 0) continue;
      initialStates++;
      maxDepth = 1;
      onNewState(state, id);
      frontier.push(state, id);
      if (failed && !opt.continueAfterFailure) {
        brokeOff = i < inits.length - 1;
        break;
      }
    }
    atAction = -1;

    const buffer: A[] = [];
    let expanded = 0;
    search: while (frontier.size > 0 && !(failed && !opt.continueAfterFailure)) {
      const state = frontier.take();
      const id = frontier.lastId;
      const depth = visited.depth(id);
      atId = id;
      atAction = -1;
      if ((++expanded & 1023) === 0) {
        const now = performance.now();
        if (now > deadline) {
          cut = 'timeout';
          break;
        }
        if (opt.onProgress && now >= nextProgress) {
          nextProgress = now + opt.progressSeconds * 1000;
          opt.onProgress({
            distinctStates: visited.size,
            transitions,
            depth,
            frontier: frontier.size,
            seconds: (now - started) / 1000,
          });
        }
      }
      if (model.within) {
        phase = 'within';
        if (!model.within(state)) continue;
      }
      phase = 'actions';
      buffer.length = 0;
      model.actions(state, buffer);
      const atBound = depth >= opt.maxDepth;
      let successors = 0;
      for (let a = 0; a < buffer.length; a++) {
        atAction = a;
        phase = 'next';
        const next = model.next(state, buffer[a]!);
        if (next === undefined) continue;
        transitions++;
        if (next === state) continue;
        const key = fingerprint(next);
        // A step to an equal state (a new object with the same value) is stuttering too. (Under
        // symmetry a step to another state of the same class is a duplicate, not a stutter.)
        if (fpHi === visited.hi(id) && fpLo === visited.lo(id) && is(next, state)) continue;
        successors++;
        if (atBound) {
          cut ??= 'max-depth';
          break;
        }
        if (visited.size >= opt.maxStates) {
          if (!visited.has(fpHi, fpLo, key)) {
            cut = 'max-states';
            break search;
          }
          continue;
        }
        // The frontier keeps the concrete state, so the recorded path replays to it exactly.
        const nid = visited.add(fpHi, fpLo, key, id, a, depth + 1);
        if (nid < 0) continue;
        if (depth + 1 > maxDepth) maxDepth = depth + 1;
        onNewState(next, nid);
        frontier.push(next, nid);
        if (failed && !opt.continueAfterFailure) {
          brokeOff = true;
          break search;
        }
      }
      atAction = -1;
      if (successors === 0) {
        onFinalState(state, id);
      }
    }
  } catch (e) {
    throw toModelError(e, phase, visited as VisitedSet<unknown>, atId, atAction, atProperty, hashing);
  }

  if (!cut && failed && !opt.continueAfterFailure && (brokeOff || frontier.size > 0)) cut = 'failure';
  const complete = cut === undefined;
  const seconds = (performance.now() - started) / 1000;

  const results: PropertyResult[] = props.map((p, i) => {
    let verdict = status[i]!;
    if (verdict === 'unknown' && complete) verdict = p.kind === 'sometimes' ? 'fail' : 'pass';
    const base: PropertyResult = { name: p.name, kind: p.kind, status: verdict, description: p.description };
    const id = found[i]!;
    if (id < 0) return base;
    const ids = visited.idsTo(id);
    return { ...base, path: visited.pathTo(id), fingerprints: ids.map((x) => visited.fingerprintHex(x)) };
  });

  return {
    model: model.name,
    complete,
    ...(cut ? { cut } : {}),
    strategy: opt.strategy,
    exact: opt.exact,
    symmetry: opt.symmetry,
    stats: {
      distinctStates: visited.size,
      transitions,
      generated: transitions + initialStates,
      initialStates,
      maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? visited.size / seconds : visited.size,
      bytesPerState: visited.bytesPerState(),
      collisionProbability: opt.exact ? 0 : (visited.size * transitions) / 2 ** 64,
      finalStates,
    },
    properties: results,
  };
}

function toModelError(
  e: unknown,
  phase: ModelPhase,
  visited: VisitedSet<unknown>,
  atId: number,
  atAction: number,
  property: string | undefined,
  hashing: unknown,
): unknown {
  if (e instanceof ModelError || e instanceof OptionError) return e;
  const base = atId >= 0 ? visited.pathTo(atId) : [];
  if (e instanceof StepError) return new ModelError(e.message, 'next', [...base, e.actionIndex], e.cause ?? e);
  const path = atAction >= 0 ? [...base, atAction] : base;
  if (e instanceof StateValueError) {
    const where = findInvalidValue(hashing);
    const field = where ? ` at ${where.path}` : '';
    return new ModelError(`a state holds ${where?.what ?? e.what}${field}`, 'state', path, e);
  }
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ModelError(what, phase, path, e, property);
}
