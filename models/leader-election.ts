/**
 * Raft leader election (Ongaro and Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", USENIX ATC 2014, section 5.2), 3 servers, as a plain transition system. A
 * follower whose election timer fires becomes a candidate in the next term, votes for itself and
 * sends RequestVote to the others. A server grants its vote to the first candidate that asks in
 * a term (`votedFor`) and adopts any newer term it sees. A candidate with a majority (2 of 3)
 * becomes leader and sends each other server a heartbeat (AppendEntries), which makes it a
 * follower of that term. Modelling choices:
 * - Randomised election timeouts are abstracted as nondeterminism: any server that is not a
 *   leader and has not heard the leader of its term may time out at any step. A server that
 *   has heard its leader never times out again (it stands for the stream of heartbeats that
 *   keeps resetting its timer), and leaders do not fail, so a term ends only when someone times
 *   out before hearing of a leader.
 * - Messages are a set, never lost, delivered once in any order; a refusal is silent (in Raft
 *   it only carries the term, which the RequestVote already told the candidate).
 * - Terms grow without bound, so they are stored relative to the slowest server (it is always
 *   at 0) and messages older than every server's term, which everyone ignores, are dropped.
 *   Behaviour depends only on how terms compare, so this loses nothing, and it keeps the graph
 *   finite: a run of elections that never ends is a real cycle, a lasso. `terms` (default 1)
 *   bounds how far one server may get ahead of the slowest; it removes behaviours (a server that
 *   far ahead may not time out), so verdicts hold for those runs only.
 *
 * What it shows (defaults, `check leader-election --continue`: 8,753 states, 49,062
 * transitions, depth 14, about 3 s; with `terms=2`: 96,410 states,
 * 753,087 transitions, depth 18, the same verdicts, in about 30 s under weak fairness or
 * `random`, which keeps a fairness class per transition):
 * - `at most one leader per term` (Raft's Election Safety) holds: two leaders of one term would
 *   need two majorities, which share a server, and a server votes once per term. With
 *   `vote=forgetful` (a server grants every request of its term, as one that does not keep
 *   `votedFor` on disk may after a restart) it fails in 7 steps: s1 times out, gets s2's vote
 *   and leads; s3 times out into the same term, s1 votes for it too, and s3 leads as well (two
 *   timeouts, two votes granted, two counted; the check stops there after 551 states; the whole
 *   space is 612,061 states, about 100 s). Terms in the step labels are relative: they shift
 *   down by one when the slowest server catches up.
 * - `a leader is elected` (liveness: eventually some server is leader) depends on the fairness
 *   assumed, which is the lesson (`fairness`):
 *   - `none`: fails in the simplest way, a lasso of 4 states and a cycle of 3: s1 times out,
 *     s2 and s3 grant it their votes, and s1 times out again before counting them, for ever.
 *   - `weak` (every deliverable message is eventually delivered, every armed timer eventually
 *     fires) and `strong` (the same, strongly): still fail. The servers split their votes for
 *     ever: all three time out into the same term, each votes for itself and refuses the
 *     others, and again (`split vote` is that state; its witness is 10 states long, and one
 *     more round of 3 timeouts and 6 refused requests returns to it: a fair cycle, which the
 *     test checks). Fairness of each delivery does not help, because a request can always be
 *     delivered just after its receiver has timed out and voted for itself. The lasso the
 *     checker prints is another such run: under weak fairness 10 states, the cycle starting at the
 *     fourth, in which s1 and s3 time out in turn, each before counting the votes it was
 *     granted; under strong fairness 52, since a class enabled anywhere on the cycle must be
 *     taken there (stale votes are delivered and ignored, all three servers time out). The
 *     checker builds the cycle from the shortest one through the fair set plus a detour per
 *     fairness class it misses, then drops the detours it can do without. A delivery's fairness
 *     class is its kind and link (`RequestVote s1->s2`), not its term, which is relative and
 *     would rename a message waiting in flight when the slowest server catches up.
 *   - `random` (the default): strong fairness of each step from each state (extreme
 *     fairness, Pnueli 1983): a behaviour that is in a state infinitely often takes every step
 *     enabled there infinitely often. That is what randomised timeouts buy: if every step from
 *     a state had a positive probability (timeouts and delays drawn at random), a finite system
 *     would elect a leader with probability 1 exactly when a leader can still be reached from
 *     every state it can get to before electing one, and that is what this fairness checks
 *     (the test checks on the graph that a leader can be reached from every reachable state).
 *     Under it `a leader is elected` PASSES, with `terms=1` and `terms=2`. A scheduler that
 *     picks the worst order can split the votes for ever; Raft counts on randomness, and the
 *     model states it as this fairness assumption. It costs a fairness class per transition:
 *     3 s instead of 1 s at `terms=1`.
 * - `a leader can be elected` (a `sometimes`): 4 states (a timeout, a vote granted, counted).
 */
