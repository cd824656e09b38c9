/**
 * `protocheck sweep`: `check` over every combination of parameter values, as a table. Two
 * Generals with every decision rule for 1 and 2 messengers (32 + 128 rules): each one fails
 * agreement or validity.
 */
import { describe, expect, it } from 'vitest';
import { json, protocheck, shell, STACK_FRAME } from './cli.ts';

const SWEEP = ['sweep', 'two-generals', '--param', 'rounds=1,2', '--param', 'rule=all', '--continue'];

describe('sweep two-generals --param rounds=1,2 --param rule=all --continue', () => {
  it('exits 1 and prints a table of 160 rows (32 rules for 1 messenger, 128 for 2), all failing', () => {
    const run = protocheck(SWEEP);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('two-generals');
    expect(lines[1]).toMatch(/^rounds\s+rule\s+variant\s+agreement\s+validity\s+states\s+search\s+counterexample\s+faults in it$/);
    expect(lines[2]).toMatch(/^[- ]+$/);
    const rows = lines.slice(3, -1).map((l) => l.trim().split(/\s+/));
    expect(rows).toHaveLength(160);
    expect(rows.filter((r) => r[0] === '1')).toHaveLength(32);
    expect(rows.filter((r) => r[0] === '2')).toHaveLength(128);
    for (const r of rows) expect(r).toContain('fail');
    expect(lines.at(-1)).toBe('160 combinations: 160 with a failing property, 0 unknown, 0 passing every property.');
  });

  it('--format json: { model, rows: [{ params, complete, stats, properties: [{ name, status }] }] }', () => {
    const run = protocheck([...SWEEP, '--format', 'json']);
    expect(run.code).toBe(1);
    const doc = json(run);
    expect(doc.model).toBe('two-generals');
    expect(doc.rows).toHaveLength(160);
    expect(doc.rows.map((r: any) => `${r.params.rounds}:${r.params.rule}`)).toEqual([
      ...Array.from({ length: 32 }, (_, i) => `1:${i}`),
      ...Array.from({ length: 128 }, (_, i) => `2:${i}`),
    ]);
    for (const row of doc.rows) {
      expect(row.complete).toBe(true);
      expect(typeof row.stats.distinctStates).toBe('number');
      expect(row.properties.map((p: any) => p.name)).toEqual(['agreement', 'validity']);
      expect(row.properties.some((p: any) => p.status === 'fail')).toBe(true);
    }
  });

  it('--format md: a Markdown table with a header, a separator and 160 rows', () => {
    const run = protocheck([...SWEEP, '--format', 'md']);
    expect(run.code).toBe(1);
    const table = run.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(table[0]).toBe('| rounds | rule | variant | agreement | validity | states | search | counterexample | faults in it |');
    expect(table[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    expect(table.slice(2)).toHaveLength(160);
    for (const row of table.slice(2)) expect(row.split('|')).toHaveLength(11);
    expect(run.stdout).toContain('160 combinations: 160 with a failing property');
  });
});

describe('sweep usage errors exit 2', () => {
  it('an unknown parameter names the known ones', () => {
    const run = protocheck(['sweep', 'two-generals', '--param', 'nosuch=1,2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('model two-generals has no parameter "nosuch"');
    expect(run.stderr).toContain('Its parameters are rounds, rule.');
    expect(run.stdout).toBe('');
  });

  it('no --param at all', () => {
    const run = protocheck(['sweep', 'two-generals']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sweep needs at least one --param name=LIST');
  });
});

describe('output piped into a command that stops reading early', () => {
  // Regression (was a bug): `protocheck sweep ... --format json | head -c 100` makes Node print a raw stack trace
  // ("Error: write EPIPE ... at WriteWrap.onWriteComplete ...", "Unhandled 'error' event") on
  // stderr: the output is larger than the pipe buffer and stdout's EPIPE error is not handled.
  it('sweep ... --format json | head -c 100: no stack trace on stderr', () => {
    const run = shell(`node src/cli/bin.js ${SWEEP.join(' ')} --format json | head -c 100 >/dev/null`);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
