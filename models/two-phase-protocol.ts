/**
 * TwoPhase in the protocol layer: the TLA+ spec `TwoPhase` (Lamport, "Consensus on Transaction
 * Commit", 2006; tlaplus/Examples; `../shared/REFERENCE.md`), the same spec as the generic model
 * `models/two-phase.ts`, written as a transaction manager node `tm` and `rms` resource manager
 * nodes `rm1`, `rm2`, ... with handlers, timers and messages. It measures what the protocol
 * layer costs against the generic model on (nearly) the same state space, and shows exactly
 * where an asynchronous network that consumes messages differs from the spec's message set.
 *
 * The mapping, action by action:
 * - RMPrepare(r), RMChooseToAbort(r): spontaneous, so timers of rm r, both armed while it is
 *   working; firing one disarms the other. RMPrepare sends Prepared to tm.
 * - TMAbort: a timer of tm, armed while tm is in init. TMCommit: a timer armed when tmPrepared
 *   becomes every RM. Each sends Commit or Abort to every RM, as adding it to `msgs` makes it
 *   readable by every RM.
 * - TMRcvPrepared(r), RMRcvCommitMsg(r), RMRcvAbortMsg(r): deliveries. The spec's guards stay
 *   in the handlers: tm counts a Prepared only while in init, an RM ignores Abort once aborted.
 * - `msgs`: each sender keeps its own part of it in its state, since messages are never
 *   removed. Prepared(r) ∈ msgs iff rm r's `prepared` flag is set (the flag outlives an abort);
 *   Commit/Abort ∈ msgs iff tmState is committed/aborted. `project` maps a protocol state onto
 *   the spec's variables (traces show them as `observed`). The test checks that its image is
 *   exactly the spec's reachable states (288 for 3 RMs), that every protocol step is a spec
 *   step or leaves the image unchanged, and that every spec step is one protocol step.
 *
 * On the duplicating network (`network=duplicating`, the default) a message stays in flight once
 * sent, exactly like the spec's `msgs`: a delivery that changes nothing is a stuttering step, the
 * network's contents are a function of the node states, and the counts are the spec's own
 * (288, 1,568 and 8,832 distinct states for 3, 4 and 5 RMs; the test checks the projection is
 * one-to-one and step for step). That is the comparison `npm run bench` makes with the generic
 * model: the same state space, through the protocol layer.
 *
 * On a network whose deliveries consume messages (`network=unordered`) the counts cannot be the
 * spec's: in the spec a message stays in `msgs` and receiving it again changes nothing, but such a
 * network consumes a message when it delivers it, so a delivery that changes nothing in the spec still changes the network. For
 * a one-to-one correspondence such a delivery must never be possible, and it is unavoidable:
 * from a state where rm r has prepared and tm has not yet received Prepared(r), TMAbort may
 * fire (the spec allows it) while Prepared(r) is in flight to tm, and tm cannot take it back;
 * delivering it later is a step the spec does not have (tmPrepared no longer changes). The same
 * holds for Abort: tm cannot know whether an RM has silently chosen to abort, so either it sends
 * Abort to an RM that is already aborted (a delivery that changes nothing), or it tells an RM
 * only once it has heard from it, and then the spec's "aborted after preparing, Prepared never
 * received by tm" is either never reached or needs a state of its own (Prepared consumed, Abort
 * not yet received) that the spec does not have. Re-sending does not help (a node can only
 * send under its own name, so it cannot put back a message another node sent), nor does keeping
 * the message set in a node's state (the readers still learn of it only by a delivery).
 *
 * What we get is the spec's state space with exactly that surplus: each spec state stands for
 * one protocol state per combination of "still in flight or already consumed" of its no-op
 * messages. Once tm has aborted, an RM that is aborted without having prepared, prepared but not
 * counted, or aborted after preparing without being counted has 2 protocol states each (the
 * Abort, resp. its Prepared, still in flight or consumed), every other configuration 1. Per RM:
 * 4 configurations while tm is in init, 2 once it committed, 1 + 2 + 2 + 1 + 2 + 1 = 9 once it
 * aborted, against the spec's 4, 2 and 6: 4^n + 2^n + 9^n distinct states instead of
 * 4^n + 2^n + 6^n. So 801 for 3 RMs, 6,833 for 4, 60,105 for 5. Properties are the generic
 * model's: `consistent` holds and `can commit` has a witness. When comparing speed with the
 * generic model, compare per state (states per second), not per run.
 */
