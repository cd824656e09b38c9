/**
 * The data of the HTML report: everything `reportHtml` shows, computed from the check report
 * alone (plus the SVG of each trace). Tests check this, not the markup.
 */
import { cutText, verdictText } from '../checkText.ts';
import type { Report, ReportProperty } from '../Report.ts';
import { propertyView } from '../sequence/traceDiagrams.ts';
import { traceSteps, type StepData } from './traceSteps.ts';

/** A trace of the report, ready to show. */
export interface TracePage {
  readonly path: string;
  readonly replay: string;
  /** `Counterexample, 4 steps` or `Counterexample, 2 steps, then a cycle of 3 repeated for ever`. */
  readonly heading: string;
  /** A lasso: the index of the step where its cycle starts. */
  readonly loop?: number;
  /** The sequence diagram as SVG text (straight from Graphviz), when it could be drawn. */
  readonly svg?: string;
  readonly steps: readonly StepData[];
}

/** One property's section. */
export interface PropertyPage {
  readonly name: string;
  /** The fragment id of its section: `p-agreement`. */
  readonly anchor: string;
  readonly kind: string;
  /** What the kind asks, in words: `it must hold in every final state (where nothing more can happen)`. */
  readonly kindMeaning: string;
  readonly status: 'pass' | 'fail' | 'unknown';
  /** The verdict in words: `fail`, `pass (witness found)`, `unknown (the search was cut ...)`. */
  readonly verdict: string;
  readonly description?: string;
  readonly trace?: TracePage;
}

/** The whole report page. */
export interface ReportPage {
  /** `two-generals: agreement fails`. */
  readonly title: string;
  readonly model: string;
  /** Parameters as `name = value` pairs, values as JSON text unless plain words. */
  readonly params: readonly (readonly [string, string])[];
  /** Options that rebuilt the model (`--faults loss`), as command-line words. */
  readonly options: readonly string[];
  /** `complete`, or why the search stopped early. */
  readonly search: string;
  /** Search statistics as label and value, in reading order. */
  readonly stats: readonly (readonly [string, string])[];
  readonly warnings: readonly string[];
  readonly properties: readonly PropertyPage[];
}

/** What each kind of property asks, for readers new to them. */
export const KIND_MEANING: Readonly<Record<string, string>> = {
  always: 'it must hold in every reachable state',
  sometimes: 'some reachable state must satisfy it',
  final: 'it must hold in every final state (where nothing more can happen)',
  deadlock: 'no reachable state may be one where nothing can happen',
  eventually: 'on every (fair) behaviour it must hold at some point',
  leadsTo: 'whenever its condition holds, its target must hold then or later',
  alwaysEventually: 'on every (fair) behaviour it must hold again and again, for ever',
  eventuallyAlways: 'on every (fair) behaviour it must hold from some point on, for ever',
};

function count(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A fragment id from a property name: letters, digits, `-` and `_`. */
export function anchorOf(name: string): string {
  return `p-${name.replace(/[^\w-]+/g, '_')}`;
}

function traceHeading(p: ReportProperty): string {
  const steps = p.trace!.steps.length;
  const what = p.status === 'fail' ? 'Counterexample' : 'Witness';
  const loop = p.trace!.loop;
  if (loop === undefined) return `${what}, ${steps} step${steps === 1 ? '' : 's'}`;
  if (loop === steps - 1) return `${what}, ${steps} steps, then nothing more happens, for ever`;
  return `${what}, ${loop + 1} step${loop === 0 ? '' : 's'}, then a cycle of ${steps - 1 - loop} repeated for ever`;
}

function propertyPage(report: Report, p: ReportProperty, svgs: ReadonlyMap<string, string>): PropertyPage {
  const base = {
    name: p.name,
    anchor: anchorOf(p.name),
    kind: p.kind,
    kindMeaning: KIND_MEANING[p.kind] ?? p.kind,
    status: p.status,
    verdict: verdictText(p, report.complete),
    ...(p.description ? { description: p.description } : {}),
  };
  const view = propertyView(report.model, p);
  if (!p.trace || !view) return base;
  const svg = svgs.get(p.name);
  // A lasso's last step goes back to its cycle: say so there, as the diagram does.
  const steps = traceSteps(p.trace, view);
  return {
    ...base,
    trace: {
      path: p.trace.path,
      replay: p.trace.replay,
      heading: traceHeading(p),
      ...(p.trace.loop !== undefined ? { loop: p.trace.loop } : {}),
      ...(svg !== undefined ? { svg } : {}),
      steps,
    },
  };
}

/** The report page of `report`; `svgs` maps a property's name to its diagram's SVG. */
export function reportPage(report: Report, svgs: ReadonlyMap<string, string> = new Map()): ReportPage {
  const failing = report.properties.filter((p) => p.status === 'fail').map((p) => p.name);
  const unknown = report.properties.filter((p) => p.status === 'unknown').length;
  const verdict = failing.length
    ? `${failing.join(', ')} fail${failing.length === 1 ? 's' : ''}`
    : unknown
      ? `no property fails; ${unknown} unknown`
      : 'every property holds';
  const s = report.stats;
  const stats: [string, string][] = [
    ['distinct states', count(s.distinctStates)],
    ['transitions', count(s.transitions)],
    ['initial states', count(s.initialStates)],
    ['final states', count(s.finalStates)],
    ['depth', String(s.maxDepth)],
    ['strategy', report.strategy === 'bfs' ? 'breadth-first' : 'depth-first'],
    ['time', `${s.seconds.toFixed(2)} s (${count(s.statesPerSecond)} states/s)`],
    ...(report.symmetry ? [['symmetry', 'counts are classes of symmetric states'] as [string, string]] : []),
    ...(report.workers ? [['workers', String(report.workers)] as [string, string]] : []),
  ];
  return {
    title: `${report.model}: ${verdict}`,
    model: report.model,
    params: Object.entries(report.params).map(([k, v]) => [k, valueText(v)] as const),
    options: report.options ?? [],
    search: cutText(report.cut),
    stats,
    warnings: report.warnings ?? [],
    properties: report.properties.map((p) => propertyPage(report, p, svgs)),
  };
}
