// Module resolution for model files, registered after tsx by the CLI (src/cli/bin.js) and by
// worker threads (src/checker/parallel/workerEntry.js).
// - 'protocheck' always means this package's sources, so a model file kept anywhere (a
//   student's own folder) imports the checker it runs under.
// - 'immutable' falls back to this package's copy when the model's folder has none: one
//   Immutable for the model and the checker, and no install needed.
// - A .ts file outside any "type": "module" package would be compiled as CommonJS, which cannot
//   import ES modules such as protocheck: model files are ES modules, so say so.
const ROOT = new URL('../../', import.meta.url);
const OWN = new Map([['protocheck', new URL('src/index.ts', ROOT).href]]);

export async function resolve(specifier, context, next) {
  const own = OWN.get(specifier);
  if (own) return next(own, context);
  let resolved;
  try {
    resolved = await next(specifier, context);
  } catch (error) {
    const ours = specifier === 'immutable' || specifier.startsWith('immutable/');
    if (!ours || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    resolved = await next(specifier, { ...context, parentURL: new URL('package.json', ROOT).href });
  }
  if (/\.m?ts$/.test(resolved.url) && resolved.format === 'commonjs') return { ...resolved, format: 'module' };
  return resolved;
}
