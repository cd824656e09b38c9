import type { StateCodec } from './StateCodec.ts';

/** Bytes per page of encoded states (a state larger than a page gets a page of its own). */
const PAGE = 1 << 20;
/** Ints per entry in `entries`: id, page, offset. */
const STRIDE = 3;

/**
 * The states waiting to be expanded, with their ids: a queue for breadth-first search (shortest
 * counterexamples) and a stack for depth-first search. One structure, so there is one search
 * loop whatever the order.
 *
 * With a codec the states are kept encoded, in pages of bytes: the frontier is most of what a
 * large search holds, and as Immutable objects it is what the garbage collector spends its time
 * on (see `StateCodec`). Pages are dropped as the queue passes them.
 */
export class Frontier<S> {
  private states: (S | undefined)[] = [];
  private ids: number[] = [];
  private head = 0;
  /** Encoded mode: per entry (id, page, offset), from `head` to `tail`. */
  private entries = new Int32Array(STRIDE * 1024);
  private tail = 0;
  private pages: (Uint8Array | undefined)[] = [];
  /** Where the next state is written. */
  private page = -1;
  private offset = PAGE;
  /** Pages freed, for reuse. */
  private spare: Uint8Array[] = [];

  constructor(
    private readonly lifo: boolean,
    private readonly codec?: StateCodec,
  ) {}

  get size(): number {
    return this.codec ? this.tail - this.head : this.states.length - this.head;
  }

  push(state: S, id: number): void {
    const codec = this.codec;
    if (!codec) {
      this.states.push(state);
      this.ids.push(id);
      return;
    }
    codec.encode(state);
    const n = codec.length;
    if (this.offset + n > (this.pages[this.page]?.length ?? 0)) this.newPage(n);
    const page = this.pages[this.page]!;
    const from = codec.bytes;
    const at = this.offset;
    if (n <= 64) for (let i = 0; i < n; i++) page[at + i] = from[i]!;
    else page.set(from.subarray(0, n), at);
    this.offset = at + n;
    if (STRIDE * (this.tail + 1) > this.entries.length) this.growEntries();
    const e = STRIDE * this.tail++;
    this.entries[e] = id;
    this.entries[e + 1] = this.page;
    this.entries[e + 2] = at;
  }

  /** Removes the next state; its id is then in `lastId`. Call only when `size > 0`. */
  take(): S {
    return this.lifo ? this.takeLast() : this.takeFirst();
  }

  lastId = -1;

  /** Removes the state pushed last (the next one, for a stack); its id is then in `lastId`. */
  takeLast(): S {
    const codec = this.codec;
    if (!codec) {
      if (this.states.length === this.head) throw new Error('internal: take from an empty frontier');
      this.lastId = this.ids.pop()!;
      return this.states.pop()!;
    }
    if (this.tail === this.head) throw new Error('internal: take from an empty frontier');
    const e = STRIDE * --this.tail;
    const page = this.entries[e + 1]!;
    const offset = this.entries[e + 2]!;
    this.lastId = this.entries[e]!;
    const state = codec.decode(this.pages[page]!, offset) as S;
    // The last state was written last: writing resumes where it began.
    while (this.page > page) this.release(this.page--);
    this.offset = offset;
    if (this.head === this.tail) this.head = this.tail = 0;
    return state;
  }

  private takeFirst(): S {
    const codec = this.codec;
    if (!codec) {
      this.lastId = this.ids[this.head]!;
      const state = this.states[this.head]!;
      this.states[this.head] = undefined;
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.states.length) {
        this.states = this.states.slice(this.head);
        this.ids = this.ids.slice(this.head);
        this.head = 0;
      }
      return state;
    }
    const entries = this.entries;
    const e = STRIDE * this.head++;
    const page = entries[e + 1]!;
    this.lastId = entries[e]!;
    const state = codec.decode(this.pages[page]!, entries[e + 2]!) as S;
    // Every page before this one has been read.
    for (let p = page - 1; p >= 0 && this.pages[p] !== undefined; p--) this.release(p);
    if (this.head === this.tail) {
      this.head = this.tail = 0;
    } else if (this.head > 4096 && this.head * 2 > this.tail) {
      entries.copyWithin(0, STRIDE * this.head, STRIDE * this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    return state;
  }

  private newPage(needed: number): void {
    const size = Math.max(PAGE, needed);
    const reuse = size === PAGE ? this.spare.pop() : undefined;
    this.pages[++this.page] = reuse ?? new Uint8Array(size);
    this.offset = 0;
  }

  private release(p: number): void {
    const page = this.pages[p];
    this.pages[p] = undefined;
    if (page && page.length === PAGE && this.spare.length < 4) this.spare.push(page);
  }

  private growEntries(): void {
    const bigger = new Int32Array(this.entries.length * 2);
    bigger.set(this.entries);
    this.entries = bigger;
  }
}
