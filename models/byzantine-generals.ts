/**
 * The Byzantine Generals (Lamport, Shostak and Pease, "The Byzantine Generals Problem", ACM
 * TOPLAS 4(3), 1982). A commander sends an order (attack or retreat) to n - 1 lieutenants; up to
 * m of the n generals, the commander too, are traitors who may lie. Wanted:
 *   IC1: all loyal lieutenants obey the same order;
 *   IC2: if the commander is loyal, every loyal lieutenant obeys the order it sends.
 *
 * `algorithm=OM` is the oral-messages algorithm OM(m), written as exponential information
 * gathering: in round 1 the commander sends its order; a lieutenant that receives a value along
 * a path of generals (commander first) relays it, with its own name appended, to every lieutenant
 * not yet on the path, while paths are at most m long; after round m + 1 each lieutenant decides
 * bottom up, by majority (retreat when there is none, or when a message never came).
 * `algorithm=SM` is the signed-messages algorithm SM(m): orders carry a chain of signatures; a
 * lieutenant keeps the set of orders it has seen and relays each new one, signed, while the
 * chain is at most m long; it obeys the only order it has seen, else retreats.
 *
 * Traitors are protocheck's Byzantine nodes: every set of m generals in turn; a traitor's honest
 * self computes what it would send and the adversary may replace the value of each message, to
 * each lieutenant separately. Withholding a message is left out: a missing message counts as
 * retreat, so silence is the lie "retreat", which the adversary can already tell (a choice no
 * loyal general can tell apart, pruned). With signed messages a traitor cannot forge a loyal
 * general's signature. The network is synchronous, as the paper assumes (A1-A3).
 *
 * What it shows, as `protocheck sweep models/byzantine-generals.ts --param n=3,4,5 --param m=1`
 * and `--param n=6 --param m=2` print it: OM(m) fails for n <= 3m (n = 3, m = 1: a lying
 * lieutenant makes the other obey retreat although the commander ordered attack; n = 6, m = 2)
 * and holds for n >= 3m + 1 (n = 4, 5 with m = 1, complete searches); SM(1) holds with n = 3.
 */
import { List, Map, Record } from 'immutable';
import { defineModel, final, protocol, type NodeDef, type Signature, type System } from 'protocheck';

type Order = 'attack' | 'retreat';
// Retreat first: a depth-first search then starts from the order attack (see the header).
const ORDERS: readonly Order[] = ['retreat', 'attack'];
const DEFAULT: Order = 'retreat';
const COMMANDER = 'C';

/** An order relayed along `path` (the commander first); in SM, `path` is the signature chain. */
interface OrderMsg {
  readonly type: 'order';
  readonly value: Order;
  readonly path: readonly string[];
}

/**
 * A general's state: the commander's order (its own, for the commander), what each lieutenant
 * received along each path (OM), or the set of orders seen (SM).
 */
const General = Record({
  order: null as Order | null,
  received: Map<List<string>, Order>(),
  seen: List<Order>(),
});
type General = ReturnType<typeof General>;

type Algorithm = 'OM' | 'SM';

function majority(values: readonly Order[]): Order {
  const attack = values.filter((v) => v === 'attack').length;
  if (attack * 2 > values.length) return 'attack';
  if ((values.length - attack) * 2 > values.length) return 'retreat';
  return DEFAULT;
}

/** OM(m)'s decision for `self`: majority, bottom up over the information-gathering tree. */
function omDecision(g: General, self: string, lieutenants: readonly string[], m: number): Order {
  const resolve = (path: List<string>): Order => {
    const here = g.received.get(path) ?? DEFAULT;
    if (path.size === m + 1) return here;
    const others = lieutenants.filter((l) => l !== self && !path.includes(l));
    return majority([here, ...others.map((l) => resolve(path.push(l)))]);
  };
  return resolve(List([COMMANDER]));
}

/** SM(m)'s decision: the only order seen, else retreat. */
function smDecision(g: General): Order {
  return g.seen.size === 1 ? g.seen.get(0)! : DEFAULT;
}

