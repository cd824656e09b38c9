/**
 * PBFT, the normal case for one request (Castro and Liskov, "Practical Byzantine Fault
 * Tolerance", OSDI 1999, section 4.2). n = 3f + 1 = 4 replicas, f = 1 of them Byzantine: r0 is
 * the primary of view 0, r1, r2, r3 are backups, and one sequence number is at stake.
 *
 *   pre-prepare: the primary sends pre-prepare(value) to the backups;
 *   prepare:     a backup that accepts a pre-prepare (the first one from the primary) sends
 *                prepare(value) to every other replica;
 *   commit:      a replica is *prepared* when it has the pre-prepare (the primary: its own
 *                proposal) and matching prepares from `quorum` - 1 distinct backups, its own
 *                included: with the pre-prepare standing for the primary's vote, a quorum (the
 *                paper's "2f prepares from different backups" for quorum 2f + 1). A prepared
 *                replica sends commit(value) to every other replica;
 *   reply:       a prepared replica commits the value (ctx.decide) once it has `quorum` matching
 *                commits from distinct replicas, its own included (the paper's committed-local).
 *
 * Properties: `agreement` (always): no two honest replicas commit different values. `validity`
 * (always): with an honest primary, honest replicas commit only the client's request. `commits`
 * (sometimes): some honest replica commits, so the protocol is not vacuously safe.
 *
 * What it shows (`protocheck test models/pbft.ts`): with quorum 2f + 1 = 3 agreement holds in a
 * complete search, with a Byzantine primary (9,434 states), a Byzantine backup (160,356, three
 * times 53,452 for r3 alone) or any one of the four (169,790). With quorum 2f = 2 it fails, and
 * the shortest counterexample (12 steps) is the equivocating primary: pre-prepare(x) to r1 and r2
 * but pre-prepare(y) to r3; r1 and r3 are prepared at once (their own prepare and the pre-prepare
 * make 2); the primary's honest self, prepared by r1's prepare, would send commit(x) to all, and
 * the adversary sends commit(y) to r3 instead: r1 commits x, r3 commits y. Two quorums of 2 out
 * of 4 need not share an honest replica; two of 3 always do. A Byzantine *backup* alone cannot
 * break agreement here, whatever the quorum (faulty=backup passes with quorum 2, even 1): within
 * one view an honest primary's pre-prepare fixes the only value honest replicas prepare, and they
 * ignore prepares and commits for any other. Lying backups matter across view changes, where
 * prepared certificates move to the next view; view changes are not modelled.
 *
 * Modelling choices:
 * - The request is fixed (x). The protocol treats values alike and agreement does not name them,
 *   so a run with request y is a renaming of one with request x: choosing the request with
 *   ctx.choose would only double the state space. The adversary's lies use both x and y.
 * - The view (0) and the sequence number are constants, left out of the messages; so are the
 *   client, its signed request and the reply (the reply is `ctx.decide`). No signatures or
 *   digests: the normal case needs only authenticated channels, which the network gives (`from`
 *   is the real sender, so a traitor cannot pose as another replica).
 * - Byzantine replicas (`faulty`): exactly one (byzantine.count = 1) of: the primary (`primary`
 *   or `r0`), the backups (`backup`: r1, r2, r3 in turn), all four (`any`), or one named backup
 *   (`r1`, `r2`, `r3`; by the backups' symmetry one stands for all three, at a third of the cost).
 *   The adversary decides each message the traitor's honest self would send: the truth, or the
 *   value changed (byzantine.values), per recipient. So a Byzantine primary equivocates in its
 *   pre-prepares and in its commits, and a Byzantine backup tells each replica its own prepare and
 *   commit. The honest self only bounds *when* the traitor speaks; speaking earlier would not
 *   help it, since any other value is ignored by replicas that accepted theirs.
 * - No silence (byzantine.silence = false). On an asynchronous network withholding adds nothing
 *   to a safety property: a message sent but never delivered leaves every honest replica exactly
 *   where a withheld one does, so each state reached with silence is reached, with one more
 *   message in flight, without it. Silence matters for liveness only, which is not checked.
 * - The network reorders and duplicates ('duplicating': a message once sent stays deliverable,
 *   any number of times), which the paper allows ("may fail to deliver messages, delay them,
 *   duplicate them, or deliver them out of order"). Replicas log messages by sender, so a second
 *   delivery changes nothing, and honest replicas reach the same states as on an 'unordered'
 *   network (each message delivered at most once), where every message still undelivered splits
 *   the states in two. 'unordered' was tried first, with replicas that buffer every message as the
 *   paper's do: over 365,000 states after 30 s with the Byzantine primary, at depth 17 of about 35.
 * - Because every message stays deliverable, a replica *ignores* what it cannot use yet rather
 *   than buffering it (prepares and commits before its pre-prepare, commits before it is
 *   prepared), and forgets what it can no longer use (prepares once prepared, everything once
 *   committed, other values once it accepted a pre-prepare): a message ignored too early can be
 *   delivered again once it counts, reaching what a buffering replica reaches. Checked: buffering
 *   replicas on the same network reach exactly the same combinations of honest decisions for
 *   quorums 1, 2 and 3 with a Byzantine primary and with a Byzantine r3, in 109,412 states instead
 *   of 9,434 (primary, quorum 3) and 275,034 instead of 53,452 (r3, quorum 3).
 * - Symmetry: the backups are declared symmetric (the properties name none of them; a traitor's
 *   identity is renamed with it). `--symmetry` gives the same verdicts, but is slower here than
 *   the plain search, and its class counts are not exact orbit counts (see the tests).
 *
 * State counts (breadth first = depth first), quorum 1 / 2 / 3: primary 575 / 2,507 / 9,434; r3
 * 512 / 4,576 / 53,452; backup three times r3; any = primary + backup. Quorum 1 is counted by
 * hand in the tests below.
 */