import { List, Record, Set } from 'immutable';
import { always, defineModel, eventually, sometimes, type Fairness, type Model } from 'protocheck';

export type Role = 'follower' | 'candidate' | 'leader';

/**
 * A server: its term (relative: the slowest server is at 0), its role, whom it voted for in this
 * term (-1: nobody), the votes it has as a candidate (server indices, itself included), and
 * whether it has heard a heartbeat from the leader of its term.
 */
export const Server = Record({
  term: 0,
  role: 'follower' as Role,
  votedFor: -1,
  votes: Set<number>(),
  heard: false,
});
export type Server = ReturnType<typeof Server>;

export type MsgType = 'RequestVote' | 'Vote' | 'AppendEntries';

/** A message: RequestVote (a candidate asks for a vote), Vote (granted), AppendEntries (a heartbeat). */
export const Msg = Record({ type: 'RequestVote' as MsgType, term: 0, from: 0, to: 0 });
export type Msg = ReturnType<typeof Msg>;

/**
 * The whole system: the servers, the messages in flight (a set: consumed when delivered), and
 * the leaders elected so far, as "term:server" for every term a server is still in.
 */
export const State = Record({ servers: List<Server>(), msgs: Set<Msg>(), elected: Set<string>() });
export type State = ReturnType<typeof State>;

export type Action = { readonly type: 'timeout'; readonly server: number } | { readonly type: 'deliver'; readonly msg: Msg };

export type ElectionFairness = 'none' | 'weak' | 'strong' | 'random';

export type VoteRule = 'once per term' | 'forgetful';

export interface LeaderElectionOptions {
  /** How many terms a server may get ahead of the slowest one. */
  readonly terms: number;
  readonly fairness: ElectionFairness;
  /**
   * `once per term` (Raft): a server grants at most one vote per term. `forgetful` (broken): it
   * grants every request of its term, as a server that does not keep `votedFor` on disk may
   * after a restart.
   */
  readonly vote: VoteRule;
}

export const SERVERS = ['s1', 's2', 's3'] as const;
const N = SERVERS.length;
const MAJORITY = 2;

const msgKey = (m: Msg): string => `${m.type}(${m.term}) ${SERVERS[m.from]}->${SERVERS[m.to]}`;
/**
 * A delivery's fairness class: the kind of message and the link, not the term. Terms are
 * relative and shift when the slowest server catches up, so a class named by term would rename
 * a message while it waits in flight.
 */
const linkKey = (m: Msg): string => `${m.type} ${SERVERS[m.from]}->${SERVERS[m.to]}`;

/** The leaders elected in each term (relative), from the history. */
export function leadersByTerm(s: State): globalThis.Map<number, number[]> {
  const out = new globalThis.Map<number, number[]>();
  for (const e of s.elected) {
    const [t, i] = e.split(':').map(Number) as [number, number];
    out.set(t, [...(out.get(t) ?? []), i]);
  }
  return out;
}

export function hasLeader(s: State): boolean {
  return s.servers.some((v) => v.role === 'leader');
}

/** Shifts every term so that the slowest server is at 0, and drops messages older than every server's term. */
export function normalize(s: State): State {
  const min = s.servers.map((v) => v.term).min() ?? 0;
  if (min === 0) return s;
  return State({
    servers: s.servers.map((v) => v.set('term', v.term - min)),
    msgs: s.msgs.filter((m) => m.term >= min).map((m) => m.set('term', m.term - min)),
    elected: s.elected
      .map((e) => e.split(':').map(Number) as [number, number])
      .filter(([t]) => t >= min)
      .map(([t, i]) => `${t - min}:${i}`),
  });
}

/** Whether server i may time out and start an election. */
function canTimeOut(v: Server, terms: number): boolean {
  return v.role !== 'leader' && !v.heard && v.term + 1 <= terms;
}

