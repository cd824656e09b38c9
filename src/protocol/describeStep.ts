import type { ActionInfo } from '../model/Model.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { Step } from './steps.ts';

function sides(names: readonly string[], cut: number): string {
  const near = names.filter((_, i) => ((cut >>> i) & 1) === 0);
  const far = names.filter((_, i) => ((cut >>> i) & 1) === 1);
  return `{${near.join(', ')}} | {${far.join(', ')}}`;
}

/** A protocol step in words, with the contract's fields (`from`, `to`, `message`, `node`). */
export function describeStep<S, M>(info: ProtocolInfo<S, M>, step: Step): ActionInfo {
  const names = info.names;
  const msg = step.msgKey !== undefined ? info.messages.get(step.msgKey) : undefined;
  const what = msg !== undefined ? info.describeMessage(msg) : '';
  const from = step.from !== undefined ? names[step.from] : undefined;
  const to = step.to !== undefined ? names[step.to] : undefined;
  const node = step.node !== undefined ? names[step.node] : undefined;
  let label: string;
  switch (step.kind) {
    case 'deliver':
      label = `${to} receives ${what} from ${from}`;
      break;
    case 'drop':
      label = `the network loses ${what} from ${from} to ${to}`;
      break;
    case 'duplicate':
      label = `the network duplicates ${what} from ${from} to ${to}`;
      break;
    case 'timeout':
      label = `timer ${step.timer} fires at ${node}`;
      break;
    case 'crash':
      label = `${node} crashes`;
      break;
    case 'recover':
      label = `${node} recovers`;
      break;
    case 'partition':
      label = `the network splits into ${sides(names, step.cut!)}`;
      break;
    case 'heal':
      label = 'the partition heals';
      break;
    case 'byzantine': {
      const truth = info.describeMessage(info.messages.get(step.truthKey!));
      label =
        step.verdict === 'truth'
          ? `${from} (Byzantine) sends ${what} to ${to}, as an honest ${from} would`
          : step.verdict === 'lie'
            ? `${from} (Byzantine) lies to ${to}: ${what} instead of ${truth}`
            : `${from} (Byzantine) withholds ${truth} from ${to}`;
      break;
    }
    case 'round':
      label = `round ${step.round}: ${step.delivered} message${step.delivered === 1 ? '' : 's'} arrive${step.delivered === 1 ? 's' : ''}`;
      break;
  }
  const notes = [...step.chosen, ...step.lost];
  if (notes.length > 0) label += ` (${notes.join('; ')})`;
  return {
    kind: step.kind,
    label,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(msg !== undefined ? { message: msg } : {}),
    ...(node !== undefined ? { node } : {}),
    ...(step.kind === 'byzantine' ? { lie: step.verdict === 'lie', truth: info.messages.get(step.truthKey!) } : {}),
    ...(step.kind === 'byzantine' && step.verdict === 'withhold' ? { withheld: true } : {}),
  };
}