import { Record, Set } from 'immutable';
import { always, defineModel, protocol, sometimes, type Context, type NodeDef, type System } from 'protocheck';

type Value = 'x' | 'y';
const VALUES: readonly Value[] = ['x', 'y'];
/** The client's request (see the header: fixed, by the symmetry of values). */
const REQUEST: Value = 'x';
const PRIMARY = 'r0';
const BACKUPS = ['r1', 'r2', 'r3'] as const;
const REPLICAS: readonly string[] = [PRIMARY, ...BACKUPS];

interface Msg {
  readonly type: 'preprepare' | 'prepare' | 'commit';
  readonly value: Value;
}

/** A replica's log for the one sequence number, with only what can still matter (see the header). */
const Replica = Record({
  /** The value of the pre-prepare it accepted (the primary: its proposal). */
  value: null as Value | null,
  /** Backups whose prepare for `value` it has (its own included), until it is prepared. */
  prepares: Set<string>(),
  /** Replicas whose commit for `value` it has (its own included), from prepared until committed. */
  commits: Set<string>(),
  prepared: false,
  committed: false,
});
type Replica = ReturnType<typeof Replica>;

type Faulty = 'primary' | 'backup' | 'any' | 'r0' | 'r1' | 'r2' | 'r3';
const FAULTY: readonly Faulty[] = ['primary', 'backup', 'any', 'r0', 'r1', 'r2', 'r3'];

/** The replicas that may be Byzantine. */
function suspects(faulty: Faulty): string[] {
  if (faulty === 'primary') return [PRIMARY];
  if (faulty === 'backup') return [...BACKUPS];
  if (faulty === 'any') return [...REPLICAS];
  return [faulty];
}

export function pbft(quorum: number, faulty: Faulty) {
  /** After each accepted message: become prepared (send commit), then commit, when the counts allow. */
  const progress = (r: Replica, ctx: Context<Msg>): Replica => {
    const v = r.value!;
    if (!r.prepared) {
      // The pre-prepare counts as the primary's vote: quorum - 1 prepares from backups.
      if (r.prepares.size + 1 < quorum) return r;
      ctx.broadcast({ type: 'commit', value: v });
      r = r.merge({ prepared: true, prepares: Set(), commits: Set([ctx.self]) });
    }
    if (r.commits.size < quorum) return r;
    ctx.decide(v);
    return r.merge({ committed: true, commits: Set() });
  };

  /** Prepares and commits, the same at the primary and at a backup. */
  const onVote = (r: Replica, msg: Msg, from: string, ctx: Context<Msg>): Replica => {
    if (r.value === null || msg.value !== r.value || r.committed) return r;
    if (msg.type === 'prepare' && !r.prepared && from !== PRIMARY) return progress(r.set('prepares', r.prepares.add(from)), ctx);
    if (msg.type === 'commit' && r.prepared) return progress(r.set('commits', r.commits.add(from)), ctx);
    return r;
  };

  const primary: NodeDef<Replica, Msg> = {
    init(ctx) {
      for (const b of BACKUPS) ctx.send(b, { type: 'preprepare', value: REQUEST });
      // Its proposal is its pre-prepare: with quorum 1 it is prepared (and commits) at once.
      return progress(Replica({ value: REQUEST }), ctx);
    },
    onMessage: onVote,
  };

  const backup: NodeDef<Replica, Msg> = {
    init: () => Replica(),
    onMessage(r, msg, from, ctx) {
      if (msg.type !== 'preprepare') return onVote(r, msg, from, ctx);
      // Only the primary pre-prepares, and a backup accepts one pre-prepare per sequence number.
      if (from !== PRIMARY || r.value !== null) return r;
      ctx.broadcast({ type: 'prepare', value: msg.value });
      return progress(r.merge({ value: msg.value, prepares: Set([ctx.self]) }), ctx);
    },
  };

  const committed = (sys: System<Replica, Msg>): string[] => sys.honest.flatMap((n) => sys.decisions(n) as string[]);
  return protocol<Replica, Msg>({
    name: 'pbft',
    nodes: Object.fromEntries(REPLICAS.map((r) => [r, r === PRIMARY ? primary : backup])),
    network: { order: 'duplicating' },
    byzantine: { count: 1, nodes: suspects(faulty), values: { value: [...VALUES] }, silence: false },
    // The backups run the same code, and the properties name none of them (see the header).
    symmetric: [...BACKUPS],
    describeMessage: (m) => `${m.type}(${m.value})`,
    properties: [
      always('agreement', (sys) => new globalThis.Set(committed(sys)).size <= 1, 'no two honest replicas commit different values'),
      always(
        'validity',
        (sys) => !sys.isHonest(PRIMARY) || committed(sys).every((v) => v === REQUEST),
        "with an honest primary, honest replicas commit only the client's request",
      ),
      sometimes('commits', (sys) => committed(sys).length > 0, 'some honest replica commits'),
    ],
  });
}

