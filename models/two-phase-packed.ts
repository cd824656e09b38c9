/**
 * TwoPhase with its state packed into one number: the same TLA+ spec `TwoPhase` as
 * `models/two-phase.ts` (same actions, listed in the same order, so the same counts and the same
 * counterexample paths), written for speed instead of as a user first would.
 *
 * Why it exists: in `models/two-phase.ts` the model's own Immutable work (building each
 * successor Record, List and Set, and reading them) is about half of a check; measured inside the
 * search at 8 RMs it is ~8.4 s of ~17 s. No search can be faster than the model it calls. A
 * state that is a number costs almost nothing to build, fingerprint and store, so this is what a
 * user does when a model must go fast, and what the README's speed section shows.
 *
 * The layout. Resource manager i owns the hex digit i (4 bits) of the number:
 *   bits 0-1  its state: 0 working, 1 prepared, 2 committed, 3 aborted
 *   bit 2     the TM has its vote (i ∈ tmPrepared)
 *   bit 3     its Prepared message was sent (Prepared(i) ∈ msgs; it stays after an abort)
 * and the digit above the RMs' holds tmState: 0 init, 1 committed, 2 aborted. Commit ∈ msgs iff
 * tmState = committed and Abort ∈ msgs iff aborted (the spec adds each message in the step that
 * sets tmState), so they need no bits. At most 12 RMs (50 bits: integers stay exact in a double).
 *
 * Reports still show the spec's variables: `toJSON` unpacks a state into the generic model's
 * shape (sets as sorted lists).
 */
import { always, defineModel, eventually, sometimes, type Model } from 'protocheck';

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
const TM_STATES = ['init', 'committed', 'aborted'] as const;
const WORKING = 0;
const PREPARED = 1;
const COMMITTED = 2;
const ABORTED = 3;
const STATE_BITS = 3;
const VOTED = 4;
const SENT = 8;
const TM_INIT = 0;
const TM_COMMITTED = 1;
const TM_ABORTED = 2;

