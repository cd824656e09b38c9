import { OptionError } from '../model/OptionError.ts';
import { FAULT_CLASSES, parseCombination, withFaultClasses } from '../protocol/faultClasses.ts';
import { FAIRNESS_PRESETS } from '../protocol/fairness.ts';
import { protocol, specOf } from '../protocol/protocol.ts';
import type { FairnessPreset } from '../protocol/types.ts';
import { CliError } from './CliError.ts';
import type { LoadedModel } from './loadModel.ts';

/** The options that choose fault classes. */
export interface RawFaultOptions {
  readonly faults?: string;
  readonly faultBudget?: string;
}

/** `--fault-budget`: how many times each fault may happen (default 1). */
export function faultBudget(raw: RawFaultOptions): number {
  if (raw.faultBudget === undefined) return 1;
  const n = Number(raw.faultBudget);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--fault-budget ${raw.faultBudget}: give a whole number, at least 1`);
  return n;
}

/** The protocol spec behind a loaded model, or a clear error for a plain transition system. */
export function protocolSpecOf(loaded: LoadedModel, option: string): NonNullable<ReturnType<typeof specOf>> {
  const spec = specOf(loaded.model);
  if (!spec) {
    throw new CliError(
      `${option} needs a protocol model (made with protocol()), and ${loaded.factory.name} is a plain transition system`,
      'Fault classes change a protocol\'s network and faults; a plain model has its own.',
    );
  }
  return spec;
}

/**
 * `--faults loss+crash-stop`: the model rebuilt with exactly these fault classes (none:
 * reliable), so that `check` and `replay` see what a cell of the fault matrix saw.
 */
export function applyFaultOption(loaded: LoadedModel, raw: RawFaultOptions): LoadedModel {
  if (raw.faults === undefined) {
    if (raw.faultBudget !== undefined) throw new CliError('--fault-budget goes with --faults');
    return loaded;
  }
  let classes: string[];
  try {
    classes = parseCombination(raw.faults.replace(/,/g, '+'));
  } catch (e) {
    if (e instanceof OptionError) throw new CliError(`--faults ${raw.faults}: ${e.message}`, `The classes are none, ${FAULT_CLASSES.map((f) => f.name).join(', ')}; combine them with + (loss+crash-stop).`);
    throw e;
  }
  const budget = faultBudget(raw);
  const model = protocol(withFaultClasses(protocolSpecOf(loaded, '--faults'), classes, budget)) as unknown as LoadedModel['model'];
  const replayArgs = ['--faults', classes.join('+'), ...(budget !== 1 ? ['--fault-budget', String(budget)] : [])];
  return { ...loaded, model, replayArgs, faultClasses: classes };
}

/**
 * `--fairness weak`: the protocol rebuilt with another fairness preset, to see which assumption a
 * liveness property needs.
 */
export function applyFairnessOption(loaded: LoadedModel, raw: { readonly fairness?: string }): LoadedModel {
  if (raw.fairness === undefined) return loaded;
  if (!FAIRNESS_PRESETS.includes(raw.fairness as FairnessPreset)) {
    throw new CliError(`--fairness ${raw.fairness}: use one of ${FAIRNESS_PRESETS.join(', ')}`);
  }
  const spec = protocolSpecOf(loaded, '--fairness');
  const model = protocol({ ...spec, fairness: raw.fairness as FairnessPreset }) as unknown as LoadedModel['model'];
  return { ...loaded, model, replayArgs: [...(loaded.replayArgs ?? []), '--fairness', raw.fairness] };
}
