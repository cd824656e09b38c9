/**
 * TwoPhase: Gray and Lamport's two-phase commit, the TLA+ spec `TwoPhase` (Lamport, "Consensus
 * on Transaction Commit", 2006; tlaplus/Examples), written as a plain transition system with
 * Immutable state, the way a user would write it.
 *
 * A transaction manager (TM) and `rms` resource managers (RMs). Messages are never removed from
 * `msgs`, so any message may be received any number of times: the spec abstracts the network.
 *
 * What it shows: the invariant (no RM committed while another aborted) holds, and the state
 * counts match the published ones exactly (`../shared/REFERENCE.md`: 288 distinct states and
 * 1,146 generated for 3 RMs, BFS depth 11; 8,832 for 5 RMs), so this model cross-checks the
 * explorer against TLC, SPIN and Stateright. It is also the benchmark of the performance work.
 */
import { List, Record, Set } from 'immutable';
import { always, defineModel, eventually, sometimes, type Model } from 'protocheck';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';

/**
 * A message is its name: `Prepared(rm1)`, `Commit` or `Abort`. Strings, not Records: Immutable
 * compares Records in a small Set by building sequences of their fields, which made `msgs.has`
 * a third of the whole search; a string compares in one step.
 */
type Msg = string;
const COMMIT: Msg = 'Commit';
const ABORT: Msg = 'Abort';

const State = Record({
  rmState: List<RMState>(),
  tmState: 'init' as TMState,
  tmPrepared: Set<number>(),
  msgs: Set<Msg>(),
});
type State = ReturnType<typeof State>;

type Action =
  | { type: 'TMRcvPrepared'; rm: number }
  | { type: 'TMCommit' }
  | { type: 'TMAbort' }
  | { type: 'RMPrepare'; rm: number }
  | { type: 'RMChooseToAbort'; rm: number }
  | { type: 'RMRcvCommitMsg'; rm: number }
  | { type: 'RMRcvAbortMsg'; rm: number };

export function twoPhase(rms: number, liveness = false): Model<State, Action> {
  const prepared: Msg[] = Array.from({ length: rms }, (_, rm) => `Prepared(rm${rm + 1})`);
  const rmOf = new globalThis.Map(prepared.map((m, rm) => [m, rm]));
  /** The state with RM i renamed to perm[i]: its slot, its vote at the TM, its message. */
  const permute = (s: State, perm: readonly number[]): State =>
    s
      .set('rmState', s.rmState.withMutations((l) => void s.rmState.forEach((r, i) => void l.set(perm[i]!, r))))
      .set('tmPrepared', s.tmPrepared.map((r) => perm[r]!))
      .set('msgs', s.msgs.map((m) => (rmOf.has(m) ? prepared[perm[rmOf.get(m)!]!]! : m)));
  return {
    name: 'two-phase',
    initialStates: () => [State({ rmState: List(Array.from({ length: rms }, () => 'working' as RMState)) })],
    actions(s, out) {
      if (s.tmState === 'init') {
        for (let rm = 0; rm < rms; rm++) if (s.msgs.has(prepared[rm]!)) out.push({ type: 'TMRcvPrepared', rm });
        if (s.tmPrepared.size === rms) out.push({ type: 'TMCommit' });
        out.push({ type: 'TMAbort' });
      }
      for (let rm = 0; rm < rms; rm++) {
        if (s.rmState.get(rm) === 'working') {
          out.push({ type: 'RMPrepare', rm });
          out.push({ type: 'RMChooseToAbort', rm });
        }
      }
      const commit = s.msgs.has(COMMIT);
      const abort = s.msgs.has(ABORT);
      for (let rm = 0; rm < rms; rm++) {
        if (commit) out.push({ type: 'RMRcvCommitMsg', rm });
        if (abort) out.push({ type: 'RMRcvAbortMsg', rm });
      }
    },
    next(s, a) {
      switch (a.type) {
        case 'TMRcvPrepared':
          return s.set('tmPrepared', s.tmPrepared.add(a.rm));
        // `set` twice rather than `merge({...})`: merge goes through a lazy sequence of the
        // object and costs several times more; both are ordinary Immutable.
        case 'TMCommit':
          return s.set('tmState', 'committed').set('msgs', s.msgs.add(COMMIT));
        case 'TMAbort':
          return s.set('tmState', 'aborted').set('msgs', s.msgs.add(ABORT));
        case 'RMPrepare':
          return s.set('rmState', s.rmState.set(a.rm, 'prepared')).set('msgs', s.msgs.add(prepared[a.rm]!));
        case 'RMChooseToAbort':
          return s.set('rmState', s.rmState.set(a.rm, 'aborted'));
        case 'RMRcvCommitMsg':
          return s.set('rmState', s.rmState.set(a.rm, 'committed'));
        case 'RMRcvAbortMsg':
          return s.set('rmState', s.rmState.set(a.rm, 'aborted'));
      }
    },
    describe(a) {
      const rm = 'rm' in a ? `(rm${a.rm + 1})` : '';
      return { kind: 'action', label: `${a.type}${rm}` };
    },
    // The resource managers are interchangeable: `--symmetry` explores one state per class.
    symmetry: {
      size: rms,
      permute,
      // An RM is fully described by its own state, whether the TM has its vote and whether its
      // Prepared message was sent; RMs never refer to each other. So sorting RMs by that triple
      // gives one representative per class, as the generic search over all permutations does
      // (the tests compare the two), at n log n instead of n! per state.
      canonicalize(s) {
        const key = (rm: number): string =>
          `${s.rmState.get(rm)}${s.tmPrepared.has(rm) ? 1 : 0}${s.msgs.has(prepared[rm]!) ? 1 : 0}`;
        const order = Array.from({ length: rms }, (_, rm) => rm).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        const perm: number[] = [];
        order.forEach((rm, position) => (perm[rm] = position));
        return permute(s, perm);
      },
    },
    properties: [
      always<State>(
        'consistent',
        (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
        'no resource manager has committed while another has aborted (TCConsistent)',
      ),
      sometimes<State>('can commit', (s) => s.rmState.every((r) => r === 'committed'), 'every RM can end up committed'),
      ...(liveness
        ? [
            eventually<State>(
              'every RM decides',
              (s) => s.rmState.every((r) => r === 'committed' || r === 'aborted'),
              'under weak fairness of every action, every resource manager ends committed or aborted',
            ),
          ]
        : []),
    ],
    // Weak fairness of each action (per RM): what the TLA+ spec's liveness variant assumes.
    ...(liveness ? { fairness: (a: Action) => ({ key: 'rm' in a ? `${a.type}(${a.rm})` : a.type }) } : {}),
  };
}

export default defineModel({
  name: 'two-phase',
  description: "Gray and Lamport's two-phase commit, the TLA+ TwoPhase spec (generic model, Immutable state)",
  params: {
    rms: { default: 3, description: 'number of resource managers', integer: true, min: 1, max: 12 },
    liveness: { default: false, description: 'add the liveness property "every RM decides" (under weak fairness)' },
  },
  create: ({ rms, liveness }) => twoPhase(rms, liveness),
  tests: [
    {
      params: { rms: 3 },
      properties: { consistent: 'pass', 'can commit': 'pass' },
      distinctStates: 288,
      generated: 1146,
      depth: 11,
    },
    { params: { rms: 4 }, distinctStates: 1568, generated: 8258 },
    { params: { rms: 5 }, properties: { consistent: 'pass' }, distinctStates: 8832, generated: 58146 },
    { params: { rms: 3, liveness: true }, properties: { 'every RM decides': 'pass' }, distinctStates: 288 },
  ],
});