export default defineModel({
  name: 'pbft',
  description: "Castro and Liskov's PBFT, normal case: 4 replicas, 1 Byzantine; quorum 2f + 1 = 3 is safe, 2f = 2 is not",
  params: {
    quorum: { default: 3, description: 'matching votes needed to prepare (pre-prepare + prepares) and to commit', integer: true, min: 1, max: 4 },
    faulty: { default: 'any' as Faulty, description: 'which replica may be Byzantine (one of them): primary, backup, any, or r0..r3', values: [...FAULTY] },
  },
  create: ({ quorum, faulty }) => pbft(quorum, faulty),
  tests: [
    // Quorum 1, by hand. A Byzantine primary owes pre-prepare and commit to each backup at start-up:
    // 1 + 2 + 4 + 8 + 16 + 32 states while it decides them, then each backup has its pre-prepare
    // value, its commit value and whether the pre-prepare arrived: 8^3. 63 + 512 = 575. A Byzantine
    // r3: r1 and r2 have their pre-prepare or not (4) x r3 has not (1) or owes 6 sends with k
    // decided (2^k, k = 0 .. 6): 4 x 128 = 512. 'backup' is r1, r2, r3 in turn: 3 x 512.
    { name: 'quorum 1, Byzantine primary', params: { quorum: 1, faulty: 'primary' }, properties: { agreement: 'fail', validity: 'pass', commits: 'pass' }, distinctStates: 575, depth: 10, traceLength: { agreement: 9 } },
    { name: 'quorum 1, Byzantine r3', params: { quorum: 1, faulty: 'r3' }, properties: { agreement: 'pass', validity: 'pass', commits: 'pass' }, distinctStates: 512, depth: 10 },
    { name: 'quorum 1, Byzantine backup', params: { quorum: 1, faulty: 'backup' }, properties: { agreement: 'pass' }, distinctStates: 1536 },
    // Quorum 2f = 2: the primary equivocates (see the header); 12 steps: start-up, 3 decisions,
    // r1 and r3 accept theirs (prepared at once), the primary gets r1's prepare (prepared), 3
    // decisions about its commits, r1 and r3 get theirs. 2,507 + 3 x 4,576 = 16,235.
    { name: 'quorum 2: an equivocating primary splits the replicas', params: { quorum: 2 }, properties: { agreement: 'fail', validity: 'pass', commits: 'pass' }, distinctStates: 16235, traceLength: { agreement: 12 }, lastStep: { agreement: 'deliver' } },
    { name: 'quorum 2, Byzantine primary', params: { quorum: 2, faulty: 'primary' }, properties: { agreement: 'fail' }, distinctStates: 2507 },
    { name: 'quorum 2, a Byzantine backup alone cannot split them', params: { quorum: 2, faulty: 'backup' }, properties: { agreement: 'pass', validity: 'pass', commits: 'pass' }, distinctStates: 13728, complete: true },
    // Quorum 2f + 1 = 3: safe. 'any' = 9,434 + 3 x 53,452 = 169,790 (the slowest case, about 10 s).
    { name: 'quorum 3, Byzantine primary', params: { quorum: 3, faulty: 'primary' }, properties: { agreement: 'pass', validity: 'pass', commits: 'pass' }, distinctStates: 9434, complete: true },
    { name: 'quorum 3, Byzantine r3', params: { quorum: 3, faulty: 'r3' }, properties: { agreement: 'pass', validity: 'pass', commits: 'pass' }, distinctStates: 53452, complete: true },
    { name: 'quorum 3, any one Byzantine replica', params: { quorum: 3 }, properties: { agreement: 'pass', validity: 'pass', commits: 'pass' }, distinctStates: 169790, complete: true },
  ],
});
