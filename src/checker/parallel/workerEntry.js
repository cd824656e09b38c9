// A worker thread of a parallel search: it loads TypeScript like the CLI does (tsx, and the
// resolve hook for model files), then runs the worker on the model file named in workerData.
// (checkParallel prefers a bundle of worker and model, which starts several times faster; this
// is the way when bundling is not possible.)
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../../model/resolve-hook.js', import.meta.url);
const { runWorker } = await import('./worker.ts');
const { modelFromSource } = await import('../../model/modelFromExport.ts');
await runWorker(modelFromSource);