export function byzantineGenerals(n: number, m: number, algorithm: Algorithm, traitors: number) {
  const lieutenants = Array.from({ length: n - 1 }, (_, i) => `L${i + 1}`);
  const commander: NodeDef<General, OrderMsg> = {
    init(ctx) {
      const order = ctx.choose(ORDERS, 'order');
      for (const l of lieutenants) ctx.send(l, { type: 'order', value: order, path: [COMMANDER] });
      return General({ order });
    },
  };
  const lieutenant: NodeDef<General, OrderMsg> = {
    init: () => General(),
    onMessage(g, msg, _from, ctx) {
      const relay = (): void => {
        if (msg.path.length > m) return;
        for (const l of lieutenants) {
          if (l !== ctx.self && !msg.path.includes(l)) ctx.send(l, { type: 'order', value: msg.value, path: [...msg.path, ctx.self] });
        }
      };
      if (algorithm === 'OM') {
        const path = List(msg.path);
        if (g.received.has(path)) return g;
        relay();
        return g.set('received', g.received.set(path, msg.value));
      }
      if (g.seen.includes(msg.value)) return g;
      relay();
      return g.set('seen', g.seen.push(msg.value).sort());
    },
  };
  const decision = (sys: System<General, OrderMsg>, l: string): Order =>
    algorithm === 'OM' ? omDecision(sys.state(l), l, lieutenants, m) : smDecision(sys.state(l));
  // A general that crashed (under `faults crash-stop`) is faulty too, as in the paper: only the
  // honest generals still running count as loyal.
  const isLoyal = (sys: System<General, OrderMsg>, g: string): boolean => sys.isHonest(g) && !sys.crashed(g);
  const loyal = (sys: System<General, OrderMsg>): string[] => lieutenants.filter((l) => isLoyal(sys, l));
  return protocol<General, OrderMsg>({
    name: 'byzantine-generals',
    nodes: Object.fromEntries([[COMMANDER, commander], ...lieutenants.map((l) => [l, lieutenant] as const)]),
    network: { order: 'synchronous' },
    byzantine: {
      count: traitors,
      values: { value: [...ORDERS] },
      silence: false,
      ...(algorithm === 'SM'
        ? {
            // The i-th name of the chain signs the order and the chain before it.
            signatures: (msg: OrderMsg): Signature[] =>
              msg.path.map((signer, i) => ({ signer, content: { value: msg.value, chain: msg.path.slice(0, i) } })),
          }
        : {}),
    },
    symmetric: lieutenants,
    observe: (sys) => Object.fromEntries(loyal(sys).map((l) => [`${l} obeys`, decision(sys, l)])),
    properties: [
      final('IC1', (sys) => new Set(loyal(sys).map((l) => decision(sys, l))).size <= 1, 'all loyal lieutenants obey the same order'),
      final(
        'IC2',
        (sys) => !isLoyal(sys, COMMANDER) || loyal(sys).every((l) => decision(sys, l) === sys.state(COMMANDER).order),
        'if the commander is loyal, every loyal lieutenant obeys its order',
      ),
    ],
  });
}

export default defineModel({
  name: 'byzantine-generals',
  description: "Lamport, Shostak and Pease's Byzantine Generals: OM(m) needs n > 3m; SM(m) works with signatures",
  params: {
    n: { default: 4, description: 'generals, the commander included', integer: true, min: 2, max: 8 },
    m: { default: 1, description: 'traitors tolerated (rounds of relaying)', integer: true, min: 0, max: 3 },
    algorithm: { default: 'OM' as Algorithm, description: 'OM (oral messages) or SM (signed messages)', values: ['OM', 'SM'] as Algorithm[] },
    traitors: { default: -1, description: 'how many generals are traitors (-1: m of them)', integer: true, min: -1, max: 8 },
  },
  create: ({ n, m, algorithm, traitors }) => byzantineGenerals(n, m, algorithm, traitors < 0 ? m : traitors),
  tests: [
    // 3 traitor sets x 2 orders. A lying commander: 2 decisions, then 2 rounds: 1 + 2 + 4 + 4 + 4 = 15
    // states per order; a lying lieutenant: round 1, 1 decision, round 2: 1 + 1 + 2 + 2 = 6.
    // 2 x 15 + 2 x 2 x 6 = 54. IC2 fails: a lieutenant's lie makes the other retreat.
    { name: 'OM(1), n = 3: IC2 fails', params: { n: 3, m: 1 }, properties: { IC1: 'pass', IC2: 'fail' }, distinctStates: 54, traceLength: { IC2: 4 }, lastStep: { IC2: 'round' } },
    { name: 'OM(1), n = 4: holds', params: { n: 4, m: 1 }, properties: { IC1: 'pass', IC2: 'pass' }, distinctStates: 134, complete: true },
    { name: 'OM(1), n = 5: holds', params: { n: 5, m: 1 }, properties: { IC1: 'pass', IC2: 'pass' }, distinctStates: 318, complete: true },
    { name: 'OM(2), n = 6: IC2 fails (depth first)', params: { n: 6, m: 2 }, strategy: 'dfs', stopAtFirstFailure: true, properties: { IC2: 'fail' } },
    // As OM, but after round 2 a lying commander's (attack to L1, retreat to L2) and (retreat, attack)
    // leave the same sets of orders seen: 14 states per order; a lying lieutenant cannot forge C's
    // signature, so it only relays the truth: 4. 2 x 14 + 2 x 2 x 4 = 44.
    { name: 'SM(1), n = 3: holds', params: { n: 3, m: 1, algorithm: 'SM' }, properties: { IC1: 'pass', IC2: 'pass' }, distinctStates: 44, complete: true },
  ],
});
