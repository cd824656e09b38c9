import type { Property } from '../model/Property.ts';
import type { System } from './System.ts';

/** JSON data: what a message is made of. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A decision or output a node records: a primitive, so properties can compare it directly. */
export type Decision = string | number | boolean | null;

/**
 * What a handler may do besides returning its next state. Effects are collected and applied
 * after the handler returns, so a handler stays a pure function of its inputs.
 */
export interface Context<M> {
  /** This node's name. */
  readonly self: string;
  /** Every node's name, in declaration order. */
  readonly nodes: readonly string[];
  /** Every node but this one. */
  readonly peers: readonly string[];
  /** Sends `msg` to node `to` (it goes into the network; the network may lose or delay it). */
  send(to: string, msg: M): void;
  /** Sends `msg` to every peer, and to this node too with `{ self: true }`. */
  broadcast(msg: M, options?: { readonly self?: boolean }): void;
  /** Arms a timer; an armed timer may fire at any later step (latency is not zero, nor bounded). */
  setTimer(name: string): void;
  /** Disarms a timer (no-op when it is not armed). */
  cancelTimer(name: string): void;
  /** Records a decision or output; properties read them with `sys.decisions(node)`. */
  decide(value: Decision): void;
  /**
   * A nondeterministic choice: the checker explores every option, each as its own step. Use it
   * for inputs (which value a client proposes) and for anything a real node would pick at random.
   * `what` names the choice in traces ("plan" gives "A chooses plan = attack").
   */
  choose<T>(options: readonly T[], what?: string): T;
}

/**
 * A node: pure handlers that take the current state and return the next one (the same
 * reference when nothing changes), emitting effects through the context. States are Immutable
 * values or primitives; messages are plain JSON data, frozen, so handlers cannot mutate them.
 */
export interface NodeDef<S, M> {
  /** The state at start-up; may already send messages and set timers. */
  init(ctx: Context<M>): S;
  onMessage?(state: S, msg: M, from: string, ctx: Context<M>): S;
  onTimer?(state: S, timer: string, ctx: Context<M>): S;
  /**
   * What survives a crash (written to disk): the default is nothing, so recovery starts over
   * from `init`. With `durable` and no `onRecover`, a recovered node resumes with this state.
   */
  durable?(state: S): S;
  /** Runs when the node comes back after a crash, from its durable state. */
  onRecover?(durable: S | undefined, ctx: Context<M>): S;
  /**
   * Synchronous networks only: runs at the end of every round, after the node has received that
   * round's messages (`round` counts from 1). Where a round-based algorithm acts on what a round
   * brought, or notices what it did not bring.
   */
  onRound?(state: S, round: number, ctx: Context<M>): S;
}

/** A signature carried by a message: who signed, and the content they signed. */
export interface Signature {
  readonly signer: string;
  readonly content: Json;
}

/**
 * Byzantine nodes: `count` of the `nodes` (default: all) are traitors, every such set in turn
 * (one initial state per set). A traitor runs its honest handlers only to know what an honest
 * node would send; each message it would send, the adversary decides right then: send it
 * truthfully, send a lie instead (to each recipient its own: equivocation), or withhold it.
 * Traitors collude: they pool what they receive.
 */
export interface ByzantineOptions<M> {
  /** How many nodes are Byzantine (the f of "any f of these n"). */
  readonly count: number;
  /** Which nodes may be Byzantine; every subset of `count` of them is tried. Default: all. */
  readonly nodes?: readonly string[];
  /**
   * The lies a traitor may tell instead of `msg` to `to`. Default: `msg` with one field changed to
   * another value of that field, from `values` or else from the messages in flight.
   */
  readonly variants?: (msg: M, to: string) => readonly M[];
  /** Per message field, the values in play, for the default `variants` (`{ value: ['attack', 'retreat'] }`). */
  readonly values?: Readonly<Record<string, readonly Json[]>>;
  /** Whether a traitor may withhold a message (default true). */
  readonly silence?: boolean;
  /** At most this many lies per traitor (default: any number). */
  readonly lies?: number;
  /**
   * For signed messages: the signatures a message carries. A traitor cannot send a message with a
   * loyal node's signature on content that no traitor has received signed (no forgery); it can
   * relay what it received.
   */
  readonly signatures?: (msg: M) => readonly Signature[];
}

