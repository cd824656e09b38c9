// A student's protocol with two typos. The type checker must catch both (see typed.test.ts);
// this file is excluded from the project's own typecheck for that reason.
import { Record } from 'immutable';
import { protocol, type NodeDef } from 'protocheck';

type Msg = { readonly type: 'ping'; readonly round: number };
const State = Record({ rounds: 0 });
type State = ReturnType<typeof State>;

const pinger: NodeDef<State, Msg> = {
  init(ctx) {
    ctx.send('B', { type: 'ping', rnd: 1 }); // TYPO-SEND
    return State();
  },
  onMessage(s, msg) {
    return s.set('rounds', msg.rond); // TYPO-READ
  },
};

export default protocol<State, Msg>({ name: 'typos', nodes: { A: pinger, B: pinger } });
