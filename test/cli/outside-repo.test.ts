/**
 * A model file kept outside protocheck's folder (a student's own directory, with no
 * node_modules) imports 'protocheck' and 'immutable'; src/model/resolve-hook.js maps both to
 * protocheck's copies, so it loads and checks with no install of its own.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, json, protocheck, removeTempDirs, stepLines, tempDir } from './cli.ts';

afterAll(removeTempDirs);

describe('a model file in a temp directory, outside the repository', () => {
  // Regression (was a bug): a .ts model outside the repository does not load at all:
  //   cd $(mktemp -d) && cp /work/main/test/fixtures/counter.ts . &&
  //   node /work/main/src/cli/bin.js check counter.ts --no-out
  // exits 2 with "protocheck: could not load counter.ts / Cannot require() ES Module
  // /tmp/.../counter.ts in a cycle. A cycle involving require(esm) is not allowed ...".
  // (Without a package.json saying "type": "module" the file is compiled as CommonJS.) The same
  // file loads as counter.mts, or next to a package.json with "type": "module".
  it('counter.ts copied to os.tmpdir(): check works from that directory and from elsewhere', () => {
    const dir = tempDir();
    copyFileSync(path.join(FIXTURES, 'counter.ts'), path.join(dir, 'counter.ts'));
    const here = protocheck(['check', 'counter.ts', '--no-out', '--continue'], { cwd: dir });
    expect(here.stderr).not.toContain('could not load');
    expect(here.code).toBe(1);
    expect(here.stdout).toMatch(/✗ below bad\s+always\s+fail/);
    expect(here.stdout).toContain('Replay: protocheck replay counter.ts 0/0/0/0');
    const there = protocheck(['check', path.join(dir, 'counter.ts'), '--no-out', '--format', 'json']);
    expect(there.code).toBe(1);
    expect(json(there).properties.find((p: any) => p.name === 'below bad').trace.steps).toHaveLength(4);
  });

  it('counter.mts (an ES module by its extension) in os.tmpdir(): check and replay work', () => {
    const dir = tempDir();
    copyFileSync(path.join(FIXTURES, 'counter.ts'), path.join(dir, 'counter.mts'));
    const check = protocheck(['check', 'counter.mts', '--continue', '--param', 'bad=4'], { cwd: dir });
    expect(check.stderr).not.toContain('could not load');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^counter \(limit=5, bad=4\)$/m);
    expect(check.stdout).toMatch(/✓ non-negative\s+always\s+pass/);
    expect(check.stdout).toMatch(/✗ below bad\s+always\s+fail/);
    expect(check.stdout).toContain('Replay: protocheck replay counter.mts 0/0/0/0/0 --param bad=4');
    // The default artifacts folder is relative to the working directory.
    expect(readdirSync(path.join(dir, 'out', 'counter')).sort()).toEqual(['below-bad.dot', 'below-bad.html', 'below-bad.json', 'below-bad.svg', 'below-bad.txt', 'report.html', 'report.json']);

    const replay = protocheck(['replay', 'counter.mts', '0/0/0/0/0', '--param', 'bad=4'], { cwd: dir });
    expect(replay.code).toBe(1);
    expect(stepLines(replay.stdout)).toEqual(stepLines(check.stdout));
  });

  it('with --workers 2 too: the workers bundle it with protocheck\'s own immutable', () => {
    const dir = tempDir();
    copyFileSync(path.join(FIXTURES, 'counter.ts'), path.join(dir, 'counter.mts'));
    const run = protocheck(['check', path.join(dir, 'counter.mts'), '--param', 'bad=99', '--workers', '2', '--no-out', '--format', 'json'], {
      env: { PROTOCHECK_DEBUG: '1' },
    });
    expect(run.stderr).toContain('[parallel] workers start from a bundle');
    expect(run.code).toBe(0);
    expect(json(run).stats.distinctStates).toBe(6);
  });

  it('--workers 2 on a model that reads a file beside itself and uses a CommonJS package: still from the bundle', () => {
    const run = protocheck(['check', 'test/fixtures/reads-beside.ts', '--workers', '2', '--no-out', '--format', 'json'], { env: { PROTOCHECK_DEBUG: '1' } });
    expect(run.stderr).toContain('[parallel] workers start from a bundle');
    expect(run.code).toBe(0);
    expect(json(run).stats.distinctStates).toBe(8);
  });

  it('--workers 2 on a model whose bundle cannot load (an import by a computed path): the workers start again through tsx', () => {
    const run = protocheck(['check', 'test/fixtures/computed-import.ts', '--workers', '2', '--no-out', '--format', 'json'], { env: { PROTOCHECK_DEBUG: '1' } });
    expect(run.stderr).toContain('[parallel] workers start from tsx');
    expect(run.code).toBe(0);
    expect(json(run).stats.distinctStates).toBe(5);
  });

  it('a passing bound-free run exits 0: counter.mts with bad=99', () => {
    const dir = tempDir();
    copyFileSync(path.join(FIXTURES, 'counter.ts'), path.join(dir, 'counter.mts'));
    const run = protocheck(['check', path.join(dir, 'counter.mts'), '--param', 'bad=99', '--no-out', '--format', 'json']);
    expect(run.code).toBe(0);
    const r = json(run);
    expect(r).toMatchObject({ model: 'counter', params: { limit: 5, bad: 99 }, complete: true });
    expect(r.stats.distinctStates).toBe(6);
  });
});
