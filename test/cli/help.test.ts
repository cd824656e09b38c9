/** `protocheck --help`, no arguments at all, and `--version`. */
import { describe, expect, it } from 'vitest';
import { protocheck } from './cli.ts';

describe('help', () => {
  it('protocheck --help → exit 0, the five commands of the contract', () => {
    const run = protocheck(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: protocheck [options] [command]');
    for (const command of ['check [options] <model>', 'replay [options] <model> <path>', 'sweep [options] <model>', 'test [options] [models...]', 'list [options] [dir]']) {
      expect(run.stdout).toContain(command);
    }
  });

  it('protocheck (no arguments) → the usage, exit 2', () => {
    const run = protocheck([]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain('Usage: protocheck [options] [command]');
  });

  it('protocheck check --help → exit 0, the shared options', () => {
    const run = protocheck(['check', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--param', '--strategy', '--max-depth', '--max-states', '--timeout', '--continue', '--format', '--out', '--no-out']) {
      expect(run.stdout).toContain(option);
    }
  });

  // Regression (was a bug): main.ts declares a hidden `--version` option ("print the version") but nothing handles
  // it: `protocheck --version` prints the usage on stderr and exits 2.
  it('protocheck --version → 0.1.0, exit 0', () => {
    const run = protocheck(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('0.1.0');
  });
});
