import { Worker } from 'node:worker_threads';
import type { Model } from '../../model/Model.ts';
import type { ModelSourceRef } from '../../model/modelFromExport.ts';
import { OptionError } from '../../model/OptionError.ts';
import { type CheckOptions, resolveCheckOptions } from '../CheckOptions.ts';
import type { CheckResult, Cut, Verdict } from '../CheckResult.ts';
import { propertiesOf, type Tally } from '../Explorer.ts';
import { ModelError, type ModelPhase } from '../ModelError.ts';
import { searchWarnings } from '../searchWarnings.ts';
import { settle } from '../settle.ts';
import { SharedVisitedSet } from '../SharedVisitedSet.ts';
import { bundleWorker } from './bundleWorker.ts';
import type { Command, Reply, WorkerError, WorkerInit } from './messages.ts';

/** A worker and a way to wait for its next reply. */
class Handle {
  private waiting: ((r: Reply) => void)[] = [];
  private queued: Reply[] = [];
  failure: unknown;

  constructor(readonly worker: Worker) {
    worker.on('message', (r: Reply) => {
      const resolve = this.waiting.shift();
      if (resolve) resolve(r);
      else this.queued.push(r);
    });
    worker.on('error', (e) => {
      this.failure = e;
      for (const resolve of this.waiting.splice(0)) resolve({ type: 'error', error: { name: e.name, message: e.message } });
    });
  }

  send(cmd: Command): void {
    this.worker.postMessage(cmd);
  }