/** What delivering `m` does, in a word (the fairness class of a step names it). */
export function outcome(s: State, m: Msg, vote: VoteRule = 'once per term'): 'grant' | 'refuse' | 'count' | 'ignore' | 'follow' {
  const v = s.servers.get(m.to)!;
  if (m.term < v.term) return 'ignore';
  switch (m.type) {
    case 'RequestVote': {
      const free = vote === 'forgetful' || m.term > v.term || v.votedFor === -1 || v.votedFor === m.from;
      return free ? 'grant' : 'refuse';
    }
    case 'Vote':
      return v.role === 'candidate' && v.term === m.term && !v.votes.has(m.from) ? 'count' : 'ignore';
    case 'AppendEntries':
      return 'follow';
  }
}

/** A short exact text for a state (a fairness class under `random` names its state). */
export function stateKey(s: State): string {
  const servers = s.servers.map((v) => `${v.term}${v.role[0]}${v.votedFor}${v.votes.toArray().sort().join('')}${v.heard ? 'h' : ''}`).join(',');
  return `${servers};${s.msgs.toArray().map(msgKey).sort().join(',')};${s.elected.toArray().sort().join(',')}`;
}

export function leaderElection(o: LeaderElectionOptions): Model<State, Action> {
  const send = (msgs: Set<Msg>, type: MsgType, term: number, from: number, to: number): Set<Msg> => msgs.add(Msg({ type, term, from, to }));

  /** Server i at the term of a message newer than its own: a follower that has voted for nobody. */
  const adopt = (v: Server, term: number): Server => (term > v.term ? Server({ term }) : v);

  const step = (s: State, a: Action): State => {
    if (a.type === 'timeout') {
      const i = a.server;
      const v = s.servers.get(i)!;
      const term = v.term + 1;
      let msgs = s.msgs;
      for (let j = 0; j < N; j++) if (j !== i) msgs = send(msgs, 'RequestVote', term, i, j);
      const me = Server({ term, role: 'candidate', votedFor: i, votes: Set([i]) });
      return s.merge({ servers: s.servers.set(i, me), msgs });
    }
    const m = a.msg;
    const msgs = s.msgs.remove(m);
    const i = m.to;
    const v = s.servers.get(i)!;
    if (m.term < v.term) return s.set('msgs', msgs); // stale: ignored
    switch (m.type) {
      case 'RequestVote': {
        const w = adopt(v, m.term);
        if (o.vote === 'once per term' && w.votedFor !== -1 && w.votedFor !== m.from) return s.merge({ servers: s.servers.set(i, w), msgs });
        return s.merge({ servers: s.servers.set(i, w.set('votedFor', m.from)), msgs: send(msgs, 'Vote', m.term, i, m.from) });
      }
      case 'Vote': {
        if (v.role !== 'candidate' || v.term !== m.term) return s.set('msgs', msgs);
        const votes = v.votes.add(m.from);
        if (votes.size < MAJORITY) return s.merge({ servers: s.servers.set(i, v.set('votes', votes)), msgs });
        // Elected: a heartbeat to every other server.
        let out = msgs;
        for (let j = 0; j < N; j++) if (j !== i) out = send(out, 'AppendEntries', v.term, i, j);
        return s.merge({
          servers: s.servers.set(i, v.merge({ role: 'leader', votes })),
          msgs: out,
          elected: s.elected.add(`${v.term}:${i}`),
        });
      }
      case 'AppendEntries': {
        // A leader of this term (or a newer one) exists: follow it; its heartbeats reset our timer.
        const w = adopt(v, m.term);
        return s.merge({ servers: s.servers.set(i, w.merge({ role: 'follower', votes: Set<number>(), heard: true })), msgs });
      }
    }
  };

  const fairness = (a: Action, s: State): Fairness | undefined => {
    switch (o.fairness) {
      case 'none':
        return undefined;
      case 'weak':
      case 'strong': {
        const key = a.type === 'timeout' ? `timer ${SERVERS[a.server]}` : `deliver ${linkKey(a.msg)}`;
        return { key, strong: o.fairness === 'strong' };
      }
      case 'random': {
        // Each step from each state is a class of its own (extreme fairness).
        const step = a.type === 'timeout' ? `timer ${SERVERS[a.server]}` : `deliver ${msgKey(a.msg)}`;
        return { key: `${stateKey(s)} | ${step}`, strong: true };
      }
    }
  };

  return {
    name: 'leader-election',
    initialStates: () => [State({ servers: List(Array.from({ length: N }, () => Server())) })],
    actions(s, out) {
      // Messages in a fixed order (a Set's iteration order depends on how it was built).
      const msgs = s.msgs.toArray().sort((x, y) => (msgKey(x) < msgKey(y) ? -1 : 1));
      for (const msg of msgs) out.push({ type: 'deliver', msg });
      s.servers.forEach((v, server) => {
        if (canTimeOut(v, o.terms)) out.push({ type: 'timeout', server });
      });
    },
    next: (s, a) => normalize(step(s, a)),
    describe(a, before) {
      if (a.type === 'timeout') {
        const v = before.servers.get(a.server)!;
        return { kind: 'timeout', node: SERVERS[a.server], label: `${SERVERS[a.server]} times out: candidate in term ${v.term + 1} (relative)` };
      }
      const m = a.msg;
      return {
        kind: 'deliver',
        from: SERVERS[m.from],
        to: SERVERS[m.to],
        message: m.toJS(),
        label: `${SERVERS[m.to]} receives ${m.type}(term ${m.term}) from ${SERVERS[m.from]}: ${outcome(before, m, o.vote)}`,
      };
    },
    toJSON: (s) => ({
      servers: Object.fromEntries(s.servers.toArray().map((v, i) => [SERVERS[i], v.toJS()])),
      msgs: s.msgs.toArray().map(msgKey).sort(),
      elected: s.elected.toArray().sort(),
    }),
    properties: [
      always<State>(
        'at most one leader per term',
        (s) => [...leadersByTerm(s).values()].every((ls) => ls.length <= 1),
        'no two servers are ever elected in the same term (Election Safety)',
      ),
      sometimes<State>('a leader can be elected', hasLeader, 'some run elects a leader'),
      sometimes<State>(
        'split vote',
        (s) => s.servers.every((v) => v.role === 'candidate' && v.term === s.servers.get(0)!.term && v.votes.size === 1) && s.msgs.isEmpty(),
        'every server a candidate in the same term with only its own vote, nothing in flight: nobody can win this term',
      ),
      eventually<State>('a leader is elected', hasLeader, 'on every fair run, some server eventually becomes leader (liveness)'),
    ],
    ...(o.fairness === 'none' ? {} : { fairness, fairnessLabel: o.fairness }),
  };
}

