/**
 * Single-decree Paxos (Lamport, "The Part-Time Parliament", TOCS 16(2), 1998; "Paxos Made
 * Simple", 2001), with 2 proposers (p1 proposes a, p2 proposes b) and 3 acceptors, ballots
 * bounded. Ballots are 0 .. ballots - 1; p1 owns the even ones, p2 the odd ones. Phase 1: a
 * proposer sends prepare(n) to its quorum; an acceptor that has promised nothing as high
 * promises n and reports its latest vote. Phase 2: with promises from a majority, the proposer
 * sends accept(n, v), v the value of the highest vote reported, else its own; an acceptor votes
 * unless it has promised a higher ballot. A value is chosen when a majority votes for it in one
 * ballot. By default each proposer talks to a fixed majority (p1 to a1, a2; p2 to a2, a3:
 * they share a2, as any two majorities must), and a refused prepare or accept is answered with
 * a nack; a nacked proposer moves to its lowest ballot above the one the nack reports
 * (`retry=preempted`). Messages are never lost and arrive once each, in any order
 * (`network=unordered`); `network=duplicating` lets them arrive any number of times.
 *
 * What it shows (defaults, `check paxos --continue`: 13,833 states, 59,786 transitions,
 * depth 30, under a second):
 * - `agreement` (at most one value is ever chosen) and `validity` hold: Paxos is safe in
 *   every interleaving, pre-emptions included. With `rule="own value"` (a proposer ignores the
 *   votes its promises report) agreement fails in 13 steps: a is chosen in ballot 0 (2
 *   prepares, 2 promises, 2 accepts), then p2 hears "voted a in 0" from a2 and has b chosen in
 *   ballot 1 all the same (6 more steps).
 * - `a value is chosen` (liveness: on every fair run, some value is eventually chosen) FAILS,
 *   on every fairness preset, `none` to `strong`. The counterexample (22 steps) is the
 *   duelling proposers: a2 promises p2's ballot 1, so it nacks p1's prepare(0); p1 moves to
 *   ballot 2, which a2 promises before p2's accept(1) reaches it (a3 has already voted b in 1),
 *   so p2 is nacked and moves to 3. p1 and p2 are now in their last ballots, and both give
 *   up when their timers fire: nothing is chosen, and nothing more ever happens.
 *   `duelling proposers` (a `sometimes`) is the purer duel: every ballot but the last voted in
 *   and lost to a higher one (21 steps).
 *
 * How the ballot bound shapes that counterexample: with real, unbounded ballots the duel can go
 * on for ever, each proposer pre-empting the other's phase 2 with a fresh phase 1, and no
 * state of it repeats (ballot numbers only grow): it is an infinite behaviour, but not a lasso
 * of any finite graph. With the bound, the state graph is acyclic, so every behaviour ends in
 * a final state and the lasso is a degenerate one, a prefix that ends where nothing can happen
 * any more (`loop` is its last index): ballots run out with nothing chosen. (Node states only
 * move forward: promises and ballots grow, votes accumulate; a step that changes no node
 * consumes a message and sends at most a nack, which changes nothing when it arrives. The test
 * checks that the graph has no cycle.) That is also why the verdict and the lasso are the same
 * under every fairness preset: fairness constrains cycles, and there are none. The
 * bound needs one modelling choice, `lastBallot`: the duel cannot continue past the last
 * ballot, and something must stand for the ballots beyond it that would pre-empt it.
 * `lastBallot=abandon` (the default) gives each proposer a timer in its last ballot only: when
 * it fires the proposer gives up. `lastBallot=keep` has no such timer, so the proposer of the
 * highest ballot, which nothing can pre-empt, always wins: `a value is chosen` then PASSES
 * (3,866 states). That pass is an artefact of the bound, and the lesson of the pair: a bound
 * on ballots is an assumption of eventual progress, not a proof of it.
 *
 * Why proposers retry only when pre-empted: with `retry=timeout` (a proposer leaves a ballot
 * when its timer fires, at any time, and acceptors refuse in silence) the shortest
 * counterexample is no duel at all but proposers that time out of every ballot before anything
 * arrives (16 steps; 219,443 states, 8 s): true, since no timeout is long enough in an
 * asynchronous network, but it teaches less. With nacks and no timers before the last ballot,
 * a proposer leaves a ballot only because another proposer's higher ballot took it over, so
 * every counterexample is a duel, and the state space is 16 times smaller.
 *
 * That is FLP (Fischer, Lynch and Paterson, 1985) made concrete: agreement in every run,
 * progress in none guaranteed. Real systems make the duel unlikely (random back-off, a
 * distinguished proposer elected with timeouts, Multi-Paxos's stable leader), not impossible.
 *
 * The shortest counterexample, reasoned out: a final state with nothing chosen has everything
 * delivered and both proposers given up, so each reached its last ballot. p2 leaves ballot 1
 * only if a2 promised 2 first, and p1 reaches 2 only if a2 promised 1 first (a1 never sees
 * p2's ballots), so a2 promised p2's ballot 1, and p2's nack came in phase 2: 2 prepares,
 * 2 promises, 2 accepts and the nack (7 steps); p1's ballot 0 is nacked in phase 1 (2
 * prepares, a promise and the nack: 4); each last ballot is 2 prepares, 2 replies and the
 * timer (5). With the initial state: 1 + 4 + 7 + 5 + 5 = 22, and 7 more per extra ballot
 * (ballots = n >= 3: 15 + 7(n - 3); 15 for 3, 29 for 5). With 2 ballots both are last ones
 * and p1 gives up on its nack: 1 + 4 + 5 = 10.
 *
 * Figures (`--continue`, one thread; pinned in `tests` and test/models/paxos.test.ts; BFS and
 * DFS agree):
 *   ballots=2: 853 states, 2,990 transitions, depth 15; not chosen in 10 steps
 *   ballots=3: 3,791 states, 14,744 transitions, depth 22; 15 steps
 *   ballots=4: 13,833 states, 59,786 transitions, depth 30; 22 steps (the default)
 *   ballots=5: 58,610 states, 283,788 transitions, depth 38; 29 steps (2 s)
 *   ballots=6: 282,634 states, 1,535,106 transitions, depth 46; 36 steps (10 s)
 *   lastBallot=keep: 3,866 states (4 ballots), 1,018 (3): chosen on every fair run
 *   network=duplicating, ballots=3: 14,340 states, 252,506 transitions; safe, not live
 *     (ballots=4: 589,212 states, 15,095,862 transitions, about a minute)
 *   quorums=all (both proposers talk to all three acceptors), ballots=2: 148,511 states, 7 s
 */
