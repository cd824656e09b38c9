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
import { type SharedBuffers, SharedVisitedSet } from '../SharedVisitedSet.ts';
import { bundleWorker } from './bundleWorker.ts';
import { type Command, type Reply, transfers, type WorkerError, type WorkerInit } from './messages.ts';

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
    this.worker.postMessage(cmd, transfers(cmd));
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

/**
 * Breadth-first search on `workers` threads sharing one visited set. Level by level: every
 * worker expands what it found in the level before; one that runs out takes over half of what a
 * busy one has left (see `expandLevel`), and the coordinator grows the visited set when it fills
 * up. States never move at the barrier: sharing within the level overlaps with the work, where
 * evening the levels out at the barrier kept both workers waiting. Counts and verdicts are those
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
   * `bundle: false` to start the workers through tsx, as when the model cannot be bundled;
   * `shareMin: 1` to make the workers share states as often as they can.
   */
  tuning: {
    readonly initialStates?: number;
    readonly bundle?: boolean;
    /** A worker asked to share keeps its states when it has fewer than this left (default 64). */
    readonly shareMin?: number;
    /** Told how many times states moved between workers, at the end. */
    readonly onShares?: (shares: number) => void;
  } = {},
): Promise<CheckResult> {
  const opt = resolveCheckOptions(options);
  if (opt.strategy !== 'bfs') throw new OptionError('several workers search breadth-first only: use --strategy bfs or one worker');
  if (opt.exact) throw new OptionError('--exact keeps states in one thread: use it with one worker');
  if (!Number.isInteger(workers) || workers < 2) throw new OptionError(`a parallel search needs at least 2 workers, not ${workers}`);
  const props = propertiesOf(model);
  const started = performance.now();
  let buffers = SharedVisitedSet.allocate(tuning.initialStates, workers);
  const visited = new SharedVisitedSet<S>(buffers);
  const requests = new Int32Array(new SharedArrayBuffer(4 * workers));
  const { onProgress, ...plain } = opt;
  const init: Omit<WorkerInit, 'index'> = {
    ref,
    options: plain,
    buffers,
    requests: requests.buffer as SharedArrayBuffer,
    shareMin: tuning.shareMin ?? 64,
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
    let moves = 0;
    const debug = process.env.PROTOCHECK_DEBUG ? (m: string) => process.stderr.write(`[parallel] ${m}\n`) : undefined;
    debug?.(`workers start from ${bundle ? 'a bundle' : 'tsx (the model could not be bundled, or its bundle not loaded)'}; ready after ${(performance.now() - started).toFixed(0)} ms`);
    while (!visited.stopRequested && sizes.some((n) => n > 0)) {
      const levelStart = performance.now();
      const before = sizes.join('/');
      const { done, shares } = await expandLevel(handles, visited, requests, () => {
        const growStart = performance.now();
        buffers = visited.grow();
        debug?.(`grew the visited set to room for ${visited.capacity} states in ${(performance.now() - growStart).toFixed(0)} ms`);
        return buffers;
      });
      depth++;
      moves += shares;
      transitions = done.reduce((t, d) => t + d.transitions, transitions);
      remaining = done.reduce((t, d) => t + d.remaining, 0);
      done.forEach((d, i) => (sizes[i] = d.next));
      debug?.(
        `level ${depth}: ${before} states expanded in ${(performance.now() - levelStart).toFixed(0)} ms ` +
          `(${shares} shares); busy so far ${done.map((d) => d.busy.toFixed(0)).join('/')} ms`,
      );
      onProgress?.({
        distinctStates: visited.size,
        transitions,
        depth,
        frontier: sizes.reduce((a, b) => a + b, 0),
        seconds: (performance.now() - started) / 1000,
      });
    }
    tuning.onShares?.(moves);
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

type LevelDone = Extract<Reply, { type: 'level-done' }>;

/**
 * Runs one level on every worker and returns each one's last report. When a worker finishes its
 * share while another is still busy, the busy one is asked (through its word in `requests`,
 * which it reads between states) to hand over half of what it has left, and the idle one expands
 * that too: so no worker waits at the end of a level while another works through a long tail.
 * Whoever pauses for the visited set to grow waits until everyone has stopped; `grow` then grows
 * it.
 */
async function expandLevel(
  handles: readonly Handle[],
  visited: SharedVisitedSet<unknown>,
  requests: Int32Array,
  grow: () => SharedBuffers,
): Promise<{ done: LevelDone[]; shares: number }> {
  const running = handles.map(() => true);
  const paused = handles.map(() => false);
  const done: (LevelDone | undefined)[] = handles.map(() => undefined);
  /** Workers that had too little left to share this level: not asked again. */
  const dry = handles.map(() => false);
  /** The request to share that is out: who was asked, and who will get the states. */
  let ask: { readonly from: number; readonly to: number } | undefined;
  let shares = 0;
  // A worker has a reply awaited exactly while it runs (a reply nobody awaits stays queued).
  const waiting: Promise<{ r: Reply; i: number }>[] = [];
  const listen = (i: number): void => void (waiting[i] = handles[i]!.reply().then((r) => ({ r, i })));
  // No request is out between levels; cleared here, before 'expand' goes out, not by the worker
  // when 'expand' arrives: by then a worker that had nothing to expand may already have reported,
  // and the request made for it would be wiped, leaving the rest of the level to one thread.
  for (let i = 0; i < handles.length; i++) Atomics.store(requests, i, 0);
  handles.forEach((h, i) => {
    h.send({ type: 'expand' });
    listen(i);
  });
  const askForShare = (): void => {
    if (ask || visited.stopRequested) return;
    const to = running.findIndex((r, i) => !r && !paused[i]);
    const from = running.findIndex((r, i) => r && !dry[i]);
    if (to < 0 || from < 0) return;
    ask = { from, to };
    Atomics.store(requests, from, 1);
  };
  while (running.some(Boolean) || paused.some(Boolean)) {
    if (!running.some(Boolean)) {
      const buffers = grow();
      const swapped: Promise<unknown>[] = [];
      handles.forEach((h, k) => {
        if (paused[k]) {
          h.send({ type: 'resume', buffers });
          paused[k] = false;
          running[k] = true;
          listen(k);
        } else {
          h.send({ type: 'swap', buffers });
          swapped.push(h.expect('swapped'));
        }
      });
      await Promise.all(swapped);
      continue;
    }
    const { r, i } = await Promise.race(waiting.filter((_, k) => running[k]));
    switch (r.type) {
      case 'error':
        throw revive(r.error);
      case 'level-done':
        running[i] = false;
        done[i] = r;
        // Asked too late: it finished without seeing the request.
        if (ask?.from === i) {
          Atomics.store(requests, i, 0);
          ask = undefined;
        }
        break;
      case 'paused':
        running[i] = false;
        paused[i] = true;
        break;
      case 'shared': {
        listen(i);
        const to = ask!.to;
        ask = undefined;
        if (r.moved.ids.length === 0) dry[i] = true;
        else {
          handles[to]!.send({ type: 'steal-in', moved: r.moved });
          running[to] = true;
          listen(to);
          shares++;
        }
        break;
      }
      default:
        throw new Error(`internal: unexpected ${r.type} during a level`);
    }
    askForShare();
  }
  return { done: done as LevelDone[], shares };
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
