/**
 * Helpers for the CLI end-to-end tests: run `node src/cli/bin.js ...` as a user would and
 * look at its exit code, stdout and stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (/work/main): the default working directory of every run. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'src', 'cli', 'bin.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface Run {
  /** The exit code (null only if the process was killed, e.g. by the timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `protocheck <args>` in `cwd` (default: the repository root) and waits for it. */
export function protocheck(args: readonly string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A shell command line run in the repository root (for pipelines such as `... | head`). */
export function shell(command: string): Run {
  const r = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses stdout as exactly one JSON document (JSON.parse rejects anything around it). */
export function json<T = any>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch (e) {
    throw new Error(`stdout is not one JSON document (${(e as Error).message}):\n${run.stdout.slice(0, 2000)}`);
  }
}

/**
 * A line of a raw JavaScript stack trace: `    at fn (/abs/file.ts:1:2)`, `    at node:internal/...`.
 * protocheck's own pointer into the user's file (`  at test/fixtures/x.ts:30:27 (in onMessage)`)
 * is a relative path and does not match.
 */
export const STACK_FRAME = /^\s+at (?:.* \()?(?:node:|file:\/\/|\/)\S*:\d+(?::\d+)?\)?\s*$/m;

const temps: string[] = [];

/** A fresh directory under os.tmpdir(), outside the repository; see `removeTempDirs`. */
export function tempDir(prefix = 'protocheck-cli-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made: `afterAll(removeTempDirs)` in a test file. */
export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The numbered step lines of a text trace (`3. A receives ...`), trimmed. */
export function stepLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /^\s+\d+\. /.test(l))
    .map((l) => l.trim());
}
