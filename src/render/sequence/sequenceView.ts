/**
 * The view model of a trace as a space-time (Lamport) diagram: lanes, message arrows from send
 * to delivery, faults as marks and bands, and the step where a property fails. Pure data built
 * from the JSON steps alone, the one input of every diagram renderer (DOT/SVG, ASCII, HTML).
 */
import type { ActionInfo } from '../../model/Model.ts';
import { diffJson, formatChange } from '../diffJson.ts';
import { describeJson, shortJson } from '../shortJson.ts';
import { networkEvents } from './networkEvents.ts';

/** A trace as the renderers take it: JSON steps, the first one the initial state. */
export interface TraceInput {
  readonly path?: string;
  /** A lasso (a liveness counterexample): the step the last one returns to, for ever. */
  readonly loop?: number;
  readonly steps: readonly { readonly action: ActionInfo; readonly state: unknown }[];
}

/** One node of the protocol: a vertical lane. */
export interface Lane {
  readonly name: string;
  /** A Byzantine node (a traitor) in this trace. */
  readonly byzantine: boolean;
  /** The node's state at the first and at the last step (plain JSON; null while crashed). */
  readonly initial: unknown;
  readonly final: unknown;
  /** Its decisions at the last step, if the protocol records any. */
  readonly decisions?: readonly unknown[];
  /** Whether the node is down at the last step. */
  readonly crashedAtEnd: boolean;
  /** When it is down: from the step it crashes to the step it recovers (undefined: to the end). */
  readonly down: readonly { readonly from: number; readonly to?: number }[];
}

/** One step of the trace: a row of the diagram, time flowing down. */
export interface StepRow {
  /** The index in the trace (0 is the initial state); diagrams show index + 1, as the text trace does. */
  readonly index: number;
  readonly kind: string;
  readonly label: string;
  /** The lane the step happens at, when it happens at one. */
  readonly node?: string;
  /** What changed in the state at this step, one line each (the initial state in full). */
  readonly changes: readonly string[];
}

/** How a message's arrow ends. */
export type ArrowEnd = 'delivered' | 'dropped' | 'lost' | 'in-flight';

/** One copy of a message, from the step that sent it to the step that delivered or lost it. */
export interface Arrow {
  /** A stable id: `m1`, `m2`, ... in the order the copies appear. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly message: unknown;
  /** The message short: its type and fields (`messenger(n=1, plan=attack)`). */
  readonly label: string;
  /** The whole message as JSON text, for tooltips. */
  readonly detail: string;
  readonly sentAt: number;
  /** The step that delivered, dropped or lost it; undefined when it is still in flight at the end. */
  readonly endAt?: number;
  readonly end: ArrowEnd;
  /**
   * A second arrow from the same send: the id of the arrow it copies. The network duplicated it
   * (`duplicatedAt`), or a network that keeps messages in flight delivered it again.
   */
  readonly copyOf?: string;
  readonly duplicatedAt?: number;
  /** Sent by a Byzantine node's adversary step: `lie` when it is not what an honest node would send. */
  readonly byzantine?: boolean;
  readonly lie?: boolean;
  /** What an honest sender would have sent instead (lies only), short. */
  readonly truth?: string;
}

/** Something that happens at one lane at one step. */
export interface Mark {
  readonly step: number;
  readonly lane: string;
  readonly kind: 'timer' | 'crash' | 'recover' | 'withhold';
  /** A few words: the timer's name, `crash`, `withholds order(...) from L2`. */
  readonly label: string;
  /** The step's sentence. */
  readonly detail: string;
}

/** A network partition: from the step that split the network to the one that healed it. */
export interface Band {
  readonly from: number;
  /** The healing step; undefined when the partition lasts to the end. */
  readonly to?: number;
  readonly sides: readonly (readonly string[])[];
  readonly label: string;
}

/** A property's verdict pinned to a step: where it fails, or where it is witnessed. */
export interface VerdictMark {
  readonly step: number;
  readonly property: string;
  readonly fails: boolean;
  /** `✗ agreement fails here` or `✓ can commit holds here`. */
  readonly text: string;
  readonly description?: string;
  /** What the model observes at that step, short (`{A decides: attack, B decides: retreat}`). */
  readonly observed?: string;
}

/** A whole trace as a sequence diagram. */
export interface SequenceView {
  /** `two-generals: agreement fails`. */
  readonly title: string;
  readonly path?: string;
  /** A lasso: after the last step the behaviour returns to this step and goes round for ever. */
  readonly loop?: number;
  /** False for plain transition systems: no nodes and no network, so no lanes and no arrows. */
  readonly protocol: boolean;
  readonly lanes: readonly Lane[];
  readonly steps: readonly StepRow[];
  readonly arrows: readonly Arrow[];
  readonly marks: readonly Mark[];
  readonly bands: readonly Band[];
  readonly verdicts: readonly VerdictMark[];
}

/** Which properties to mark, and where. */
export interface VerdictInput {
  readonly step: number;
  readonly property: string;
  readonly fails: boolean;
  readonly description?: string;
  /** For a failing `deadlock` property: says so. */
  readonly kind?: string;
  /** The words to show, if not the usual `✗ name fails here` or `✓ name holds here`. */
  readonly text?: string;
}

