/**
 * `protocheck explore <model>`: serves the explorer on a loopback address until stopped, printing
 * its URL; refuses other addresses, a port in use and a bad model with a clear message and exit 2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, protocheck, ROOT, STACK_FRAME } from './cli.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
});

/**
 * Starts `protocheck explore <args>` and waits for its URL: one process (no heap respawn) unless
 * `launcher`, which runs it as a user does (a launcher process, the explorer its child).
 */
function explore(args: readonly string[], launcher = false): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env = launcher ? { ...process.env, PROTOCHECK_NO_RESPAWN: '' } : { ...process.env, PROTOCHECK_NO_RESPAWN: '1' };
  const child = spawn(process.execPath, [BIN, 'explore', ...args], { cwd: ROOT, env });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 20 s; output so far:\n${out}`)), 20_000);
    child.stdout!.on('data', (c: string) => {
      out += c;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
}

describe('protocheck explore', () => {
  it('explore models/two-generals.ts --port 0 → prints the URL on 127.0.0.1, serves the page and the API, stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await explore(['models/two-generals.ts', '--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>two-generals · protocheck explorer</title>');
    const trace = (await (await fetch(`${url}api/trace?path=0/0/0/1`)).json()) as { properties: { name: string; status: string }[] };
    expect(trace.properties.map((p) => `${p.name} ${p.status}`)).toEqual(['agreement fail', 'validity pass']);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toBe(`protocheck explorer for two-generals: ${url}\nOpen it in a browser; press Ctrl-C to stop.\n`);
  });

  // The launcher (bin.js) runs the CLI again with a larger heap: killing the launcher by its pid
  // must not leave the explorer serving behind it.
  it('SIGTERM to the launcher stops the explorer it started (exit 0, the port closes)', async () => {
    const { child, url } = await explore(['two-generals', '--port', '0'], true);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('--param and --host ::1 are honoured', async () => {
    const { child, url } = await explore(['two-generals', '--param', 'rounds=1', '--host', '::1', '--port', '0']).catch((e: Error) => {
      // A machine without IPv6 on loopback cannot listen on ::1: that is not what this test is about.
      if (/EADDRNOTAVAIL|cannot listen/.test(e.message)) return explore(['two-generals', '--param', 'rounds=1', '--host', 'localhost', '--port', '0']);
      throw e;
    });
    const t = (await (await fetch(`${url}api/trace`)).json()) as { params: Record<string, unknown> };
    expect(t.params).toEqual({ rounds: 1, rule: 'usual' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('a port in use → exit 2, says so and how to choose another', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = protocheck(['explore', 'two-generals', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`protocheck: port ${port} is in use\nChoose another with --port N, or --port 0 for any free port.\n`);
      expect(run.stdout).toBe('');
    } finally {
      busy.close();
    }
  });

  it.each([
    [['two-generals', '--host', '0.0.0.0'], 'protocheck: --host 0.0.0.0: the explorer serves on a loopback address only (127.0.0.1, ::1 or localhost)'],
    [['two-generals', '--host', '192.168.1.10'], 'protocheck: --host 192.168.1.10: the explorer serves on a loopback address only (127.0.0.1, ::1 or localhost)'],
    [['two-generals', '--port', '65536'], 'protocheck: --port 65536: give a port number from 0 to 65535 (0: any free port)'],
    [['two-generals', '--port', 'eighty'], 'protocheck: --port eighty: give a port number from 0 to 65535 (0: any free port)'],
    [['models/no-such-model.ts'], 'protocheck: no model file models/no-such-model.ts'],
    [['test/fixtures/not-a-model.ts'], 'protocheck: test/fixtures/not-a-model.ts does not export a model'],
  ])('explore %j → exit 2, a clear message, no stack trace', (args, message) => {
    const run = protocheck(['explore', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('explore --help lists its options', () => {
    const run = protocheck(['explore', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--param', '--port', '--host', '--faults', '--timeout']) expect(run.stdout).toContain(option);
  });
});