import { Map, Record, Set } from 'immutable';
import {
  always,
  defineModel,
  eventually,
  FAIRNESS_PRESETS,
  protocol,
  sometimes,
  type Context,
  type FairnessPreset,
  type NodeDef,
  type System,
} from 'protocheck';

export type Value = 'a' | 'b';

/** Phase 1a: "prepare ballot n". */
export interface Prepare {
  readonly type: 'prepare';
  readonly ballot: number;
}

/** Phase 1b: a promise to take part in no ballot below `ballot`, with the acceptor's latest vote. */
export interface Promise {
  readonly type: 'promise';
  readonly ballot: number;
  /** The highest ballot the acceptor has voted in (-1: none), and the value it voted for there. */
  readonly votedBallot: number;
  readonly votedValue: Value | null;
}

/** Phase 2a: "accept `value` in ballot `ballot`". */
export interface Accept {
  readonly type: 'accept';
  readonly ballot: number;
  readonly value: Value;
}

/** A refusal (only with `retry=preempted`): the acceptor has promised `promised`, above `ballot`. */
export interface Nack {
  readonly type: 'nack';
  readonly ballot: number;
  readonly promised: number;
}

export type Msg = Prepare | Promise | Accept | Nack;

/** Where a proposer is in its current ballot; `gave up` once it has no ballot left. */
export type Phase = 'preparing' | 'accepting' | 'gave up';

/**
 * A proposer: its current ballot, where it is in it, the acceptors that promised it, and the
 * highest vote they reported (-1: none).
 */
export const Proposer = Record({
  ballot: -1,
  phase: 'preparing' as Phase,
  promises: Set<string>(),
  votedBallot: -1,
  votedValue: null as Value | null,
});
export type Proposer = ReturnType<typeof Proposer>;

/** An acceptor: the highest ballot it has promised (-1: none) and every vote it has cast, ballot → value. */
export const Acceptor = Record({ promised: -1, votes: Map<number, Value>() });
export type Acceptor = ReturnType<typeof Acceptor>;

export type Node = Proposer | Acceptor;

export const PROPOSERS = ['p1', 'p2'] as const;
export const ACCEPTORS = ['a1', 'a2', 'a3'] as const;
/** Each proposer's own value. */
export const OWN: { readonly [proposer: string]: Value } = { p1: 'a', p2: 'b' };
const MAJORITY = 2;
const TIMER = 'ballot timeout';

