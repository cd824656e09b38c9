/**
 * Symmetric nodes in protocols (`symmetric: ['p1', 'p2', 'p3']`): the renaming the protocol layer
 * compiles (slots, network, names inside messages and node states, crash and partition masks),
 * orbit counts reasoned out by hand and cross-checked against an independent enumeration, and
 * verdicts and replayable paths equal to those of the full search.
 */
import { is, List, Map as IMap, Record, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, final, OptionError, protocol, sometimes, type Model, type NodeDef, type ProtocolSpec } from '../../src/index.ts';
import { canonicalizer, permutations } from '../../src/checker/canonicalizer.ts';
import { replay } from '../../src/checker/replay.ts';
import { stateAt, type SysState } from '../../src/protocol/SysState.ts';
import { stateGraph } from '../helpers/stateGraph.ts';

type Vote = 'yes' | 'no';
type Outcome = 'commit' | 'abort';
type Msg = { readonly type: 'vote'; readonly voter: string; readonly vote: Vote } | { readonly type: 'outcome'; readonly outcome: Outcome };

const Coordinator = Record({ yes: ISet<string>(), no: ISet<string>() });
type Coordinator = ReturnType<typeof Coordinator>;
const Participant = Record({ vote: 'yes' as Vote, outcome: null as Outcome | null });
type Participant = ReturnType<typeof Participant>;
type NodeState = Coordinator | Participant;

const PARTICIPANTS = ['p1', 'p2', 'p3'];

/** Picks a vote (ctx.choose) and sends it, signed with its own name, to the coordinator. */
const participant: NodeDef<NodeState, Msg> = {
  init(ctx) {
    const vote = ctx.choose<Vote>(['yes', 'no'], 'vote');
    ctx.send('c', { type: 'vote', voter: ctx.self, vote });
    return Participant({ vote });
  },
  onMessage(s, m, _from, ctx) {
    if (m.type !== 'outcome') return s;
    ctx.decide(m.outcome);
    return (s as Participant).set('outcome', m.outcome);
  },
};

/** Records each voter's name in a Set; with every vote in, decides and tells the participants. */
function coordinator(participants: readonly string[]): NodeDef<NodeState, Msg> {
  return {
    init: () => Coordinator(),
    onMessage(s, m, _from, ctx) {
      if (m.type !== 'vote') return s;
      const c = s as Coordinator;
      const next = c.set(m.vote, c.get(m.vote).add(m.voter));
      if (next.yes.size + next.no.size === participants.length) {
        const outcome: Outcome = next.no.size > 0 ? 'abort' : 'commit';
        ctx.decide(outcome);
        for (const p of participants) ctx.send(p, { type: 'outcome', outcome });
      }
      return next;
    },
  };
}

interface VoteOptions {
  readonly order?: 'unordered' | 'fifo';
  readonly partition?: number;
  readonly crash?: number;
  /** Participants before the coordinator, so node 0 is symmetric (partition masks get complemented). */
  readonly participantsFirst?: boolean;
  readonly symmetric?: readonly string[];
  readonly extraProperties?: ProtocolSpec<NodeState, Msg>['properties'];
}

function voting(o: VoteOptions = {}): Model<SysState, unknown> {
  const c = coordinator(PARTICIPANTS);
  const parts = Object.fromEntries(PARTICIPANTS.map((p) => [p, participant]));
  const nodes = o.participantsFirst ? { ...parts, c } : { c, ...parts };
  const outcomes = (sys: { state<T extends NodeState>(n: string): T }): (Outcome | null)[] =>
    PARTICIPANTS.map((p) => sys.state<Participant>(p)?.outcome ?? null);
  return protocol<NodeState, Msg>({
    name: 'vote',
    nodes,
    network: { order: o.order ?? 'unordered' },
    faults: { ...(o.partition ? { partition: o.partition } : {}), ...(o.crash ? { crash: o.crash } : {}) },
    symmetric: o.symmetric ?? PARTICIPANTS,
    properties: [
      always('agreement', (sys) => outcomes(sys).every((x) => x === null || x === sys.decision('c'))),
      always('validity', (sys) => !outcomes(sys).includes('commit') || PARTICIPANTS.every((p) => sys.state<Participant>(p)?.vote === 'yes')),
      sometimes('all commit', (sys) => outcomes(sys).every((x) => x === 'commit')),
      always('nobody aborts', (sys) => !outcomes(sys).includes('abort')),
      final('all informed', (sys) => PARTICIPANTS.every((p) => sys.crashed(p) || sys.crashed('c') || sys.decisions(p).length === 1)),
      ...(o.extraProperties ?? []),
    ],
  }) as Model<SysState, unknown>;
}