import { Record, Set } from 'immutable';
import { always, defineModel, protocol, sometimes, type Context, type NodeDef, type System } from 'protocheck';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';

type Msg = { readonly type: 'Prepared' } | { readonly type: 'Commit' } | { readonly type: 'Abort' };

const TM = Record({
  tmState: 'init' as TMState,
  /** The RMs whose Prepared tm has received while in init. */
  tmPrepared: Set<string>(),
});
type TM = ReturnType<typeof TM>;

const RM = Record({
  rmState: 'working' as RMState,
  /** Prepared(r) is in `msgs`: this RM has prepared (it stays set after an abort). */
  prepared: false,
});
type RM = ReturnType<typeof RM>;

type NodeState = TM | RM;
type Sys = System<NodeState, Msg>;

const TM_NAME = 'tm';

export function rmNames(rms: number): string[] {
  return Array.from({ length: rms }, (_, i) => `rm${i + 1}`);
}

export function twoPhaseProtocol(rms: number, network: 'duplicating' | 'unordered' = 'duplicating') {
  const names = rmNames(rms);

  const tmDecides = (tm: TM, outcome: 'committed' | 'aborted', ctx: Context<Msg>): TM => {
    const msg: Msg = { type: outcome === 'committed' ? 'Commit' : 'Abort' };
    for (const rm of names) ctx.send(rm, msg);
    ctx.cancelTimer(outcome === 'committed' ? 'TMAbort' : 'TMCommit');
    ctx.decide(outcome === 'committed' ? 'commit' : 'abort');
    return tm.set('tmState', outcome);
  };

  const tm: NodeDef<NodeState, Msg> = {
    init(ctx) {
      ctx.setTimer('TMAbort');
      return TM();
    },
    onMessage(state, msg, from, ctx) {
      const s = state as TM;
      // TMRcvPrepared(r): only while in init; afterwards the message changes nothing.
      if (msg.type !== 'Prepared' || s.tmState !== 'init' || s.tmPrepared.has(from)) return s;
      const next = s.set('tmPrepared', s.tmPrepared.add(from));
      if (next.tmPrepared.size === rms) ctx.setTimer('TMCommit');
      return next;
    },
    onTimer(state, timer, ctx) {
      const s = state as TM;
      if (s.tmState !== 'init') return s;
      if (timer === 'TMCommit') return tmDecides(s, 'committed', ctx);
      if (timer === 'TMAbort') return tmDecides(s, 'aborted', ctx);
      return s;
    },
  };

  const rm: NodeDef<NodeState, Msg> = {
    init(ctx) {
      ctx.setTimer('RMPrepare');
      ctx.setTimer('RMChooseToAbort');
      return RM();
    },
    onTimer(state, timer, ctx) {
      const s = state as RM;
      if (s.rmState !== 'working') return s;
      if (timer === 'RMPrepare') {
        ctx.cancelTimer('RMChooseToAbort');
        ctx.send(TM_NAME, { type: 'Prepared' });
        return s.merge({ rmState: 'prepared', prepared: true });
      }
      ctx.cancelTimer('RMPrepare');
      ctx.decide('abort');
      return s.set('rmState', 'aborted');
    },
    onMessage(state, msg, _from, ctx) {
      const s = state as RM;
      if (msg.type === 'Commit') {
        // RMRcvCommitMsg: Commit is sent only when every RM is prepared.
        if (s.rmState === 'committed') return s;
        ctx.decide('commit');
        return s.set('rmState', 'committed');
      }
      if (msg.type === 'Abort') {
        // RMRcvAbortMsg: from working or prepared; an aborted RM is unchanged.
        if (s.rmState === 'aborted') return s;
        if (s.rmState === 'working') {
          ctx.cancelTimer('RMPrepare');
          ctx.cancelTimer('RMChooseToAbort');
        }
        ctx.decide('abort');
        return s.set('rmState', 'aborted');
      }
      return s;
    },
  };

  // A crashed node keeps nothing (no durable state): its state reads as null, and it counts as
  // neither committed nor aborted.
  const rmStates = (sys: Sys): (RMState | 'crashed')[] => names.map((r) => rmOf(sys, r)?.rmState ?? 'crashed');
  return protocol<NodeState, Msg>({
    name: 'two-phase-protocol',
    nodes: Object.fromEntries([[TM_NAME, tm], ...names.map((r) => [r, rm] as const)]),
    network: { order: network },
    // The RMs are interchangeable: with --symmetry the duplicating network gives the generic
    // model's 80 / 166 / 314 classes (3 / 4 / 5 RMs).
    symmetric: names,
    describeMessage: (m) => m.type,
    // Traces show the spec's variables at every step, as `observed`.
    observe: (sys) => ({ spec: project(sys, rms) }),
    properties: [
      always<Sys>(
        'consistent',
        (sys) => {
          const r = rmStates(sys);
          return !(r.includes('committed') && r.includes('aborted'));
        },
        'no resource manager has committed while another has aborted (TCConsistent)',
      ),
      sometimes<Sys>('can commit', (sys) => rmStates(sys).every((r) => r === 'committed'), 'every RM can end up committed'),
    ],
  });
}

