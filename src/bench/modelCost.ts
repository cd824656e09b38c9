/**
 * How much of a check is the model's own work: runs one check with the model's `actions`,
 * `next`, `within` and property functions timed, and prints their share. No search can be faster
 * than the model it calls, so this says whether a model is worth rewriting (a packed state,
 * fewer collections) or the checker is where the time goes.
 *
 *   npm run bench:model -- <model> [name=value ...]      e.g. npm run bench:model -- two-phase rms=7
 *
 * The clock is read around every call; what reading it costs inside the timed spans is measured
 * and subtracted, and the whole run is slower than an untimed one by the clock's cost.
 */
import type { Model } from '../model/Model.ts';
import type { Property } from '../model/Property.ts';
import { check } from '../checker/check.ts';
import { loadModel } from '../cli/loadModel.ts';
import { parseParams } from '../cli/parseParams.ts';

const [spec, ...paramArgs] = process.argv.slice(2);
if (!spec) {
  process.stderr.write('usage: npm run bench:model -- <model> [name=value ...]\n');
  process.exit(2);
}
/** A model that cannot be loaded is the user's error, said in words (exit 2, as the CLI does). */
const loaded = await loadModel(spec, parseParams(paramArgs)).catch((e: unknown) => {
  process.stderr.write(`bench:model: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
const model = loaded.model as Model<unknown, unknown>;
const now = performance.now.bind(performance);
const spent = { actions: 0, next: 0, within: 0, properties: 0 };
const counts = { actions: 0, next: 0, within: 0, properties: 0 };

function timed<F extends (...a: never[]) => unknown>(f: F, kind: keyof typeof spent): F {
  return ((...a: Parameters<F>) => {
    const t = now();
    const r = f(...a);
    spent[kind] += now() - t;
    counts[kind]++;
    return r;
  }) as F;
}

const wrapped: Model<unknown, unknown> = {
  ...model,
  actions: timed(model.actions.bind(model), 'actions'),
  next: timed(model.next.bind(model), 'next'),
  ...(model.within ? { within: timed(model.within.bind(model), 'within') } : {}),
  properties: model.properties.map(
    (p): Property<unknown> => ({
      ...p,
      check: timed(p.check.bind(p), 'properties'),
      ...(p.target ? { target: timed(p.target.bind(p), 'properties') } : {}),
    }),
  ),
};
const result = (() => {
  try {
    return check(wrapped, { continueAfterFailure: true });
  } catch (e) {
    process.stderr.write(`bench:model: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
})();

// What a timed span costs when it times nothing: the clock's own share of each span.
const K = 1_000_000;
let empty = 0;
for (let i = 0; i < K; i++) {
  const t = now();
  empty += now() - t;
}
const perCall = empty / K;
const kinds = ['actions', 'next', 'within', 'properties'] as const;
/** A kind's time without the clock's share of its spans. */
const own = (k: (typeof kinds)[number]): number => Math.max(0, spent[k] - counts[k] * perCall);
const calls = kinds.reduce((n, k) => n + counts[k], 0);
const total = result.stats.seconds * 1000;
const modelMs = kinds.reduce((ms, k) => ms + own(k), 0);
// Each span reads the clock twice; about one reading's cost falls inside it, one outside.
const clockMs = calls * perCall * 2;
const line = (name: string, ms: number): string => `  ${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(0).padStart(3)} %`;
console.log(`${loaded.model.name} ${paramArgs.join(' ')}: ${result.stats.distinctStates.toLocaleString('en-US')} states, ${result.stats.transitions.toLocaleString('en-US')} transitions`);
console.log(line('whole check (timed)', total));
console.log(line("the model's own work", modelMs));
for (const k of kinds) if (counts[k] > 0) console.log(line(`  ${k}`, own(k)));
console.log(line('the checker', total - modelMs - clockMs));
console.log(line('reading the clock', clockMs));
console.log(`  (${calls.toLocaleString('en-US')} timed calls; the clock costs ${(perCall * 1e6).toFixed(0)} ns inside a span)`);