type Obj = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A protocol state (src/protocol/sysToJSON.ts): node states by name and a network. */
export function isProtocolState(state: unknown): state is Obj & { nodes: Obj } {
  return isObject(state) && isObject(state.nodes);
}

function list(v: unknown): readonly string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function timerName(action: ActionInfo): string {
  return /^timer (.+) fires at /.exec(action.label)?.[1] ?? 'timer';
}

function marksOf(steps: TraceInput['steps'], names: readonly string[]): { marks: Mark[]; bands: Band[] } {
  const marks: Mark[] = [];
  const bands: Band[] = [];
  let open: { from: number; sides: (readonly string[])[]; label: string } | undefined;
  steps.forEach(({ action, state }, i) => {
    const node = action.node ?? (action.kind === 'byzantine' ? action.from : undefined);
    const at = (kind: Mark['kind'], label: string): void => {
      if (node !== undefined && names.includes(node)) marks.push({ step: i, lane: node, kind, label, detail: action.label });
    };
    switch (action.kind) {
      case 'timeout':
        at('timer', timerName(action));
        break;
      case 'crash':
        at('crash', 'crash');
        break;
      case 'recover':
        at('recover', 'recover');
        break;
      case 'byzantine':
        if (action.withheld) at('withhold', `withholds ${describeJson(action.truth ?? action.message)} from ${action.to}`);
        break;
      case 'partition': {
        if (open) bands.push({ from: open.from, to: i, sides: open.sides, label: open.label });
        const p = isObject(state) && Array.isArray(state.partition) ? (state.partition as unknown[]).map(list) : [];
        open = { from: i, sides: p, label: p.length ? `partition ${p.map((s) => `{${s.join(', ')}}`).join(' | ')}` : 'partition' };
        break;
      }
      case 'heal':
        if (open) bands.push({ from: open.from, to: i, sides: open.sides, label: open.label });
        open = undefined;
        break;
    }
  });
  if (open) bands.push({ from: open.from, sides: open.sides, label: open.label });
  return { marks, bands };
}

function downIntervals(marks: readonly Mark[]): { from: number; to?: number }[] {
  const out: { from: number; to?: number }[] = [];
  let since: number | undefined;
  for (const m of marks) {
    if (m.kind === 'crash' && since === undefined) since = m.step;
    if (m.kind === 'recover' && since !== undefined) {
      out.push({ from: since, to: m.step });
      since = undefined;
    }
  }
  if (since !== undefined) out.push({ from: since });
  return out;
}

function verdictMarks(inputs: readonly VerdictInput[], steps: TraceInput['steps']): VerdictMark[] {
  return inputs
    .filter((v) => v.step >= 0 && v.step < steps.length)
    .map((v) => {
      const state = steps[v.step]!.state;
      const observed = isObject(state) && state.observed !== undefined ? shortJson(state.observed) : undefined;
      const text = v.text ?? (v.fails ? `✗ ${v.property} ${v.kind === 'deadlock' ? '(deadlock) ' : ''}fails here` : `✓ ${v.property} holds here`);
      return {
        step: v.step,
        property: v.property,
        fails: v.fails,
        text,
        ...(v.description ? { description: v.description } : {}),
        ...(observed !== undefined ? { observed } : {}),
      };
    });
}

/**
 * The sequence diagram of a trace. `title` names it (the model, and the property if any);
 * `verdicts` pins properties to steps (a counterexample's failing step).
 */
export function sequenceView(trace: TraceInput, title: string, verdicts: readonly VerdictInput[] = []): SequenceView {
  const steps = trace.steps;
  const rows: StepRow[] = steps.map((s, i) => ({
    index: i,
    kind: s.action.kind,
    label: s.action.label,
    ...(s.action.node !== undefined ? { node: s.action.node } : {}),
    changes: diffJson(i === 0 ? {} : steps[i - 1]!.state, s.state).map(formatChange),
  }));
  const base = {
    title,
    ...(trace.path !== undefined ? { path: trace.path } : {}),
    ...(trace.loop !== undefined && trace.loop >= 0 && trace.loop < steps.length ? { loop: trace.loop } : {}),
    steps: rows,
    verdicts: verdictMarks(verdicts, steps),
  };
  const first = steps[0]?.state;
  const last = steps.at(-1)?.state;
  if (!isProtocolState(first) || !isProtocolState(last)) {
    return { ...base, protocol: false, lanes: [], arrows: [], marks: [], bands: [] };
  }
  const names = Object.keys(first.nodes);
  const traitors = new Set(steps.flatMap((s) => (isObject(s.state) ? list(s.state.byzantine) : [])));
  const lastDecisions = isObject(last.decisions) ? last.decisions : {};
  const crashedAtEnd = new Set(list(last.crashed));
  const { marks, bands } = marksOf(steps, names);
  const lanes: Lane[] = names.map((name) => ({
    name,
    byzantine: traitors.has(name),
    initial: first.nodes[name],
    final: last.nodes[name],
    ...(Array.isArray(lastDecisions[name]) ? { decisions: lastDecisions[name] as unknown[] } : {}),
    crashedAtEnd: crashedAtEnd.has(name),
    down: downIntervals(marks.filter((m) => m.lane === name)),
  }));
  return { ...base, protocol: true, lanes, arrows: networkEvents(steps), marks, bands };
}
