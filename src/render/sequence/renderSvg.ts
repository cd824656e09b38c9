import workerThreads from 'node:worker_threads';
import { renderGraphFromSource } from 'graphviz-cli';

let ready: Promise<void> | undefined;

/**
 * Starts graphviz-cli's Graphviz thread with its stderr in our hands. Graphviz compiled to
 * WebAssembly knows the widths of a few fonts' ASCII characters only and warns on stderr about
 * any other (✗, →, a bold font): harmless, since every node here is pinned, but noise in a
 * terminal. Its thread is created once, by the first render, from `worker_threads.Worker`; for
 * that moment the class is one that takes the thread's stderr instead of passing it on, and closes
 * it (Graphviz's errors come back with the result, not there; a stream left open would keep the
 * process alive). If that ever stops working, the warnings show and nothing else changes.
 */
function start(): Promise<void> {
  const Original = workerThreads.Worker;
  class Quiet extends Original {
    constructor(file: string | URL, options: workerThreads.WorkerOptions = {}) {
      super(file, { ...options, stderr: true });
      this.stderr.destroy();
    }
  }
  let patched = false;
  try {
    (workerThreads as { Worker: typeof Original }).Worker = Quiet;
    patched = true;
  } catch {
    // A read-only module object: render with the warnings.
  }
  const restore = (): void => {
    if (patched) (workerThreads as { Worker: typeof Original }).Worker = Original;
  };
  return renderGraphFromSource({ input: 'digraph { }' }, { format: 'svg' }).then(restore, (e: unknown) => {
    restore();
    throw e;
  });
}

/**
 * DOT text as SVG, with Graphviz compiled to WebAssembly (graphviz-cli): no native install.
 * The first call loads Graphviz in a thread (about 0.2 s); later ones take milliseconds for a
 * diagram of a few dozen steps. The same DOT gives the same SVG bytes.
 */
export async function renderSvg(dot: string): Promise<string> {
  ready ??= start();
  await ready;
  let svg: string;
  try {
    svg = await renderGraphFromSource({ input: dot }, { format: 'svg' });
  } catch (e) {
    throw new Error(`Graphviz could not draw the diagram: ${e instanceof Error ? e.message : String(e)}`);
  }
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