/** Actions as numbers too: `kind + 8 * rm`. No object per action. */
const TM_RCV_PREPARED = 0;
const TM_COMMIT = 1;
const TM_ABORT = 2;
const RM_PREPARE = 3;
const RM_CHOOSE_TO_ABORT = 4;
const RM_RCV_COMMIT = 5;
const RM_RCV_ABORT = 6;
const ACTION_NAMES = ['TMRcvPrepared', 'TMCommit', 'TMAbort', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'];

/** The spec's variables, as `models/two-phase.ts` reports them. */
export interface TwoPhaseView {
  rmState: string[];
  tmState: string;
  tmPrepared: number[];
  msgs: string[];
}

export function twoPhasePacked(rms: number, liveness = false): Model<number, number> {
  if (!Number.isInteger(rms) || rms < 1 || rms > 12) throw new RangeError(`two-phase-packed holds 1 to 12 RMs, not ${rms}`);
  /** 16^i: where RM i's digit starts; DIGIT[rms] is the TM's. */
  const DIGIT = Array.from({ length: rms + 1 }, (_, i) => 16 ** i);
  const TM = DIGIT[rms]!;
  const digit = (s: number, i: number): number => Math.floor(s / DIGIT[i]!) % 16;
  const tmOf = (s: number): number => Math.floor(s / TM);
  /** `s` with RM i's state bits set to `to` (its other bits kept). */
  const withRmState = (s: number, i: number, to: number): number => s + (to - (digit(s, i) & STATE_BITS)) * DIGIT[i]!;
  const anyRm = (s: number, state: number): boolean => {
    for (let i = 0; i < rms; i++) if ((digit(s, i) & STATE_BITS) === state) return true;
    return false;
  };
  const allRms = (s: number, test: (d: number) => boolean): boolean => {
    for (let i = 0; i < rms; i++) if (!test(digit(s, i))) return false;
    return true;
  };
  /** The state with RM i renamed to perm[i]: its digit moves, the TM's stays. */
  const permute = (s: number, perm: readonly number[]): number => {
    let out = tmOf(s) * TM;
    for (let i = 0; i < rms; i++) out += digit(s, i) * DIGIT[perm[i]!]!;
    return out;
  };

  return {
    name: 'two-phase-packed',
    initialStates: () => [0],
    actions(s, out) {
      const tm = tmOf(s);
      if (tm === TM_INIT) {
        for (let rm = 0; rm < rms; rm++) if (digit(s, rm) & SENT) out.push(TM_RCV_PREPARED + 8 * rm);
        if (allRms(s, (d) => (d & VOTED) !== 0)) out.push(TM_COMMIT);
        out.push(TM_ABORT);
      }
      for (let rm = 0; rm < rms; rm++) {
        if ((digit(s, rm) & STATE_BITS) === WORKING) {
          out.push(RM_PREPARE + 8 * rm);
          out.push(RM_CHOOSE_TO_ABORT + 8 * rm);
        }
      }
      const commit = tm === TM_COMMITTED;
      const abort = tm === TM_ABORTED;
      for (let rm = 0; rm < rms; rm++) {
        if (commit) out.push(RM_RCV_COMMIT + 8 * rm);
        if (abort) out.push(RM_RCV_ABORT + 8 * rm);
      }
    },
    next(s, a) {
      const rm = a >> 3;
      switch (a & 7) {
        case TM_RCV_PREPARED:
          return digit(s, rm) & VOTED ? s : s + VOTED * DIGIT[rm]!;
        case TM_COMMIT:
          return s + (TM_COMMITTED - tmOf(s)) * TM;
        case TM_ABORT:
          return s + (TM_ABORTED - tmOf(s)) * TM;
        case RM_PREPARE: {
          const sent = digit(s, rm) & SENT ? 0 : SENT * DIGIT[rm]!;
          return withRmState(s, rm, PREPARED) + sent;
        }
        case RM_CHOOSE_TO_ABORT:
        case RM_RCV_ABORT:
          return withRmState(s, rm, ABORTED);
        case RM_RCV_COMMIT:
          return withRmState(s, rm, COMMITTED);
      }
      throw new RangeError(`unknown action ${a}`);
    },
    describe(a) {
      const kind = a & 7;
      const rm = kind === TM_COMMIT || kind === TM_ABORT ? '' : `(rm${(a >> 3) + 1})`;
      return { kind: 'action', label: `${ACTION_NAMES[kind]}${rm}` };
    },
    toJSON: (s): TwoPhaseView => {
      const ids = Array.from({ length: rms }, (_, i) => i);
      const tm = tmOf(s);
      const msgs = ids.filter((i) => digit(s, i) & SENT).map((i) => `Prepared(rm${i + 1})`);
      if (tm === TM_COMMITTED) msgs.push('Commit');
      if (tm === TM_ABORTED) msgs.push('Abort');
      return {
        rmState: ids.map((i) => RM_STATES[digit(s, i) & STATE_BITS]!),
        tmState: TM_STATES[tm]!,
        tmPrepared: ids.filter((i) => digit(s, i) & VOTED),
        msgs: msgs.sort(),
      };
    },
    // An RM is its digit and RMs never refer to each other: sorting the digits picks one
    // representative per class (a true orbit count: 80 classes for 3 RMs, 314 for 5).
    symmetry: {
      size: rms,
      permute,
      canonicalize(s) {
        const digits = Array.from({ length: rms }, (_, i) => digit(s, i)).sort((x, y) => x - y);
        let out = tmOf(s) * TM;
        for (let i = 0; i < rms; i++) out += digits[i]! * DIGIT[i]!;
        return out;
      },
    },
    properties: [
      always<number>(
        'consistent',
        (s) => !(anyRm(s, COMMITTED) && anyRm(s, ABORTED)),
        'no resource manager has committed while another has aborted (TCConsistent)',
      ),
      sometimes<number>('can commit', (s) => allRms(s, (d) => (d & STATE_BITS) === COMMITTED), 'every RM can end up committed'),
      ...(liveness
        ? [
            eventually<number>(
              'every RM decides',
              (s) => allRms(s, (d) => (d & STATE_BITS) === COMMITTED || (d & STATE_BITS) === ABORTED),
              'under weak fairness of every action, every resource manager ends committed or aborted',
            ),
          ]
        : []),
    ],
    // Weak fairness of each action (per RM), as in the generic model.
    ...(liveness ? { fairness: (a: number) => ({ key: String(a) }) } : {}),
  };
}

export default defineModel({
  name: 'two-phase-packed',
  description: 'the TLA+ TwoPhase spec with its state packed into one number (the fast way to write two-phase)',
  params: {
    rms: { default: 3, description: 'number of resource managers', integer: true, min: 1, max: 12 },
    liveness: { default: false, description: 'add the liveness property "every RM decides" (under weak fairness)' },
  },
  create: ({ rms, liveness }) => twoPhasePacked(rms, liveness),
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
