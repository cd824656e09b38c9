import type { Fairness } from '../model/Model.ts';
import { OptionError } from '../model/OptionError.ts';
import { envelopeKey } from './network.ts';
import type { Step } from './steps.ts';
import type { FairnessPreset } from './types.ts';

export const FAIRNESS_PRESETS: readonly FairnessPreset[] = ['none', 'reliable', 'weak', 'fair-lossy', 'strong'];

const LABELS: Record<FairnessPreset, string> = {
  none: 'no fairness: any infinite behaviour counts',
  reliable: 'reliable delivery: a message that stays deliverable is eventually delivered',
  weak: 'weak fairness: a deliverable message is eventually delivered, an armed timer eventually fires',
  'fair-lossy': 'fair-lossy links: a message sent again and again is eventually delivered; timers weakly fair',
  strong: 'strong fairness of every delivery and timer',
};

export function fairnessLabel(preset: FairnessPreset): string {
  return LABELS[preset];
}

/**
 * The fairness class of a protocol step under a preset: each message on each link is a class
 * (so resending the same message is the same class: fair-lossy links), each armed timer at each
 * node is one, healing a partition is one; faults and Byzantine decisions have none.
 */
export function stepFairness(preset: FairnessPreset): ((step: Step) => Fairness | undefined) | undefined {
  if (!FAIRNESS_PRESETS.includes(preset)) {
    throw new OptionError(`fairness must be one of ${FAIRNESS_PRESETS.join(', ')}, not ${JSON.stringify(preset)}`);
  }
  if (preset === 'none') return undefined;
  const strongDelivery = preset === 'fair-lossy' || preset === 'strong';
  const timers = preset !== 'reliable';
  const strongTimers = preset === 'strong';
  return (step) => {
    switch (step.kind) {
      case 'deliver':
        return { key: `deliver ${envelopeKey({ from: step.from!, to: step.to!, msgKey: step.msgKey! })}`, strong: strongDelivery };
      case 'round':
        return { key: 'round', strong: strongDelivery };
      case 'timeout':
        return timers ? { key: `timer ${step.node} ${step.timer}`, strong: strongTimers } : undefined;
      case 'heal':
        return { key: 'heal' };
      default:
        return undefined;
    }
  };
}