export interface PaxosOptions {
  /** Ballot numbers are 0 .. ballots - 1; p1 owns the even ones, p2 the odd ones. */
  readonly ballots: number;
  /**
   * What makes a proposer leave a ballot for its next one. `preempted`: an acceptor refuses its
   * prepare or accept with a nack (it has promised a higher ballot); the proposer moves to its
   * lowest ballot above the one the nack reports, and gives up when it has none. `timeout`:
   * acceptors refuse silently, and the proposer's ballot timer, which may fire at any time,
   * moves it on.
   */
  readonly retry: 'preempted' | 'timeout';
  /**
   * `abandon`: a proposer may give up in its last ballot when its timer fires (with
   * `retry=timeout` the timer runs in every ballot; with `preempted`, only in the last). It
   * stands for the ballots beyond the bound that would pre-empt it. `keep`: no timer in the
   * last ballot: a proposer leaves it only when pre-empted.
   */
  readonly lastBallot: 'abandon' | 'keep';
  /**
   * Which acceptors a proposer talks to: `fixed`, a majority of its own (p1 {a1, a2}, p2 {a2, a3},
   * which overlap in a2 as any two majorities must); `all`, every acceptor.
   */
  readonly quorums: 'fixed' | 'all';
  /** `duplicating`: a message, once sent, may arrive any number of times, in any order; `unordered`: once each, in any order. */
  readonly network: 'duplicating' | 'unordered';
  /**
   * The value a proposer proposes in phase 2: `highest vote` (Paxos: the value of the highest
   * vote its promises report, else its own) or `own value` (a broken variant: always its own).
   */
  readonly rule: 'highest vote' | 'own value';
  readonly fairness: FairnessPreset;
}

export const DEFAULTS: PaxosOptions = {
  ballots: 4,
  retry: 'preempted',
  lastBallot: 'abandon',
  quorums: 'fixed',
  network: 'unordered',
  rule: 'highest vote',
  fairness: 'weak',
};

/** The acceptors proposer `i` (from 0) talks to. */
export function quorumOf(quorums: PaxosOptions['quorums'], i: number): readonly string[] {
  return quorums === 'all' ? ACCEPTORS : i === 0 ? ['a1', 'a2'] : ['a2', 'a3'];
}

/** The values chosen so far: voted for by a majority of acceptors in one ballot. */
export function chosen(sys: System<Node, Msg>): Value[] {
  const votes = new globalThis.Map<number, { value: Value; n: number }>();
  for (const a of ACCEPTORS) {
    sys.state<Acceptor>(a).votes.forEach((value, ballot) => {
      votes.set(ballot, { value, n: (votes.get(ballot)?.n ?? 0) + 1 });
    });
  }
  const out = new globalThis.Set<Value>();
  for (const { value, n } of votes.values()) if (n >= MAJORITY) out.add(value);
  return [...out].sort();
}

/**
 * Whether ballot `b` (owned by proposer b mod 2) has been voted in and can no longer be chosen:
 * its votes plus the acceptors of its quorum that could still vote in it (promised no higher
 * ballot) are fewer than a majority. A ballot lost in phase 2 to a higher one.
 */
export function lost(sys: System<Node, Msg>, quorums: PaxosOptions['quorums'], b: number): boolean {
  let votes = 0;
  let could = 0;
  for (const a of quorumOf(quorums, b % PROPOSERS.length)) {
    const s = sys.state<Acceptor>(a);
    if (s.votes.has(b)) votes++;
    else if (s.promised <= b) could++;
  }
  return votes > 0 && votes + could < MAJORITY;
}

