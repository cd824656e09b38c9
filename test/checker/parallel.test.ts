import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, ModelError, type Model } from '../../src/index.ts';
import { checkParallel } from '../../src/checker/parallel/checkParallel.ts';
import { replay } from '../../src/checker/replay.ts';
import { canonicalizer } from '../../src/checker/canonicalizer.ts';
import { modelFromSource } from '../../src/model/modelFromExport.ts';
import { twoPhase } from '../../models/two-phase.ts';
import { twoGenerals, usualRule } from '../../models/two-generals.ts';

const url = (file: string): string => pathToFileURL(file).href;
const verdicts = (r: Awaited<ReturnType<typeof checkParallel>>) => r.properties.map((p) => [p.name, p.status]);

// Each parallel run starts two worker threads (about half a second): a few runs, many checks each.
describe('parallel search (2 workers) agrees with one thread', () => {
  it('TwoPhase, 5 RMs, with the shared set growing from 256 states: same counts, depth and verdicts', async () => {
    const single = check(twoPhase(5), { continueAfterFailure: true });
    let shares = 0;
    const r = await checkParallel(twoPhase(5), { url: url('models/two-phase.ts'), params: { rms: 5 } }, 2, { continueAfterFailure: true }, {
      initialStates: 256,
      shareMin: 1,
      onShares: (n) => (shares = n),
    });
    expect(r).toMatchObject({ complete: true, workers: 2 });
    // Worker 1 starts with nothing: everything it expands was shared with it (packed as bytes).
    expect(shares).toBeGreaterThan(0);
    expect(r.stats).toMatchObject({ distinctStates: 8832, generated: 58146, maxDepth: 17, finalStates: single.stats.finalStates });
    expect(verdicts(r)).toEqual([['consistent', 'pass'], ['can commit', 'pass']]);
    // The witness is a shortest one (BFS depth 17) and replays with the search's fingerprints.
    const witness = r.properties[1]!;
    expect(witness.path).toHaveLength(single.properties[1]!.path!.length);
    expect(replay(twoPhase(5), witness.path!, witness.fingerprints).steps).toHaveLength(17);
  });

  it('with the objects frontier, shared states move by id and are rebuilt by replaying their paths: same counts', async () => {
    let shares = 0;
    const r = await checkParallel(twoPhase(4), { url: url('models/two-phase.ts'), params: { rms: 4 } }, 2, { frontier: 'objects', continueAfterFailure: true }, {
      shareMin: 1,
      onShares: (n) => (shares = n),
    });
    expect(shares).toBeGreaterThan(0);
    expect(r.stats).toMatchObject({ distinctStates: 1568, generated: 8258, maxDepth: 14 });
    expect(verdicts(r)).toEqual([['consistent', 'pass'], ['can commit', 'pass']]);
  });

  it('Two Generals: stops at the first failure with a shortest counterexample that replays (workers started through tsx)', async () => {
    const model = twoGenerals(4, usualRule(4));
    const r = await checkParallel(model, { url: url('models/two-generals.ts'), params: { rounds: 4 } }, 2, {}, { bundle: false });
    expect(r.properties[0]).toMatchObject({ name: 'agreement', status: 'fail' });
    const steps = replay(model, r.properties[0]!.path!, r.properties[0]!.fingerprints).steps;
    expect(steps).toHaveLength(5);
    expect(steps[4]!.action.kind).toBe('drop');
  });

  it('symmetry and bounds work the same: 314 classes for 5 RMs; a state bound gives unknown, never pass', async () => {
    const ref = { url: url('models/two-phase.ts'), params: { rms: 5 } };
    const sym = await checkParallel(twoPhase(5), ref, 2, { symmetry: true, continueAfterFailure: true });
    expect(sym.stats.distinctStates).toBe(314);
    const witness = sym.properties[1]!;
    expect(replay(twoPhase(5), witness.path!, witness.fingerprints, canonicalizer(twoPhase(5).symmetry!)).steps.length).toBe(17);
    const cut = await checkParallel(twoPhase(5), ref, 2, { maxStates: 1000 });
    expect(cut.complete).toBe(false);
    expect(cut.cut).toBe('max-states');
    expect(cut.properties[0]!.status).toBe('unknown');
    // Each worker may add one state after the other saw the bound: at most workers - 1 over.
    expect(cut.stats.distinctStates).toBeGreaterThanOrEqual(1000);
    expect(cut.stats.distinctStates).toBeLessThanOrEqual(1001);
  });

  it("a handler that throws in a worker is the same ModelError, with the path and the user's stack", async () => {
    const ref = { url: url('test/fixtures/throwing-handler.ts'), params: {} };
    const model = await modelFromSource(ref);
    const single = (() => {
      try {
        check(model);
      } catch (e) {
        return e as ModelError;
      }
    })()!;
    const err = await checkParallel(model, ref, 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ phase: single.phase, path: single.path, message: single.message });
    // Workers run a bundle of worker and model; its source map puts the user's file and line back.
    const where = (e: ModelError): string | undefined => ((e.cause as Error).stack ?? '').match(/throwing-handler\.ts:\d+/)?.[0];
    expect(where(err as ModelError)).toBeDefined();
    expect(where(err as ModelError)).toBe(where(single));
  });
});

