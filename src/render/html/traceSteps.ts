/**
 * The steps of a trace as the HTML report and the explorer show them: each step's action, what
 * changed grouped by node, the verdicts pinned to it, its place in a lasso's cycle, and the ids
 * of the diagram elements to highlight when the reader steps onto it. Pure data.
 */
import { type Change, diffJson, formatChange } from '../diffJson.ts';
import { idOf } from '../sequence/dotText.ts';
import { shortJson } from '../shortJson.ts';
import type { SequenceView, TraceInput } from '../sequence/sequenceView.ts';

/** What changed at one place (a node, the network, what the model observes) at one step. */
export interface ChangeGroup {
  /** A node's name, or the top-level field of the state (`network`, `observed`), or `state`. */
  readonly where: string;
  /** Whether `where` is a node (a lane of the diagram). */
  readonly node: boolean;
  /** One line per change: `received: 0 → 1`, `+ A→B messenger(n=1, plan=attack)`. */
  readonly lines: readonly string[];
}

/** A sentence pinned to a step: a verdict (`fail`, `pass`) or where a lasso's cycle starts (`cycle`). */
export interface StepNote {
  readonly text: string;
  readonly tone: 'fail' | 'pass' | 'cycle';
}

/** One step, ready to show. */
export interface StepData {
  /** The index in the trace, from 0 (the initial state); shown as index + 1. */
  readonly index: number;
  readonly kind: string;
  readonly label: string;
  /** The lane the step happens at, when it happens at one. */
  readonly node?: string;
  readonly changes: readonly ChangeGroup[];
  /** Verdicts pinned here and, in a lasso, where the cycle starts and where it goes back. */
  readonly notes: readonly StepNote[];
  /** A property fails at this step. */
  readonly fails: boolean;
  /** A lasso: this step is on the cycle that repeats for ever. */
  readonly inCycle: boolean;
  /** Ids of diagram elements (before any prefix) to highlight: the step number, arrows, marks. */
  readonly highlight: readonly string[];
}

function topKey(path: string): { head: string; rest: string } {
  const m = /^([^.[]+)(.*)$/.exec(path);
  if (!m) return { head: path, rest: '' };
  return { head: m[1]!, rest: m[2]!.replace(/^\./, '') };
}

/** A change without its leading place: `received: 0 → 1`, `+ A→B ...`, or the whole value. */
function lineOf(c: Change, rest: string): string {
  if (rest === '') {
    switch (c.op) {
      case 'set':
        return shortJson(c.after);
      case 'changed':
        return `${shortJson(c.before)} → ${shortJson(c.after)}`;
      case 'removed':
        return `removed (was ${shortJson(c.before)})`;
      case 'added-item':
        return `+ ${shortJson(c.after)}`;
      case 'removed-item':
        return `− ${shortJson(c.before)}`;
    }
  }
  return formatChange({ ...c, path: rest });
}

/** Changes grouped by node (in lane order), then by the other top-level fields in order of appearance. */
export function groupChanges(changes: readonly Change[], lanes: readonly string[]): ChangeGroup[] {
  const groups = new Map<string, string[]>();
  for (const name of lanes) groups.set(name, []);
  for (const c of changes) {
    const { head, rest } = lanes.length ? topKey(c.path) : { head: 'state', rest: c.path };
    if (!groups.has(head)) groups.set(head, []);
    groups.get(head)!.push(lineOf(c, rest));
  }
  return [...groups].filter(([, lines]) => lines.length > 0).map(([where, lines]) => ({ where, node: lanes.includes(where), lines }));
}

/** The diagram elements of step `i`: its number, the arrows sent or ending there, its marks. */
function highlightOf(view: SequenceView, i: number): string[] {
  const ids = [idOf('step', i + 1)];
  for (const a of view.arrows) {
    if (a.sentAt === i || a.endAt === i || a.duplicatedAt === i) ids.push(idOf('arrow', a.id), idOf('label', a.id));
  }
  for (const m of view.marks) if (m.step === i) ids.push(idOf('mark', m.step, m.lane));
  for (const v of view.verdicts) if (v.step === i) ids.push(idOf('verdict', v.step, v.property));
  return ids;
}

/** The steps of `trace` (whose diagram is `view`) as the HTML pages show them. */
export function traceSteps(trace: TraceInput, view: SequenceView): StepData[] {
  const lanes = view.lanes.map((l) => l.name);
  const steps = trace.steps;
  const last = steps.length - 1;
  const loop = view.loop;
  return steps.map((s, i): StepData => {
    const notes: StepNote[] = [];
    if (loop !== undefined && loop < last && i === loop) notes.push({ text: '↺ the cycle starts here', tone: 'cycle' });
    for (const v of view.verdicts) {
      if (v.step === i) notes.push({ text: v.observed !== undefined ? `${v.text}: ${v.observed}` : v.text, tone: v.fails ? 'fail' : 'pass' });
    }
    return {
      index: i,
      kind: s.action.kind,
      label: s.action.label,
      ...(s.action.node !== undefined ? { node: s.action.node } : {}),
      changes: groupChanges(diffJson(i === 0 ? {} : steps[i - 1]!.state, s.state), lanes),
      notes,
      fails: view.verdicts.some((v) => v.step === i && v.fails),
      inCycle: loop !== undefined && i >= loop,
      highlight: highlightOf(view, i),
    };
  });
}
