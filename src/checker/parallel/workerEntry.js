// A worker thread of a parallel search: it loads TypeScript like the CLI does (tsx, and the
// resolve hook for model files), then runs the worker.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../../model/resolve-hook.js', import.meta.url);
await import('./worker.ts');
