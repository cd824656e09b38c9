/**
 * Two-phase commit (Gray, "Notes on Data Base Operating Systems", 1978; Bernstein, Hadzilacos
 * and Goodman, "Concurrency Control and Recovery in Database Systems", 1987, chapter 7), as
 * nodes with handlers in the protocol layer.
 *
 * A coordinator and `participants` participants (p1, p2, ...). The coordinator sends prepare to
 * every participant. Each participant votes yes or no (a `ctx.choose`, so every combination of
 * votes is explored); one that votes no aborts unilaterally at once, as it may (it has not
 * promised anything). The coordinator collects the votes: at the first no it decides abort, when
 * every participant has voted yes it decides commit, and it sends its decision to every
 * participant, which decides on receipt (`ctx.decide`). A participant that hears abort before it
 * was asked to vote decides abort and ignores the late prepare; the coordinator ignores votes
 * that arrive after it has decided. There are no timeouts and no retransmissions: the protocol
 * assumes reliable links, and a failure of that assumption shows up as a run that never ends.
 *
 * What it shows:
 * - `agreement` (no node, coordinator included, decides commit while another decides abort) and
 *   `validity` (commit only if every participant voted yes) hold with and without faults.
 * - `all decide` (a `final` property: in every final state, every participant has decided)
 *   holds without faults and fails when the coordinator may crash (`--param crash=true`): the
 *   shortest counterexample has participants + 2 states (every participant receives prepare,
 *   one at least votes yes, and the coordinator crashes): every final state needs all the
 *   prepares delivered, and an undecided participant needs the crash.
 * - 2PC is a blocking protocol. A participant that voted yes is uncertain: it promised to commit
 *   if told to, so it may neither commit nor abort on its own, and only the coordinator can
 *   tell it. `blocked` (a `sometimes`) is a state where a participant that voted yes can never
 *   decide, whatever happens next; its witness is 3 states long: a participant receives
 *   prepare and votes yes, and the coordinator crashes. A `final` property cannot say this
 *   precisely: `all decide` fails only once everything has stopped, while the participant is
 *   stuck from the moment of the crash, whatever the others still do. It is a `sometimes`, not
 *   an `always` ("nobody is blocked"), because blocking is the protocol's known price, not a
 *   bug: the witness demonstrates it. It is listed only when a fault is enabled: without faults
 *   it has no witness, and a `sometimes` without one reports `fail`.
 *
 * Deciding "can never decide" from the state alone: a participant that voted yes and has not
 * decided can still decide iff a decision is on its way to it, or the coordinator is up, has not
 * decided and can still decide: some vote it lacks is still coming and might be a no (a no in
 * flight, or a participant not yet asked), or every vote it lacks is still coming. The
 * coordinator sends its decision once and a crashed coordinator never comes back, so otherwise
 * nothing can ever reach the participant. (The test checks this against the state graph.)
 *
 * `drops` (a budget, default 0) lets the network lose messages: `all decide` then fails too (a
 * lost prepare or vote leaves the coordinator waiting forever), and `blocked` has a witness
 * without any crash (a lost decision).
 *
 * State counts without faults, n participants (pinned in `tests`; the test checks the formula
 * for n = 1 to 3): 4^n - 1 + 2^n + 13^n - 11^n, 67 for n = 2 and 937 for n = 3. While the
 * coordinator collects votes, each participant is in one of 4 configurations (prepare in
 * flight; voted yes, vote in flight; voted yes, vote counted; voted no, vote in flight), all
 * but "every yes counted" (the coordinator commits at once): 4^n - 1. After commit, each
 * participant has commit in flight or has decided: 2^n. After abort, each participant is in one
 * of 13 configurations: not asked yet, abort in flight or received (2); prepare ignored after
 * the abort (1); voted yes, vote in flight, counted before the abort or ignored after it (6) or
 * voted no, vote in flight or consumed (4), each with abort in flight or received. At least one
 * participant is in one of the 2 "voted no, vote consumed" configurations (the no that made the
 * coordinator abort): 13^n - 11^n. Depth 3n + 1 (n prepares, n votes, n decisions).
 *
 * With `crash=true` every one of those states may also be reached with the coordinator crashed,
 * and the participants go on from there. A crashed coordinator keeps nothing (no durable
 * state), so "yes counted" and "yes ignored" merge, and votes to it stay in flight forever:
 * 4^n - 1 crashed while collecting, 2^n after commit, 11^n - 9^n after abort. In all,
 * 2(4^n - 1) + 2 * 2^n + 13^n - 9^n: 126 for n = 2 and 1,610 for n = 3, depth 3n + 2.
 */
