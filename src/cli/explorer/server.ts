/**
 * The explorer's web server (node:http only), for loopback addresses only. GET / is the page;
 * the JSON API computes everything from the path in the request, so the server keeps no session:
 *
 * - `GET /api/trace?path=0/2/1[&loop=K]`: the trace so far, its diagram, the properties at its
 *   last step and the enabled actions (`explorerTrace`); no path: the initial states to choose.
 * - `GET /api/counterexamples`: a check of the model (with a timeout), each property with the path
 *   of its counterexample or witness; made at the first request, then kept.
 *
 * Errors are JSON `{ "error": message }` with status 400 (a path that does not fit), 403 (a request
 * for another host name: DNS rebinding), 404, 405 or 500 (the model threw); never a stack.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NondeterminismError, ReplayError } from '../../checker/replay.ts';
import { parsePath } from '../../model/Path.ts';
import { explorerPageHtml } from '../../render/html/explorerPage.ts';
import type { LoadedModel } from '../loadModel.ts';
import { explorerTrace } from './explorerTrace.ts';
import { type FoundCounterexamples, findCounterexamples } from './findCounterexamples.ts';

/** Where and how the explorer serves. */
export interface ExplorerOptions {
  /** A loopback address: 127.0.0.1 (default), ::1, or localhost. */
  readonly host?: string;
  /** 0: any free port. */
  readonly port: number;
  /** Seconds the "find counterexamples" check may take (default 10). */
  readonly checkTimeout?: number;
}

/** A running explorer. */
export interface RunningExplorer {
  /** `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `host` names this machine's loopback interface. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function pathParam(text: string | null): number[] {
  const t = (text ?? '').replace(/^\/+|\/+$/g, '');
  if (t === '') return [];
  try {
    return parsePath(t);
  } catch (e) {
    throw new HttpError(400, (e as Error).message);
  }
}

function loopParam(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new HttpError(400, `loop "${text}": give the index (from 0) of the step where the cycle starts`);
  return Number(text);
}

/** The status and message of an error, without its stack. */
function errorOf(e: unknown): { status: number; message: string } {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof ReplayError) return { status: 400, message: e.message };
  if (e instanceof NondeterminismError) return { status: 500, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { status: 500, message: `the model failed: ${message}` };
}

/** Starts the explorer of `loaded` and resolves once it listens. */
export async function startExplorer(loaded: LoadedModel, options: ExplorerOptions): Promise<RunningExplorer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`${host} is not a loopback address`);
  const page = explorerPageHtml(loaded.model.name);
  const checkTimeout = options.checkTimeout ?? 10;
  let port = options.port;
  let found: FoundCounterexamples | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A page of another site that resolves its own name to 127.0.0.1 must not read the API.
    const hostHeader = req.headers.host;
    if (hostHeader !== undefined && !isLoopback(hostHeader.replace(/:\d+$/, ''))) {
      throw new HttpError(403, `this explorer answers requests for localhost only, not for ${hostHeader}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not supported: use GET`);
    const url = new URL(req.url ?? '/', 'http://localhost');
    switch (url.pathname) {
      case '/':
        return send(res, 200, 'text/html; charset=utf-8', page, {
          'Content-Security-Policy': "default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
        });
      case '/api/trace': {
        const path = pathParam(url.searchParams.get('path'));
        const loop = loopParam(url.searchParams.get('loop'));
        return sendJson(res, 200, await explorerTrace(loaded, path, loop));
      }
      case '/api/counterexamples':
        // The model does not change while the explorer runs: one search answers every request.
        found ??= findCounterexamples(loaded, checkTimeout);
        return sendJson(res, 200, found);
      default:
        throw new HttpError(404, `no such page: ${url.pathname}`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const { status, message } = errorOf(e);
      if (!res.headersSent) sendJson(res, status, { error: message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