/** A node's state, or null while it is down (under crash faults; nodes here keep nothing). */
function rmOf(sys: Sys, name: string): RM | null {
  return sys.state<RM>(name) as RM | null;
}

/**
 * The spec's variables in a protocol state, in the generic model's vocabulary (see the header).
 * Under crash faults a node that is down shows as 'crashed' (it keeps nothing), which the spec
 * does not have.
 */
export function project(
  sys: Sys,
  rms: number,
): { rmState: (RMState | 'crashed')[]; tmState: TMState | 'crashed'; tmPrepared: string[]; msgs: string[] } {
  const names = rmNames(rms);
  const tm = sys.state<TM>(TM_NAME) as TM | null;
  const msgs = names.filter((r) => rmOf(sys, r)?.prepared).map((r) => `Prepared(${r})`);
  if (tm?.tmState === 'committed') msgs.push('Commit');
  if (tm?.tmState === 'aborted') msgs.push('Abort');
  return {
    rmState: names.map((r) => rmOf(sys, r)?.rmState ?? 'crashed'),
    tmState: tm?.tmState ?? 'crashed',
    tmPrepared: names.filter((r) => tm?.tmPrepared.has(r) ?? false),
    msgs: msgs.sort(),
  };
}

/**
 * Distinct states of this model for `rms` RMs (see the header): the spec's 4^n + 2^n + 6^n on
 * the duplicating network, 4^n + 2^n + 9^n when deliveries consume messages.
 */
export function expectedStates(rms: number, network: 'duplicating' | 'unordered' = 'duplicating'): number {
  return 4 ** rms + 2 ** rms + (network === 'duplicating' ? 6 : 9) ** rms;
}

export default defineModel({
  name: 'two-phase-protocol',
  description: 'The TLA+ TwoPhase spec as tm and rm nodes in the protocol layer: the same 288 states on a duplicating network',
  params: {
    rms: { default: 3, description: 'number of resource managers', integer: true, min: 1, max: 9 },
    network: {
      default: 'duplicating' as 'duplicating' | 'unordered',
      description: 'duplicating: messages stay in flight, as in the spec; unordered: a delivery consumes its message',
      values: ['duplicating', 'unordered'] as ('duplicating' | 'unordered')[],
    },
  },
  create: ({ rms, network }) => twoPhaseProtocol(rms, network),
  tests: [
    // The spec's own counts (../shared/REFERENCE.md): 288 distinct and 1,146 generated for 3 RMs.
    { params: { rms: 3 }, properties: { consistent: 'pass', 'can commit': 'pass' }, distinctStates: 288, depth: 11 },
    { params: { rms: 4 }, distinctStates: 1568 },
    { params: { rms: 5 }, distinctStates: 8832 },
    { params: { rms: 1, network: 'unordered' }, properties: { consistent: 'pass', 'can commit': 'pass' }, distinctStates: 15 },
    { params: { rms: 2, network: 'unordered' }, properties: { consistent: 'pass', 'can commit': 'pass' }, distinctStates: 101 },
    { params: { rms: 3, network: 'unordered' }, properties: { consistent: 'pass', 'can commit': 'pass' }, distinctStates: 801, depth: 11 },
    { params: { rms: 4, network: 'unordered' }, distinctStates: 6833, depth: 14 },
  ],
});