export function paxos(o: PaxosOptions) {
  /** Proposer i's lowest ballot above `current` and `above`, or undefined when it has none below the bound. */
  const nextBallot = (i: number, current: number, above = current): number | undefined => {
    let b = current + PROPOSERS.length;
    while (b <= above) b += PROPOSERS.length;
    return b < o.ballots ? b : undefined;
  };

  /** Whether proposer i's timer runs in ballot b (see `retry` and `lastBallot`). */
  const timed = (i: number, b: number): boolean => {
    const last = nextBallot(i, b) === undefined;
    return last ? o.lastBallot === 'abandon' : o.retry === 'timeout';
  };

  /** Phase 1a: proposer i starts ballot b, with its timer running if it has one there. */
  const start = (i: number, b: number, ctx: Context<Msg>): Proposer => {
    for (const a of quorumOf(o.quorums, i)) ctx.send(a, { type: 'prepare', ballot: b });
    if (timed(i, b)) ctx.setTimer(TIMER);
    return Proposer({ ballot: b });
  };

  /** Proposer i leaves its ballot for its next one above `above`, or gives up. */
  const moveOn = (i: number, p: Proposer, above: number, ctx: Context<Msg>): Proposer => {
    const b = nextBallot(i, p.ballot, above);
    return b === undefined ? Proposer({ ballot: p.ballot, phase: 'gave up' }) : start(i, b, ctx);
  };

  const proposer = (i: number): NodeDef<Node, Msg> => ({
    // Each proposer starts its first ballot (its index) at once.
    init: (ctx) => start(i, i, ctx),
    onTimer(s, _timer, ctx) {
      // The ballot took too long (any length is too long: the network is asynchronous).
      const p = s as Proposer;
      return moveOn(i, p, p.ballot, ctx);
    },
    onMessage(s, msg, from, ctx) {
      const p = s as Proposer;
      if (msg.type === 'nack') {
        // Pre-empted: an acceptor has promised a higher ballot. Try again above it.
        if (msg.ballot !== p.ballot || p.phase === 'gave up') return p;
        ctx.cancelTimer(TIMER);
        return moveOn(i, p, msg.promised, ctx);
      }
      if (msg.type !== 'promise' || msg.ballot !== p.ballot || p.phase !== 'preparing' || p.promises.has(from)) return p;
      const higher = msg.votedBallot > p.votedBallot;
      const next = p.merge({
        promises: p.promises.add(from),
        votedBallot: higher ? msg.votedBallot : p.votedBallot,
        votedValue: higher ? msg.votedValue : p.votedValue,
      });
      if (next.promises.size < MAJORITY) return next;
      // Phase 2a: a majority promised. Propose the value of the highest vote they reported, if any.
      const value = o.rule === 'highest vote' ? (next.votedValue ?? OWN[PROPOSERS[i]!]!) : OWN[PROPOSERS[i]!]!;
      for (const a of quorumOf(o.quorums, i)) ctx.send(a, { type: 'accept', ballot: p.ballot, value });
      return next.set('phase', 'accepting');
    },
  });

  const acceptor: NodeDef<Node, Msg> = {
    init: () => Acceptor(),
    onMessage(s, msg, from, ctx) {
      const a = s as Acceptor;
      if (msg.type === 'prepare') {
        // Phase 1b: promise a ballot higher than any promised before, reporting the latest vote.
        if (msg.ballot <= a.promised) {
          if (o.retry === 'preempted' && msg.ballot < a.promised) ctx.send(from, { type: 'nack', ballot: msg.ballot, promised: a.promised });
          return a;
        }
        const last = a.votes.keySeq().max() ?? -1;
        ctx.send(from, { type: 'promise', ballot: msg.ballot, votedBallot: last, votedValue: a.votes.get(last) ?? null });
        return a.set('promised', msg.ballot);
      }
      if (msg.type === 'accept') {
        // Phase 2b: vote unless a higher ballot has been promised.
        if (msg.ballot < a.promised) {
          if (o.retry === 'preempted') ctx.send(from, { type: 'nack', ballot: msg.ballot, promised: a.promised });
          return a;
        }
        if (a.votes.has(msg.ballot)) return a;
        return a.merge({ promised: msg.ballot, votes: a.votes.set(msg.ballot, msg.value) });
      }
      return a;
    },
  };

  const nodes: { [name: string]: NodeDef<Node, Msg> } = {};
  PROPOSERS.forEach((p, i) => (nodes[p] = proposer(i)));
  for (const a of ACCEPTORS) nodes[a] = acceptor;

  return protocol<Node, Msg>({
    name: 'paxos',
    nodes,
    network: { order: o.network },
    fairness: o.fairness,
    describeMessage: (m) =>
      m.type === 'prepare'
        ? `prepare(${m.ballot})`
        : m.type === 'accept'
          ? `accept(${m.ballot}, ${m.value})`
          : m.type === 'nack'
            ? `nack(${m.ballot}, promised ${m.promised})`
            : `promise(${m.ballot}, ${m.votedBallot < 0 ? 'no vote' : `voted ${m.votedValue} in ${m.votedBallot}`})`,
    observe: (sys) => ({ chosen: chosen(sys).join(', ') || null }),
    properties: [
      always('agreement', (sys) => chosen(sys).length <= 1, 'at most one value is ever chosen'),
      always('validity', (sys) => chosen(sys).every((v) => v === 'a' || v === 'b'), "a chosen value is one of the proposers' own values"),
      sometimes('a can be chosen', (sys) => chosen(sys).includes('a'), "some run chooses p1's value"),
      sometimes('b can be chosen', (sys) => chosen(sys).includes('b'), "some run chooses p2's value"),
      sometimes(
        'duelling proposers',
        (sys) => Array.from({ length: o.ballots - 1 }, (_, b) => b).every((b) => lost(sys, o.quorums, b)),
        'every ballot but the last was voted in and lost to a higher one (the last cannot be pre-empted)',
      ),
      eventually('a value is chosen', (sys) => chosen(sys).length > 0, 'on every fair run, some value is eventually chosen (liveness)'),
    ],
  });
}

