#!/usr/bin/env node
// Entry point: lets Node load TypeScript (protocheck's own sources and users' model files) with
// no build step, then hands over to the CLI.
//
// Large searches need a larger JavaScript heap than Node's default (about 4 GB): unless the user
// chose a limit, the CLI runs itself again with one at three quarters of the machine's memory.
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const limited = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-old-space-size'));
if (!limited && !process.env.PROTOCHECK_NO_RESPAWN) {
  const heapMB = Math.floor((totalmem() / 2 ** 20) * 0.75);
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMB}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the whole foreground process group, the child included: the launcher only
  // waits for it. A signal sent to the launcher alone (kill <pid>, a process manager, a closed
  // terminal) is passed on, so that a running explorer or search never outlives it.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve(status ?? (signal === 'SIGINT' ? 130 : signal ? 128 + 15 : 1)));
  });
  process.exit(code);
}

const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
register('../model/resolve-hook.js', import.meta.url);
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
