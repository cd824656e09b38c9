import { findInvalidValue, fingerprintInto, StateValueError } from '../checker/fingerprint.ts';
import { enumerateChoices } from './choices.ts';
import { HandlerError } from './HandlerError.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { Context, Decision } from './types.ts';

/** What one run of a handler did besides returning its state. */
export interface Effects {
  /** (to, message key) in send order. */
  readonly sends: [number, string][];
  /** Timer operations in order: [name, armed?]. */
  readonly timers: [string, boolean][];
  readonly decisions: Decision[];
  /** "A chooses plan = attack", one per choice made. */
  readonly chosen: string[];
}

export interface HandlerOutcome<S> {
  readonly state: S;
  readonly effects: Effects;
}

function show(x: unknown): string {
  return typeof x === 'string' ? x : JSON.stringify(x) ?? String(x);
}

/**
 * Runs one handler of node `node` under a fresh context, once per combination of the choices
 * it makes. The returned state is checked here (a plain object in it is the handler's bug, and
 * the message says which handler); `actionIndex` is where the step will sit in the action list.
 */
export function runHandler<S, M>(
  info: ProtocolInfo<S, M>,
  node: number,
  handler: string,
  doing: string,
  actionIndex: number,
  body: (ctx: Context<M>) => S,
): HandlerOutcome<S>[] {
  const self = info.names[node]!;
  const fail = (message: string, cause?: unknown): HandlerError =>
    new HandlerError(self, handler, doing, message, actionIndex, cause);
  return enumerateChoices((pick) => {
    const effects: Effects = { sends: [], timers: [], decisions: [], chosen: [] };
    const ctx: Context<M> = {
      self,
      nodes: info.names,
      peers: info.names.filter((n) => n !== self),
      send(to, msg) {
        const where = `the message ${self} sends to ${show(to)}`;
        const target = info.index.get(to);
        if (target === undefined) throw fail(`sent to ${show(to)}, which is not a node (the nodes are ${info.names.join(', ')})`);
        effects.sends.push([target, info.messages.intern(msg, where)]);
      },
      broadcast(msg, options) {
        const key = info.messages.intern(msg, `the message ${self} broadcasts`);
        for (let i = 0; i < info.names.length; i++) {
          if (i !== node || options?.self) effects.sends.push([i, key]);
        }
      },
      setTimer(name) {
        effects.timers.push([String(name), true]);
      },
      cancelTimer(name) {
        effects.timers.push([String(name), false]);
      },
      decide(value) {
        if (value !== null && typeof value === 'object') throw fail(`decided ${JSON.stringify(value)}: a decision must be a string, number, boolean or null`);
        effects.decisions.push(value);
      },
      choose(options, what) {
        if (!Array.isArray(options) || options.length === 0) throw fail('called choose with no options');
        const option = options[pick(options.length)];
        effects.chosen.push(`${self} chooses ${what ? `${what} = ` : ''}${show(option)}`);
        return option;
      },
    };
    let state: S;
    try {
      state = body(ctx);
    } catch (e) {
      if (e instanceof HandlerError) throw e;
      if (e instanceof TypeError && /not JSON|plain JSON/.test(e.message)) throw fail(e.message, e);
      throw fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`, e);
    }
    if (state === undefined) throw fail('returned undefined: a handler must return the next state (the same one when nothing changes)');
    try {
      fingerprintInto(state);
    } catch (e) {
      if (!(e instanceof StateValueError)) throw e;
      const where = findInvalidValue(state);
      throw fail(`returned a state that holds ${where?.what ?? e.what}${where ? ` at ${where.path}` : ''}`);
    }
    return { state, effects };
  }).map((o) => o.result);
}
