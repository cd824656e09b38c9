/**
 * Diagrams from the command line: `protocheck render <model> <path>` and `--graph`, and the
 * diagrams `check` writes and prints, as a user runs them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { protocheck, removeTempDirs, tempDir } from '../cli/cli.ts';

afterAll(removeTempDirs);

describe('protocheck render <model> <path>', () => {
  it('writes trace-<path>.dot and .svg and prints the lane diagram with where they are', () => {
    const dir = tempDir();
    const run = protocheck(['render', 'two-generals', '0/0/0/1', '--out', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const folder = path.join(dir, 'two-generals');
    expect(readdirSync(folder).sort()).toEqual(['trace-0-0-0-1.dot', 'trace-0-0-0-1.svg']);
    expect(run.stdout).toContain('two-generals (rounds=3, rule=usual), path 0/0/0/1:\n      A ');
    expect(run.stdout).toContain('  4   |-- messenger(n=3, plan=attack) ---X           |   dropped (sent at 3)');
    expect(run.stdout).toContain(`Diagram: ${path.join(folder, 'trace-0-0-0-1.svg')} (and .dot)`);
    const svg = readFileSync(path.join(folder, 'trace-0-0-0-1.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(readFileSync(path.join(folder, 'trace-0-0-0-1.dot'), 'utf8')).toMatch(/^digraph sequence \{/);
  });

  it('--format dot|svg|ascii prints that document alone on stdout, the note on stderr', () => {
    const dot = protocheck(['render', 'two-generals', '0/0/0/1', '--format', 'dot', '--no-out']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph sequence \{[\s\S]*\}\n$/);
    const svg = protocheck(['render', 'two-generals', '0/0/0/1', '--format', 'svg', '--no-out']);
    expect(XMLValidator.validate(svg.stdout)).toBe(true);
    expect(svg.stderr).toBe('');
    const dir = tempDir();
    const ascii = protocheck(['render', 'two-generals', '0/0/0/1', '--format', 'ascii', '--out', dir]);
    expect(ascii.stdout.split('\n')[0]).toBe('      A                                              B');
    expect(ascii.stderr).toContain('Diagram: ');
  });

  it('marks a lasso: where its cycle starts, and the liveness property that fails', () => {
    const run = protocheck(['render', 'alternating-bit', '0/0/3/0/1/1/0/1', '--param', 'order=unordered', '--param', 'duplicates=1', '--loop', '7', '--no-out']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('|<...... ack(bit=0) (duplicate) ......|');
  });

  it('needs a path or --graph, and a path that fits', () => {
    const none = protocheck(['render', 'two-generals']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('render needs a path (for example 0/2/1), or --graph');
    const bad = protocheck(['render', 'two-generals', '0/7', '--no-out']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('asks for action 7');
  });
});

describe('protocheck render <model> --graph', () => {
  it('writes state-graph.dot and .svg with the first counterexample highlighted, and sums the graph up', () => {
    const dir = tempDir();
    const run = protocheck(['render', 'two-generals', '--graph', '--out', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'two-generals (rounds=3, rule=usual): 14 states, 12 transitions, 2 initial states, 8 final states',
        '  ✗ agreement: violated in 1 state (#11)',
        '  ✓ validity: no state violates it',
        'Highlighted: agreement fails: path 0/0/0/1 (protocheck replay two-generals 0/0/0/1)',
        '',
        `Diagram: ${path.join(dir, 'two-generals', 'state-graph.svg')} (and .dot)`,
        '',
      ].join('\n'),
    );
    expect(XMLValidator.validate(readFileSync(path.join(dir, 'two-generals', 'state-graph.svg'), 'utf8'))).toBe(true);
  });

  it('refuses a model beyond 300 states, naming its count', () => {
    const run = protocheck(['render', 'two-phase-commit', '--graph', '--param', 'crash=true', '--no-out']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the model has 1,610 reachable states; a state graph is drawn for at most 300');
  });
});

describe('check draws its counterexamples', () => {
  it('writes <property>.dot and .svg next to .txt and .json, and prints the lane diagram under the trace', () => {
    const dir = tempDir();
    const run = protocheck(['check', 'two-generals', '--out', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const folder = path.join(dir, 'two-generals');
    expect(readdirSync(folder).sort()).toEqual(['agreement.dot', 'agreement.html', 'agreement.json', 'agreement.svg', 'agreement.txt', 'report.html', 'report.json']);
    expect(XMLValidator.validate(readFileSync(path.join(folder, 'agreement.svg'), 'utf8'))).toBe(true);
    const lanes = '  4   |-- messenger(n=3, plan=attack) ---X           |   dropped (sent at 3)';
    expect(run.stdout).toContain(lanes);
    expect(readFileSync(path.join(folder, 'agreement.txt'), 'utf8')).toContain(lanes);
    // The diagram comes before the replay command, which stays the last line of the counterexample.
    expect(run.stdout.indexOf(lanes)).toBeLessThan(run.stdout.indexOf('  Replay: protocheck replay two-generals 0/0/0/1'));
  });

  it('--no-lanes leaves the diagram out of the terminal; --no-out draws nothing', () => {
    const cwd = tempDir();
    const run = protocheck(['check', path.resolve('models/two-generals.ts'), '--no-lanes', '--no-out'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('---X');
    expect(run.stdout).toContain('Replay: ');
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });
});
