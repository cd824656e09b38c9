import type { CheckResult, CheckStats, Cut, Verdict } from '../checker/CheckResult.ts';
import type { PropertyKind } from '../model/Property.ts';
import type { JsonStep } from './traceText.ts';

/** A counterexample or witness as the JSON report carries it. */
export interface ReportTrace {
  /** The action-index path, `0/2/1`: `protocheck replay <model> <path>` re-executes it. */
  readonly path: string;
  readonly steps: readonly JsonStep[];
  /** The command that replays it. */
  readonly replay: string;
  /**
   * Liveness counterexamples (lassos): the index of the step where the cycle starts; the last
   * step returns to it, and the behaviour goes round for ever (a final state: stays there).
   */
  readonly loop?: number;
}

export interface ReportProperty {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly status: Verdict;
  readonly description?: string;
  readonly trace?: ReportTrace;
}

/** The contract's JSON report of `check`: plain data, the one input of every renderer. */
export interface Report {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The fault classes the protocol was checked under (`--faults`), when chosen. */
  readonly faults?: readonly string[];
  /** The options that rebuilt the model (`--faults loss --fairness none`), as command-line words. */
  readonly options?: readonly string[];
  readonly complete: boolean;
  readonly cut?: Cut;
  readonly strategy: 'bfs' | 'dfs';
  /** Present and true when counts are of symmetry classes. */
  readonly symmetry?: boolean;
  /** Worker threads, when more than one searched. */
  readonly workers?: number;
  readonly stats: CheckStats;
  readonly properties: readonly ReportProperty[];
  readonly warnings?: readonly string[];
}

/** Puts a check result and its replayed traces together as the report. */
export function buildReport(
  result: CheckResult,
  params: Readonly<Record<string, unknown>>,
  traces: ReadonlyMap<string, ReportTrace>,
  faults?: readonly string[],
  options?: readonly string[],
): Report {
  return {
    model: result.model,
    params,
    ...(faults ? { faults } : {}),
    ...(options?.length ? { options } : {}),
    complete: result.complete,
    ...(result.cut ? { cut: result.cut } : {}),
    strategy: result.strategy,
    ...(result.symmetry ? { symmetry: true } : {}),
    ...(result.workers ? { workers: result.workers } : {}),
    stats: result.stats,
    ...(result.warnings ? { warnings: result.warnings } : {}),
    properties: result.properties.map((p) => {
      const trace = traces.get(p.name);
      return {
        name: p.name,
        kind: p.kind,
        status: p.status,
        ...(p.description ? { description: p.description } : {}),
        ...(trace ? { trace } : {}),
      };
    }),
  };
}
