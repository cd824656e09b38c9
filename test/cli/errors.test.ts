/**
 * When the model cannot be loaded or misbehaves, protocheck exits 2 with a message that says
 * what went wrong and where in the user's file: never a raw JavaScript stack trace, never
 * anything on stdout.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, protocheck, removeTempDirs, STACK_FRAME, tempDir, type Run } from './cli.ts';

afterAll(removeTempDirs);

/** The common shape of every error run: exit 2, stdout empty, no stack frames. */
function expectCleanError(run: Run): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^protocheck: /);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain('internal error');
}

/** The 1-based line of `marker` in a fixture file. */
function lineOf(file: string, marker: string): number {
  return readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;
}

describe('a model file that cannot be loaded', () => {
  it('a TypeScript syntax error: "could not load", the file:line:column and what is wrong', () => {
    // Written at test time: a .ts fixture with a syntax error would break the repo's typecheck.
    // The folder is a user's own ESM package (package.json "type": "module").
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    const file = path.join(dir, 'syntax-error.ts');
    writeFileSync(
      file,
      ["import { defineModel } from 'protocheck';", '', 'export default defineModel({', "  name: 'broken',", '  params: {},', '  create: () => { return ( },', '});', ''].join('\n'),
    );
    const run = protocheck(['check', file, '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain('could not load');
    expect(run.stderr).toContain('syntax-error.ts:6:28'); // 1-based column, as editors count
    expect(run.stderr).toContain('Unexpected "}"');
    expect(run.stderr).toContain('Fix the file and run the command again.');
  });

  it('a JavaScript syntax error (test/fixtures/syntax-error.js): exit 2, no stack trace', () => {
    const run = protocheck(['check', 'test/fixtures/syntax-error.js', '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain('protocheck: could not load test/fixtures/syntax-error.js');
  });

  // Regression (was a bug): for a .js model the message is "Parse error /work/main/test/fixtures/syntax-error.js:1:1":
  // the wrong line (the error is on line 8) and no word of what is wrong. Plain `node` on the
  // same file says "syntax-error.js:8 ... SyntaxError: Unexpected token '}'".
  it('a JavaScript syntax error names the right line and what is wrong', () => {
    const run = protocheck(['check', 'test/fixtures/syntax-error.js', '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain(`syntax-error.js:${lineOf('syntax-error.js', 'return (')}`);
    expect(run.stderr).toMatch(/Unexpected token|Unexpected "}"/);
  });

  it('a file whose default export is not a model says so and how to export one', () => {
    const run = protocheck(['check', 'test/fixtures/not-a-model.ts', '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain('protocheck: test/fixtures/not-a-model.ts does not export a model');
    expect(run.stderr).toContain('export default defineModel({ ... })');
  });

  // Regression (was a bug): the message reads "Its default export is a object." (should be "an object").
  it('... in good English: "Its default export is an object without the fields of a model."', () => {
    const run = protocheck(['check', 'test/fixtures/not-a-model.ts', '--no-out']);
    expect(run.stderr).toContain('Its default export is an object without the fields of a model.');
  });

  it('a missing file: "no model file", with the models that do exist', () => {
    const run = protocheck(['check', 'test/fixtures/does-not-exist.ts', '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain('protocheck: no model file test/fixtures/does-not-exist.ts');
    expect(run.stderr).toMatch(/the name of a model in models\/ \(.*two-generals.*\)/);
  });
});

describe('a model that throws or breaks the rules while being checked', () => {
  it('a protocol handler that throws: node, handler, what it was doing, file:line, the trace so far', () => {
    const run = protocheck(['check', 'test/fixtures/throwing-handler.ts', '--no-out']);
    expectCleanError(run);
    const err = run.stderr;
    expect(err).toContain('protocheck: model throwing-handler (test/fixtures/throwing-handler.ts) failed while computing a step:');
    expect(err).toContain("node B's onMessage threw Error: ping 3 was not expected (while handling ping(n=3) from A)");
    expect(err).toContain(`at test/fixtures/throwing-handler.ts:${lineOf('throwing-handler.ts', 'THROWS HERE')}:`);
    // The trace up to the failing step: A→B ping 1, B→A ping 2, then B fails on ping 3.
    expect(err).toContain('replay it: protocheck replay test/fixtures/throwing-handler.ts 0/0/0');
    expect(err).toMatch(/^\s+1\. initial state$/m);
    expect(err).toMatch(/^\s+2\. B receives ping\(n=1\) from A$/m);
    expect(err).toMatch(/^\s+3\. A receives ping\(n=2\) from B$/m);
    expect(err).not.toMatch(/^\s+4\. /m);
  });

  it('... and the same with --format json: nothing on stdout', () => {
    const run = protocheck(['check', 'test/fixtures/throwing-handler.ts', '--no-out', '--format', 'json']);
    expectCleanError(run);
    expect(run.stderr).toContain("node B's onMessage threw");
  });

  it('replay and render of a path through the throwing step: the same clear error, not an internal one', () => {
    // Regression (was a bug): `replay ... 0/0/0/0` printed "internal error" and a raw stack.
    for (const args of [['replay', 'test/fixtures/throwing-handler.ts', '0/0/0/0'], ['render', 'test/fixtures/throwing-handler.ts', '0/0/0/0', '--format', 'ascii']]) {
      const run = protocheck(args);
      expectCleanError(run);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr).toContain("node B's onMessage threw Error: ping 3 was not expected (while handling ping(n=3) from A)");
      expect(run.stderr).toContain(`at test/fixtures/throwing-handler.ts:${lineOf('throwing-handler.ts', 'THROWS HERE')}:`);
      expect(run.stderr).toContain('replay it: protocheck replay test/fixtures/throwing-handler.ts 0/0/0');
      expect(run.stderr).toMatch(/^\s+3\. A receives ping\(n=2\) from B$/m);
    }
  });

  it('next() putting a plain object into the state: the message names the field path', () => {
    const run = protocheck(['check', 'test/fixtures/plain-object-state.ts', '--no-out']);
    expectCleanError(run);
    expect(run.stderr).toContain('failed while checking a new state:');
    expect(run.stderr).toContain('a state holds a plain object (use an Immutable Record or Map) at meta.info');
    expect(run.stderr).toContain('convert the value, for example with Immutable.fromJS');
  });

  it('a nondeterministic model (Math.random in next) replayed: "not deterministic"', () => {
    // 40 steps: the two replays protocheck makes agree by chance with probability 2^-40.
    const path40 = Array.from({ length: 40 }, () => '0').join('/');
    const run = protocheck(['replay', 'test/fixtures/nondeterministic.ts', path40]);
    expectCleanError(run);
    expect(run.stderr).toMatch(/disagrees with the search at step \d+: the same actions led to a different state/);
    expect(run.stderr).toContain('The model is not deterministic.');
    expect(run.stderr).toContain('Math.random()');
  });
});

describe('a model folder of the user’s own', () => {
  it('a file with no default export: "no default export", its path relative to the working directory', () => {
    const dir = path.join(tempDir(), 'models');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(dir, 'nothing.ts'), 'export const x = 1;\n');
    const run = protocheck(['check', 'models/nothing.ts', '--no-out'], { cwd: path.dirname(dir) });
    expectCleanError(run);
    expect(run.stderr).toContain('protocheck: models/nothing.ts does not export a model');
    expect(run.stderr).toContain('Its default export is nothing (no default export).');
  });
});
