import type { Fairness } from '../model/Model.ts';

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The reachable state graph, kept while searching when the model has liveness properties:
 * every transition (target id, action index, fairness class, whether it stutters) in typed
 * arrays grouped by source state, and per state the truth of each liveness predicate. About 9
 * bytes per transition and 12 per state: cycles can then be found without the states themselves.
 */
export class LivenessGraph {
  /** Per state: first edge, number of edges (-1: not expanded), predicate bits. */
  private first = new Int32Array(1024);
  private count = new Int32Array(1024).fill(-1);
  private bits = new Int32Array(1024);
  edges = 0;
  target = new Int32Array(4096);
  action = new Int32Array(4096);
  /** Fairness class id, or -1. */
  fairClass = new Int32Array(4096);
  /** 1 when the edge leads back to its own state (a stuttering step). */
  stutter = new Uint8Array(4096);
  readonly classKeys: string[] = [];
  readonly classStrong: boolean[] = [];
  private readonly weakIndex = new Map<string, number>();
  private readonly strongIndex = new Map<string, number>();

  private ensureState(id: number): void {
    if (id < this.first.length) return;
    const n = Math.max(id + 1, this.first.length * 2);
    this.first = grow(this.first, n);
    const count = new Int32Array(n).fill(-1);
    count.set(this.count);
    this.count = count;
    this.bits = grow(this.bits, n);
  }

  setBits(id: number, bits: number): void {
    this.ensureState(id);
    this.bits[id] = bits;
  }

  getBits(id: number): number {
    return this.bits[id]!;
  }

  /** Starts recording the edges of state `id` (each state is expanded once). */
  begin(id: number): void {
    this.ensureState(id);
    this.first[id] = this.edges;
    this.count[id] = 0;
  }

  add(from: number, to: number, action: number, fairness: Fairness | undefined, stutter: boolean): void {
    const e = this.edges++;
    if (e >= this.target.length) {
      const n = this.target.length * 2;
      this.target = grow(this.target, n);
      this.action = grow(this.action, n);
      this.fairClass = grow(this.fairClass, n);
      const s = new Uint8Array(n);
      s.set(this.stutter);
      this.stutter = s;
    }
    this.target[e] = to;
    this.action[e] = action;
    this.stutter[e] = stutter ? 1 : 0;
    let c = this.classOf(fairness);
    if (c < 0 && fairness) {
      c = this.classKeys.length;
      this.classKeys.push(fairness.key);
      this.classStrong.push(fairness.strong === true);
      (fairness.strong ? this.strongIndex : this.weakIndex).set(fairness.key, c);
    }
    this.fairClass[e] = c;
    this.count[from]!++;
  }

  /** The id of a fairness class met so far, or -1 (no fairness, or a class no edge has). */
  classOf(fairness: Fairness | undefined): number {
    if (!fairness) return -1;
    return (fairness.strong ? this.strongIndex : this.weakIndex).get(fairness.key) ?? -1;
  }

  /** The edges of state `id` as [first, end) indices; empty when it was never expanded. */
  range(id: number): [number, number] {
    if (id >= this.count.length || this.count[id]! < 0) return [0, 0];
    return [this.first[id]!, this.first[id]! + this.count[id]!];
  }

  expanded(id: number): boolean {
    return id < this.count.length && this.count[id]! >= 0;
  }

  bytesPerEdge(): number {
    return 13;
  }
}
