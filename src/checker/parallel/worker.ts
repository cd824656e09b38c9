import { parentPort, workerData } from 'node:worker_threads';
import { ModelError } from '../ModelError.ts';
import type { Model } from '../../model/Model.ts';
import { OptionError } from '../../model/OptionError.ts';
import { resolveCheckOptions } from '../CheckOptions.ts';
import { Explorer } from '../Explorer.ts';
import { Frontier } from '../Frontier.ts';
import { StateCodec } from '../StateCodec.ts';
import { SharedVisitedSet } from '../SharedVisitedSet.ts';
import type { Command, Reply, WorkerError, WorkerInit } from './messages.ts';
import { Reconstructor } from './Reconstructor.ts';

const send = (reply: Reply): void => parentPort!.postMessage(reply);

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

/**
 * Runs this thread as one worker of a parallel breadth-first search (the one in `workerData`),
 * on the model `load` builds: by importing the model file through tsx, or from a bundle that
 * already holds it. The worker holds its share of each level, expands it with the same
 * `Explorer` as a single-threaded search (the visited set is shared), and keeps what it
 * discovers for the next level. The coordinator says when to expand, moves states between
 * workers to balance them (as ids: the receiver rebuilds them by replaying their paths), and
 * pauses everyone while the visited set grows.
 */
export async function runWorker(load: (ref: WorkerInit['ref']) => Model<unknown, unknown> | Promise<Model<unknown, unknown>>): Promise<void> {
  try {
    serve(await load((workerData as WorkerInit).ref));
  } catch (e) {
    send({ type: 'error', error: serialize(e) });
  }
}

function serve(model: Model<unknown, unknown>): void {
  const init = workerData as WorkerInit;
  const port = parentPort!;
  const visited = new SharedVisitedSet<unknown>(init.buffers, init.index);
  const options = resolveCheckOptions(init.options);
  const explorer = new Explorer(model, options, visited);
  const rebuild = new Reconstructor(model, visited);
  // One codec for both levels: what one level encodes, the next decodes.
  const codec = options.frontier === 'encoded' ? StateCodec.create() : undefined;
  let current = new Frontier<unknown>(false, codec);
  let next = new Frontier<unknown>(false, codec);
  let levelTransitions = 0;
  let busy = 0;
  const push = (state: unknown, id: number): void => next.push(state, id);

  /** Expands the rest of the current level, or pauses for the visited set to grow. */
  const runLevel = (): void => {
    const t0 = performance.now();
    const before = explorer.tally.transitions;
    for (let n = 0; current.size > 0; n++) {
      if (visited.stopRequested) break;
      if (visited.needsGrowth) {
        levelTransitions += explorer.tally.transitions - before;
        busy += performance.now() - t0;
        send({ type: 'paused' });
        return;
      }
      if ((n & 255) === 0 && performance.timeOrigin + performance.now() > init.deadline) {
        explorer.tally.cut = 'timeout';
        visited.requestStop();
        break;
      }
      const state = current.take();
      if (!explorer.expand(state, current.lastId, push)) {
        visited.requestStop();
        break;
      }
    }
    levelTransitions += explorer.tally.transitions - before;
    busy += performance.now() - t0;
    send({ type: 'level-done', next: next.size, remaining: current.size, transitions: levelTransitions, busy });
  };

  port.on('message', (cmd: Command) => {
    try {
      switch (cmd.type) {
        case 'seed':
          if (!explorer.seed(push)) visited.requestStop();
          send({ type: 'level-done', next: next.size, remaining: 0, transitions: 0, busy: 0 });
          break;
        case 'expand':
          [current, next] = [next, current];
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
          // The receiver rebuilds them from their paths: ids are all that moves.
          const ids: number[] = [];
          for (let i = 0; i < cmd.count; i++) {
            next.takeLast();
            ids.push(next.lastId);
          }
          send({ type: 'given', ids: ids.reverse() });
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
}
