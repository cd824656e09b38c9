import { check } from '../../checker/check.ts';
import { ModelError } from '../../checker/ModelError.ts';
import { crashedStateHint, userFrame } from '../formatError.ts';
import type { CheckResult } from '../../checker/CheckResult.ts';
import { formatPath } from '../../model/Path.ts';
import { OptionError } from '../../model/OptionError.ts';
import { FAULT_CLASSES, faultClass, parseCombination, withFaultClasses } from '../../protocol/faultClasses.ts';
import { protocol } from '../../protocol/protocol.ts';
import { markdownTable, textTable } from '../../render/table.ts';
import { CliError } from '../CliError.ts';
import type { CliContext } from '../CliContext.ts';
import { faultBudget, protocolSpecOf, type RawFaultOptions } from '../faultOption.ts';
import { loadModel } from '../loadModel.ts';
import { exitCodeOf, type Outcome } from '../Outcome.ts';
import { parseParams } from '../parseParams.ts';
import { replayCommand } from '../replayCommand.ts';
import { outputFormat, searchOptions, type RawSearchOptions } from '../searchOptions.ts';

/** One row of the fault matrix: a fault class (or combination) and what the search found. */
export interface FaultRow {
  readonly faults: readonly string[];
  readonly fallacy: string;
  /** False when the class means nothing for this protocol (reordering a synchronous network). */
  readonly applicable: boolean;
  /** Why not, when not applicable. */
  readonly notApplicable?: string;
  readonly result?: CheckResult;
  /** The model threw under these faults (a property reading a crashed node's state, say). */
  readonly error?: string;
}

type RawFaultsCommand = RawSearchOptions & RawFaultOptions & { readonly combine?: string[] };

/**
 * `protocheck faults <model>`: the protocol under each fault class on its own (and the
 * combinations asked for), one search each, as a matrix of verdicts: which assumption does the
 * protocol silently rely on? Each failing cell points to its counterexample, replayable with
 * `--faults`.
 */
export async function faultsCommand(spec: string, raw: RawFaultsCommand, ctx: CliContext): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json', 'md'] as const);
  const options = searchOptions(raw);
  const budget = faultBudget(raw);
  if (raw.faults !== undefined) throw new CliError('faults checks every fault class; use --combine to add combinations (loss+crash-stop)');
  const loaded = await loadModel(spec, parseParams(raw.param ?? []));
  ctx.loaded = loaded;
  const original = protocolSpecOf(loaded, 'faults');
  let combos: string[][];
  try {
    combos = [['none'], ...FAULT_CLASSES.map((c) => [c.name]), ...(raw.combine ?? []).map((c) => parseCombination(c))];
  } catch (e) {
    if (e instanceof OptionError) throw new CliError(`--combine: ${e.message}`);
    throw e;
  }
  const rows: FaultRow[] = combos.map((faults) => {
    const classes = faults.filter((f) => f !== 'none').map(faultClass);
    const why = classes.map((c) => c.notApplicable?.(original)).find((w) => w !== undefined);
    const applicable = why === undefined;
    const fallacy = faults[0] === 'none' ? '(none: reliable, in order, no crash, all honest)' : classes.map((c) => c.fallacy).join('; ');
    if (!applicable) return { faults, fallacy, applicable, notApplicable: why };
    const model = protocol(withFaultClasses(original, faults, budget));
    try {
      return { faults, fallacy, applicable, result: check(model, options) };
    } catch (e) {
      // One fault class the model was not written for must not hide the others: the cell says so.
      if (!(e instanceof ModelError)) throw e;
      const frame = userFrame(e.cause);
      const hint = crashedStateHint(e);
      return {
        faults,
        fallacy,
        applicable,
        error: `${e.message}${e.property ? ` (in property ${e.property})` : ''}${frame ? ` at ${frame}` : ''}, path ${formatPath(e.path)}${hint ? `. ${hint}` : ''}`,
      };
    }
  });
  const propertyNames = [...new Set(rows.flatMap((r) => r.result?.properties.map((p) => p.name) ?? []))];
  const replayFor = (row: FaultRow, path: readonly number[]): string =>
    replayCommand(loaded.spec, formatPath(path), loaded.changedParams, ['--faults', row.faults.join('+'), ...(budget !== 1 ? ['--fault-budget', String(budget)] : [])]);
  const failed = rows.some((r) => r.result?.properties.some((p) => p.status === 'fail'));
  const complete = rows.every((r) => !r.result || r.result.complete);
  const exitCode = rows.some((r) => r.error) ? 2 : exitCodeOf(failed, complete);

  if (format === 'json') {
    const doc = {
      model: loaded.factory.name,
      params: loaded.params,
      budget,
      rows: rows.map((r) => ({
        faults: r.faults,
        fallacy: r.fallacy,
        applicable: r.applicable,
        ...(r.notApplicable ? { notApplicable: r.notApplicable } : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.result
          ? {
              complete: r.result.complete,
              stats: r.result.stats,
              properties: r.result.properties.map((p) => ({
                name: p.name,
                status: p.status,
                ...(p.path ? { path: formatPath(p.path), replay: replayFor(r, p.path) } : {}),
              })),
            }
          : {}),
      })),
    };
    return { exitCode, stdout: JSON.stringify(doc, null, 2) };
  }
  const headers = ['faults', ...propertyNames, 'states', 'fallacy it tests'];
  const table = rows.map((r) => {
    const status = new Map(r.result?.properties.map((p) => [p.name, p.status + (p.status === 'fail' ? '*' : '')]));
    return [
      r.faults.join(' + '),
      ...propertyNames.map((n) => (!r.applicable ? 'n/a' : r.error ? 'error' : (status.get(n) ?? '-'))),
      r.result ? r.result.stats.distinctStates.toLocaleString('en-US') + (r.result.complete ? '' : '+') : '',
      r.fallacy,
    ];
  });
  const pointers = rows.flatMap((r) =>
    (r.result?.properties ?? [])
      .filter((p) => p.status === 'fail' && p.path)
      .map((p) => `  ${r.faults.join(' + ')} / ${p.name}: ${replayFor(r, p.path!)}`),
  );
  const errors = rows.filter((r) => r.error).map((r) => `  ${r.faults.join(' + ')}: the model threw: ${r.error}`);
  const body = format === 'md' ? markdownTable(headers, table) : textTable(headers, table);
  const lines = [
    `fault matrix: ${loaded.factory.name}${Object.keys(loaded.changedParams).length ? ` (${Object.entries(loaded.changedParams).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')})` : ''}, each fault at most ${budget} time${budget === 1 ? '' : 's'}`,
    body,
    ...(rows.some((r) => r.result && !r.result.complete) ? ['+ : the search was cut (a failure stops it; --continue explores everything)'] : []),
    ...rows.filter((r) => !r.applicable).map((r) => `n/a (${r.faults.join(' + ')}): ${r.notApplicable}`),
    ...(pointers.length ? ['', 'Counterexamples (* above), to replay:', ...pointers] : []),
    ...(errors.length ? ['', 'Errors (the model was not written for these faults):', ...errors] : []),
  ];
  return { exitCode, stdout: lines.join('\n') };
}
