import { parentPort, workerData } from 'node:worker_threads';
import { ModelError } from '../ModelError.ts';
import { modelFromSource } from '../../model/modelFromExport.ts';
import { OptionError } from '../../model/OptionError.ts';
import { resolveCheckOptions } from '../CheckOptions.ts';
import { Explorer } from '../Explorer.ts';
import { SharedVisitedSet } from '../SharedVisitedSet.ts';
import type { Command, Reply, WorkerError, WorkerInit } from './messages.ts';
import { Reconstructor } from './Reconstructor.ts';

/**
 * One worker of a parallel breadth-first search. It holds its share of each level as concrete
 * states, expands them with the same `Explorer` as a single-threaded search (the visited set is
 * shared), and keeps what it discovers for the next level. The coordinator says when to expand,
 * moves states between workers to balance them (as ids: the receiver rebuilds them by replaying
 * their paths), and pauses everyone while the visited set grows.
 */
const init = workerData as WorkerInit;
const port = parentPort!;
const send = (reply: Reply): void => port.postMessage(reply);

function serialize(e: unknown): WorkerError {
  const cause = e instanceof ModelError ? e.cause : undefined;
  return {
    name: e instanceof Error ? e.name : 'Error',
    message: e instanceof Error ? e.message : String(e),
    ...(e instanceof ModelError ? { phase: e.phase, path: [...e.path], ...(e.property ? { property: e.property } : {}) } : {}),
    ...(cause instanceof Error ? { cause: { name: cause.name, message: cause.message, stack: cause.stack } } : {}),
    ...(e instanceof OptionError ? { name: 'OptionError' } : {}),
  };
}

try {
  const model = await modelFromSource(init.ref);
  const visited = new SharedVisitedSet<unknown>(init.buffers);
  const explorer = new Explorer(model, resolveCheckOptions(init.options), visited);
  const rebuild = new Reconstructor(model, visited);
  let current: unknown[] = [];
  let currentIds: number[] = [];
  let at = 0;
  let next: unknown[] = [];
  let nextIds: number[] = [];
  let levelTransitions = 0;
  let busy = 0;
  const push = (state: unknown, id: number): void => {
    next.push(state);
    nextIds.push(id);
  };

  /** Expands the rest of the current level, or pauses for the visited set to grow. */
  const runLevel = (): void => {
    const t0 = performance.now();
    const before = explorer.tally.transitions;
    for (; at < current.length; at++) {
      if (visited.stopRequested) break;
      if (visited.needsGrowth) {
        levelTransitions += explorer.tally.transitions - before;
        send({ type: 'paused' });
        return;
      }
      if ((at & 255) === 0 && performance.timeOrigin + performance.now() > init.deadline) {
        explorer.tally.cut = 'timeout';
        visited.requestStop();
        break;
      }
      const state = current[at]!;
      current[at] = undefined;
      if (!explorer.expand(state, currentIds[at]!, push)) {
        visited.requestStop();
        at++;
        break;
      }
    }
    levelTransitions += explorer.tally.transitions - before;
    busy += performance.now() - t0;
    send({ type: 'level-done', next: next.length, remaining: current.length - at, transitions: levelTransitions, busy });
  };

  port.on('message', (cmd: Command) => {
    try {
      switch (cmd.type) {
        case 'seed':
          if (!explorer.seed(push)) visited.requestStop();
          send({ type: 'level-done', next: next.length, remaining: 0, transitions: 0, busy: 0 });
          break;
        case 'expand':
          current = next;
          currentIds = nextIds;
          next = [];
          nextIds = [];
          at = 0;
          levelTransitions = 0;
          runLevel();
          break;
        case 'resume':
          visited.attach(cmd.buffers);
          runLevel();
          break;
        case 'swap':
          visited.attach(cmd.buffers);
          send({ type: 'swapped' });
          break;
        case 'give': {
          const ids = nextIds.splice(nextIds.length - cmd.count, cmd.count);
          next.splice(next.length - cmd.count, cmd.count);
          send({ type: 'given', ids });
          break;
        }
        case 'take':
          for (const id of cmd.ids) push(rebuild.state(id), id);
          rebuild.forget();
          send({ type: 'taken' });
          break;
        case 'finish':
          send({ type: 'tally', tally: explorer.tally, stopped: explorer.stopped });
          break;
      }
    } catch (e) {
      send({ type: 'error', error: serialize(e) });
    }
  });
  send({ type: 'ready' });
} catch (e) {
  send({ type: 'error', error: serialize(e) });
}
