import { isModel, isModelFactory, type ModelFactory } from './defineModel.ts';
import type { Model } from './Model.ts';
import { resolveParams } from './resolveParams.ts';

/** A model file's default export as a factory (a plain model is one without parameters). */
export function factoryOf(exported: unknown): ModelFactory | undefined {
  if (isModelFactory(exported)) return exported;
  if (isModel(exported)) {
    const model = exported;
    return { kind: 'protocheck.model-factory', name: model.name, params: {}, create: () => model };
  }
  return undefined;
}

/**
 * Where a model comes from, so another thread can build the same one: its file and parameters.
 * Worker threads cannot receive the model object itself.
 */
export interface ModelSourceRef {
  /** A file URL. */
  readonly url: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Imports a model file and builds its model for `params` (throws if the export is not a model). */
export async function modelFromSource(ref: ModelSourceRef): Promise<Model<unknown, unknown>> {
  return modelFromModule((await import(ref.url)) as { default?: unknown }, ref);
}

/** Builds the model of an imported model file (its module namespace) for `ref.params`. */
export function modelFromModule(mod: { readonly default?: unknown }, ref: ModelSourceRef): Model<unknown, unknown> {
  const factory = factoryOf(mod.default);
  if (!factory) throw new Error(`${ref.url} does not export a model`);
  return factory.create(resolveParams(factory.name, factory.params, ref.params) as never);
}
