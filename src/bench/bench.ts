/**
 * `npm run bench`: throughput (states/s) and memory (bytes/state in the visited set, peak RSS)
 * per model and size, each case in its own process. Prints a table and writes out/bench.json.
 * Speed is measured here, never in unit tests.
 *
 *   npm run bench               TwoPhase 5-7 and the protocol models
 *   npm run bench -- --large    adds TwoPhase 8 (1.7 million states)
 *   npm run bench -- --huge     adds TwoPhase 9 (10.3 million states; minutes, gigabytes)
 *   npm run bench -- --only two-phase
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { textTable } from '../render/table.ts';

interface Case {
  readonly model: string;
  readonly params: Record<string, unknown>;
}

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const cases: Case[] = [
  ...[5, 6, 7].map((rms) => ({ model: 'two-phase', params: { rms } })),
  ...(args.includes('--large') || args.includes('--huge') ? [{ model: 'two-phase', params: { rms: 8 } }] : []),
  ...(args.includes('--huge') ? [{ model: 'two-phase', params: { rms: 9 } }] : []),
  { model: 'two-generals', params: { rounds: 30 } },
].filter((c) => !only || c.model === only);

const root = fileURLToPath(new URL('../../', import.meta.url));
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
};

const rows: Record<string, unknown>[] = [];
for (const c of cases) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/bench/benchCase.ts', c.model, JSON.stringify(c.params)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    model: string;
    params: Record<string, unknown>;
    stats: { distinctStates: number; transitions: number; seconds: number; bytesPerState: number };
    peakRssMB: number;
  };
  const row = {
    model: r.model,
    params: r.params,
    distinctStates: r.stats.distinctStates,
    transitions: r.stats.transitions,
    seconds: Number(r.stats.seconds.toFixed(2)),
    statesPerSecond: Math.round(r.stats.distinctStates / r.stats.seconds),
    transitionsPerSecond: Math.round(r.stats.transitions / r.stats.seconds),
    bytesPerState: Math.round(r.stats.bytesPerState),
    peakRssMB: r.peakRssMB,
  };
  rows.push(row);
  process.stderr.write(`  ${r.model} ${JSON.stringify(r.params)}: ${row.seconds} s\n`);
}

const n = (x: unknown): string => (typeof x === 'number' ? x.toLocaleString('en-US') : String(x));
console.log(`protocheck bench on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}`);
console.log(
  textTable(
    ['model', 'params', 'distinct', 'transitions', 'seconds', 'states/s', 'transitions/s', 'bytes/state', 'peak RSS MB'],
    rows.map((r) => [
      String(r.model),
      Object.entries(r.params as object).map(([k, v]) => `${k}=${v}`).join(' '),
      n(r.distinctStates),
      n(r.transitions),
      String(r.seconds),
      n(r.statesPerSecond),
      n(r.transitionsPerSecond),
      n(r.bytesPerState),
      n(r.peakRssMB),
    ]),
  ),
);
mkdirSync(`${root}out`, { recursive: true });
const file = `${root}out/bench.json`;
writeFileSync(`${file}.tmp`, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
renameSync(`${file}.tmp`, file);
console.log('wrote out/bench.json');
