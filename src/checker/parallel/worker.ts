import { parentPort, workerData } from 'node:worker_threads';
import { ModelError } from '../ModelError.ts';
import type { Model } from '../../model/Model.ts';
import { OptionError } from '../../model/OptionError.ts';
import { resolveCheckOptions } from '../CheckOptions.ts';
import { Explorer } from '../Explorer.ts';
import { Frontier } from '../Frontier.ts';
import { StateCodec } from '../StateCodec.ts';
import { SharedVisitedSet } from '../SharedVisitedSet.ts';
import { type Command, type Moved, type Reply, transfers, type WorkerError, type WorkerInit } from './messages.ts';
import { Reconstructor } from './Reconstructor.ts';

const send = (reply: Reply): void => parentPort!.postMessage(reply, transfers(reply));

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
 * discovers for the next level. The coordinator says when to expand, asks a busy worker to share
 * the rest of its level with one that has finished (the states move packed as bytes, or by id
 * where a pack cannot carry one: the receiver replays its path), and pauses everyone while the
 * visited set grows.
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
  const requests = new Int32Array(init.requests);
  // Clock and requests are read every 64 states; every state when tests make sharing eager.
  const checkMask = init.shareMin >= 64 ? 63 : 0;

  /** The last `count` states of the current level, to move to another worker. */
  const takeOut = (count: number): Moved => {
    const states: unknown[] = [];
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      states.push(current.takeLast());
      ids.push(current.lastId);
    }
    // Without a codec (objects frontier) no thread could identify the record types: ids only.
    return codec ? { ids, pack: codec.pack(states) } : { ids };
  };

  /** States another worker moved here, into `current`: unpacked, or else rebuilt from their paths. */
  const putIn = (moved: Moved): void => {
    const unpacked = moved.pack && codec ? codec.unpack(moved.pack) : [];
    moved.ids.forEach((id, i) => current.push(unpacked[i] ?? rebuild.state(id), id));
    rebuild.forget();
  };

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
      if ((n & checkMask) === 0) {
        if (performance.timeOrigin + performance.now() > init.deadline) {
          explorer.tally.cut = 'timeout';
          visited.requestStop();
          break;
        }
        if (Atomics.load(requests, init.index) !== 0) {
          Atomics.store(requests, init.index, 0);
          send({ type: 'shared', moved: current.size < Math.max(1, init.shareMin) ? { ids: [] } : takeOut(current.size >> 1) });
        }
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
          // (The coordinator clears this worker's request word before sending this: see expandLevel.)
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
        case 'steal-in':
          putIn(cmd.moved);
          runLevel();
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
