/**
 * `npm run bench`: throughput (states/s) and memory (bytes/state in the visited set, peak RSS)
 * per model and size, each case in its own process, with one worker and (for large cases) two.
 * Prints a table and writes out/bench.json. Speed is measured here, never in unit tests.
 *
 *   npm run bench                TwoPhase 5-8, TwoPhase packed 8-9, the protocol-layer TwoPhase, Two Generals,
 *                                Byzantine Generals OM(1) n = 4, 5, PBFT, Paxos
 *   npm run bench -- --huge      adds TwoPhase 9 (10.3 million states: minutes, gigabytes)
 *   npm run bench -- --quick     only the small cases (for a smoke test)
 *   npm run bench -- --only two-phase
 *   npm run bench -- --repeat 3  each case 3 times, one and two workers interleaved; the fastest
 *                                run of each is reported (the VM's speed drifts between runs)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { textTable } from '../render/table.ts';

interface Case {
  readonly model: string;
  readonly params: Record<string, unknown>;
  /** Also run with two workers (worth it from about 100,000 states). */
  readonly parallel?: boolean;
  /** Sweep this parameter over every value the model declares: one row for all the checks. */
  readonly sweep?: string;
  readonly large?: boolean;
  /** How the frontier holds states (default encoded): the objects row shows what encoding saves. */
  readonly frontier?: 'objects';
}

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const quick = args.includes('--quick');
const huge = args.includes('--huge');
const repeat = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 1;
if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat takes a whole number of runs, at least 1');
const cases: Case[] = [
  { model: 'two-phase', params: { rms: 5 } },
  { model: 'two-phase', params: { rms: 6 } },
  { model: 'two-phase', params: { rms: 7 }, parallel: true, large: true },
  // The same search with a liveness property: the cost of keeping the graph and finding cycles.
  { model: 'two-phase', params: { rms: 7, liveness: true }, large: true },
  { model: 'two-phase', params: { rms: 8 }, parallel: true, large: true },
  { model: 'two-phase', params: { rms: 8 }, frontier: 'objects' as const, large: true },
  ...(huge ? [{ model: 'two-phase', params: { rms: 9 }, parallel: true, large: true }] : []),
  // The same spec with its state packed into one number: what the search costs when the model's
  // own work is almost nothing (SPIN: 8 RMs in 3.0 s, 9 RMs in 25 s on these machines).
  { model: 'two-phase-packed', params: { rms: 8 }, parallel: true, large: true },
  { model: 'two-phase-packed', params: { rms: 9 }, parallel: true, large: true },
  { model: 'two-phase-protocol', params: { rms: 5 } },
  { model: 'two-phase-protocol', params: { rms: 6 } },
  { model: 'two-phase-protocol', params: { rms: 7 }, parallel: true, large: true },
  // The protocol layer against the generic model on the 8-RM space (the goal: at most 2x).
  { model: 'two-phase-protocol', params: { rms: 8 }, parallel: true, large: true },
  { model: 'two-generals', params: { rounds: 200 } },
  { model: 'two-generals', params: { rounds: 4 }, sweep: 'rule' },
  // Byzantine: the adversary's decisions are steps, so these measure the lie machinery.
  { model: 'byzantine-generals', params: { n: 4, m: 1 } },
  { model: 'byzantine-generals', params: { n: 5, m: 1 } },
  { model: 'pbft', params: { quorum: 3, faulty: 'any' }, parallel: true, large: true },
  // Liveness on protocols: Paxos (4 ballots, a lasso into a final state) and 5 ballots.
  { model: 'paxos', params: {} },
  { model: 'paxos', params: { ballots: 5 }, large: true },
].filter((c) => (!only || c.model === only) && (!quick || !c.large));

const root = fileURLToPath(new URL('../../', import.meta.url));
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
};

interface Run {
  model: string;
  params: Record<string, unknown>;
  checks?: number;
  stats: { distinctStates: number; transitions: number; seconds: number; bytesPerState: number };
  peakRssMB: number;
}

function run(c: Case, workers: number): Run {
  const argv = c.sweep
    ? ['--sweep', c.model, JSON.stringify(c.params), c.sweep]
    : [c.model, JSON.stringify(c.params), String(workers), ...(c.frontier ? [c.frontier] : [])];
  const heap = `--max-old-space-size=${Math.floor((os.totalmem() / 2 ** 20) * 0.75)}`;
  const out = execFileSync(process.execPath, [heap, '--import', 'tsx', 'src/bench/benchCase.ts', ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

const rows: Record<string, unknown>[] = [];
for (const c of cases) {
  // Interleaved, so that a slow spell of the machine weighs on both alike; the fastest of each.
  let one: Run | undefined;
  let two: Run | undefined;
  for (let i = 0; i < repeat; i++) {
    const a = run(c, 1);
    if (!one || a.stats.seconds < one.stats.seconds) one = a;
    if (!c.parallel) continue;
    const b = run(c, 2);
    if (!two || b.stats.seconds < two.stats.seconds) two = b;
  }
  if (!one) throw new Error('internal: no run');
  const s = one.stats;
  const row = {
    model: one.model,
    params: c.frontier ? { ...one.params, frontier: c.frontier } : one.params,
    ...(one.checks ? { checks: one.checks } : {}),
    distinctStates: s.distinctStates,
    transitions: s.transitions,
    seconds: Number(s.seconds.toFixed(2)),
    statesPerSecond: Math.round(s.distinctStates / s.seconds),
    transitionsPerSecond: Math.round(s.transitions / s.seconds),
    bytesPerState: Math.round(s.bytesPerState),
    peakRssMB: one.peakRssMB,
    ...(two
      ? { seconds2Workers: Number(two.stats.seconds.toFixed(2)), speedup2Workers: Number((s.seconds / two.stats.seconds).toFixed(2)), peakRssMB2Workers: two.peakRssMB }
      : {}),
  };
  rows.push(row);
  process.stderr.write(`  ${row.model} ${JSON.stringify(row.params)}: ${row.seconds} s${two ? `, 2 workers ${row.seconds2Workers} s` : ''}\n`);
}

const n = (x: unknown): string => (typeof x === 'number' ? x.toLocaleString('en-US') : x === undefined ? '' : String(x));
console.log(
  `protocheck bench on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}` +
    (repeat > 1 ? `; the fastest of ${repeat} runs per case` : ''),
);
console.log(
  textTable(
    ['model', 'params', 'distinct', 'transitions', 'seconds', 'states/s', 'bytes/state', 'peak RSS MB', '2 workers s', 'speed-up'],
    rows.map((r) => [
      String(r.model),
      Object.entries(r.params as object).map(([k, v]) => `${k}=${v}`).join(' '),
      n(r.distinctStates),
      n(r.transitions),
      String(r.seconds),
      n(r.statesPerSecond),
      n(r.bytesPerState),
      n(r.peakRssMB),
      n(r.seconds2Workers),
      r.speedup2Workers === undefined ? '' : `${r.speedup2Workers}x`,
    ]),
  ),
);
mkdirSync(`${root}out`, { recursive: true });
const file = `${root}out/bench.json`;
writeFileSync(`${file}.tmp`, `${JSON.stringify({ date: new Date().toISOString(), machine, repeat, rows }, null, 2)}\n`);
renameSync(`${file}.tmp`, file);
console.log('wrote out/bench.json');