import { Record, Set } from 'immutable';
import { always, defineModel, eventually, final, protocol, sometimes, type Context, type InFlightMessage, type NodeDef, type System } from 'protocheck';

type Vote = 'yes' | 'no';
type Outcome = 'commit' | 'abort';

type Msg =
  | { readonly type: 'prepare' }
  | { readonly type: 'vote'; readonly vote: Vote }
  | { readonly type: 'commit' }
  | { readonly type: 'abort' };

const Coordinator = Record({
  /** The participants whose yes vote the coordinator has counted. */
  yes: Set<string>(),
  decision: null as Outcome | null,
});
type Coordinator = ReturnType<typeof Coordinator>;

const Participant = Record({
  vote: null as Vote | null,
  decision: null as Outcome | null,
});
type Participant = ReturnType<typeof Participant>;

type NodeState = Coordinator | Participant;
type Sys = System<NodeState, Msg>;

const COORDINATOR = 'coordinator';

export function participantNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `p${i + 1}`);
}

/** Whether the live, undecided coordinator can still reach a decision in some continuation. */
function coordinatorCanDecide(sys: Sys, names: readonly string[], inFlight: readonly InFlightMessage<Msg>[]): boolean {
  const c = sys.state<Coordinator>(COORDINATOR);
  let noComing = false;
  let allComing = true;
  for (const q of names) {
    if (c.yes.has(q)) continue;
    const vote = inFlight.find((m) => m.from === q && m.to === COORDINATOR)?.message;
    const unasked = sys.state<Participant>(q).vote === null && inFlight.some((m) => m.to === q && m.message.type === 'prepare');
    if ((vote?.type === 'vote' && vote.vote === 'no') || unasked) noComing = true;
    if (!vote && !unasked) allComing = false;
  }
  return noComing || allComing;
}

/** Whether some participant that voted yes can never decide, whatever happens next. */
function someoneBlocked(sys: Sys, names: readonly string[]): boolean {
  const waiting = names.filter((p) => {
    const s = sys.state<Participant>(p);
    return s.vote === 'yes' && s.decision === null;
  });
  if (waiting.length === 0) return false;
  const inFlight = sys.inFlight();
  const told = (p: string): boolean => inFlight.some((m) => m.to === p && (m.message.type === 'commit' || m.message.type === 'abort'));
  const coordinatorStuck =
    sys.crashed(COORDINATOR) || sys.state<Coordinator>(COORDINATOR).decision !== null || !coordinatorCanDecide(sys, names, inFlight);
  return coordinatorStuck && waiting.some((p) => !told(p));
}