interface SysJson {
  readonly nodes: Readonly<globalThis.Record<string, { vote?: Vote; outcome?: Outcome | null; yes?: string[]; no?: string[] } | null>>;
  readonly network: readonly { from: string; to: string; message: Msg }[];
  readonly decisions?: Readonly<globalThis.Record<string, unknown[]>>;
  readonly crashed?: readonly string[];
  readonly partition?: readonly [readonly string[], readonly string[]];
  readonly faults?: unknown;
}

/**
 * An independent invariant of a state's class, read from its JSON report (not from SysState, not
 * through the renaming under test): per participant, everything about it with its own name
 * replaced by SELF, sorted; plus what concerns no participant. Complete for this protocol: the
 * coordinator's state is the per-participant "recorded as", messages only go between a
 * participant and the coordinator.
 */
function classKey(model: Model<SysState, unknown>, sys: SysState): string {
  const j = model.toJSON!(sys) as SysJson;
  const coord = j.nodes.c;
  const sideOf = (n: string): number => (j.partition ? (j.partition[1].includes(n) ? 1 : 0) : 0);
  const rel = (x: unknown, p: string): string => JSON.stringify(x, (_k, v) => (v === p ? 'SELF' : v));
  const labels = PARTICIPANTS.map((p) =>
    rel(
      [
        j.nodes[p],
        j.network.filter((e) => e.from === p || e.to === p).map((e) => rel(e, p)).sort(),
        coord?.yes?.includes(p) ? 'yes' : coord?.no?.includes(p) ? 'no' : '-',
        j.decisions?.[p] ?? [],
        j.crashed?.includes(p) ?? false,
        sideOf(p) === sideOf('c'),
      ],
      p,
    ),
  ).sort();
  return JSON.stringify([labels, coord === null, j.decisions?.c ?? [], j.crashed?.includes('c') ?? false, j.partition !== undefined, j.faults ?? null]);
}

/** Every reachable state, and the number of distinct class keys among them. */
function enumerate(model: Model<SysState, unknown>): { states: SysState[]; classes: number } {
  const { states } = stateGraph(model);
  return { states, classes: new Set(states.map((s) => classKey(model, s))).size };
}

/** The reachable set is closed under renaming, and renaming is a group action. */
function expectClosedUnderRenaming(model: Model<SysState, unknown>, states: readonly SysState[]): void {
  const sym = model.symmetry!;
  let reachable = IMap<SysState, true>();
  for (const s of states) reachable = reachable.set(s, true);
  const perms = permutations(sym.size);
  for (const s of states) {
    for (const p of perms) {
      const image = sym.permute(s, p);
      if (!reachable.has(image)) {
        throw new Error(`the image of ${JSON.stringify(model.toJSON!(s))} under [${p}] is not reachable: ${JSON.stringify(model.toJSON!(image))}`);
      }
    }
  }
  // permute(permute(s, a), b) = permute(s, b ∘ a), and the inverse undoes a permutation.
  for (const s of states.slice(0, 200)) {
    for (const a of perms) {
      const inverse: number[] = [];
      a.forEach((to, from) => (inverse[to] = from));
      expect(is(sym.permute(sym.permute(s, a), inverse), s)).toBe(true);
      for (const b of perms) {
        const ba = a.map((x) => b[x]!);
        expect(is(sym.permute(sym.permute(s, a), b), sym.permute(s, ba))).toBe(true);
      }
    }
  }
}

/**
 * The protocol's own canonical form is one: constant on every class (canon(π s) = canon(s) for
 * every permutation π) and a member of it (canon(s) = π s for some π). And the search with it
 * counts what the checker's default (smallest fingerprint over all k! permutations) counts.
 */