export default defineModel({
  name: 'paxos',
  description: 'Single-decree Paxos, 2 proposers, 3 acceptors, bounded ballots: agreement always holds, progress is not guaranteed',
  params: {
    ballots: { default: 4, description: 'ballot numbers 0 .. ballots - 1; p1 owns the even ones, p2 the odd ones', integer: true, min: 2, max: 8 },
    retry: {
      default: 'preempted' as PaxosOptions['retry'],
      description: '"preempted": a proposer moves to its next ballot when an acceptor nacks it; "timeout": when its timer fires, at any time',
      values: ['preempted', 'timeout'] as PaxosOptions['retry'][],
    },
    lastBallot: {
      default: 'abandon' as PaxosOptions['lastBallot'],
      description: '"abandon": in its last ballot a proposer may give up when its timer fires; "keep": it leaves it only when pre-empted',
      values: ['abandon', 'keep'] as PaxosOptions['lastBallot'][],
    },
    quorums: {
      default: 'fixed' as PaxosOptions['quorums'],
      description: '"fixed": p1 talks to a1, a2 and p2 to a2, a3; "all": both talk to every acceptor',
      values: ['fixed', 'all'] as PaxosOptions['quorums'][],
    },
    network: {
      default: 'unordered' as PaxosOptions['network'],
      description: '"duplicating": messages may arrive any number of times; "unordered": once each; never lost',
      values: ['duplicating', 'unordered'] as PaxosOptions['network'][],
    },
    rule: {
      default: 'highest vote' as PaxosOptions['rule'],
      description: 'the value proposed in phase 2: "highest vote" (Paxos) or "own value" (broken)',
      values: ['highest vote', 'own value'] as PaxosOptions['rule'][],
    },
    fairness: {
      default: 'weak' as FairnessPreset,
      description: 'what liveness may assume (the network loses nothing, so fair-lossy adds nothing to weak)',
      values: FAIRNESS_PRESETS,
    },
  },
  create: (p) => paxos(p),
  tests: [
    {
      name: 'defaults: safe; the proposers duel until their ballots run out',
      properties: {
        agreement: 'pass',
        validity: 'pass',
        'a can be chosen': 'pass',
        'b can be chosen': 'pass',
        'duelling proposers': 'pass',
        'a value is chosen': 'fail',
      },
      distinctStates: 13833,
      transitions: 59786,
      depth: 30,
      traceLength: { 'a value is chosen': 22, 'duelling proposers': 21, 'a can be chosen': 7 },
    },
    {
      name: 'the last ballot kept: the highest ballot cannot be pre-empted, so a value is chosen',
      params: { lastBallot: 'keep' },
      properties: { agreement: 'pass', 'duelling proposers': 'pass', 'a value is chosen': 'pass' },
      distinctStates: 3866,
      transitions: 13394,
      depth: 29,
    },
    {
      name: '2 ballots',
      params: { ballots: 2 },
      properties: { agreement: 'pass', validity: 'pass', 'a value is chosen': 'fail' },
      distinctStates: 853,
      depth: 15,
      traceLength: { 'a value is chosen': 10 },
    },
    {
      name: '3 ballots',
      params: { ballots: 3 },
      properties: { agreement: 'pass', validity: 'pass', 'a value is chosen': 'fail' },
      distinctStates: 3791,
      depth: 22,
      traceLength: { 'a value is chosen': 15 },
    },
    {
      name: 'broken: a proposer proposes its own value whatever the promises report',
      params: { rule: 'own value', ballots: 3 },
      properties: { agreement: 'fail', validity: 'pass' },
      distinctStates: 3791,
      traceLength: { agreement: 13 },
      lastStep: { agreement: 'deliver' },
    },
    {
      name: 'messages may arrive many times (3 ballots): still safe',
      params: { network: 'duplicating', ballots: 3 },
      properties: { agreement: 'pass', validity: 'pass', 'a value is chosen': 'fail' },
      distinctStates: 14340,
      transitions: 252506,
      traceLength: { 'a value is chosen': 12 },
    },
  ],
});
