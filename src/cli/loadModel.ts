import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { transformSync } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Model } from '../model/Model.ts';
import { isModel, type ModelFactory } from '../model/defineModel.ts';
import { factoryOf } from '../model/modelFromExport.ts';
import { OptionError } from '../model/OptionError.ts';
import { resolveParams } from '../model/resolveParams.ts';
import { CliError } from './CliError.ts';

/** protocheck's own `models/` folder, for model names given without a path. */
export const BUNDLED_MODELS = fileURLToPath(new URL('../../models/', import.meta.url));

/** A model file loaded: the factory (or plain model) it exports, and where it came from. */
export interface ModelSource {
  /** What the user typed: a path or a model name. */
  readonly spec: string;
  readonly file: string;
  /** The file's URL, for worker threads that load it again. */
  readonly url: string;
  readonly factory: ModelFactory;
}

/** A model built for one choice of parameters. */
export interface LoadedModel extends ModelSource {
  readonly model: Model<unknown, unknown>;
  /** Every parameter, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Only the parameters that differ from the defaults (for replay commands). */
  readonly changedParams: Readonly<Record<string, unknown>>;
  /** More words a replay command needs to rebuild this model (`--faults loss`). */
  readonly replayArgs?: readonly string[];
  /** The fault classes the model was rebuilt with (`--faults`), if any. */
  readonly faultClasses?: readonly string[];
}

function modelFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs|mts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
}

/** The file a model spec names: a path, or a name in ./models or protocheck's models. */
export function resolveModelFile(spec: string): string {
  const direct = path.resolve(spec);
  if (existsSync(direct) && statSync(direct).isFile()) return direct;
  for (const dir of [path.resolve('models'), BUNDLED_MODELS]) {
    for (const ext of ['.ts', '.js', '.mjs', '.mts']) {
      const candidate = path.join(dir, spec + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  const names = [...new Set([...modelFiles(path.resolve('models')), ...modelFiles(BUNDLED_MODELS)])].map((f) => f.replace(/\.\w+$/, ''));
  throw new CliError(
    `no model file ${spec}`,
    `Give the path of a .ts or .js file, or the name of a model in models/${names.length ? ` (${names.join(', ')})` : ''}.`,
  );
}

/**
 * The syntax error in a model file, with its line and column, or undefined if it parses. Node's
 * own message for a JavaScript module that does not parse can point at line 1 and say nothing
 * more, so parse it again with esbuild (what tsx compiles with) for a useful one.
 */
function syntaxError(file: string, shown: string): string | undefined {
  try {
    transformSync(readFileSync(file, 'utf8'), { loader: /\.m?ts$/.test(file) ? 'ts' : 'js', format: 'esm', sourcefile: shown, logLevel: 'silent' });
    return undefined;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { line: number; column: number; lineText: string } }[] }).errors;
    if (!errors?.length) return undefined;
    return errors
      .map((err) => {
        const at = err.location ? `${shown}:${err.location.line}:${err.location.column + 1}: ` : `${shown}: `;
        const code = err.location ? `\n    ${err.location.lineText.trim()}` : '';
        return `${at}syntax error: ${err.text}${code}`;
      })
      .join('\n');
  }
}

/** A plain model exported directly is wrapped as a factory without parameters. */
function asFactory(exported: unknown, file: string): ModelFactory {
  const factory = factoryOf(exported);
  if (factory) return factory;
  const what = exported === undefined ? 'nothing (no default export)' : typeof exported === 'function' ? 'a function' : typeof exported === 'object' ? (exported === null ? 'null' : 'an object without the fields of a model') : `a ${typeof exported}`;
  throw new CliError(
    `${file} does not export a model`,
    `Its default export is ${what}. Export a model (an object with name, initialStates, actions, next and properties), ` +
      'or a parameterised one made with defineModel({ name, params, create }), as the files in models/ do: ' +
      'export default defineModel({ ... }).',
  );
}

/** Imports a model file. Load failures (syntax errors, a throw at load time) become `CliError`s. */
export async function loadModelSource(spec: string): Promise<ModelSource> {
  const file = resolveModelFile(spec);
  const shown = path.relative(process.cwd(), file) || file;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    const message = syntaxError(file, shown) ?? (e instanceof Error ? e.message : String(e));
    throw new CliError(`could not load ${shown}`, `${message.trim()}\nFix the file and run the command again.`);
  }
  return { spec, file: shown, url: pathToFileURL(file).href, factory: asFactory(mod.default, shown) };
}

/** Builds the model of `source` for `given` parameters, validating them. */
export function instantiate(source: ModelSource, given: Readonly<Record<string, unknown>>): LoadedModel {
  const { factory } = source;
  let params: Record<string, unknown>;
  try {
    params = resolveParams(factory.name, factory.params, given);
  } catch (e) {
    if (e instanceof OptionError) throw new CliError(e.message);
    throw e;
  }
  const changedParams = Object.fromEntries(
    Object.entries(params).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(factory.params[k]!.default)),
  );
  let model: Model<unknown, unknown>;
  try {
    model = factory.create(params as never);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError(`model ${factory.name} could not be built with ${JSON.stringify(params)}`, message);
  }
  if (!isModel(model)) throw new CliError(`the create() of model ${factory.name} in ${source.file} did not return a model`);
  return { ...source, model, params, changedParams };
}

/** Loads and builds in one step. */
export async function loadModel(spec: string, given: Readonly<Record<string, unknown>>): Promise<LoadedModel> {
  return instantiate(await loadModelSource(spec), given);
}

/** The model files of a folder, for `list` and `test` (./models, else protocheck's own). */
export function modelFilesIn(dir?: string): string[] {
  const folder = dir ? path.resolve(dir) : existsSync(path.resolve('models')) ? path.resolve('models') : BUNDLED_MODELS;
  if (!existsSync(folder)) throw new CliError(`no folder ${dir}`);
  return modelFiles(folder).map((f) => path.join(folder, f));
}