export default defineModel({
  name: 'leader-election',
  description: 'Raft leader election, 3 servers: at most one leader per term; a leader eventually, only with randomness',
  params: {
    terms: { default: 1, description: 'how many terms a server may get ahead of the slowest (terms are stored relative to it)', integer: true, min: 1, max: 4 },
    fairness: {
      default: 'random' as ElectionFairness,
      description: 'none; weak or strong fairness of each delivery (per link) and timer; random: strong fairness of each step from each state',
      values: ['none', 'weak', 'strong', 'random'] as ElectionFairness[],
    },
    vote: {
      default: 'once per term' as VoteRule,
      description: '"once per term" (Raft) or "forgetful" (broken: a server grants every request of its term)',
      values: ['once per term', 'forgetful'] as VoteRule[],
    },
  },
  create: (p) => leaderElection(p),
  tests: [
    {
      name: 'defaults: one leader per term; a leader eventually, under randomised timeouts',
      properties: { 'at most one leader per term': 'pass', 'a leader can be elected': 'pass', 'split vote': 'pass', 'a leader is elected': 'pass' },
      distinctStates: 8753,
      transitions: 49062,
      depth: 14,
      traceLength: { 'a leader can be elected': 4, 'split vote': 10 },
    },
    {
      name: 'no fairness: the candidate times out before counting its votes, for ever',
      params: { fairness: 'none' },
      properties: { 'at most one leader per term': 'pass', 'a leader is elected': 'fail' },
      distinctStates: 8753,
      traceLength: { 'a leader is elected': 7 },
      lastStep: { 'a leader is elected': 'deliver' },
    },
    {
      name: 'weak fairness of deliveries and timers: split votes for ever (strong: the same)',
      params: { fairness: 'weak' },
      properties: { 'at most one leader per term': 'pass', 'a leader is elected': 'fail' },
      traceLength: { 'a leader is elected': 10 },
    },
    {
      name: 'broken: a server votes for every candidate of its term',
      params: { vote: 'forgetful' },
      stopAtFirstFailure: true,
      properties: { 'at most one leader per term': 'fail' },
      complete: false,
      distinctStates: 551,
      traceLength: { 'at most one leader per term': 7 },
      lastStep: { 'at most one leader per term': 'deliver' },
    },
  ],
});