function expectTrueCanonicalForm(model: Model<SysState, unknown>, states: readonly SysState[], make: () => Model<SysState, unknown>): void {
  const sym = model.symmetry!;
  expect(sym.canonicalize).toBeDefined();
  const canon = sym.canonicalize!;
  const perms = permutations(sym.size);
  for (const s of states) {
    const c = canon(s);
    if (!perms.some((p) => is(sym.permute(s, p), c))) throw new Error(`canonicalize left the class of ${JSON.stringify(model.toJSON!(s))}`);
    for (const p of perms) {
      if (!is(canon(sym.permute(s, p)), c)) {
        throw new Error(`two states of one class, ${JSON.stringify(model.toJSON!(s))} and its image under [${p}], have different representatives`);
      }
    }
  }
  // A function of the state alone: a fresh instance of the protocol, meeting the states in the
  // opposite order, picks the same representatives (a replay or a worker does exactly that).
  // (It has to meet the messages first: their table is per instance, filled as handlers send.)
  const fresh = make();
  stateGraph(fresh);
  for (const s of [...states].reverse()) {
    if (!is(fresh.symmetry!.canonicalize!(s), canon(s))) throw new Error(`another instance picks another representative for ${JSON.stringify(model.toJSON!(s))}`);
  }
  const byDefault: Model<SysState, unknown> = { ...model, symmetry: { size: sym.size, permute: (s, p) => sym.permute(s, p) } };
  expect(check(model, { symmetry: true, continueAfterFailure: true }).stats.distinctStates).toBe(
    check(byDefault, { symmetry: true, continueAfterFailure: true }).stats.distinctStates,
  );
}

function verdicts(model: Model<SysState, unknown>, symmetry: boolean) {
  const r = check(model, { symmetry, continueAfterFailure: true });
  expect(r.complete).toBe(true);
  return r;
}

