/**
 * At-most-once requests: the README's tutorial protocol.
 *
 * A client asks a server to add 1 to a counter and retransmits its request when a timer fires,
 * until the server's acknowledgement arrives. The network may lose messages. The timer may fire
 * at any moment, also while the first request or its acknowledgement is still on its way:
 * latency is not zero, and a timeout cannot tell "lost" from "slow".
 *
 * What it shows: with `dedupe=false` the server adds twice for one request (the checker finds
 * the retransmission that overtakes the acknowledgement, no fault needed); with `dedupe=true`
 * the server remembers request ids and the counter never exceeds 1, while the client can still
 * finish. Source: the classic at-most-once RPC discussion (Birrell and Nelson, "Implementing
 * Remote Procedure Calls", 1984).
 */
import { Record, Set } from 'immutable';
import { always, defineModel, protocol, sometimes, type NodeDef } from 'protocheck';

type Msg = { readonly type: 'add'; readonly id: number } | { readonly type: 'ack'; readonly id: number };

const Client = Record({ done: false, retries: 0 });
type Client = ReturnType<typeof Client>;
const Server = Record({ counter: 0, seen: Set<number>() });
type Server = ReturnType<typeof Server>;

export function atMostOnce(dedupe: boolean, maxRetries: number) {
  const client: NodeDef<Client, Msg> = {
    init(ctx) {
      ctx.send('server', { type: 'add', id: 1 });
      if (maxRetries > 0) ctx.setTimer('retry');
      return Client();
    },
    onTimer(c, _timer, ctx) {
      ctx.send('server', { type: 'add', id: 1 });
      // Give up after a few tries: keeps the state space finite (the counter cannot grow forever).
      if (c.retries + 1 < maxRetries) ctx.setTimer('retry');
      return c.set('retries', c.retries + 1);
    },
    onMessage(c, msg, _from, ctx) {
      // An acknowledgement that arrives after the client stopped waiting changes nothing.
      if (msg.type !== 'ack') return c;
      ctx.cancelTimer('retry');
      return c.set('done', true);
    },
  };
  const server: NodeDef<Server, Msg> = {
    init: () => Server(),
    onMessage(s, msg, from, ctx) {
      if (msg.type !== 'add') return s;
      ctx.send(from, { type: 'ack', id: msg.id });
      if (dedupe && s.seen.has(msg.id)) return s;
      return s.merge({ counter: s.counter + 1, seen: s.seen.add(msg.id) });
    },
  };
  return protocol<Client | Server, Msg>({
    name: 'at-most-once',
    nodes: { client, server },
    faults: { drop: true },
    properties: [
      always('at most once', (sys) => sys.state<Server>('server').counter <= 1, 'the server adds at most once per request'),
      sometimes('done', (sys) => sys.state<Client>('client').done, 'the client can get its acknowledgement'),
    ],
  });
}

export default defineModel({
  name: 'at-most-once',
  description: 'A client retransmits a request until acknowledged; without deduplication the server applies it twice',
  params: {
    dedupe: { default: false, description: 'the server remembers request ids and ignores repeats' },
    retries: { default: 2, description: 'how many times the client retransmits before giving up', integer: true, min: 0, max: 6 },
  },
  create: ({ dedupe, retries }) => atMostOnce(dedupe, retries),
  tests: [
    { name: 'without dedupe: applied twice', params: { dedupe: false }, properties: { 'at most once': 'fail', done: 'pass' }, traceLength: { 'at most once': 4 } },
    { name: 'with dedupe: at most once', params: { dedupe: true }, properties: { 'at most once': 'pass', done: 'pass' } },
  ],
});
