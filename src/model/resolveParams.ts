import { OptionError } from './OptionError.ts';
import type { ParamSpec, ParamSpecs } from './defineModel.ts';

/** The values a parameter accepts given the others, or `undefined` when it takes any value of its type. */
export function paramDomain(spec: ParamSpec, params: Readonly<Record<string, unknown>>): readonly unknown[] | undefined {
  if (spec.values === undefined) return undefined;
  return typeof spec.values === 'function' ? spec.values(params) : spec.values;
}

/**
 * The complete parameter object for a factory: defaults overridden by `given`. Rejects unknown
 * names, values of the wrong type and values outside the declared range, naming the model.
 */
export function resolveParams(
  modelName: string,
  specs: ParamSpecs,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const names = Object.keys(specs);
  for (const name of Object.keys(given)) {
    if (!(name in specs)) {
      const known = names.length ? `its parameters are ${names.join(', ')}` : 'it takes no parameters';
      throw new OptionError(`model ${modelName} has no parameter "${name}": ${known}`);
    }
  }
  const params: Record<string, unknown> = {};
  for (const name of names) params[name] = name in given ? given[name] : specs[name]!.default;
  for (const name of names) {
    const spec = specs[name]!;
    const value = params[name];
    const show = JSON.stringify(value);
    if (spec.check) {
      const problem = spec.check(value, params);
      if (problem) throw new OptionError(`parameter ${name} of model ${modelName} cannot be ${show}: ${problem}`);
      continue;
    }
    const domain = paramDomain(spec, params);
    if (domain !== undefined) {
      if (!domain.some((d) => d === value)) {
        const list = domain.length <= 12 ? domain.map((d) => JSON.stringify(d)).join(', ') : `${domain.length} values from ${JSON.stringify(domain[0])} to ${JSON.stringify(domain[domain.length - 1])}`;
        throw new OptionError(`parameter ${name} of model ${modelName} cannot be ${show}: it takes ${list}`);
      }
      continue;
    }
    const want = typeof spec.default;
    if (typeof value !== want) {
      throw new OptionError(`parameter ${name} of model ${modelName} must be a ${want} (like ${JSON.stringify(spec.default)}), not ${show}`);
    }
    if (typeof value === 'number') {
      if (spec.integer && !Number.isInteger(value)) throw new OptionError(`parameter ${name} of model ${modelName} must be a whole number, not ${show}`);
      if (spec.min !== undefined && value < spec.min) throw new OptionError(`parameter ${name} of model ${modelName} must be at least ${spec.min}, not ${show}`);
      if (spec.max !== undefined && value > spec.max) throw new OptionError(`parameter ${name} of model ${modelName} must be at most ${spec.max}, not ${show}`);
    }
  }
  return params;
}
