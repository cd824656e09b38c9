/**
 * Two Generals (Akkoyunlu, Ekanadham and Huber 1975; Gray 1978): two armies on two hills must
 * attack together or not at all, and can talk only through messengers who cross a valley where
 * they may be captured.
 *
 * General A chooses the plan (attack or retreat: two initial states) and sends messenger 1
 * with it. Each general that receives messenger n sends messenger n + 1 back, up to `rounds`
 * messengers in all. When nothing more can happen, each general decides from what it saw: its
 * plan (or the plan it learned, or none) and how many messengers reached it. `rule` says how:
 * `usual` acts on the plan only after receiving every messenger it expects and retreats
 * otherwise; a number picks one of all the possible rules (one bit per view, see `ruleCount`).
 *
 * What it shows: agreement (both decide the same) fails for every `rounds`: the checker finds
 * the run where the last messenger is captured, K + 1 steps for K messengers. And since the
 * impossibility is about every protocol, `protocheck sweep models/two-generals.ts --param
 * rounds=1..4 --param rule=all` tries every decision rule: each fails agreement or validity
 * (if no messenger is lost, both follow A's plan). The network is not reliable (fallacy 1), and
 * no finite number of acknowledgements fixes that.
 */
import { Record } from 'immutable';
import { defineModel, final, protocol, type NodeDef, type System } from 'protocheck';

type Plan = 'attack' | 'retreat';
const PLANS: readonly Plan[] = ['attack', 'retreat'];

interface Messenger {
  readonly type: 'messenger';
  /** Which messenger this is, from 1. */
  readonly n: number;
  readonly plan: Plan;
}

const General = Record({ plan: null as Plan | null, received: 0 });
type General = ReturnType<typeof General>;

/** How many messengers each general can receive: A gets the even ones, B the odd ones. */
function expected(rounds: number): { A: number; B: number } {
  return { A: Math.floor(rounds / 2), B: Math.ceil(rounds / 2) };
}

/** How many views each general can be in when it decides. */
function viewCounts(rounds: number): { A: number; B: number } {
  const e = expected(rounds);
  return { A: 2 * (e.A + 1), B: 1 + 2 * e.B };
}

/** The number of different decision rules for `rounds` messengers: one bit per view. */
export function ruleCount(rounds: number): number {
  const v = viewCounts(rounds);
  return 2 ** (v.A + v.B);
}

/** The bit of a view in a rule: A's views first, then B's. */
function viewBit(rounds: number, general: 'A' | 'B', g: General): number {
  const e = expected(rounds);
  const p = g.plan === 'attack' ? 0 : 1;
  if (general === 'A') return p * (e.A + 1) + g.received;
  const offset = viewCounts(rounds).A;
  return g.received === 0 ? offset : offset + 1 + p * e.B + (g.received - 1);
}

/**
 * The usual rule as a rule number: attack only with an attack plan and every messenger in. A
 * BigInt: with many messengers a rule has more bits than a double holds exactly.
 */
export function usualRule(rounds: number): bigint {
  const e = expected(rounds);
  return (1n << BigInt(viewBit(rounds, 'A', General({ plan: 'attack', received: e.A })))) |
    (1n << BigInt(viewBit(rounds, 'B', General({ plan: 'attack', received: e.B }))));
}

/** What a general decides in the end under rule number `rule`. */
function decide(rounds: number, rule: bigint, general: 'A' | 'B', g: General): Plan {
  return ((rule >> BigInt(viewBit(rounds, general, g))) & 1n) === 1n ? 'attack' : 'retreat';
}

/**
 * A rule written out as the views on which each general attacks: `A:a0 B:a1` means A attacks
 * when it has plan attack and 0 messengers, B when it learned plan attack from 1 messenger; a
 * view is the plan's initial (a, r, or - for none yet) and the number of messengers received.
 * `-` means the general never attacks.
 */
