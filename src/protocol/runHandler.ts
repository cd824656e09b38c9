import { fingerprintSuccessor, StateValueError } from '../checker/fingerprint.ts';
import { findInvalidValue } from '../checker/findInvalidValue.ts';
import { isDecision } from './decisions.ts';
import { HandlerError } from './HandlerError.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { Context, Decision } from './types.ts';

/** What one run of a handler did besides returning its state. Arrays are absent when empty. */
export interface Effects {
  /** (to, message key) in send order. */
  sends: [number, string][] | undefined;
  /** Timer operations in order: [name, armed?]. */
  timers: [string, boolean][] | undefined;
  decisions: Decision[] | undefined;
  /** "A chooses plan = attack", one per choice made. */
  chosen: string[] | undefined;
}

/**
 * Which handler to run, and with what: data rather than a closure, because this runs for every
 * step of the search (see `HandlerContext`).
 */
export type HandlerCall<S, M> =
  | { readonly kind: 'init' }
  | { readonly kind: 'message'; readonly state: S; readonly msg: M; readonly from: string }
  | { readonly kind: 'timer'; readonly state: S; readonly timer: string }
  | { readonly kind: 'recover'; readonly kept: S | null }
  | { readonly kind: 'round'; readonly state: S; readonly round: number };

function handlerName(call: HandlerCall<unknown, unknown>, hasRecover: boolean): string {
  switch (call.kind) {
    case 'init':
      return 'init';
    case 'message':
      return 'onMessage';
    case 'timer':
      return 'onTimer';
    case 'recover':
      return hasRecover ? 'onRecover' : 'init';
    case 'round':
      return 'onRound';
  }
}

/**
 * The effects of a run that only returned a state (most runs: a message or timer that changes
 * nothing): one shared frozen object, so such a run allocates none, and callers can tell it by
 * identity.
 */
export const NO_EFFECTS: Effects = Object.freeze({ sends: undefined, timers: undefined, decisions: undefined, chosen: undefined });

/** The choices of a run that replays none. */
const NO_PREFIX: readonly number[] = [];

export interface HandlerOutcome<S> {
  readonly state: S;
  readonly effects: Effects;
}

function show(x: unknown): string {
  return typeof x === 'string' ? x : JSON.stringify(x) ?? String(x);
}

/**
 * The context a handler runs with: it collects effects and makes choices. A class, not an object
 * of closures: handlers run for every step of the search, and per-call closures (which the
 * TypeScript loader also wraps to keep their names) cost more than the handler itself.
 */
class HandlerContext<S, M> implements Context<M> {
  readonly self: string;
  /** NO_EFFECTS until the handler does something besides returning a state (see `fx`). */
  effects: Effects = NO_EFFECTS;
  /** Choices taken so far (none made: undefined); the first `prefix.length` are replayed. */
  taken: number[] | undefined;
  prefix: readonly number[] = NO_PREFIX;
  /** Alternatives not yet explored, found at new choice points. */
  pending: number[][] | undefined;

  constructor(
    readonly info: ProtocolInfo<S, M>,
    readonly node: number,
    readonly call: HandlerCall<S, M>,
    readonly actionIndex: number,
  ) {
    this.self = info.names[node]!;
  }

  /** The effects to write to: made at the first effect. */
  private fx(): Effects {
    if (this.effects === NO_EFFECTS) this.effects = { sends: undefined, timers: undefined, decisions: undefined, chosen: undefined };
    return this.effects;
  }

  /** What the node was doing, in words, for error messages. */
  doing(): string {
    const c = this.call;
    switch (c.kind) {
      case 'init':
        return 'starting up';
      case 'message':
        return `handling ${this.info.describeMessage(c.msg)} from ${c.from}`;
      case 'timer':
        return `timer ${c.timer} fired`;
      case 'recover':
        return 'recovering from a crash';
      case 'round':
        return `ending round ${c.round}`;
    }
  }

  get nodes(): readonly string[] {
    return this.info.names;
  }

  get peers(): readonly string[] {
    return this.info.names.filter((n) => n !== this.self);
  }

  fail(message: string, cause?: unknown): HandlerError {
    const handler = handlerName(this.call, this.info.defs[this.node]!.onRecover !== undefined);
    return new HandlerError(this.self, handler, this.doing(), message, this.actionIndex, cause);
  }

