/**
 * protocheck's public API: everything a model file or a script may import. Nothing else is
 * public; keep this list by hand.
 */
export type { ActionInfo, Fairness, Model } from './model/Model.ts';
export {
  always,
  eventually,
  final,
  infinitelyOften,
  leadsTo,
  sometimes,
  stabilizes,
  type Property,
  type PropertyKind,
} from './model/Property.ts';
export { formatPath, parsePath, type Path } from './model/Path.ts';
export {
  defineModel,
  isModel,
  isModelFactory,
  type Expectation,
  type ModelFactory,
  type ParamSpec,
  type ParamSpecs,
  type ParamValues,
} from './model/defineModel.ts';
export { OptionError } from './model/OptionError.ts';
export type { Symmetry } from './model/Symmetry.ts';
export { check } from './checker/check.ts';
export type { CheckOptions, Progress } from './checker/CheckOptions.ts';
export type { CheckResult, CheckStats, Cut, PropertyResult, Verdict } from './checker/CheckResult.ts';
export { ModelError } from './checker/ModelError.ts';
export { StepError } from './model/StepError.ts';
export { protocol } from './protocol/protocol.ts';
export { FAIRNESS_PRESETS } from './protocol/fairness.ts';
export type {
  ByzantineOptions,
  Context,
  CrashFaults,
  Decision,
  FairnessPreset,
  Faults,
  Json,
  NetworkOptions,
  NodeDef,
  ProtocolSpec,
  Signature,
} from './protocol/types.ts';
export type { FaultsUsed, InFlightMessage, System } from './protocol/System.ts';
export { HandlerError } from './protocol/HandlerError.ts';