export function twoPhaseCommit(n: number, options: { crash?: boolean; drops?: number } = {}) {
  const names = participantNames(n);
  const crash = options.crash ?? false;
  const drops = options.drops ?? 0;

  const decideAndTell = (c: Coordinator, outcome: Outcome, ctx: Context<Msg>): Coordinator => {
    ctx.decide(outcome);
    for (const p of names) ctx.send(p, { type: outcome });
    return c.set('decision', outcome);
  };

  const coordinator: NodeDef<NodeState, Msg> = {
    init(ctx) {
      for (const p of names) ctx.send(p, { type: 'prepare' });
      return Coordinator();
    },
    onMessage(state, msg, from, ctx) {
      const c = state as Coordinator;
      if (msg.type !== 'vote' || c.decision !== null) return c;
      if (msg.vote === 'no') return decideAndTell(c, 'abort', ctx);
      const counted = c.set('yes', c.yes.add(from));
      return counted.yes.size === n ? decideAndTell(counted, 'commit', ctx) : counted;
    },
  };

  const participant: NodeDef<NodeState, Msg> = {
    init: () => Participant(),
    // A participant forces its vote and outcome to its log before acting on them (2PC's
    // write-ahead rule), so a crash keeps them; it only matters under the fault matrix's crashes.
    durable: (s) => s,
    onMessage(state, msg, from, ctx) {
      const p = state as Participant;
      switch (msg.type) {
        case 'prepare': {
          if (p.decision !== null) return p; // told to abort before being asked: nothing to vote on
          const vote = ctx.choose<Vote>(['yes', 'no'], 'vote');
          ctx.send(from, { type: 'vote', vote });
          if (vote === 'yes') return p.set('vote', 'yes');
          ctx.decide('abort'); // a no voter aborts unilaterally, at once
          return p.merge({ vote: 'no', decision: 'abort' });
        }
        case 'commit':
        case 'abort':
          if (p.decision !== null) return p;
          ctx.decide(msg.type);
          return p.set('decision', msg.type);
        default:
          return p;
      }
    },
  };

  const everyone = [COORDINATOR, ...names];
  const decisionsOf = (sys: Sys): Set<string> => Set(everyone.flatMap((x) => sys.decisions(x) as string[]));

  return protocol<NodeState, Msg>({
    name: 'two-phase-commit',
    nodes: Object.fromEntries([[COORDINATOR, coordinator], ...names.map((p) => [p, participant] as const)]),
    // Liveness may assume that a message which can be delivered eventually is.
    fairness: 'reliable',
    faults: {
      ...(crash ? { crash: { max: 1, nodes: [COORDINATOR] } } : {}),
      ...(drops > 0 ? { drop: drops } : {}),
    },
    describeMessage: (m) => (m.type === 'vote' ? `vote ${m.vote}` : m.type),
    properties: [
      always<Sys>(
        'agreement',
        (sys) => {
          const d = decisionsOf(sys);
          return !(d.has('commit') && d.has('abort'));
        },
        'no node (coordinator included) decides commit while another decides abort',
      ),
      always<Sys>(
        'validity',
        (sys) => !decisionsOf(sys).has('commit') || names.every((p) => sys.state<Participant>(p).vote === 'yes'),
        'commit is decided only if every participant voted yes',
      ),
      final<Sys>('all decide', (sys) => names.every((p) => sys.decision(p) !== undefined), 'in every final state, every participant has decided'),
      // The same as liveness, under reliable delivery: no crash, everyone decides; a coordinator
      // that crashes after the votes leaves the yes voters waiting for ever (the lasso ends in a
      // final state where nothing more happens).
      eventually<Sys>('everyone decides', (sys) => names.every((p) => sys.decision(p) !== undefined), 'every participant eventually decides'),
      ...(crash || drops > 0
        ? [
            sometimes<Sys>(
              'blocked',
              (sys) => someoneBlocked(sys, names),
              'a participant that voted yes can never decide (2PC blocks)',
            ),
          ]
        : []),
    ],
  });
}

/** Distinct states without faults (see the header). */
export function expectedStates(n: number): number {
  return 4 ** n - 1 + 2 ** n + 13 ** n - 11 ** n;
}

/** Distinct states when the coordinator may crash (see the header). */
export function expectedStatesWithCrash(n: number): number {
  return 2 * (4 ** n - 1) + 2 * 2 ** n + 13 ** n - 9 ** n;
}

export default defineModel({
  name: 'two-phase-commit',
  description: 'Two-phase commit (Gray 1978): agreement and validity hold; a coordinator crash blocks participants that voted yes',
  params: {
    participants: { default: 3, description: 'number of participants', integer: true, min: 1, max: 6 },
    crash: { default: false, description: 'the coordinator may crash (once, for good)', values: [false, true] },
    drops: { default: 0, description: 'how many messages the network may lose', integer: true, min: 0, max: 10 },
  },
  create: ({ participants, crash, drops }) => twoPhaseCommit(participants, { crash, drops }),
  tests: [
    {
      name: '2 participants, no faults',
      params: { participants: 2 },
      properties: { agreement: 'pass', validity: 'pass', 'all decide': 'pass' },
      distinctStates: 67,
      depth: 7,
    },
    {
      name: '3 participants, no faults',
      params: { participants: 3 },
      properties: { agreement: 'pass', validity: 'pass', 'all decide': 'pass' },
      distinctStates: 937,
      depth: 10,
    },
    {
      name: '2 participants, the coordinator may crash: participants block',
      params: { participants: 2, crash: true },
      properties: { agreement: 'pass', validity: 'pass', 'all decide': 'fail', blocked: 'pass' },
      distinctStates: 126,
      depth: 8,
      traceLength: { 'all decide': 4, blocked: 3 },
      lastStep: { 'all decide': 'crash', blocked: 'crash' },
    },
    {
      name: '3 participants, the coordinator may crash: participants block',
      params: { participants: 3, crash: true },
      properties: { agreement: 'pass', validity: 'pass', 'all decide': 'fail', blocked: 'pass' },
      distinctStates: 1610,
      depth: 11,
      traceLength: { 'all decide': 5, blocked: 3 },
      lastStep: { 'all decide': 'crash', blocked: 'crash' },
    },
    {
      name: '2 participants, one message may be lost: participants block without a crash',
      params: { participants: 2, drops: 1 },
      properties: { agreement: 'pass', validity: 'pass', 'all decide': 'fail', blocked: 'pass' },
      distinctStates: 149,
      traceLength: { 'all decide': 4, blocked: 3 },
    },
  ],
});
