/**
 * `protocheck replay <model> <path>`: re-executes a counterexample from its action-index path.
 * The `Replay:` line that `check` prints is a command that works as printed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { json, protocheck, STACK_FRAME, stepLines, type Run } from './cli.ts';

/** The `Replay: protocheck replay ...` command of a `check` text output, as arguments. */
function replayArgs(checkOutput: string): string[] {
  const line = /^\s+Replay: protocheck (replay .+)$/m.exec(checkOutput);
  expect(line, 'check prints a Replay: line').not.toBeNull();
  return line![1]!.trim().split(/\s+/);
}

describe('the Replay: line of check reproduces the counterexample', () => {
  let checkText: Run;
  let checkJson: Run;
  beforeAll(() => {
    checkText = protocheck(['check', 'models/two-generals.ts', '--param', 'rounds=5', '--no-out']);
    checkJson = protocheck(['check', 'models/two-generals.ts', '--param', 'rounds=5', '--no-out', '--format', 'json']);
  });

  it('check prints protocheck replay models/two-generals.ts 0/0/0/0/0/1 --param rounds=5', () => {
    expect(checkText.code).toBe(1);
    expect(replayArgs(checkText.stdout)).toEqual(['replay', 'models/two-generals.ts', '0/0/0/0/0/1', '--param', 'rounds=5']);
  });

  it('running it exits 1 and prints the same numbered steps, with agreement violated at step 6', () => {
    const replay = protocheck(replayArgs(checkText.stdout));
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^two-generals \(rounds=5, rule=usual\), path 0\/0\/0\/0\/0\/1:$/m);
    expect(stepLines(replay.stdout)).toEqual(stepLines(checkText.stdout));
    expect(stepLines(replay.stdout)).toHaveLength(6);
    expect(replay.stdout).toContain('✗ agreement (final): violated at step 6');
  });

  it('with --format json it gives the same steps as the check report', () => {
    const replay = protocheck([...replayArgs(checkText.stdout), '--format', 'json']);
    expect(replay.code).toBe(1);
    const r = json(replay);
    const trace = json(checkJson).properties.find((p: any) => p.name === 'agreement').trace;
    expect(r.path).toBe(trace.path);
    expect(r.steps).toEqual(trace.steps);
    expect(r.steps.at(-1).action.kind).toBe('drop');
  });
});

describe('replay: a path that does not fit the model exits 2 and says why', () => {
  it('an action index out of range says how many actions are enabled', () => {
    const run = protocheck(['replay', 'two-generals', '0/0/0/9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('protocheck: step 4 of 0/0/0/9 asks for action 9, but only 2 are enabled there (0 to 1)');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('an initial-state index out of range says how many initial states there are', () => {
    const run = protocheck(['replay', 'two-generals', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('step 1 of 5 asks for initial state 5, but the model has 2 (0 to 1)');
  });

  it.each(['0/x/1', '0//1', '1.5'])('a malformed path %s', (path) => {
    const run = protocheck(['replay', 'two-generals', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`"${path}" is not a path: write the action indices separated by slashes, for example 0/2/1`);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });
});
