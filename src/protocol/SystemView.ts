import { readDecisions } from './decisions.ts';
import type { ProtocolInfo } from './ProtocolInfo.ts';
import type { FaultCounter } from './SysRest.ts';
import { decidedAt, netOf, restOf, slotsOf, slotState, stateAt, timersAt, type SysState } from './SysState.ts';
import { timerNames } from './timerSets.ts';
import type { FaultsUsed, InFlightMessage, System } from './System.ts';
import type { Decision } from './types.ts';

/** `System` over one `SysState`: what property functions receive. */
export class SystemView<S, M> implements System<S, M> {
  constructor(
    private readonly info: ProtocolInfo<S, M>,
    private readonly sys: SysState,
  ) {}

  get nodes(): readonly string[] {
    return this.info.names;
  }

  private at(node: string): number {
    return this.info.nodeIndex(node, 'a property');
  }

  state<T extends S = S>(node: string): T {
    return stateAt(this.sys, this.at(node)) as T;
  }

  crashed(node: string): boolean {
    return ((restOf(this.sys).down >>> this.at(node)) & 1) === 1;
  }

  decisions(node: string): readonly Decision[] {
    return readDecisions(decidedAt(this.sys, this.at(node))).slice();
  }

  decision(node: string): Decision | undefined {
    return readDecisions(decidedAt(this.sys, this.at(node)))[0];
  }

  inFlight(): readonly InFlightMessage<M>[] {
    return this.info.network.envelopes(netOf(this.sys)).map((e) => ({
      from: this.info.names[e.from]!,
      to: this.info.names[e.to]!,
      message: this.info.messages.get(e.msgKey),
    }));
  }

  timers(node: string): readonly string[] {
    return timerNames(timersAt(this.sys, this.at(node))).slice();
  }

  get partitioned(): boolean {
    return restOf(this.sys).cut !== 0;
  }

  get honest(): readonly string[] {
    const byz = restOf(this.sys).byz;
    return this.info.names.filter((_, i) => ((byz >>> i) & 1) === 0);
  }

  get byzantine(): readonly string[] {
    const byz = restOf(this.sys).byz;
    return this.info.names.filter((_, i) => ((byz >>> i) & 1) === 1);
  }

  isHonest(node: string): boolean {
    return ((restOf(this.sys).byz >>> this.at(node)) & 1) === 0;
  }

  everyHonest(check: (state: S, node: string) => boolean): boolean {
    const { names } = this.info;
    const byz = restOf(this.sys).byz;
    const slots = slotsOf(this.sys);
    for (let i = 0; i < names.length; i++) {
      if (((byz >>> i) & 1) === 0 && !check(slotState(slots.get(i)!) as S, names[i]!)) return false;
    }
    return true;
  }

  someHonest(check: (state: S, node: string) => boolean): boolean {
    const { names } = this.info;
    const byz = restOf(this.sys).byz;
    const slots = slotsOf(this.sys);
    for (let i = 0; i < names.length; i++) {
      if (((byz >>> i) & 1) === 0 && check(slotState(slots.get(i)!) as S, names[i]!)) return true;
    }
    return false;
  }

  get round(): number {
    return restOf(this.sys).round;
  }

  get faults(): FaultsUsed {
    const { info, sys } = this;
    const read = (budget: { enabled: boolean; counted: boolean }, counter: FaultCounter, option: string): number => {
      if (budget.enabled && !budget.counted) {
        throw new Error(`sys.faults.${counter} is not counted: faults.${option} is unbounded (true); give it a number to count it`);
      }
      return restOf(sys).get(counter);
    };
    return {
      get drops() {
        return read(info.drop, 'drops', 'drop');
      },
      get duplicates() {
        return read(info.duplicate, 'duplicates', 'duplicate');
      },
      get crashes() {
        return read(info.crash, 'crashes', 'crash');
      },
      get recoveries() {
        return read(info.recover, 'recoveries', 'recover');
      },
      get partitions() {
        return read(info.partition, 'partitions', 'partition');
      },
    };
  }
}
