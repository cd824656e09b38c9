import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The module resolution of src/model/resolve-hook.js, for esbuild: `protocheck` is this
 * package's sources, and `immutable` falls back to this package's copy when the model's folder
 * has none (one Immutable for the model and the checker).
 */
const modelResolution: Plugin = {
  name: 'protocheck-model-resolution',
  setup(b) {
    b.onResolve({ filter: /^protocheck$/ }, () => ({ path: path.join(ROOT, 'src/index.ts') }));
    b.onResolve({ filter: /^immutable(\/|$)/ }, async (args) => {
      if (args.pluginData === 'fallback') return undefined;
      const theirs = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'fallback' });
      if (theirs.errors.length === 0) return { path: theirs.path };
      const ours = await b.resolve(args.path, { kind: args.kind, resolveDir: ROOT, pluginData: 'fallback' });
      return ours.errors.length === 0 ? { path: ours.path } : undefined;
    });
  },
};

/** A bundled worker: the file to start and how to clean up after the search. */
export interface WorkerBundle {
  readonly url: URL;
  dispose(): void;
}

/**
 * One JavaScript file holding the worker and the model file (and everything they import), so a
 * worker thread starts in tens of milliseconds instead of the half second tsx takes to compile
 * and resolve module by module. With its source map, a handler's error still names the user's
 * file and line. Undefined when the model cannot be bundled (the caller then starts
 * workers through tsx, which can load anything the CLI can).
 */
export async function bundleWorker(modelUrl: string): Promise<WorkerBundle | undefined> {
  if (!modelUrl.startsWith('file:')) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'protocheck-worker-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  const entry = [
    `import * as mod from ${JSON.stringify(fileURLToPath(modelUrl))};`,
    `import { runWorker } from ${JSON.stringify(path.join(ROOT, 'src/checker/parallel/worker.ts'))};`,
    `import { modelFromModule } from ${JSON.stringify(path.join(ROOT, 'src/model/modelFromExport.ts'))};`,
    'await runWorker((ref) => modelFromModule(mod, ref));',
  ].join('\n');
  try {
    const outfile = path.join(dir, 'worker.mjs');
    const result = await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'protocheck-worker-entry.ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      sourcemap: 'linked',
      plugins: [modelResolution],
      logLevel: 'silent',
      write: false,
    });
    for (const f of result.outputFiles) writeFileSync(f.path, f.contents);
    // Source maps must be on before the bundle is compiled, so a small module turns them on first.
    const start = path.join(dir, 'start.mjs');
    writeFileSync(start, "process.setSourceMapsEnabled(true);\nawait import('./worker.mjs');\n");
    return { url: pathToFileURL(start), dispose };
  } catch {
    dispose();
    return undefined;
  }
}
