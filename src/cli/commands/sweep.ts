import { check, propertiesOf } from '../../checker/check.ts';
import { shrinkPath } from '../../checker/shrink.ts';
import type { CheckResult } from '../../checker/CheckResult.ts';
import { OptionError } from '../../model/OptionError.ts';
import { paramDomain, resolveParams } from '../../model/resolveParams.ts';
import { replay } from '../../checker/replay.ts';
import type { ActionInfo } from '../../model/Model.ts';
import { formatPath } from '../../model/Path.ts';
import { describeJson } from '../../render/shortJson.ts';
import { markdownTable, textTable } from '../../render/table.ts';
import { CliError } from '../CliError.ts';
import type { CliContext } from '../CliContext.ts';
import { applyFairnessOption, applyFaultOption } from '../faultOption.ts';
import { instantiate, loadModelSource, type ModelSource } from '../loadModel.ts';
import { exitCodeOf, type Outcome } from '../Outcome.ts';
import { parseSweepParams, type SweepValues } from '../parseParams.ts';
import { outputFormat, searchOptions, type RawSearchOptions } from '../searchOptions.ts';

/** One row of a sweep: the parameters and what the search found. */
export interface SweepRow {
  readonly params: Readonly<Record<string, unknown>>;
  readonly result: CheckResult;
}

/** Every combination of the swept values, `all` expanded from the model's declared domain. */
export function combinations(source: ModelSource, swept: readonly [string, SweepValues][]): Record<string, unknown>[] {
  const specs = source.factory.params;
  for (const [name] of swept) {
    if (!(name in specs)) {
      const known = Object.keys(specs);
      throw new CliError(`model ${source.factory.name} has no parameter "${name}"`, known.length ? `Its parameters are ${known.join(', ')}.` : 'It takes no parameters.');
    }
  }
  // Explicit lists first, so that an `all` can depend on them (the rules for a number of rounds).
  const ordered = [...swept.filter(([, v]) => !v.all), ...swept.filter(([, v]) => v.all)];
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, values] of ordered) {
    combos = combos.flatMap((combo) => {
      let list: readonly unknown[];
      if (values.all) {
        // The values given for the other parameters must be valid before they decide this domain.
        try {
          resolveParams(source.factory.name, specs, combo);
        } catch (e) {
          if (e instanceof OptionError) throw new CliError(e.message);
          throw e;
        }
        const defaults = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
        let domain: readonly unknown[] | undefined;
        try {
          domain = paramDomain(specs[name]!, { ...defaults, ...combo });
        } catch (e) {
          throw new CliError(`--param ${name}=all: ${(e as Error).message}`);
        }
        if (!domain) throw new CliError(`--param ${name}=all: model ${source.factory.name} does not list the values of ${name}; give them (1,2,3 or 1..5)`);
        list = domain;
      } else list = values.values;
      return list.map((v) => ({ ...combo, [name]: v }));
    });
  }
  // Back to the order the user gave, for the table's columns.
  return combos.map((c) => Object.fromEntries(swept.map(([name]) => [name, c[name]])));
}

const QUIET_KINDS = new Set(['init', 'deliver', 'timeout', 'action', 'round']);

/**
 * The faults of a trace in a few words: `drop B→A messenger(n=2)`, `3 lies by L4, L5`, or
 * `no fault`. Lies and withheld messages are counted per traitor, not listed.
 */
export function faultSummary(steps: readonly { action: ActionInfo }[]): string {
  const parts: string[] = [];
  const liars = new Set<string>();
  let lies = 0;
  let withheld = 0;
  for (const { action: a } of steps) {
    if (QUIET_KINDS.has(a.kind)) continue;
    if (a.kind === 'byzantine') {
      if (a.lie) lies++;
      else if (a.withheld) withheld++;
      else continue;
      liars.add(a.from ?? '?');
      continue;
    }
    if (a.from !== undefined && a.to !== undefined) parts.push(`${a.kind} ${a.from}→${a.to}${a.message !== undefined ? ` ${describeJson(a.message)}` : ''}`);
    else parts.push(a.node !== undefined ? `${a.kind} ${a.node}` : a.label);
  }
  const shown = parts.length > 3 ? [...parts.slice(0, 3), `${parts.length - 3} more`] : parts;
  if (lies > 0) shown.push(`${lies} lie${lies === 1 ? '' : 's'} by ${[...liars].sort().join(', ')}`);
  if (withheld > 0) shown.push(`${withheld} withheld`);
  return shown.length ? shown.join('; ') : 'no fault';
}

