import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      if (theirs.errors.length === 0) return { path: immutableModuleBuild(args.path, theirs.path) };
      const ours = await b.resolve(args.path, { kind: args.kind, resolveDir: ROOT, pluginData: 'fallback' });
      return ours.errors.length === 0 ? { path: immutableModuleBuild(args.path, ours.path) } : undefined;
    });
  },
};

/**
 * Immutable's ES module build (its package.json's `module`) where `resolved` is its CommonJS main:
 * esbuild links an ES module's exports directly, where a CommonJS build is reached through a
 * getter on every use (`List(...)`, `is(...)`: 5 % of a worker's time on TwoPhase). Only for
 * Immutable, whose two builds are the same code: other packages keep Node's resolution (`main`),
 * because a package's `module` build may differ from what Node (and so the CLI's own thread, which
 * replays the workers' paths) loads, and workers must run the very model the CLI runs. Every
 * import and require() of Immutable gets this one build, so the bundle holds one Immutable.
 */
function immutableModuleBuild(specifier: string, resolved: string): string {
  if (specifier !== 'immutable') return resolved;
  for (let dir = path.dirname(resolved); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    let pkg: { name?: unknown; main?: unknown; module?: unknown };
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      continue;
    }
    if (pkg.name !== 'immutable') return resolved;
    const isMain = typeof pkg.main === 'string' && path.resolve(dir, pkg.main) === resolved;
    return isMain && typeof pkg.module === 'string' ? path.resolve(dir, pkg.module) : resolved;
  }
  return resolved;
}

/**
 * `import.meta.url` (and `dirname`, `filename`) of each source file as the file's own, not the
 * bundle's: a model may read files that sit beside it.
 */
// The meta property spelt in parts, here and in the banner below: were this file ever bundled,
// the plugin would otherwise rewrite its own patterns.
const META = ['import', 'meta'].join('.');

const ownImportMeta: Plugin = {
  name: 'protocheck-own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(META)) return undefined;
      const contents = source
        .replaceAll(`${META}.url`, JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll(`${META}.dirname`, JSON.stringify(path.dirname(args.path)))
        .replaceAll(`${META}.filename`, JSON.stringify(args.path));
      const ext = path.extname(args.path).slice(1);
      return { contents, loader: ext.includes('t') ? (ext.endsWith('x') ? 'tsx' : 'ts') : ext.endsWith('x') ? 'jsx' : 'js' };
    });
  },
};

const PREFIX = 'protocheck-worker-';

/**
 * Removes bundle folders left by searches that were killed before they could clean up (their
 * process no longer runs).
 */
function sweepStaleBundles(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length).split('-')[0]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

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
  sweepStaleBundles();
  const dir = mkdtempSync(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
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
      // No `mainFields: ['module', 'main']`: a package's `module` build may differ from the `main`
      // that Node loads in the CLI's thread. Immutable's alone is taken (immutableModuleBuild).
      target: 'node20',
      outfile,
      sourcemap: 'linked',
      // CommonJS dependencies call require() for Node's own modules, which ES module output has
      // no such function for: give the bundle one.
      banner: { js: `import { createRequire as __protocheckRequire } from 'node:module'; const require = __protocheckRequire(${META}.url);` },
      plugins: [modelResolution, ownImportMeta],
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