  reply(): Promise<Reply> {
    const r = this.queued.shift();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.resolve({ type: 'error', error: { name: 'Error', message: String(this.failure) } });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async expect<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> {
    const r = await this.reply();
    if (r.type === 'error') throw revive(r.error);
    if (r.type !== type) throw new Error(`internal: a worker answered ${r.type} where ${type} was expected`);
    return r as Extract<Reply, { type: T }>;
  }
}

/** A worker's error as the error it was (a ModelError keeps its phase, path and the user's stack). */
function revive(e: WorkerError): Error {
  if (e.name === 'OptionError') return new OptionError(e.message);
  if (e.phase) {
    const cause = e.cause ? Object.assign(new Error(e.cause.message), { name: e.cause.name, stack: e.cause.stack }) : undefined;
    return new ModelError(e.message, e.phase as ModelPhase, e.path ?? [], cause, e.property);
  }
  return Object.assign(new Error(e.message), { name: e.name });
}

const BALANCE_MIN = 64;

/**
 * Breadth-first search on `workers` threads sharing one visited set. Level by level: every
 * worker expands its share of the level; at the barrier the coordinator evens the shares out
 * (moving states as ids) and grows the visited set when needed. Counts and verdicts are those
 * of a single thread, and counterexamples are still shortest (levels are finished in order);
 * which of several equally short counterexamples is reported may vary between runs.
 *
 * `model` is this thread's copy (for property names); the workers build their own from `ref`.
 */
export async function checkParallel<S, A>(
  model: Model<S, A>,
  ref: ModelSourceRef,
  workers: number,
  options: Partial<CheckOptions> = {},
  /**
   * For tests: how many states the shared set starts with room for (it grows from there), and
   * `bundle: false` to start the workers through tsx, as when the model cannot be bundled.
   */
  tuning: { readonly initialStates?: number; readonly bundle?: boolean } = {},
): Promise<CheckResult> {
  const opt = resolveCheckOptions(options);
  if (opt.strategy !== 'bfs') throw new OptionError('several workers search breadth-first only: use --strategy bfs or one worker');
  if (opt.exact) throw new OptionError('--exact keeps states in one thread: use it with one worker');
  if (!Number.isInteger(workers) || workers < 2) throw new OptionError(`a parallel search needs at least 2 workers, not ${workers}`);
  const props = propertiesOf(model);
  const started = performance.now();
  let buffers = SharedVisitedSet.allocate(tuning.initialStates, workers);
  const visited = new SharedVisitedSet<S>(buffers);
  const { onProgress, ...plain } = opt;
  const init: Omit<WorkerInit, 'index'> = {
    ref,
    options: plain,
    buffers,
    deadline: Number.isFinite(opt.timeoutSeconds) ? performance.timeOrigin + started + opt.timeoutSeconds * 1000 : Infinity,
  };
  const start = async (entry: URL): Promise<Handle[]> => {
    const started: Handle[] = [];
    try {
      for (let index = 0; index < workers; index++) started.push(new Handle(new Worker(entry, { workerData: { ...init, index } satisfies WorkerInit })));
      await Promise.all(started.map((h) => h.expect('ready')));
      return started;
    } catch (e) {
      await Promise.all(started.map((h) => h.worker.terminate()));
      throw e;
    }
  };
  // A bundle of worker and model starts in milliseconds; tsx, module by module, in half a second.
  // Whatever keeps the bundle from loading (a model reading files beside itself, a dependency
  // esbuild cannot bundle), the workers start again through tsx, which loads what the CLI loads.
  let bundle = tuning.bundle === false ? undefined : await bundleWorker(ref.url);
  let handles: Handle[] = [];
  try {
    if (bundle) {
      try {
        handles = await start(bundle.url);
      } catch {
        bundle.dispose();
        bundle = undefined;
      }
    }
    if (!bundle) handles = await start(new URL('./workerEntry.js', import.meta.url));
    handles[0]!.send({ type: 'seed' });
    const seeded = await handles[0]!.expect('level-done');
    const sizes = handles.map((_, i) => (i === 0 ? seeded.next : 0));
    let remaining = 0;
    let depth = 1;
    let transitions = 0;
    const debug = process.env.PROTOCHECK_DEBUG ? (m: string) => process.stderr.write(`[parallel] ${m}\n`) : undefined;
    debug?.(`workers start from ${bundle ? 'a bundle' : 'tsx (the model could not be bundled, or its bundle not loaded)'}; ready after ${(performance.now() - started).toFixed(0)} ms`);
    while (!visited.stopRequested && sizes.some((n) => n > 0)) {
      const levelStart = performance.now();
      const before = sizes.join('/');
      await balance(handles, sizes);
      const balanced = performance.now();
      for (const h of handles) h.send({ type: 'expand' });
      // Collect the level; whoever pauses waits for the set to grow, once everyone has stopped.
      const done: (Extract<Reply, { type: 'level-done' }> | undefined)[] = handles.map(() => undefined);
      let paused = handles.map(() => false);
      let pending = handles.length;
      const waiting = handles.map((h, i) => h.reply().then((r) => ({ r, i })));
      while (pending > 0) {
        const { r, i } = await Promise.race(waiting.filter((_, k) => done[k] === undefined && !paused[k]));
        if (r.type === 'error') throw revive(r.error);
        if (r.type === 'level-done') {
          done[i] = r;
          pending--;
        } else if (r.type === 'paused') {
          paused[i] = true;
          pending--;
        } else throw new Error(`internal: unexpected ${r.type} during a level`);
        if (pending === 0 && paused.some(Boolean)) {
          const growStart = performance.now();
          buffers = visited.grow();
          debug?.(`grew the visited set to room for ${visited.capacity} states in ${(performance.now() - growStart).toFixed(0)} ms`);
          handles.forEach((h, k) => {
            if (paused[k]) {
              h.send({ type: 'resume', buffers });
              waiting[k] = h.reply().then((rr) => ({ r: rr, i: k }));
              pending++;
            } else h.send({ type: 'swap', buffers });
          });
          for (const [k, h] of handles.entries()) if (!paused[k]) await h.expect('swapped');
          paused = handles.map(() => false);
        }
      }
      depth++;
      transitions = done.reduce((t, d) => t + d!.transitions, transitions);
      remaining = done.reduce((t, d) => t + d!.remaining, 0);
      done.forEach((d, i) => (sizes[i] = d!.next));
      debug?.(
        `level ${depth}: ${before} -> balanced in ${(balanced - levelStart).toFixed(0)} ms, expanded in ` +
          `${(performance.now() - balanced).toFixed(0)} ms; busy so far ${done.map((d) => d!.busy.toFixed(0)).join('/')} ms`,
      );
      onProgress?.({
        distinctStates: visited.size,
        transitions,
        depth,
        frontier: sizes.reduce((a, b) => a + b, 0),
        seconds: (performance.now() - started) / 1000,
      });
    }
    for (const h of handles) h.send({ type: 'finish' });
    const tallies = await Promise.all(handles.map((h) => h.expect('tally')));
    const tally = merge(tallies.map((t) => t.tally), visited);
    const stopped = tallies.some((t) => t.stopped);
    const leftOver = remaining > 0 || sizes.some((n) => n > 0);
    if (!tally.cut && stopped && leftOver) tally.cut = 'failure';
    const result = settle(model.name, props, opt, tally, visited, (performance.now() - started) / 1000, { workers });
    // Liveness runs in one thread (runCheck), so only the symmetry caveat can apply here.
    const warnings = searchWarnings(model, opt, false);
    return warnings.length ? { ...result, warnings } : result;
  } finally {
    await Promise.all(handles.map((h) => h.worker.terminate()));
    bundle?.dispose();
  }
}

/** Evens out the next level between workers: the largest share gives to the smallest. */
async function balance(handles: readonly Handle[], sizes: number[]): Promise<void> {
  for (let round = 0; round < handles.length; round++) {
    let big = 0;
    let small = 0;
    sizes.forEach((n, i) => {
      if (n > sizes[big]!) big = i;
      if (n < sizes[small]!) small = i;
    });
    const gap = sizes[big]! - sizes[small]!;
    if (gap < BALANCE_MIN || gap * 8 < sizes[big]!) return;
    const count = Math.floor(gap / 2);
    handles[big]!.send({ type: 'give', count });
    const { ids } = await handles[big]!.expect('given');
    handles[small]!.send({ type: 'take', ids });
    await handles[small]!.expect('taken');
    sizes[big]! -= count;
    sizes[small]! += count;
  }
}

/** The workers' tallies as one: shallowest counterexample or witness per property. */
function merge(tallies: readonly Tally[], visited: SharedVisitedSet<unknown>): Tally {
  const n = tallies[0]!.status.length;
  const status: Verdict[] = [];
  const found: number[] = [];
  for (let i = 0; i < n; i++) {
    let best: { verdict: Verdict; id: number } | undefined;
    for (const t of tallies) {
      const verdict = t.status[i]!;
      if (verdict === 'unknown') continue;
      const id = t.found[i]!;
      if (!best || visited.depth(id) < visited.depth(best.id) || (visited.depth(id) === visited.depth(best.id) && id < best.id)) {
        best = { verdict, id };
      }
    }
    status.push(best?.verdict ?? 'unknown');
    found.push(best?.id ?? -1);
  }
  const cuts = tallies.map((t) => t.cut).filter((c): c is Cut => c !== undefined && c !== 'failure');
  const cut = cuts.find((c) => c === 'timeout') ?? cuts.find((c) => c === 'max-states') ?? cuts[0];
  return {
    status,
    found,
    transitions: tallies.reduce((a, t) => a + t.transitions, 0),
    maxDepth: Math.max(...tallies.map((t) => t.maxDepth)),
    finalStates: tallies.reduce((a, t) => a + t.finalStates, 0),
    initialStates: tallies.reduce((a, t) => a + t.initialStates, 0),
    cut,
  };
}
