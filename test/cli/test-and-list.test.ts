/**
 * `protocheck test` checks the expectations models declare (for CI: exit 0 when all are met,
 * 1 otherwise); `protocheck list` shows the models with their parameters and properties.
 */
import { describe, expect, it } from 'vitest';
import { json, protocheck } from './cli.ts';

describe('protocheck test', () => {
  // Every model's declared cases, about 25 s on this 2-core machine: the limits guard against a
  // hang, they do not time anything.
  it('test (every model in models/) → exit 0, every case met', { timeout: 300_000 }, () => {
    const run = protocheck(['test'], { timeoutMs: 240_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('two-generals (models/two-generals.ts)');
    expect(run.stdout).toContain('✓ usual rule, 3 messengers: the last one is captured: 14 states, agreement fail, validity pass');
    expect(run.stdout).toContain('two-phase (models/two-phase.ts)');
    expect(run.stdout).toContain('✓ rms=3: 288 states, consistent pass, can commit pass');
    for (const model of ['alternating-bit', 'two-phase-commit', 'byzantine-generals', 'pbft', 'paxos', 'leader-election']) {
      expect(run.stdout).toContain(`${model} (models/${model}.ts)`);
    }
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toMatch(/^\d+ models, (\d+) cases: \1 met, 0 not met$/m);
  });

  it('a fixture that declares a wrong expectation → exit 1, naming the expectation, expected and actual', () => {
    // counter.ts declares the right count (6 states); wrong-expectation.ts says 7.
    const run = protocheck(['test', 'test/fixtures/counter.ts', 'test/fixtures/wrong-expectation.ts']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✓ limit=5, bad=3: 6 states, non-negative pass, below bad fail');
    expect(run.stdout).toContain('counter-wrong-expectation (test/fixtures/wrong-expectation.ts)');
    expect(run.stdout).toContain('✗ off by one: 6 states');
    expect(run.stdout).toContain('distinct states: expected 7, got 6');
    expect(run.stdout).toContain('2 models, 2 cases: 1 met, 1 not met');
  });

  it('--format json: ok false and the problem listed under its case', () => {
    const run = protocheck(['test', 'test/fixtures/wrong-expectation.ts', '--format', 'json']);
    expect(run.code).toBe(1);
    const doc = json(run);
    expect(doc.ok).toBe(false);
    expect(doc.models[0].cases).toEqual([
      expect.objectContaining({ name: 'off by one', problems: ['distinct states: expected 7, got 6'] }),
    ]);
  });
});

describe('protocheck list', () => {
  it('list → each model with its file, parameters (defaults) and properties (kinds)', () => {
    const run = protocheck(['list']);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('two-generals  (models/two-generals.ts)');
    expect(out).toMatch(/^ {2}--param rounds=3 {2}messengers/m);
    expect(out).toMatch(/^ {2}--param rule=usual {2}/m);
    expect(out).toMatch(/^ {2}final\s+agreement: both generals decide the same$/m);
    expect(out).toMatch(/^ {2}final\s+validity: /m);
    expect(out).toContain('two-phase  (models/two-phase.ts)');
    expect(out).toMatch(/^ {2}--param rms=3 {2}number of resource managers$/m);
    expect(out).toMatch(/^ {2}always\s+consistent: /m);
    expect(out).toMatch(/^ {2}sometimes can commit: /m);
  });

  it('list --format json parses, with params and properties per model', () => {
    const run = protocheck(['list', '--format', 'json']);
    expect(run.code).toBe(0);
    const { models } = json(run);
    const tg = models.find((m: any) => m.name === 'two-generals');
    expect(tg.file).toBe('models/two-generals.ts');
    expect(tg.params.map((p: any) => [p.name, p.default])).toEqual([
      ['rounds', 3],
      ['rule', 'usual'],
    ]);
    expect(tg.properties.map((p: any) => [p.name, p.kind])).toEqual([
      ['agreement', 'final'],
      ['validity', 'final'],
    ]);
    const tp = models.find((m: any) => m.name === 'two-phase');
    expect(tp.params.map((p: any) => p.name)).toEqual(['rms', 'liveness']);
    expect(tp.properties.map((p: any) => p.name)).toEqual(['consistent', 'can commit']);
  });
});