function cell(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `protocheck sweep <model> --param k=LIST ...`: `check` over every combination, as a table. */
export async function sweepCommand(spec: string, raw: RawSearchOptions, ctx: CliContext): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json', 'md'] as const);
  const options = searchOptions(raw);
  const swept = parseSweepParams(raw.param ?? []);
  if (swept.length === 0) throw new CliError('sweep needs at least one --param name=LIST (for example --param rounds=1..4)');
  const source = await loadModelSource(spec);
  const combos = combinations(source, swept);
  const rows: SweepRow[] = [];
  const variants: string[] = [];
  const how: string[] = [];
  const shown: string[] = [];
  const shrink = raw.shrink ?? options.strategy === 'dfs';
  for (const combo of combos) {
    const loaded = applyFairnessOption(applyFaultOption(instantiate(source, combo), raw), raw);
    ctx.loaded = loaded;
    const result = check(loaded.model, options);
    rows.push({ params: combo, result });
    variants.push(source.factory.describeParams?.(loaded.params as never) ?? '');
    const failed = result.properties.find((p) => p.status === 'fail' && p.path);
    let steps = failed?.path;
    if (failed) replay(loaded.model, failed.path!, failed.fingerprints);
    const prop = failed ? propertiesOf(loaded.model).find((p) => p.name === failed.name) : undefined;
    if (failed && prop && shrink && failed.loop === undefined) steps = shrinkPath(loaded.model, steps!, prop);
    how.push(steps ? faultSummary(replay(loaded.model, steps).steps) : '');
    shown.push(failed && steps ? `${failed.name} ${formatPath(steps)}` : '');
  }
  const propertyNames = [...new Set(rows.flatMap((r) => r.result.properties.map((p) => p.name)))];
  const anyFailed = rows.some((r) => r.result.properties.some((p) => p.status === 'fail'));
  const allComplete = rows.every((r) => r.result.complete);
  const exitCode = exitCodeOf(anyFailed, allComplete);

  if (format === 'json') {
    const doc = {
      model: source.factory.name,
      rows: rows.map((r, i) => ({
        params: r.params,
        ...(variants[i] ? { variant: variants[i] } : {}),
        complete: r.result.complete,
        stats: r.result.stats,
        properties: r.result.properties.map((p) => ({ name: p.name, status: p.status, ...(p.path ? { path: formatPath(p.path) } : {}) })),
      })),
    };
    return { exitCode, stdout: JSON.stringify(doc, null, 2) };
  }
  const showVariant = variants.some((v) => v !== '');
  const headers = [...swept.map(([n]) => n), ...(showVariant ? ['variant'] : []), ...propertyNames, 'states', 'search', 'counterexample', 'faults in it'];
  const table = rows.map((r, i) => {
    const status = new Map(r.result.properties.map((p) => [p.name, p.status]));
    return [
      ...swept.map(([n]) => cell(r.params[n])),
      ...(showVariant ? [variants[i]!] : []),
      ...propertyNames.map((n) => status.get(n) ?? '-'),
      r.result.stats.distinctStates.toLocaleString('en-US'),
      r.result.complete ? 'complete' : r.result.cut === 'failure' ? 'stopped' : `cut: ${r.result.cut}`,
      shown[i]!,
      how[i]!,
    ];
  });
  const failing = rows.filter((r) => r.result.properties.some((p) => p.status === 'fail')).length;
  const unknown = rows.filter((r) => !r.result.properties.some((p) => p.status === 'fail') && r.result.properties.some((p) => p.status === 'unknown')).length;
  const summary = `${rows.length} combination${rows.length === 1 ? '' : 's'}: ${failing} with a failing property, ${unknown} unknown, ${rows.length - failing - unknown} passing every property.`;
  const body = format === 'md' ? markdownTable(headers, table) : textTable(headers, table);
  return { exitCode, stdout: `${source.factory.name}\n${body}\n${summary}` };
}
