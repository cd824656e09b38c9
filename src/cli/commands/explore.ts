import { CliError } from '../CliError.ts';
import type { CliContext } from '../CliContext.ts';
import { isLoopback, startExplorer } from '../explorer/server.ts';
import { applyFairnessOption, applyFaultOption, type RawFaultOptions } from '../faultOption.ts';
import { loadModel } from '../loadModel.ts';
import type { Outcome } from '../Outcome.ts';
import { parseParams } from '../parseParams.ts';

/** The raw options of `explore`. */
export interface RawExploreOptions extends RawFaultOptions {
  readonly param?: string[];
  readonly fairness?: string;
  readonly port?: string;
  readonly host?: string;
  readonly timeout?: string;
}

/** The port `explore` serves on unless told otherwise. */
export const DEFAULT_EXPLORER_PORT = 7878;

/** How `explore` talks to the terminal and learns it should stop (tests replace both). */
export interface ExploreIo {
  readonly print: (line: string) => void;
  /** Resolves when the server should stop: Ctrl-C (SIGINT) or SIGTERM by default. */
  readonly stopped: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const defaultIo: ExploreIo = { print: (line) => process.stdout.write(`${line}\n`), stopped: untilSignal };

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_EXPLORER_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new CliError(`--port ${text}: give a port number from 0 to 65535 (0: any free port)`);
  return n;
}

function timeoutOf(text: string | undefined): number {
  if (text === undefined) return 10;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--timeout ${text}: give a positive number of seconds`);
  return n;
}

/**
 * `protocheck explore <model>`: serves the interactive explorer on a loopback address until
 * Ctrl-C. A host that is not loopback is refused: the explorer runs the model for anyone who
 * can reach it.
 */
export async function exploreCommand(spec: string, raw: RawExploreOptions, ctx: CliContext, io: ExploreIo = defaultIo): Promise<Outcome> {
  const host = raw.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new CliError(
      `--host ${host}: the explorer serves on a loopback address only (127.0.0.1, ::1 or localhost)`,
      'It runs the model for whoever can reach it; to look from another machine, forward a port over SSH (ssh -L 7878:127.0.0.1:7878 host).',
    );
  }
  const port = portOf(raw.port);
  const checkTimeout = timeoutOf(raw.timeout);
  const loaded = applyFairnessOption(applyFaultOption(await loadModel(spec, parseParams(raw.param ?? [])), raw), raw);
  ctx.loaded = loaded;
  let running;
  try {
    running = await startExplorer(loaded, { host: host.replace(/^\[|\]$/g, ''), port, checkTimeout });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is in use`, 'Choose another with --port N, or --port 0 for any free port.');
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new CliError(`cannot listen on ${host}:${port} (${code})`, 'Try --host 127.0.0.1 and another --port.');
    throw e;
  }
  io.print(`protocheck explorer for ${loaded.model.name}: ${running.url}`);
  io.print('Open it in a browser; press Ctrl-C to stop.');
  await io.stopped();
  await running.close();
  return { exitCode: 0, stdout: '' };
}
