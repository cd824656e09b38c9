/**
 * Artifacts: `check` writes `<out>/<model>/report.json`, `report.html` and, per property with a
 * trace, `<property>.txt`, `.json`, `.html`, and its sequence diagram as `.dot` and `.svg`; `out/`
 * by default, `--out DIR` elsewhere, `--no-out` nowhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, protocheck, removeTempDirs, tempDir } from './cli.ts';

afterAll(removeTempDirs);

describe('check --out DIR', () => {
  it('writes DIR/two-generals/report.json, agreement.txt and agreement.json', () => {
    const dir = tempDir();
    const run = protocheck(['check', 'models/two-generals.ts', '--out', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Artifacts: ${path.join(dir, 'two-generals')}${path.sep}`);
    const folder = path.join(dir, 'two-generals');
    expect(readdirSync(folder).sort()).toEqual(['agreement.dot', 'agreement.html', 'agreement.json', 'agreement.svg', 'agreement.txt', 'report.html', 'report.json']);

    const report = JSON.parse(readFileSync(path.join(folder, 'report.json'), 'utf8'));
    expect(report.model).toBe('two-generals');
    expect(report.properties[0]).toMatchObject({ name: 'agreement', status: 'fail', trace: { path: '0/0/0/1' } });

    const txt = readFileSync(path.join(folder, 'agreement.txt'), 'utf8');
    expect(txt).toContain('agreement fails: both generals decide the same. Counterexample, 4 steps:');
    expect(txt).toContain('4. the network loses messenger(n=3, plan=attack) from A to B');

    const property = JSON.parse(readFileSync(path.join(folder, 'agreement.json'), 'utf8'));
    expect(property).toEqual(report.properties[0]);
  });

  it('a state holding a bigint (which JSON cannot) is printed and written as `3n`, not an internal error', () => {
    const dir = tempDir();
    const run = protocheck(['check', 'test/fixtures/bigint-counter.ts', '--out', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('n: 2n → 3n');
    const folder = path.join(dir, 'bigint-counter');
    expect(readdirSync(folder).sort()).toEqual(['below-3.dot', 'below-3.html', 'below-3.json', 'below-3.svg', 'below-3.txt', 'report.html', 'report.json']);
    const report = JSON.parse(readFileSync(path.join(folder, 'report.json'), 'utf8'));
    const states = report.properties[0].trace.steps.map((s: { state: { n: string } }) => s.state.n);
    expect(states).toEqual(['0n', '1n', '2n', '3n']);
  });

  it('with --format json, stdout stays one JSON document and the Artifacts note goes to stderr', () => {
    const dir = tempDir();
    const run = protocheck(['check', 'two-generals', '--out', dir, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(json(run).model).toBe('two-generals');
    expect(run.stderr).toContain(`Artifacts: ${path.join(dir, 'two-generals')}`);
    expect(existsSync(path.join(dir, 'two-generals', 'report.json'))).toBe(true);
  });
});

describe('check writes to out/ by default, and --no-out writes nothing', () => {
  // In a temp working directory, so the repository's out/ is not touched.
  it('check two-generals --no-out leaves the working directory empty; without it, out/two-generals/ appears', () => {
    const cwd = tempDir();
    const quiet = protocheck(['check', 'two-generals', '--no-out'], { cwd });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('Artifacts:');
    expect(readdirSync(cwd)).toEqual([]);

    const loud = protocheck(['check', 'two-generals'], { cwd });
    expect(loud.code).toBe(1);
    expect(loud.stdout).toContain(`Artifacts: ${path.join('out', 'two-generals')}${path.sep}`);
    expect(readdirSync(path.join(cwd, 'out', 'two-generals')).sort()).toEqual(['agreement.dot', 'agreement.html', 'agreement.json', 'agreement.svg', 'agreement.txt', 'report.html', 'report.json']);
  });
});
