/**
 * What protocheck reads of Immutable's internals, found at run time by building small samples
 * and looking at them: the classes of a Map's trie nodes and the prototypes of its collections.
 * The fingerprint walks Map and Set nodes directly (Immutable's own iteration allocates closures
 * at every level), and the frontier codec rebuilds them node for node. Undefined when this
 * version of Immutable is laid out differently: both then use the public API.
 */
import { List, Map, Set } from 'immutable';

export type NodeCtor = new (...args: unknown[]) => object;

/** Immutable's Map node classes and collection prototypes, found by building small samples. */
export interface Internals {
  readonly listProto: object;
  readonly vnode: NodeCtor;
  readonly mapProto: object;
  readonly setProto: object;
  readonly arrayNode: NodeCtor;
  readonly bitmapNode: NodeCtor;
  readonly hashArrayNode: NodeCtor;
  readonly valueNode: NodeCtor;
  readonly collisionNode: NodeCtor;
}

export interface AnyNode {
  readonly constructor: NodeCtor;
  readonly entries?: [unknown, unknown][];
  readonly entry?: [unknown, unknown];
  readonly nodes?: (AnyNode | undefined)[];
  readonly bitmap?: number;
  readonly count?: number;
  readonly keyHash?: number;
}

function findNode(node: AnyNode | undefined, test: (n: AnyNode) => boolean): AnyNode | undefined {
  if (!node) return undefined;
  if (test(node)) return node;
  for (const child of node.nodes ?? []) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return undefined;
}

function learnInternals(): Internals | undefined {
  const root = (m: Map<unknown, unknown>): AnyNode | undefined => (m as unknown as { _root?: AnyNode })._root;
  const ints = (n: number): [unknown, unknown][] => Array.from({ length: n }, (_, i) => [i, i]);
  // "Aa" and "BB" have one Immutable hash: a Map holding both has a collision node.
  const colliding = root(Map([['Aa', 1], ['BB', 2], ...ints(9)]));
  const has = (n: AnyNode, ...fields: string[]): boolean => fields.every((f) => Object.prototype.hasOwnProperty.call(n, f));
  const arrayNode = root(Map(ints(1)));
  const bitmapNode = root(Map(ints(9)));
  const hashArrayNode = root(Map(ints(100)));
  const valueNode = findNode(bitmapNode, (n) => has(n, 'keyHash', 'entry'));
  const collisionNode = findNode(colliding, (n) => has(n, 'keyHash', 'entries'));
  const nodes = [arrayNode, bitmapNode, hashArrayNode, valueNode, collisionNode];
  if (nodes.some((n) => n === undefined) || new globalThis.Set(nodes.map((n) => n!.constructor)).size !== 5) return undefined;
  if (!has(arrayNode!, 'entries') || !has(bitmapNode!, 'bitmap', 'nodes') || !has(hashArrayNode!, 'count', 'nodes')) return undefined;
  const small = List([1]) as unknown as { _tail?: { constructor: NodeCtor; array: unknown[] } };
  if (!small._tail || !Array.isArray(small._tail.array)) return undefined;
  return {
    listProto: Object.getPrototypeOf(List()),
    vnode: small._tail.constructor,
    mapProto: Object.getPrototypeOf(Map()),
    setProto: Object.getPrototypeOf(Set()),
    arrayNode: arrayNode!.constructor,
    bitmapNode: bitmapNode!.constructor,
    hashArrayNode: hashArrayNode!.constructor,
    valueNode: valueNode!.constructor,
    collisionNode: collisionNode!.constructor,
  };
}

let learned: Internals | null | undefined;

/** Immutable's internals, or undefined when they are not laid out as expected. */
export function immutableInternals(): Internals | undefined {
  if (learned === undefined) learned = learnInternals() ?? null;
  return learned ?? undefined;
}

/**
 * `List(values)` for fewer than 32 values without its copies (`values` becomes the List's own
 * array): what List() itself builds, fields in makeList's order so that such Lists share the
 * shape of Immutable's own.
 */
export function smallList(ix: Internals, values: unknown[]): List<unknown> {
  const n = values.length;
  if (n === 0 || n >= 32) return List(values);
  const l = Object.create(ix.listProto) as Record<string, unknown>;
  l.size = n;
  l._origin = 0;
  l._capacity = n;
  l._level = 5;
  l._root = undefined;
  l._tail = new ix.vnode(values, undefined);
  l.__ownerID = undefined;
  l.__hash = undefined;
  l.__altered = false;
  return l as unknown as List<unknown>;
}
