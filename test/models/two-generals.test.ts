import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import { ruleCount, ruleText, twoGenerals, usualRule } from '../../models/two-generals.ts';

describe('Two Generals, the usual rule', () => {
  // Per plan: K states with messenger j+1 in flight after j deliveries, the state after all K,
  // and K states after a capture: 2K + 1, times two plans.
  it.each([1, 2, 3, 4, 5, 6])('%i messengers: agreement fails when messenger K is captured (K + 1 steps)', (k) => {
    const model = twoGenerals(k, usualRule(k));
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(4 * k + 2);
    const [agreement, validity] = r.properties;
    expect(validity!.status).toBe('pass');
    expect(agreement!.status).toBe('fail');
    // Plan attack, K - 1 deliveries (action 0), then the capture (action 1, after the delivery).
    expect(agreement!.path).toEqual([0, ...Array(k - 1).fill(0), 1]);
    const steps = replay(model, agreement!.path!, agreement!.fingerprints).steps;
    expect(steps).toHaveLength(k + 1);
    const last = steps[k]!.action;
    expect(last).toMatchObject({ kind: 'drop', from: k % 2 === 1 ? 'A' : 'B', message: { type: 'messenger', n: k } });
  });

  it('writes rules as the views on which each general attacks', () => {
    expect(ruleText(1, usualRule(1))).toBe('A:a0 B:a1');
    expect(ruleText(4, usualRule(4))).toBe('A:a2 B:a2');
    expect(ruleText(2, 0)).toBe('A:- B:-');
    expect(ruleCount(1)).toBe(32);
    expect(ruleCount(4)).toBe(2048);
  });
});

describe('Two Generals, every decision rule', () => {
  // Views: A has 2(⌊K/2⌋ + 1), B has 1 + 2⌈K/2⌉; a rule is one bit per view. Validity fixes the
  // four views of the loss-free runs, leaving 2^(views - 4) rules that pass it: all fail
  // agreement. Agreement alone holds only for "both always attack" and "both always retreat",
  // which fail validity. Nothing passes both: the impossibility, as a count.
  it.each([
    [1, 32, 2, 2, 28],
    [2, 128, 8, 2, 118],
    [3, 512, 32, 2, 478],
    [4, 2048, 128, 2, 1918],
  ])('%i messengers: %i rules, %i fail only agreement, %i only validity, %i both, none pass', (k, rules, onlyAgreement, onlyValidity, both) => {
    const tally = { onlyAgreement: 0, onlyValidity: 0, both: 0, none: 0 };
    for (let rule = 0; rule < ruleCount(k); rule++) {
      const r = check(twoGenerals(k, rule), { continueAfterFailure: true });
      expect(r.complete).toBe(true);
      const a = r.properties[0]!.status === 'fail';
      const v = r.properties[1]!.status === 'fail';
      if (a && v) tally.both++;
      else if (a) tally.onlyAgreement++;
      else if (v) tally.onlyValidity++;
      else tally.none++;
    }
    expect(ruleCount(k)).toBe(rules);
    expect(tally).toEqual({ onlyAgreement, onlyValidity, both, none: 0 });
  });
});