describe('a coordinator and three symmetric participants', () => {
  /*
   * By hand. A run is fixed by the three votes and, per participant, how far it got: its vote in
   * flight (a), its vote at the coordinator (b), the outcome in flight to it (c), the outcome
   * received (d). Before every vote is in, each participant is a or b, not all b: 4^3 - 2^3 = 56
   * combinations of (vote, a|b); after, each is c or d: 4^3 = 64. 120 states.
   * Classes are multisets of those labels: C(6, 3) = 20 over {yes, no} × {a, b}, less the 4 with
   * every vote in (multisets over yes·b, no·b), plus C(6, 3) = 20 over {yes, no} × {c, d}: 36.
   * Initial states: 8, in 4 classes (how many vote yes).
   */
  it.each(['unordered', 'fifo'] as const)('%s network: 120 states, 36 classes, the same verdicts', (order) => {
    const make = () => voting({ order });
    const model = make();
    const full = verdicts(model, false);
    const sym = verdicts(model, true);
    expect(full.stats.distinctStates).toBe(120);
    expect(full.stats.initialStates).toBe(8);
    expect(sym.stats.distinctStates).toBe(36);
    expect(sym.stats.initialStates).toBe(4);
    const { states, classes } = enumerate(model);
    expect(states).toHaveLength(120);
    expect(classes).toBe(36);
    expectClosedUnderRenaming(model, states);
    expectTrueCanonicalForm(model, states, make);

    expect(sym.properties.map((p) => [p.name, p.status])).toEqual([
      ['agreement', 'pass'],
      ['validity', 'pass'],
      ['all commit', 'pass'],
      ['nobody aborts', 'fail'],
      ['all informed', 'pass'],
    ]);
    expect(sym.properties.map((p) => [p.status, p.path?.length])).toEqual(full.properties.map((p) => [p.status, p.path?.length]));
    expect(sym.stats.maxDepth).toBe(full.stats.maxDepth);
    // 3 votes delivered and 3 outcomes: 6 steps after the initial state.
    expect(sym.stats.maxDepth).toBe(7);
  });

  it('the counterexample and the witness replay concretely', () => {
    const model = voting();
    const r = check(model, { symmetry: true, continueAfterFailure: true });
    const canonical = canonicalizer(model.symmetry!);
    const abort = r.properties.find((p) => p.name === 'nobody aborts')!;
    // Someone votes no; three votes reach the coordinator; one outcome arrives: 4 steps.
    expect(abort.path).toHaveLength(5);
    const trace = replay(model, abort.path!, abort.fingerprints, canonical);
    const last = model.toJSON!(trace.steps.at(-1)!.state) as SysJson;
    expect(Object.values(last.decisions ?? {}).flat()).toContain('abort');
    expect(trace.steps.map((s) => s.action.kind)).toEqual(['init', 'deliver', 'deliver', 'deliver', 'deliver']);

    const commit = r.properties.find((p) => p.name === 'all commit')!;
    expect(commit.path).toHaveLength(7);
    const end = model.toJSON!(replay(model, commit.path!, commit.fingerprints, canonical).steps.at(-1)!.state) as SysJson;
    expect(PARTICIPANTS.map((p) => end.nodes[p]!.outcome)).toEqual(['commit', 'commit', 'commit']);
  });

  it('renaming moves slots and renames names inside messages and node states', () => {
    const model = voting();
    // p1 votes yes, p2 and p3 no (initial state 0b011 in choice order: yes = option 0).
    const inits = model.initialStates();
    const start = inits.find((s) => {
      const j = model.toJSON!(s) as SysJson;
      return j.nodes.p1!.vote === 'yes' && j.nodes.p2!.vote === 'no' && j.nodes.p3!.vote === 'no';
    })!;
    // Deliver p1's vote to the coordinator.
    const actions: { kind: string; from?: number; next: SysState }[] = [];
    model.actions(start, actions as never[]);
    const s = actions.find((a) => a.kind === 'deliver' && a.from === 1)!.next;
    expect((model.toJSON!(s) as SysJson).nodes.c).toEqual({ yes: ['p1'], no: [] });

    // Swap p1 and p2 (elements 0 and 1).
    const image = model.symmetry!.permute(s, [1, 0, 2]);
    const j = model.toJSON!(image) as SysJson;
    expect(j.nodes.p1).toEqual({ vote: 'no', outcome: null });
    expect(j.nodes.p2).toEqual({ vote: 'yes', outcome: null });
    expect(j.nodes.c).toEqual({ yes: ['p2'], no: [] });
    expect(j.network.map((e) => [e.from, e.to, e.message]).sort()).toEqual([
      ['p1', 'c', { type: 'vote', voter: 'p1', vote: 'no' }],
      ['p3', 'c', { type: 'vote', voter: 'p3', vote: 'no' }],
    ]);
    // The image is the state the mirrored run reaches: p2 votes yes, its vote delivered first.
    const mirrored = inits.find((x) => {
      const k = model.toJSON!(x) as SysJson;
      return k.nodes.p1!.vote === 'no' && k.nodes.p2!.vote === 'yes' && k.nodes.p3!.vote === 'no';
    })!;
    actions.length = 0;
    model.actions(mirrored, actions as never[]);
    expect(is(actions.find((a) => a.kind === 'deliver' && a.from === 2)!.next, image)).toBe(true);
    // The renamed message is handled like any other: the coordinator records p1's no.
    actions.length = 0;
    model.actions(image, actions as never[]);
    const after = actions.find((a) => a.kind === 'deliver' && a.from === 1)!.next;
    expect((model.toJSON!(after) as SysJson).nodes.c).toEqual({ yes: ['p2'], no: ['p1'] });
  });

  it('decisions that are node names, timers named after nodes, Maps keyed by names, object keys in messages', () => {
    type S = IMap<string, IMap<string, List<string>>>;
    type Note = { readonly about: { readonly [name: string]: string } };
    // Each node arms one timer per peer, named after it; when one fires the node decides that
    // name, notes it in a Map keyed by names and sends the peer a message keyed by its own name.
    const node: NodeDef<S, Note> = {
      init(ctx) {
        for (const p of ctx.peers) ctx.setTimer(p);
        return IMap<string, IMap<string, List<string>>>([
          ['sent', IMap()],
          ['got', IMap()],
        ]);
      },
      onTimer(s, timer, ctx) {
        ctx.decide(timer);
        ctx.send(timer, { about: { [ctx.self]: timer } });
        return s.setIn(['sent', timer], List([ctx.self, 'other']));
      },
      onMessage: (s, m, from) => s.setIn(['got', from], List(Object.values(m.about))),
    };
    const make = () => protocol<S, Note>({
      name: 'notes',
      nodes: { p1: node, p2: node, p3: node },
      symmetric: PARTICIPANTS,
      properties: [always('names are names', (sys) => sys.nodes.every((n) => sys.decisions(n).every((d) => PARTICIPANTS.includes(d as string))))],
    }) as Model<SysState, unknown>;
    const model = make();
    // Fire p1's timer p2: p1 decides p2, holds sent {p2: [p1, other]}, sends {about: {p1: p2}} to p2.
    const actions: { kind: string; node?: number; timer?: string; next: SysState }[] = [];
    model.actions(model.initialStates()[0]!, actions as never[]);
    const s = actions.find((a) => a.kind === 'timeout' && a.node === 0 && a.timer === 'p2')!.next;
    // Rotate: p1 → p2 → p3 → p1.
    const rotate = [1, 2, 0];
    const image = model.symmetry!.permute(s, rotate);
    const j = model.toJSON!(image) as { nodes: unknown; network: unknown; timers: unknown; decisions: unknown };
    const empty = { sent: {}, got: {} };
    expect(j.nodes).toEqual({ p1: empty, p2: { sent: { p3: ['p2', 'other'] }, got: {} }, p3: empty });
    expect(j.network).toEqual([{ from: 'p2', to: 'p3', message: { about: { p2: 'p3' } } }]);
    expect(j.timers).toEqual({ p1: ['p2', 'p3'], p2: ['p1'], p3: ['p1', 'p2'] });
    expect(j.decisions).toEqual({ p2: ['p3'] });
    // p2 gets the note: got {p1: [p2]}; rotated, p3 got {p2: [p3]}.
    actions.length = 0;
    model.actions(s, actions as never[]);
    const got = model.symmetry!.permute(actions.find((a) => a.kind === 'deliver')!.next, rotate);
    expect((model.toJSON!(got) as { nodes: unknown }).nodes).toEqual({
      p1: empty,
      p2: { sent: { p3: ['p2', 'other'] }, got: {} },
      p3: { sent: {}, got: { p2: ['p3'] } },
    });
    // Names inside longer strings are not names: left alone.
    const odd = s.set('slots', s.slots.set(2, s.slots.get(2)!.set('state', List(['ack-p1', 'p1', 'P1']))));
    expect(stateAt(model.symmetry!.permute(odd, rotate), 0)).toEqual(List(['ack-p1', 'p2', 'P1']));

    const { states } = stateGraph(model);
    expectClosedUnderRenaming(model, states);
    // States where tied nodes are not interchangeable (p1 noted p2, p2 noted p3, p3 noted p1: a
    // swap reverses the cycle), so the canonical form has to try the orders of a tie.
    expectTrueCanonicalForm(model, states, make);
    const full = verdicts(model, false);
    const sym = verdicts(model, true);
    expect(full.stats.distinctStates).toBe(states.length);
    expect(sym.properties[0]!.status).toBe('pass');
    expect(sym.stats.distinctStates).toBeLessThan(states.length);
  });
});

