/**
 * One benchmark case in a fresh process, so that peak memory is this run's alone. Prints one
 * JSON line: the search statistics, peak RSS and the machine. Used by bench.ts.
 *
 *   node --import tsx src/bench/benchCase.ts <model> '<params json>' [workers] [encoded|objects]
 *   node --import tsx src/bench/benchCase.ts --sweep <model> '<params json>' <param> (every value)
 */
import { check } from '../checker/check.ts';
import { checkParallel } from '../checker/parallel/checkParallel.ts';
import { instantiate, loadModel, loadModelSource } from '../cli/loadModel.ts';
import { paramDomain } from '../model/resolveParams.ts';

const args = process.argv.slice(2);
const started = performance.now();
let out: Record<string, unknown>;
if (args[0] === '--sweep') {
  const [, spec, paramsJson, swept] = args;
  const source = await loadModelSource(spec!);
  const fixed = JSON.parse(paramsJson!) as Record<string, unknown>;
  const domain = paramDomain(source.factory.params[swept!]!, { ...Object.fromEntries(Object.entries(source.factory.params).map(([k, s]) => [k, s.default])), ...fixed })!;
  let states = 0;
  let transitions = 0;
  let failing = 0;
  for (const value of domain) {
    const r = check(instantiate(source, { ...fixed, [swept!]: value }).model, { continueAfterFailure: true });
    states += r.stats.distinctStates;
    transitions += r.stats.transitions;
    if (r.properties.some((p) => p.status === 'fail')) failing++;
  }
  const seconds = (performance.now() - started) / 1000;
  out = {
    model: source.factory.name,
    params: { ...fixed, [swept!]: `all ${domain.length}` },
    checks: domain.length,
    failing,
    stats: { distinctStates: states, transitions, seconds, bytesPerState: 0 },
  };
} else {
  const [spec, paramsJson = '{}', workersText = '1', frontier = 'encoded'] = args;
  const workers = Number(workersText);
  const loaded = await loadModel(spec!, JSON.parse(paramsJson) as Record<string, unknown>);
  const options = { continueAfterFailure: true, frontier: frontier as 'encoded' | 'objects' };
  const result =
    workers > 1
      ? await checkParallel(loaded.model, { url: loaded.url, params: loaded.params }, workers, options)
      : check(loaded.model, options);
  out = {
    model: loaded.model.name,
    params: loaded.changedParams,
    workers,
    complete: result.complete,
    verdicts: Object.fromEntries(result.properties.map((p) => [p.name, p.status])),
    stats: result.stats,
  };
}
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ...out, peakRssMB: Math.round(usage.maxRSS / 1024) })}\n`);
process.exit(0);
