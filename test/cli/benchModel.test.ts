/** `npm run bench:model`: the model's own share of a check, and clear errors for bad input. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, STACK_FRAME } from './cli.ts';

function benchModel(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/bench/modelCost.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bench:model', () => {
  it('times the model inside a whole check: TwoPhase 3 (288 states, 1,145 transitions)', () => {
    const run = benchModel('two-phase', 'rms=3');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('two-phase rms=3: 288 states, 1,145 transitions');
    const seconds = (name: string): number => Number(new RegExp(`${name}\\s+([0-9.]+) s`).exec(run.stdout)?.[1]);
    for (const part of ["the model's own work", 'actions', 'next', 'properties', 'the checker', 'whole check \\(timed\\)']) {
      expect(seconds(part), part).toBeGreaterThanOrEqual(0);
    }
    // actions once per state (288), next once per transition (1,145), "consistent" on every
    // state (288) and "can commit" until its witness, the 287th state found: 2,008 calls.
    expect(run.stdout).toContain('(2,008 timed calls;');
  });

  it.each([
    [['nosuch'], /no model file nosuch/],
    [['two-phase', 'rms=99'], /rms of model two-phase must be at most 12, not 99/],
    [[], /usage: npm run bench:model/],
  ])('%j: exit 2 with the reason, no stack trace', (args, reason) => {
    const run = benchModel(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