describe('a busy network under renaming', () => {
  /** Three nodes; each sends two messages, signed with its name, to each peer; delivery is all. */
  const gossip = (order: 'unordered' | 'fifo') =>
    protocol<null, { readonly from: string; readonly n: number }>({
      name: 'gossip',
      nodes: Object.fromEntries(
        PARTICIPANTS.map((p) => [
          p,
          {
            init(ctx) {
              for (const peer of ctx.peers) for (const n of [1, 2]) ctx.send(peer, { from: ctx.self, n });
              return null;
            },
          },
        ]),
      ),
      network: { order },
      symmetric: PARTICIPANTS,
      properties: [sometimes('all delivered', (sys) => sys.inFlight().length === 0)],
    }) as Model<SysState, unknown>;

  /*
   * Unordered: any subset of the 12 envelopes (6 links × 2) is still in flight: 4,096 states (a
   * network of more than 8 entries, so Immutable iterates it in hash order). Classes by Burnside
   * over S3 acting on the links: the identity fixes 2^12 subsets; a swap pairs the 6 links into 3
   * cycles (12 envelopes, 6 cycles): 2^6; a rotation makes 2 cycles of links (4 of envelopes): 2^4.
   * (4096 + 3 · 64 + 2 · 16) / 6 = 720.
   * FIFO: each link delivers 0, 1 or 2 of its queue: 3^6 = 729 states; (729 + 3 · 27 + 2 · 9) / 6 = 138.
   */
  it.each([
    ['unordered', 4096, 720],
    ['fifo', 729, 138],
  ] as const)('%s: %i states, %i classes', (order, states, classes) => {
    const model = gossip(order);
    expect(verdicts(model, false).stats.distinctStates).toBe(states);
    expect(verdicts(model, true).stats.distinctStates).toBe(classes);
    const all = stateGraph(model).states;
    expectClosedUnderRenaming(model, all);
    expectTrueCanonicalForm(model, all, () => gossip(order));
  });
});

