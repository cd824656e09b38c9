/**
 * One benchmark case in a fresh process, so that peak memory is this run's alone. Prints one
 * JSON line: the search statistics, peak RSS and the machine. Used by bench.ts.
 *
 *   node --import tsx src/bench/benchCase.ts <model> '<params json>' [strategy]
 */
import { check } from '../checker/check.ts';
import { loadModel } from '../cli/loadModel.ts';

const [spec, paramsJson = '{}', strategy = 'bfs'] = process.argv.slice(2);
const loaded = await loadModel(spec!, JSON.parse(paramsJson) as Record<string, unknown>);
const result = check(loaded.model, { continueAfterFailure: true, strategy: strategy as 'bfs' | 'dfs' });
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    model: loaded.model.name,
    params: loaded.changedParams,
    complete: result.complete,
    verdicts: Object.fromEntries(result.properties.map((p) => [p.name, p.status])),
    stats: result.stats,
    peakRssMB: Math.round(usage.maxRSS / 1024),
  })}\n`,
);
