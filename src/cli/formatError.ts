import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../checker/ModelError.ts';
import { NondeterminismError, ReplayError, replay } from '../checker/replay.ts';
import { OptionError } from '../model/OptionError.ts';
import { formatPath } from '../model/Path.ts';
import { specOf } from '../protocol/protocol.ts';
import { jsonSteps, traceText } from '../render/traceText.ts';
import { CliError } from './CliError.ts';
import type { LoadedModel } from './loadModel.ts';
import { replayCommand } from './replayCommand.ts';
import { stateToJSON } from './runCheck.ts';

const OWN_SOURCES = fileURLToPath(new URL('../', import.meta.url));

/** The first stack frame in the user's code (not protocheck's, not a library's), made relative. */
export function userFrame(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (file.startsWith(OWN_SOURCES) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const fn = /^at\s+(?:async\s+)?([^\s(]+)\s+\(/.exec(line.trim())?.[1];
    return `${path.relative(process.cwd(), file) || file}:${m[2]}:${m[3]}${fn ? ` (in ${fn})` : ''}`;
  }
  return undefined;
}

const PHASE: Record<string, string> = {
  initialStates: 'computing the initial states',
  actions: 'listing the enabled actions',
  next: 'computing a step',
  property: 'evaluating a property',
  within: 'evaluating the state constraint',
  describe: 'describing a step',
  state: 'checking a new state',
};

/** The trace leading to the state where the model failed, as text; empty if it cannot be had. */
function traceBefore(error: ModelError, loaded: LoadedModel): string {
  const prefix = error.phase === 'next' || error.phase === 'state' ? error.path.slice(0, -1) : error.path;
  if (prefix.length === 0) return '';
  try {
    const trace = replay(loaded.model, prefix);
    const steps = jsonSteps(trace.steps, stateToJSON(loaded));
    const where =
      error.phase === 'next' || error.phase === 'state'
        ? `It happened at action ${error.path[error.path.length - 1]} of the last state of this trace`
        : 'It happened in the last state of this trace';
    return `${where} (replay it: ${replayCommand(loaded.spec, formatPath(prefix), loaded.changedParams, loaded.replayArgs)}):\n${traceText(steps)}`;
  } catch {
    return `The path to it is ${formatPath(error.path)}.`;
  }
}

/**
 * The most common way a protocol's property or state constraint reads null: the state of a node
 * that has crashed and keeps no durable state. Said as a possibility: the error does not say
 * which value was null.
 */
export function crashedStateHint(error: ModelError): string | undefined {
  if (error.phase !== 'property' && error.phase !== 'within') return undefined;
  if (!/of null|as it is null/.test(error.message)) return undefined;
  return 'If a node had crashed: a crashed node that keeps no durable state has state null, so test sys.crashed(node) before reading its state.';
}

/** An error as the text `protocheck` prints on stderr before exiting with code 2. */
export function formatError(error: unknown, loaded?: LoadedModel): string {
  if (error instanceof CliError) return `protocheck: ${error.message}${error.detail ? `\n${error.detail}` : ''}`;
  if (error instanceof OptionError) return `protocheck: ${error.message}`;
  if (error instanceof NondeterminismError || error instanceof ReplayError) return `protocheck: ${error.message}`;
  if (error instanceof ModelError) {
    const name = loaded ? `model ${loaded.factory.name} (${loaded.file})` : 'the model';
    const lines = [`protocheck: ${name} failed while ${PHASE[error.phase] ?? error.phase}${error.property ? ` "${error.property}"` : ''}:`];
    lines.push(`  ${error.message}`);
    const frame = userFrame(error.cause);
    if (frame) lines.push(`  at ${frame}`);
    if (loaded) {
      const before = traceBefore(error, loaded);
      if (before) lines.push(before);
    }
    const hint = loaded && specOf(loaded.model) ? crashedStateHint(error) : undefined;
    if (hint) lines.push(hint);
    lines.push(
      error.phase === 'state'
        ? 'States may hold only Immutable values (Record, Map, List, Set) and primitives: convert the value, for example with Immutable.fromJS.'
        : 'Fix the model and run the command again.',
    );
    return lines.join('\n');
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `protocheck: internal error (please report it with the command you ran):\n${stack}`;
}
