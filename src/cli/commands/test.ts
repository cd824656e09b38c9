import { check } from '../../checker/check.ts';
import { replay } from '../../checker/replay.ts';
import type { Expectation } from '../../model/defineModel.ts';
import type { CliContext } from '../CliContext.ts';
import { instantiate, loadModelSource, modelFilesIn } from '../loadModel.ts';
import type { Outcome } from '../Outcome.ts';
import { outputFormat } from '../searchOptions.ts';

/** The result of one declared expectation. */
export interface CaseResult {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** What was not as expected; empty when every expectation was met. */
  readonly problems: readonly string[];
  readonly summary: string;
}

/** Seconds a case may take unless it says otherwise. */
const DEFAULT_TIMEOUT = 120;

function paramText(params: Readonly<Record<string, unknown>>): string {
  const e = Object.entries(params);
  return e.length ? e.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ') : 'defaults';
}

/** Runs one expectation: the search its options describe, then every comparison it asks for. */
export function runExpectation(source: Awaited<ReturnType<typeof loadModelSource>>, exp: Expectation): CaseResult {
  const given = (exp.params ?? {}) as Record<string, unknown>;
  const loaded = instantiate(source, given);
  const result = check(loaded.model, {
    ...(exp.strategy ? { strategy: exp.strategy } : {}),
    ...(exp.maxDepth ? { maxDepth: exp.maxDepth } : {}),
    ...(exp.maxStates ? { maxStates: exp.maxStates } : {}),
    continueAfterFailure: !exp.stopAtFirstFailure,
    timeoutSeconds: exp.timeout ?? DEFAULT_TIMEOUT,
  });
  const problems: string[] = [];
  const compare = (what: string, expected: unknown, actual: unknown): void => {
    if (expected !== undefined && expected !== actual) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  const s = result.stats;
  compare('complete', exp.complete, result.complete);
  if (result.cut === 'timeout' && exp.complete === undefined) {
    problems.push(`the search did not finish in ${exp.timeout ?? DEFAULT_TIMEOUT} s (${s.distinctStates} states so far): is the state space finite? Bound the model, or declare timeout/maxStates and complete: false`);
  }
  compare('distinct states', exp.distinctStates, s.distinctStates);
  compare('transitions', exp.transitions, s.transitions);
  compare('generated', exp.generated, s.generated);
  compare('depth', exp.depth, s.maxDepth);
  const byName = new Map(result.properties.map((p) => [p.name, p]));
  for (const [name, verdict] of Object.entries(exp.properties ?? {})) {
    const p = byName.get(name);
    if (!p) problems.push(`property ${name}: the model has no such property (it has ${[...byName.keys()].join(', ')})`);
    else compare(`property ${name}`, verdict, p.status);
  }
  const traced = new Set([...Object.keys(exp.traceLength ?? {}), ...Object.keys(exp.lastStep ?? {})]);
  for (const name of traced) {
    const p = byName.get(name);
    if (!p?.path) {
      problems.push(`property ${name}: expected a trace, but it has none (status ${p?.status ?? 'missing'})`);
      continue;
    }
    const trace = replay(loaded.model, p.path, p.fingerprints);
    compare(`trace length of ${name}`, exp.traceLength?.[name], trace.steps.length);
    compare(`last step of ${name}`, exp.lastStep?.[name], trace.steps[trace.steps.length - 1]!.action.kind);
  }
  const verdicts = result.properties.map((p) => `${p.name} ${p.status}`).join(', ');
  const summary = `${s.distinctStates.toLocaleString('en-US')} states, ${verdicts}`;
  return { name: exp.name ?? paramText(given), params: loaded.params, problems, summary };
}

/** `protocheck test [model...]`: checks every expectation the models declare; exit 1 if one is not met. */
export async function testCommand(specs: readonly string[], raw: { format?: string }, ctx: CliContext): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json'] as const);
  const files = specs.length > 0 ? specs : modelFilesIn();
  const models: { model: string; file: string; cases: CaseResult[] }[] = [];
  for (const spec of files) {
    const source = await loadModelSource(spec);
    const cases = (source.factory.tests ?? []).map((exp) => runExpectation(source, exp as Expectation));
    models.push({ model: source.factory.name, file: source.file, cases });
  }
  const all = models.flatMap((m) => m.cases);
  const failed = all.filter((c) => c.problems.length > 0);
  const exitCode = failed.length > 0 ? 1 : 0;
  if (format === 'json') {
    return { exitCode, stdout: JSON.stringify({ ok: exitCode === 0, models }, null, 2) };
  }
  const lines: string[] = [];
  for (const m of models) {
    lines.push(`${m.model} (${m.file})`);
    if (m.cases.length === 0) lines.push('  · no expectations declared');
    for (const c of m.cases) {
      lines.push(`  ${c.problems.length ? '✗' : '✓'} ${c.name}: ${c.summary}`);
      for (const p of c.problems) lines.push(`      ${p}`);
    }
  }
  lines.push(`${models.length} model${models.length === 1 ? '' : 's'}, ${all.length} case${all.length === 1 ? '' : 's'}: ${all.length - failed.length} met, ${failed.length} not met`);
  void ctx;
  return { exitCode, stdout: lines.join('\n') };
}