/** Which nodes a crash may hit, and how many crashes there may be. */
export interface CrashFaults {
  readonly max: number;
  readonly nodes?: readonly string[];
}

/**
 * The faults the network and the nodes may suffer, each explicit and budgeted. A number is the
 * most times the fault may happen in one behaviour; `true` (where allowed) is "any number of
 * times", which is not counted in the state and keeps the state space smaller.
 */
export interface Faults {
  /** Message loss: any in-flight message may vanish (the network is not reliable). */
  readonly drop?: number | boolean;
  /** Duplication: an in-flight message is delivered twice (a retransmission in the network). */
  readonly duplicate?: number;
  /** Crash-stop: a node stops; it keeps only its durable state if it may recover. */
  readonly crash?: number | CrashFaults;
  /** Crash-recovery: a crashed node restarts from its durable state. */
  readonly recover?: number | boolean;
  /** Network partitions: the nodes split into two sides that cannot talk until it heals. */
  readonly partition?: number;
}

/** How messages travel. */
export interface NetworkOptions {
  /**
   * `unordered` (default): any in-flight message may arrive next. `fifo`: per link, in order.
   * `duplicating`: messages stay in flight once sent and may arrive any number of times, in any
   * order (a set of messages, as in many TLA+ specs). `synchronous`: lock-step rounds; one `round`
   * step delivers every message in flight (a missing message is noticed at the round's end, in
   * `onRound`), as Lamport, Shostak and Pease assume.
   */
  readonly order?: 'unordered' | 'fifo' | 'duplicating' | 'synchronous';
  /**
   * Synchronous networks: run this many rounds even when nothing is in flight (so `onRound` can
   * notice that every message went missing). Without it, rounds happen while messages travel.
   */
  readonly rounds?: number;
  /**
   * At most this many messages in flight on one link; a send to a full link is lost (and the
   * trace says so). Keeps retransmitting protocols finite.
   */
  readonly capacity?: number;
}

/** The fairness presets of protocols (see `ProtocolSpec.fairness`). */
export type FairnessPreset = 'none' | 'reliable' | 'weak' | 'fair-lossy' | 'strong';

/** A protocol: named nodes, a network, faults and properties. Compiled to a generic `Model`. */
export interface ProtocolSpec<S, M> {
  readonly name: string;
  /** The nodes by name, in order. */
  readonly nodes: Readonly<Record<string, NodeDef<S, M>>>;
  readonly network?: NetworkOptions;
  readonly faults?: Faults;
  /**
   * What liveness properties may assume about scheduling (safety checking ignores it):
   * - `none` (default): any infinite behaviour counts, even one that never delivers a message;
   * - `reliable`: a message that stays deliverable is eventually delivered (weak fairness);
   * - `weak`: that, and a timer that stays armed eventually fires;
   * - `fair-lossy`: a message sent again and again is eventually delivered (strong fairness of
   *   each message on each link), timers weakly fair: what retransmission protocols rely on;
   * - `strong`: deliveries and timers strongly fair.
   * In every preset but `none` a partition eventually heals.
   */
  readonly fairness?: FairnessPreset;
  /** Nodes that may lie (see `ByzantineOptions`). */
  readonly byzantine?: ByzantineOptions<M>;
  readonly properties?: readonly Property<System<S, M>>[];
  /** A state constraint over the system (see `Model.within`). */
  readonly within?: (sys: System<S, M>) => boolean;
  /** `false` when the protocol should run forever: a final state is then a deadlock. */
  readonly terminates?: boolean;
  /**
   * Values derived from the system that traces should show at every step (what each general
   * would decide now, who holds the lock): they appear as `observed` in states and diffs.
   */
  readonly observe?: (sys: System<S, M>) => Readonly<Record<string, Json | undefined>>;
  /** A short label for a message in traces; the default is `type(field=value, ...)`. */
  readonly describeMessage?: (msg: M) => string;
  /**
   * Interchangeable nodes (one group of same-role nodes, e.g. `['p1', 'p2', 'p3']`): with
   * `--symmetry` the checker explores one state per class of states that differ only by renaming
   * them. Listing them is a promise that they run the same handlers (differing only through
   * `ctx.self`), refer to each other only by name, and use their names for nothing else: a
   * renaming changes every string equal to one of their names, in node states, messages, timers
   * and decisions. Properties must not tell them apart (the checker refuses ones it catches).
   */
  readonly symmetric?: readonly string[];
}