describe('partitions and crashes under renaming', () => {
  /** n symmetric nodes that do nothing: only partitions happen (budget 1), and heal. */
  const quiet = (n: number) =>
    protocol<null, never>({
      name: 'quiet',
      nodes: Object.fromEntries(Array.from({ length: n }, (_, i) => [`q${i + 1}`, { init: () => null }])),
      faults: { partition: 1 },
      symmetric: Array.from({ length: n }, (_, i) => `q${i + 1}`),
      properties: [always('at most one split', (sys) => sys.faults.partitions <= 1)],
    }) as Model<SysState, unknown>;

  // Before, split (node 0 stays on the near side: 2^(n-1) - 1 masks), healed. 3 nodes: 1 + 3 + 1
  // states; the three splits are all "one node alone", so 3 classes. 4 nodes: 1 + 7 + 1 = 9;
  // splits are 1 | 3 (four) or 2 | 2 (three): 4 classes.
  it.each([
    [3, 5, 3],
    [4, 9, 4],
  ])('%i quiet nodes: %i states, %i classes', (n, states, classes) => {
    const model = quiet(n);
    expect(verdicts(model, false).stats.distinctStates).toBe(states);
    expect(verdicts(model, true).stats.distinctStates).toBe(classes);
    expectClosedUnderRenaming(model, stateGraph(model).states);
    expectTrueCanonicalForm(model, stateGraph(model).states, () => quiet(n));
  });

  it('a permuted partition keeps node 0 on the near side (the mask is complemented)', () => {
    const model = quiet(4);
    const split = (cut: number): SysState => {
      const actions: { kind: string; cut?: number; next: SysState }[] = [];
      model.actions(model.initialStates()[0]!, actions as never[]);
      return actions.find((a) => a.kind === 'partition' && a.cut === cut)!.next;
    };
    // {q1, q4} | {q2, q3}; swapping q1 and q2 gives {q2, q4} | {q1, q3}: with q1 near, mask 0b1010.
    const image = model.symmetry!.permute(split(0b0110), [1, 0, 2, 3]);
    expect(image.rest.cut).toBe(0b1010);
    expect(is(image, split(0b1010))).toBe(true);
    // q1 alone (0b1110) and q2 alone (0b0010) are one class.
    expect(model.symmetry!.permute(split(0b1110), [1, 0, 2, 3]).rest.cut).toBe(0b0010);
  });

  /*
   * The voting protocol with faults, by hand (the independent class key agrees). Labels as above:
   * a, b before every vote is in, c, d after.
   * - Partition 1, participants first (node 0 is p1, so renaming complements masks): a state is
   *   a fault-free one (120) before the split, under one of 2^3 - 1 = 7 splits (the partition may
   *   come at any moment and freezes nothing a later state needs) or healed: 120 × 9 = 1,080.
   *   Classes: 36 before, 36 healed; split, each participant is also on c's side or not, not all
   *   on it: after every vote C(10, 3) - C(6, 3) = 100; before, C(10, 3) less 20 all-b less 20
   *   all on c's side plus the 4 both = 84; 36 + 184 + 36 = 256.
   * - Crash 1 (any node, no recovery; a crashed node keeps nothing but its decisions, messages to
   *   it stay in flight, its own still arrive): none (120), c (120: votes in flight or not,
   *   outcomes in flight or received), one of the participants (3 × 120). 600. Classes: 36 + 36 +
   *   (crashed participant's label × 2 others' multiset: 4 · 10 - 2 · 3 = 34 before, 4 · 10 = 40
   *   after) 74 = 146.
   * - Crash 1 and partition 1: 600 × 9 = 5,400. Classes: 146 before, 146 healed; split: no crash
   *   184, c crashed 184, a participant crashed (labels × sides: 8 · C(9, 2) = 288, after: less
   *   4 · 10 all on c's side = 248; before: less 40 all-b, less 40 all on c's side, plus 2 · 3 =
   *   214) 462; 146 + 830 + 146 = 1,122.
   */
  it.each([
    ['partition 1, unordered', 1080, 256, { partition: 1, participantsFirst: true }],
    ['partition 1, fifo', 1080, 256, { partition: 1, participantsFirst: true, order: 'fifo' as const }],
    ['crash 1', 600, 146, { crash: 1 }],
    ['crash 1 and partition 1, participants first', 5400, 1122, { crash: 1, partition: 1, participantsFirst: true }],
  ] as const)('%s: %i states, %i classes', (_what, states, classes, options) => {
    const model = voting(options);
    const full = verdicts(model, false);
    const sym = verdicts(model, true);
    const e = enumerate(model);
    expect(full.stats.distinctStates).toBe(e.states.length);
    expect(sym.stats.distinctStates).toBe(e.classes);
    expect([e.states.length, e.classes]).toEqual([states, classes]);
    expectClosedUnderRenaming(model, e.states);
    expectTrueCanonicalForm(model, e.states, () => voting(options));
    expect(sym.properties.map((p) => [p.name, p.status, p.path?.length])).toEqual(full.properties.map((p) => [p.name, p.status, p.path?.length]));
    const canonical = canonicalizer(model.symmetry!);
    for (const p of sym.properties) if (p.path) replay(model, p.path, p.fingerprints, canonical);
  });
});