export function ruleText(rounds: number, ruleNumber: number | bigint): string {
  const rule = BigInt(ruleNumber);
  const e = expected(rounds);
  const views = (general: 'A' | 'B'): string => {
    const all: [Plan | null, number][] =
      general === 'A'
        ? PLANS.flatMap((p) => Array.from({ length: e.A + 1 }, (_, r) => [p, r] as [Plan, number]))
        : [[null, 0], ...PLANS.flatMap((p) => Array.from({ length: e.B }, (_, r) => [p, r + 1] as [Plan, number]))];
    const attacking = all.filter(([plan, received]) => decide(rounds, rule, general, General({ plan, received })) === 'attack');
    return attacking.length ? attacking.map(([plan, r]) => `${plan ? plan[0] : '-'}${r}`).join(',') : '-';
  };
  return `A:${views('A')} B:${views('B')}`;
}

export function twoGenerals(rounds: number, ruleNumber: number | bigint) {
  const rule = BigInt(ruleNumber);
  const other = (self: string): string => (self === 'A' ? 'B' : 'A');
  const onMessage: NodeDef<General, Messenger>['onMessage'] = (g, msg, from, ctx) => {
    if (msg.n < rounds) ctx.send(from, { type: 'messenger', n: msg.n + 1, plan: msg.plan });
    return g.merge({ plan: msg.plan, received: g.received + 1 });
  };
  // A general remembers what it learned if it is knocked out (a crash, in the fault matrix): it
  // stops taking part and decides from what it knew.
  const durable = (g: General): General => g;
  const A: NodeDef<General, Messenger> = {
    durable,
    init(ctx) {
      const plan = ctx.choose(PLANS, 'plan');
      ctx.send(other(ctx.self), { type: 'messenger', n: 1, plan });
      return General({ plan });
    },
    onMessage,
  };
  const B: NodeDef<General, Messenger> = { init: () => General(), onMessage, durable };
  const decision = (sys: System<General, Messenger>, general: 'A' | 'B'): Plan =>
    decide(rounds, rule, general, sys.state(general));
  return protocol<General, Messenger>({
    name: 'two-generals',
    nodes: { A, B },
    // Any messenger may be captured; once one is, nobody sends again, so one is all it takes.
    faults: { drop: rounds },
    // What each general would decide if the attack were now: traces show it change.
    observe: (sys) => ({ 'A decides': decision(sys, 'A'), 'B decides': decision(sys, 'B') }),
    properties: [
      final('agreement', (sys) => decision(sys, 'A') === decision(sys, 'B'), 'both generals decide the same'),
      final(
        'validity',
        (sys) => sys.faults.drops > 0 || (decision(sys, 'A') === sys.state('A').plan && decision(sys, 'B') === sys.state('A').plan),
        "if no messenger is captured, both generals follow A's plan",
      ),
    ],
  });
}

const MAX_SWEEP_RULES = 1 << 16;

export default defineModel({
  name: 'two-generals',
  description: 'Two Generals: K messengers over a valley where any may be captured; no decision rule reaches agreement',
  params: {
    rounds: { default: 3, description: 'messengers, alternately A to B and B to A', integer: true, min: 1, max: 500 },
    rule: {
      default: 'usual' as 'usual' | number,
      description: '"usual" (act only after every expected messenger), or a rule number from 0 to ruleCount - 1',
      check: (value: 'usual' | number, p) => {
        if (value === 'usual') return undefined;
        const n = ruleCount(p.rounds as number);
        return Number.isInteger(value) && value >= 0 && value < n ? undefined : `it is "usual" or a whole number from 0 to ${n - 1}`;
      },
      values: (p) => {
        const n = ruleCount(p.rounds as number);
        if (n > MAX_SWEEP_RULES) throw new Error(`rounds=${p.rounds} has ${n} rules, too many to sweep (at most ${MAX_SWEEP_RULES})`);
        return Array.from({ length: n }, (_, i) => i);
      },
    },
  },
  create: ({ rounds, rule }) => twoGenerals(rounds, rule === 'usual' ? usualRule(rounds) : rule),
  describeParams: ({ rounds, rule }) => ruleText(rounds, rule === 'usual' ? usualRule(rounds) : rule),
  tests: [1, 2, 3, 4, 5, 6].map((rounds) => ({
    name: `usual rule, ${rounds} messenger${rounds > 1 ? 's' : ''}: the last one is captured`,
    params: { rounds },
    properties: { agreement: 'fail', validity: 'pass' },
    distinctStates: 4 * rounds + 2,
    traceLength: { agreement: rounds + 1 },
    lastStep: { agreement: 'drop' },
  })),
});
