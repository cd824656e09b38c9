#!/usr/bin/env node
// Entry point: lets Node load TypeScript (protocheck's own sources and users' model files) with
// no build step, then hands over to the CLI.
//
// Large searches need a larger JavaScript heap than Node's default (about 4 GB): unless the user
// chose a limit, the CLI runs itself again with one at three quarters of the machine's memory.
import { spawnSync } from 'node:child_process';
import { register } from 'node:module';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const limited = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-old-space-size'));
if (!limited && !process.env.PROTOCHECK_NO_RESPAWN) {
  const heapMB = Math.floor((totalmem() / 2 ** 20) * 0.75);
  const child = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMB}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (child.error) throw child.error;
  process.exit(child.status ?? (child.signal ? 128 + 15 : 1));
}

const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
register('../model/resolve-hook.js', import.meta.url);
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