describe('declaring symmetric nodes', () => {
  const spec = (symmetric: unknown, crashNodes?: string[]): ProtocolSpec<NodeState, Msg> => ({
    name: 'vote',
    nodes: { c: coordinator(PARTICIPANTS), p1: participant, p2: participant, p3: participant },
    ...(crashNodes ? { faults: { crash: { max: 1, nodes: crashNodes } } } : {}),
    symmetric: symmetric as string[],
  });

  it.each([
    ['an unknown node', ['p1', 'p4'], /protocol vote: symmetric names "p4", which is not a node; the nodes are c, p1, p2, p3/],
    ['a node twice', ['p1', 'p2', 'p1'], /protocol vote: symmetric lists node p1 twice/],
    ['several groups', [['p1', 'p2'], ['p3']], /protocol vote: symmetric lists groups of nodes; only one group/],
    ['not a list', 'p1', /protocol vote: symmetric must be a list of node names/],
    ['not names', ['p1', 2], /protocol vote: symmetric must list node names \(strings\), not 2/],
  ])('%s is refused', (_what, symmetric, message) => {
    expect(() => protocol(spec(symmetric))).toThrow(OptionError);
    expect(() => protocol(spec(symmetric))).toThrow(message);
  });

  it('nodes that faults treat differently are not interchangeable', () => {
    expect(() => protocol(spec(PARTICIPANTS, ['c', 'p2']))).toThrow(
      /protocol vote: symmetric: nodes p2 and p1 are not interchangeable: faults.crash.nodes lets p2 crash and not p1/,
    );
    expect(protocol(spec(PARTICIPANTS, ['p1', 'p2', 'p3'])).symmetry?.size).toBe(3);
  });

  it('no symmetric list, no symmetry; a protocol property naming one participant is refused under --symmetry', () => {
    expect(protocol({ ...spec(undefined), symmetric: undefined }).symmetry).toBeUndefined();
    const model = voting({ extraProperties: [always('p1 votes yes', (sys) => sys.state<Participant>('p1').vote === 'yes')] });
    expect(() => check(model, { symmetry: true })).toThrow(OptionError);
    expect(() => check(model, { symmetry: true })).toThrow(/unsound for property "p1 votes yes"/);
  });
});