// Workers run a bundle of the model; the CLI's own thread (which replays the workers' paths) runs
// what Node loads. A package whose `module` build differs from its `main` must not make the
// workers run another model: only Immutable's module build (the same code) is taken.
describe('the worker bundle loads the builds Node loads', () => {
  it("a dependency's CommonJS main, not its different module build", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'protocheck-dual-'));
    try {
      const pkg = path.join(dir, 'node_modules', 'dualpkg');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'dualpkg', main: 'index.cjs', module: 'index.mjs' }));
      writeFileSync(path.join(pkg, 'index.cjs'), "exports.flavour = 'main';\n");
      writeFileSync(path.join(pkg, 'index.mjs'), "export const flavour = 'module';\n");
      // Counts to 3 when it runs with the main build, to 5 with the module build.
      const source = (flavour: string) => `({
        name: 'dual',
        initialStates: () => [0],
        actions: (s, out) => void (s < (${flavour} === 'main' ? 3 : 5) && out.push(1)),
        next: (s) => s + 1,
        properties: [{ kind: 'always', name: 'main build', check: () => ${flavour} === 'main' }],
      })`;
      const file = path.join(dir, 'model.mjs');
      writeFileSync(file, `import { flavour } from 'dualpkg';\nexport default ${source('flavour')};\n`);
      const model = new Function(`return ${source('"main"')}`)() as Model<number, number>;
      const r = await checkParallel(model, { url: pathToFileURL(file).href, params: {} }, 2, { continueAfterFailure: true });
      expect(r.properties.map((p) => p.status)).toEqual(['pass']);
      expect(r.stats.distinctStates).toBe(check(model).stats.distinctStates);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('law: a parallel search finds what a single thread finds', () => {
  it('on random transition systems: same states, transitions, final states, verdicts and shortest lengths', async () => {
    const fc = (await import('fast-check')).default;
    const { graphArb } = await import('./graphs.ts');
    const { graphToJson } = await import('../fixtures/graph-model.ts');
    const ref = { url: url('test/fixtures/graph-model.ts') };
    let failing = 0;
    await fc.assert(
      fc.asyncProperty(graphArb(60, 200), async (g) => {
        const params = { graph: JSON.stringify(graphToJson(g)) };
        const model = await modelFromSource({ ...ref, params });
        const single = check(model, { continueAfterFailure: true });
        // Workers share whenever one runs out of states, so states move in almost every level.
        const par = await checkParallel(model, { ...ref, params }, 2, { continueAfterFailure: true }, { initialStates: 16, shareMin: 1 });
        expect(par.stats.distinctStates).toBe(single.stats.distinctStates);
        expect(par.stats.transitions).toBe(single.stats.transitions);
        expect(par.stats.finalStates).toBe(single.stats.finalStates);
        expect(par.stats.maxDepth).toBe(single.stats.maxDepth);
        expect(par.properties.map((p) => [p.status, p.path?.length])).toEqual(single.properties.map((p) => [p.status, p.path?.length]));
        for (const p of par.properties) if (p.path) replay(model, p.path, p.fingerprints);
        // Stopping at the first failure while states move between workers: a failure is found
        // when one thread finds one, at the same (shortest) depth.
        const first = check(model);
        const stopped = await checkParallel(model, { ...ref, params }, 2, {}, { initialStates: 16, shareMin: 1 });
        // (A `sometimes` property fails with no path: no witness exists.)
        const shallowest = (r: typeof first) => Math.min(...r.properties.filter((p) => p.status === 'fail' && p.path).map((p) => p.path!.length));
        expect(shallowest(stopped)).toBe(shallowest(first));
        if (Number.isFinite(shallowest(first))) failing++;
      }),
      { seed: 7, numRuns: 12 },
    );
    expect(failing).toBeGreaterThan(3);
  }, 60_000);
});