  send(to: string, msg: M): void {
    const target = this.info.index.get(to);
    if (target === undefined) throw this.fail(`sent to ${show(to)}, which is not a node (the nodes are ${this.info.names.join(', ')})`);
    (this.fx().sends ??= []).push([target, this.info.messages.intern(msg, `the message ${this.self} sends to ${show(to)}`)]);
  }

  broadcast(msg: M, options?: { readonly self?: boolean }): void {
    const key = this.info.messages.intern(msg, `the message ${this.self} broadcasts`);
    const sends = (this.fx().sends ??= []);
    for (let i = 0; i < this.info.names.length; i++) {
      if (i !== this.node || options?.self) sends.push([i, key]);
    }
  }

  setTimer(name: string): void {
    (this.fx().timers ??= []).push([String(name), true]);
  }

  cancelTimer(name: string): void {
    (this.fx().timers ??= []).push([String(name), false]);
  }

  decide(value: Decision): void {
    // Decisions are kept as text (decisions.ts): a value it cannot write faithfully (a function,
    // a symbol, an object) would read back as other decisions, so it is refused here.
    if (!isDecision(value)) {
      const t = typeof value;
      throw this.fail(`decided ${t === 'object' ? JSON.stringify(value) : `a ${t}`}: a decision must be a string, number, boolean or null`);
    }
    (this.fx().decisions ??= []).push(value);
  }

  choose<T>(options: readonly T[], what?: string): T {
    if (!Array.isArray(options) || options.length === 0) throw this.fail('called choose with no options');
    const taken = (this.taken ??= []);
    const at = taken.length;
    let index: number;
    if (at < this.prefix.length) index = this.prefix[at]!;
    else {
      // A new choice point: explore option 0 now, remember the others (in reverse, so they come
      // back in order from the stack).
      for (let i = options.length - 1; i >= 1; i--) (this.pending ??= []).push([...taken, i]);
      index = 0;
    }
    taken.push(index);
    const option = options[index]!;
    (this.fx().chosen ??= []).push(`${this.self} chooses ${what ? `${what} = ` : ''}${show(option)}`);
    return option;
  }
}

/**
 * Runs one handler of node `node`, once per combination of the choices it makes (re-running it
 * from the start for each: handlers are pure), in lexicographic order of the options taken. The
 * returned state is checked here (a plain object in it is the handler's bug, and the message
 * says which handler); `actionIndex` is where the step will sit in the action list.
 */
export function runHandler<S, M>(
  info: ProtocolInfo<S, M>,
  node: number,
  call: HandlerCall<S, M>,
  actionIndex: number,
): HandlerOutcome<S>[] {
  const outcomes: HandlerOutcome<S>[] = [];
  const def = info.defs[node]!;
  let prefix = NO_PREFIX;
  // Alternatives still to run; most handlers make no choice, so most runs never need it.
  let stack: number[][] | undefined;
  for (;;) {
    const ctx = new HandlerContext(info, node, call, actionIndex);
    ctx.prefix = prefix;
    let state: S;
    try {
      switch (call.kind) {
        case 'init':
          state = def.init(ctx);
          break;
        case 'message':
          state = def.onMessage!(call.state, call.msg, call.from, ctx);
          break;
        case 'timer':
          state = def.onTimer!(call.state, call.timer, ctx);
          break;
        case 'recover':
          state = def.onRecover ? def.onRecover(call.kept ?? undefined, ctx) : def.durable ? (call.kept as S) : def.init(ctx);
          break;
        case 'round':
          state = def.onRound!(call.state, call.round, ctx);
          break;
      }
    } catch (e) {
      if (e instanceof HandlerError) throw e;
      if (e instanceof TypeError && /not JSON|plain JSON/.test(e.message)) throw ctx.fail(e.message, e);
      throw ctx.fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`, e);
    }
    if (state === undefined) throw ctx.fail('returned undefined: a handler must return the next state (the same one when nothing changes)');
    try {
      // Hashed here to check it (and against the state the handler began with: only what it
      // changed is hashed); the system state's hash then finds it cached.
      fingerprintSuccessor(state, 'state' in call ? call.state : undefined);
    } catch (e) {
      if (!(e instanceof StateValueError)) throw e;
      const where = findInvalidValue(state);
      throw ctx.fail(`returned a state that holds ${where?.what ?? e.what}${where ? ` at ${where.path}` : ''}`);
    }
    outcomes.push({ state, effects: ctx.effects });
    if (ctx.pending) for (const p of ctx.pending) (stack ??= []).push(p);
    const next = stack?.pop();
    if (next === undefined) return outcomes;
    prefix = next;
  }
}
